"""Embed builders: recommender records in, `discord.Embed` out, always inside Discord's limits."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.i18n import t
from bot.ui import limits
from bot.ui.limits import clip, safe
from recommender import (
    Bridge,
    FeatureProfile,
    GenreInfo,
    Recommendation,
    Suggestion,
    Track,
    ordinal,
    reading,
)

SPOTIFY_GREEN = discord.Colour(0x1DB954)
METER_CELLS = 10


def footer_text(catalog: str, tracks: int, extra: str = "") -> str:
    parts = [t("Catalog: {catalog} · {tracks:,} tracks", catalog=clip(catalog, 60), tracks=tracks)]
    parts.append(extra)
    return clip(" · ".join(p for p in parts if p), limits.FOOTER)


def page_of(page: int, pages: int) -> str:
    """ "page 2/4" for a list of several pages; nothing for a single page."""
    return t("page {page}/{pages}", page=page, pages=pages) if pages > 1 else ""


def result_line(number: int, item: Recommendation) -> str:
    track = item.track
    # With several seeds, the seed a song is nearest: its title only, to keep the line short.
    near = f" · ≈ {safe(item.closest_seed.split(' — ')[0], 40)}" if item.closest_seed else ""
    return (
        f"**{number}.** [{safe(track.name, 80)}]({track.url}) — {safe(track.artist, 60)} "
        f"· {item.score:.0%} · {clip(item.reason, 90)}{near}"
    )


def similar_embed(
    items: Sequence[Recommendation],
    *,
    seed: Track | None,
    seed_summary: str,
    genre: str | None,
    first_number: int,
    page: int,
    pages: int,
    alternatives: Sequence[Suggestion],
    catalog: str,
    catalog_size: int,
    seed_names: Sequence[str] = (),
    steering: str = "",
) -> discord.Embed:
    where = t(" in {genre}", genre=genre) if genre else ""
    if seed and len(seed_names) <= 1:
        title = t("Songs like {name}", name=seed.name) + where
        artist = f"**{safe(seed.artist, 100)}**"
        head = [t("by {artist} · {summary}", artist=artist, summary=seed_summary)]
        url = seed.url
    elif seed_names:
        title, url = t("Songs like {name}", name=" + ".join(seed_names)) + where, None
        head = [t("a blend of the seeds; ≈ marks the seed each song is closest to")]
        if len(seed_names) == 1:
            head = [t("songs by other artists with their sound")]
    elif genre:
        title, head, url = (
            t("The most typical {genre} songs", genre=genre),
            [t("one song per artist")],
            None,
        )
    else:
        title, url = t("Songs that fit"), None
        head = [t("one song per artist, from the whole catalog")]
    if steering:
        head.append(t("*Steered:* {steering}", steering=safe(steering, 200)))
    if alternatives:
        others = "; ".join(safe(a.label, 80) for a in alternatives[:3])
        head.append(
            t(
                "*Also matched:* {others} — pick from the autocomplete list to choose.",
                others=others,
            )
        )
    lines = [result_line(first_number + i, item) for i, item in enumerate(items)]
    if not lines:
        lines = [t("No songs found with these filters.")]
    title = clip(title, limits.TITLE)
    footer = footer_text(catalog, catalog_size, page_of(page, pages))
    intro = clip("\n".join(head), 600) + "\n\n"
    # The description gets what the 6000-character total leaves after title and footer.
    room = min(limits.DESCRIPTION, limits.EMBED_TOTAL - len(title) - len(footer)) - len(intro)
    embed = discord.Embed(
        title=title, url=url, colour=SPOTIFY_GREEN, description=intro + _fit_lines(lines, room - 50)
    )
    embed.set_footer(text=footer)
    return embed


def bridge_embed(bridge: Bridge, catalog: str, catalog_size: int) -> discord.Embed:
    start, end = bridge.start.track, bridge.end.track
    lines = [
        f"**0.** [{safe(start.name, 80)}]({start.url}) — {safe(start.artist, 60)} · {t('start')}"
    ]
    lines += [result_line(n, step) for n, step in enumerate(bridge.steps, start=1)]
    last = len(bridge.steps) + 1
    lines.append(
        f"**{last}.** [{safe(end.name, 80)}]({end.url}) — {safe(end.artist, 60)} · {t('arrival')}"
    )
    title = clip(t("From {start} to {end}", start=start.name, end=end.name), limits.TITLE)
    footer = footer_text(catalog, catalog_size, t("each step closer to the arrival"))
    room = min(limits.DESCRIPTION, limits.EMBED_TOTAL - len(title) - len(footer))
    embed = discord.Embed(
        title=title, colour=SPOTIFY_GREEN, description=_fit_lines(lines, room - 50)
    )
    embed.set_footer(text=footer)
    return embed


def _fit_lines(lines: list[str], budget: int) -> str:
    """Join lines, clipping each evenly so the whole stays under `budget` characters."""
    text = "\n".join(lines)
    if len(text) <= budget:
        return text
    each = budget // len(lines) - 1
    return "\n".join(clip(line, each) for line in lines)


def percentile_text(percentile: float | None) -> str:
    """ "73rd pct" (in Spanish "percentil 73"): where a value sits in the catalog."""
    if percentile is None:
        return ""
    return t("{ordinal} pct", ordinal=ordinal(percentile), number=round(percentile))


def meter(value: float) -> str:
    filled = max(0, min(METER_CELLS, round(value * METER_CELLS)))
    return "█" * filled + "░" * (METER_CELLS - filled)


def features_embed(
    profile: FeatureProfile, catalog: str, catalog_size: int, chart_name: str | None = None
) -> discord.Embed:
    track = profile.track
    embed = discord.Embed(
        title=clip(f"{track.name} — {track.artist}", limits.TITLE),
        url=track.url,
        colour=SPOTIFY_GREEN,
        description=clip(profile.summary, 300),
    )
    for feature in profile.features:
        if not feature.unit_interval:
            continue
        # Skewed features (instrumentalness, speechiness, liveness) are read by Spotify's
        # documented thresholds: their percentiles mislead, since most songs sit near zero.
        words = reading(feature.name, feature.value)
        if words:
            note = f" · {t(words)}"  # Spotify's few readings ("has vocals") are in the catalog
        elif feature.percentile is not None:
            note = f" · {percentile_text(feature.percentile)}"
        else:
            note = ""
        embed.add_field(
            name=t(feature.name.capitalize()),
            value=f"`{meter(feature.value)}` {feature.display}{note}",
            inline=True,
        )
    tempo, loudness = profile.get("tempo"), profile.get("loudness")
    embed.add_field(name=t("Tempo"), value=f"{tempo.display} · {percentile_text(tempo.percentile)}")
    embed.add_field(name=t("Key"), value=profile.key_name)
    embed.add_field(
        name=t("Loudness"), value=f"{loudness.display} · {percentile_text(loudness.percentile)}"
    )
    embed.add_field(name=t("Duration"), value=profile.duration)
    embed.add_field(
        name=t("Popularity"),
        value=f"{track.popularity}/100" if track.popularity is not None else t("unknown"),
    )
    album = f"{safe(track.album, 120)} ({track.year})" if track.year else safe(track.album, 120)
    embed.add_field(name=t("Album"), value=clip(album or t("unknown"), limits.FIELD_VALUE))
    genres = ", ".join(track.genres) or t("none listed")
    if track.subgenres:
        genres += f" ({', '.join(track.subgenres)})"
    embed.add_field(name=t("Genres"), value=clip(genres, limits.FIELD_VALUE), inline=False)
    if chart_name:
        embed.set_image(url=f"attachment://{chart_name}")
    embed.set_footer(
        text=footer_text(
            catalog, catalog_size, t("pct: percentile in the catalog; words: Spotify's thresholds")
        )
    )
    return embed


def genres_embed(genres: Sequence[GenreInfo], catalog: str, catalog_size: int) -> discord.Embed:
    embed = discord.Embed(
        title=t("Genres in the catalog"),
        colour=SPOTIFY_GREEN,
        description=t("Use any of these with `/similar genre:`."),
    )
    for info in genres[:25]:
        subs = ", ".join(f"{name} ({n:,})" for name, n in info.subgenres) or "—"
        embed.add_field(
            name=clip(
                t("{genre} · {tracks:,} tracks", genre=info.name, tracks=info.tracks),
                limits.FIELD_NAME,
            ),
            value=clip(subs, limits.FIELD_VALUE),
            inline=False,
        )
    if len(genres) > 25:
        rest = ", ".join(g.name for g in genres[25:])
        also = t("Also: {genres}", genres=rest)
        embed.description = clip(f"{embed.description}\n{also}", limits.DESCRIPTION)
    embed.set_footer(text=footer_text(catalog, catalog_size))
    return embed


def embed_length_ok(embed: discord.Embed) -> bool:
    """True when the embed is inside every limit Discord enforces."""
    return (
        len(embed) <= limits.EMBED_TOTAL
        and len(embed.title or "") <= limits.TITLE
        and len(embed.description or "") <= limits.DESCRIPTION
        and len(embed.fields) <= 25
        and all(
            len(f.name) <= limits.FIELD_NAME and len(f.value) <= limits.FIELD_VALUE
            for f in embed.fields
        )
        and len(embed.footer.text or "") <= limits.FOOTER
    )

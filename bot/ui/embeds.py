"""Embed builders: recommender records in, `discord.Embed` out, always inside Discord's limits."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.i18n import render, t
from bot.ui import limits
from bot.ui.limits import clip, safe
from recommender import Recommendation, SoundSummary, Steered, Suggestion, Track

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
        f"· {item.score:.0%} · {clip(render(item.reason), 90)}{near}"
    )


def similar_embed(
    items: Sequence[Recommendation],
    *,
    seed: Track | None,
    seed_summary: SoundSummary | None,
    genre: str | None,
    first_number: int,
    page: int,
    pages: int,
    alternatives: Sequence[Suggestion],
    catalog: str,
    catalog_size: int,
    seed_names: Sequence[str] = (),
    steering: Steered | None = None,
) -> discord.Embed:
    where = t(" in {genre}", genre=genre) if genre else ""
    if seed and len(seed_names) <= 1:
        title = t("Songs like {name}", name=seed.name) + where
        artist = f"**{safe(seed.artist, 100)}**"
        head = [
            t(
                "by {artist} · {summary}",
                artist=artist,
                summary=render(seed_summary) if seed_summary else "",
            )
        ]
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
        head.append(t("*Steered:* {steering}", steering=safe(render(steering), 200)))
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
        title=title, url=url, colour=SPOTIFY_GREEN, description=intro + fit_lines(lines, room - 50)
    )
    embed.set_footer(text=footer)
    return embed


def fit_lines(lines: list[str], budget: int) -> str:
    """Join lines, clipping each evenly so the whole stays under `budget` characters."""
    text = "\n".join(lines)
    if len(text) <= budget:
        return text
    each = budget // len(lines) - 1
    return "\n".join(clip(line, each) for line in lines)


def embed_length_ok(embed: discord.Embed) -> bool:
    """True when the embed is inside every limit Discord enforces."""
    return (
        len(embed) <= limits.EMBED_TOTAL
        and len(embed.title or "") <= limits.TITLE
        and len(embed.description or "") <= limits.DESCRIPTION
        and len(embed.fields) <= 25
        and all(
            len(f.name or "") <= limits.FIELD_NAME and len(f.value or "") <= limits.FIELD_VALUE
            for f in embed.fields
        )
        and len(embed.footer.text or "") <= limits.FOOTER
    )

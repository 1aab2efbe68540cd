"""The /features embed: a meter and catalog percentile per feature, tempo, key, loudness,
duration, popularity, album and genres."""

from __future__ import annotations

import discord

from bot.i18n import render, t, trait
from bot.ui import limits
from bot.ui.embeds import SPOTIFY_GREEN, footer_text
from bot.ui.limits import clip, safe
from recommender import FeatureProfile, ordinal, reading

METER_CELLS = 10


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
        description=clip(render(profile.summary), 300),
    )
    for feature in profile.features:
        if not feature.unit_interval:
            continue
        # Skewed features (instrumentalness, speechiness, liveness) are read by Spotify's
        # documented thresholds: their percentiles mislead, since most songs sit near zero.
        words = reading(feature.name, feature.value)
        if words:
            note = f" · {trait(words)}"
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
    embed.add_field(name=t("Key"), value=render(profile.summary.key))
    embed.add_field(
        name=t("Loudness"), value=f"{loudness.display} · {percentile_text(loudness.percentile)}"
    )
    embed.add_field(
        name=t("Duration"), value=profile.duration if track.duration_ms else t("unknown")
    )
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

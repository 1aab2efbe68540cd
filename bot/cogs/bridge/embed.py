"""The /bridge embed: the way from one song to the other, step by step."""

from __future__ import annotations

import discord

from bot.i18n import t
from bot.ui import limits
from bot.ui.embeds import SPOTIFY_GREEN, fit_lines, footer_text, result_line
from bot.ui.limits import clip, safe
from recommender import Bridge


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
        title=title, colour=SPOTIFY_GREEN, description=fit_lines(lines, room - 50)
    )
    embed.set_footer(text=footer)
    return embed

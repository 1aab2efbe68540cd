"""Embeds for what the bot remembers: a member's liked songs, and their mix."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.i18n import plural, render, t
from bot.ui import limits
from bot.ui.embeds import SPOTIFY_GREEN, footer_text, page_of
from bot.ui.limits import clip, safe
from recommender import Mix, MixPick

LIKES_PER_PAGE = 10
NAME_LIMITS = (60, 40, 25, 12)  # a long mix shortens names until 25 lines fit


def mix_lines(mix: Mix, budget: int) -> str:
    """One line per pick, naming its liked song; lines lose their reasons, then shorten the
    names, until they fit — never cut mid-line, where a link would break."""
    text = ""
    for with_reason in (True, False):
        for limit in NAME_LIMITS:
            lines = [_mix_line(n, pick, limit, with_reason) for n, pick in enumerate(mix.picks, 1)]
            text = "\n".join(lines)
            if len(text) <= budget:
                return text
    return text[: text.rfind("\n", 0, budget)]  # 25 lines of 12-character names fit; belt


def _mix_line(number: int, pick: MixPick, limit: int, with_reason: bool) -> str:
    track = pick.recommendation.track
    reason = f" · {clip(render(pick.recommendation.reason), 90)}" if with_reason else ""
    return (
        f"**{number}.** [{safe(track.name, limit)}]({track.url}) — {safe(track.artist, limit)} "
        f"· {pick.recommendation.score:.0%}{reason} · "
        + t("like {song}", song=f"*{safe(pick.because.name, limit)}*")
    )


def mix_embed(
    mix: Mix, owner: str, genre: str | None, likes: int, catalog: str, catalog_size: int
) -> discord.Embed:
    where = t(" in {genre}", genre=genre) if genre else ""
    title = clip(t("A mix for {member}", member=owner) + where, limits.TITLE)
    styles = t("{count} styles", count=mix.clusters) if mix.clusters > 1 else t("one style")
    if likes == 1:
        head = t("From 1 liked song, grouped into {styles}.", styles=styles)
    else:
        head = t("From {likes:,} liked songs, grouped into {styles}.", likes=likes, styles=styles)
    if mix.missing:
        head += " " + plural(
            len(mix.missing),
            "({count} more is not in this catalog; `/likes` lists it.)",
            "({count} more are not in this catalog; `/likes` lists them.)",
        )
    body = mix_lines(mix, limits.DESCRIPTION - len(head) - 2) if mix.picks else ""
    embed = discord.Embed(
        title=title,
        colour=SPOTIFY_GREEN,
        description=head + "\n\n" + (body or t("No songs found with these filters.")),
    )
    extra = t("leaves out songs you already liked or disliked")
    embed.set_footer(text=footer_text(catalog, catalog_size, extra))
    return embed


def likes_embed(
    rows: Sequence[tuple[str, str, bool]],
    *,
    title: str,
    first_number: int,
    page: int,
    pages: int,
    totals: str,
    left_out: Sequence[str],
    catalog: str,
    catalog_size: int,
) -> discord.Embed:
    """`rows`: (label, url, still in the catalog) per liked song on this page."""
    lines = [
        f"**{n}.** [{safe(label, 120)}]({url})"
        + ("" if present else " · " + t("*not in this catalog*"))
        for n, (label, url, present) in enumerate(rows, start=first_number)
    ] or [t("No liked songs yet: `/like song:` adds one.")]
    if left_out and page == 1:
        names = ", ".join(safe(a, 60) for a in left_out)
        lines.append("\n" + t("Artists you left out: {names}", names=clip(names, 900)))
    embed = discord.Embed(
        title=clip(title, limits.TITLE), colour=SPOTIFY_GREEN, description="\n".join(lines)
    )
    extra = " · ".join(part for part in (totals, page_of(page, pages)) if part)
    embed.set_footer(text=footer_text(catalog, catalog_size, extra))
    return embed

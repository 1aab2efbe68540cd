"""Embeds for what the bot remembers: a member's liked songs, and their mix."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from recommender.mix import Mix

from . import limits
from .embeds import SPOTIFY_GREEN, footer_text, result_line
from .limits import clip, safe

LIKES_PER_PAGE = 10


def mix_embed(
    mix: Mix, owner: str, genre: str | None, likes: int, catalog: str, catalog_size: int
) -> discord.Embed:
    title = clip(f"A mix for {owner}" + (f" in {genre}" if genre else ""), limits.TITLE)
    styles = f"{mix.clusters} styles" if mix.clusters > 1 else "one style"
    head = f"From {likes:,} liked song{'s' if likes != 1 else ''}, grouped into {styles}."
    lines = [
        f"{result_line(n, pick.recommendation)} · like *{safe(pick.because.name, 60)}*"
        for n, pick in enumerate(mix.picks, start=1)
    ] or ["No songs found with these filters."]
    embed = discord.Embed(
        title=title, colour=SPOTIFY_GREEN, description=clip(head + "\n\n" + "\n".join(lines), 4000)
    )
    embed.set_footer(text=footer_text(catalog, catalog_size, "nothing you liked or disliked"))
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
        f"**{n}.** [{safe(label, 120)}]({url})" + ("" if present else " · *not in this catalog*")
        for n, (label, url, present) in enumerate(rows, start=first_number)
    ] or ["No liked songs yet: `/like song:` adds one."]
    if left_out and page == 1:
        names = ", ".join(safe(a, 60) for a in left_out)
        lines.append(f"\nArtists you left out: {clip(names, 900)}")
    embed = discord.Embed(
        title=clip(title, limits.TITLE), colour=SPOTIFY_GREEN, description="\n".join(lines)
    )
    extra = totals + (f" · page {page}/{pages}" if pages > 1 else "")
    embed.set_footer(text=footer_text(catalog, catalog_size, extra))
    return embed

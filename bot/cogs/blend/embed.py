"""The blend's embed: one line per pick, saying whom it is for."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.i18n import t
from bot.ui import limits
from bot.ui.embeds import SPOTIFY_GREEN, footer_text, page_of
from bot.ui.limits import clip, safe
from recommender import BlendPick

NAME_LIMITS = (60, 40, 25, 12)  # a long page shortens names until its lines fit


def for_whom(pick: BlendPick, names: Sequence[str]) -> str:
    """ "for @A and @B": the member the pick was chosen for first."""
    shown = [names[m] for m in pick.members]
    whom = (
        shown[0]
        if len(shown) == 1
        else t("{first} and {last}", first=", ".join(shown[:-1]), last=shown[-1])
    )
    return t("for {members}", members=whom)


def blend_line(number: int, pick: BlendPick, names: Sequence[str], limit: int) -> str:
    track = pick.recommendation.track
    because = pick.because[0]
    return (
        f"**{number}.** [{safe(track.name, limit)}]({track.url}) — {safe(track.artist, limit)} "
        f"· {for_whom(pick, names)} · " + t("like {song}", song=f"*{safe(because.name, limit)}*")
    )


def blend_embed(
    picks: Sequence[BlendPick],
    names: Sequence[str],
    *,
    first_number: int,
    page: int,
    pages: int,
    served: Sequence[int],
    catalog: str,
    catalog_size: int,
) -> discord.Embed:
    """`names`: how to name each member (a mention), in the blend's order, the asker first."""
    title = clip(t("A blend for {count} members", count=len(names)), limits.TITLE)
    counts = ", ".join(f"{name} {n}" for name, n in zip(names, served, strict=True))
    head = t(
        "From everyone's likes; each song is for whoever the list served least so far "
        "(songs for each: {counts}).",
        counts=counts,
    )
    budget = limits.DESCRIPTION - len(head) - 2
    body = ""
    for limit in NAME_LIMITS:
        lines = [blend_line(n, p, names, limit) for n, p in enumerate(picks, first_number)]
        body = "\n".join(lines)
        if len(body) <= budget:
            break
    body = body if len(body) <= budget else body[: body.rfind("\n", 0, budget)]
    embed = discord.Embed(
        title=title,
        colour=SPOTIFY_GREEN,
        description=head + "\n\n" + (body or t("No songs found with these filters.")),
    )
    extra = " · ".join(
        p for p in (t("leaves out everyone's likes and dislikes"), page_of(page, pages)) if p
    )
    embed.set_footer(text=footer_text(catalog, catalog_size, extra))
    return embed

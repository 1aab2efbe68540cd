"""`/help`: what each registered command does, with clickable mentions and examples.

Built from the commands themselves (name, description, options), so a command or option
added later shows up without editing this file; only the examples are written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import discord
from discord import app_commands

from . import limits
from .embeds import SPOTIFY_GREEN, footer_text
from .limits import clip
from .pages import Catalog
from .replies import Replies, Reply

# What a member would type; tests check every option named here exists on the command.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "similar": (
        "/similar song:Blinding Lights",
        "/similar song:the weeknd - blinding lights genre:pop count:5",
        "/similar genre:rock",
    ),
    "features": ("/features song:Dance Monkey",),
    "genres": ("/genres",),
}
MESSAGE_MENU_HOW = "right-click (on a phone: long-press) → **Apps** →"

INTRO = (
    "Recommendations from the sound itself: energy, mood, tempo, danceability and the rest of "
    "Spotify's audio features. Song names autocomplete as you type; a typo, an "
    "“Artist - Title” or an open.spotify.com link works too. Buttons under a list page "
    "through it; “Find songs like…” starts again from any song listed."
)

AnyCommand = app_commands.Command | app_commands.ContextMenu | app_commands.Group


def mention(name: str, ids: Mapping[str, int]) -> str:
    """`</similar:123>` (clickable) once Discord has given the command an id; before the
    first sync, and in the console, the plain `/similar`."""
    command_id = ids.get(name)
    return f"</{name}:{command_id}>" if command_id else f"`/{name}`"


def command_lines(command: AnyCommand, ids: Mapping[str, int]) -> list[str]:
    if isinstance(command, app_commands.ContextMenu):
        return [
            f"**{command.name}** (message menu): {MESSAGE_MENU_HOW} **{command.name}** on a "
            "message to get songs like the Spotify links or “Title - Artist” lines in it."
        ]
    lines = [f"{mention(command.name, ids)} — {command.description}"]
    if isinstance(command, app_commands.Command):
        lines += [
            f"• `{p.name}`{'' if p.required else ' (optional)'}: {p.description}"
            for p in command.parameters
        ]
    examples = EXAMPLES.get(command.name, ())
    if examples:
        lines.append("Try: " + " · ".join(f"`{e}`" for e in examples))
    return lines


def help_embed(
    commands: Iterable[AnyCommand], ids: Mapping[str, int], catalog: Catalog
) -> discord.Embed:
    commands = list(commands)
    slash = sorted(
        (c for c in commands if not isinstance(c, app_commands.ContextMenu)),
        key=lambda c: (c.name == "help", c.name),
    )
    menus = [c for c in commands if isinstance(c, app_commands.ContextMenu)]
    blocks = [INTRO] + ["\n".join(command_lines(c, ids)) for c in [*slash, *menus]]
    return discord.Embed(
        title="soundalike — songs that sound alike",
        description=clip("\n\n".join(blocks), limits.DESCRIPTION),
        colour=SPOTIFY_GREEN,
    ).set_footer(text=footer_text(catalog.name, catalog.size, "the catalog loaded now"))


def console_help(replies: Replies) -> Reply:
    """/help as the console shows it: the bot's own commands, no ids (plain `/names`)."""
    from .client import cog_commands, feature_cogs  # the client imports this module's cog

    commands = [c for cog in feature_cogs(replies) for c in cog_commands(cog)]
    return Reply(embed=help_embed(commands, {}, replies.catalog), ephemeral=True)

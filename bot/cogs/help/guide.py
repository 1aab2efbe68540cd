"""`/help`: what each registered command does, with clickable mentions and examples.

Built from the commands themselves (name, description, options), so a command or option
added later shows up without editing this file; only the examples are written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import discord
from discord import app_commands

from bot.i18n import t
from bot.ui import limits
from bot.ui.embeds import SPOTIFY_GREEN
from bot.ui.limits import clip
from bot.ui.pages import Catalog

# What a member would type, as (command, options by parameter name); shown with the names the
# member types, in their language (`/bridge from:`, `/puente desde:`). Tests check every option
# named here exists on the command.
EXAMPLES: dict[str, tuple[dict[str, str], ...]] = {
    "similar": (
        {"song": "Blinding Lights"},
        {"song": "the weeknd - blinding lights", "genre": "pop", "count": "5"},
        {"genre": "rock"},
    ),
    "features": ({"song": "Dance Monkey"},),
    "genres": ({},),
    "bridge": ({"start": "Blinding Lights", "end": "Someone Like You", "steps": "6"},),
    "mix": ({"mood": "calm"},),
    "radio": ({"song": "Blinding Lights"}, {"genre": "rock", "shared": "True"}),
}
# The words of the guide; each has its Spanish in `translations`.
TITLE = "soundalike — songs that sound alike"
INTRO = (
    "Recommendations from the sound itself: energy, mood, tempo, danceability and the rest of "
    "Spotify's audio features. Song names autocomplete as you type; a typo, an "
    "“Artist - Title” or an open.spotify.com link works too. Buttons under a list page "
    "through it; “Find songs like…” starts again from any song listed."
)
MENU_LINE = (
    "**{menu}** (message menu): right-click a message (on a phone: long-press) → **Apps** → "
    "**{menu}** to get songs like the Spotify links or “Title - Artist” lines in it."
)
OPTIONAL = "optional"
TRY = "Try"
CATALOG_LINE = "Catalog loaded: {name} · {tracks} tracks"
TEXTS = (TITLE, INTRO, MENU_LINE, OPTIONAL, TRY, CATALOG_LINE)

AnyCommand = app_commands.Command | app_commands.ContextMenu | app_commands.Group


class Guide:
    """The guide in the member's language (see `translations.t`)."""

    def __init__(self, ids: Mapping[str, int]) -> None:
        self.ids = ids

    def t(self, text: str) -> str:
        return t(text)

    def mention(self, name: str) -> str:
        """`</similar:123>` (clickable; Discord shows it in the member's language) once
        Discord has given the command an id; before the first sync, and in the console,
        the plain `/similar`."""
        command_id = self.ids.get(name)
        return f"</{name}:{command_id}>" if command_id else f"`/{self.t(name)}`"

    def example(self, command: app_commands.Command, options: Mapping[str, str]) -> str:
        """`/bridge from:A to:B` as a member types it: each option by its display name (what
        `@app_commands.rename` set), and a choice by the name the member picks."""
        t = self.t
        parameters = {p.name: p for p in command.parameters}
        said = " ".join(
            f"{t(parameters[option].display_name)}:{self.value(parameters[option], value)}"
            for option, value in options.items()
        )
        return f"`/{t(command.name)}{' ' + said if said else ''}`"

    def value(self, parameter: app_commands.Parameter, value: str) -> str:
        named = {str(c.value): c.name for c in parameter.choices}
        return self.t(named[value]) if value in named else value

    def command_lines(self, command: AnyCommand) -> list[str]:
        t = self.t
        if isinstance(command, app_commands.ContextMenu):
            return [t(MENU_LINE).format(menu=t(command.name))]
        lines = [f"{self.mention(command.name)} — {t(command.description)}"]
        if isinstance(command, app_commands.Command):
            lines += [
                f"• `{t(p.display_name)}`{'' if p.required else f' ({t(OPTIONAL)})'}: {t(p.description)}"
                for p in command.parameters
            ]
        examples = EXAMPLES.get(command.name, ())
        if examples and isinstance(command, app_commands.Command):
            lines.append(f"{t(TRY)}: " + " · ".join(self.example(command, e) for e in examples))
        return lines


def help_embeds(
    commands: Iterable[AnyCommand],
    ids: Mapping[str, int],
    catalog: Catalog,
) -> list[discord.Embed]:
    """The guide: one embed while it fits one description, else the commands spill into a
    second (and third) embed of the same message, never cut mid-command."""
    guide = Guide(ids)
    commands = list(commands)
    slash = sorted(
        (c for c in commands if not isinstance(c, app_commands.ContextMenu)),
        key=lambda c: (c.name == "help", c.name),
    )
    menus = [c for c in commands if isinstance(c, app_commands.ContextMenu)]
    blocks = [guide.t(INTRO)] + ["\n".join(guide.command_lines(c)) for c in [*slash, *menus]]
    footer = guide.t(CATALOG_LINE).format(name=clip(catalog.name, 60), tracks=f"{catalog.size:,}")
    title = guide.t(TITLE)
    room = limits.EMBED_TOTAL - len(title) - len(footer)
    embeds: list[discord.Embed] = []
    for text in _pages(blocks, limits.DESCRIPTION):
        text = clip(text, max(room, 1))
        room -= len(text)
        embeds.append(discord.Embed(description=text, colour=SPOTIFY_GREEN))
        if room <= 0:
            break
    embeds[0].title = title
    embeds[-1].set_footer(text=clip(footer, limits.FOOTER))
    return embeds


def _pages(blocks: list[str], size: int) -> list[str]:
    """`blocks` joined by blank lines into texts of at most `size` characters each (a block
    longer than `size` alone is clipped)."""
    pages: list[str] = []
    for block in blocks:
        if pages and len(pages[-1]) + 2 + len(block) <= size:
            pages[-1] += "\n\n" + block
        else:
            pages.append(clip(block, size))
    return pages

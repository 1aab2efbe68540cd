"""The client as the handlers see it: what `interaction.client` offers every cog and control.

`RecommenderBot` (app.py) is this class with its cogs wired in; handlers annotate their
interaction as `Interaction` (`discord.Interaction[SoundalikeClient]`), so every reach into
the client is checked, and this module imports no cog (no import cycle)."""

from __future__ import annotations

from typing import Protocol, TypeAlias, cast

import discord
from discord.ext import commands

from bot.host.settings import Settings
from bot.services import Services
from bot.ui.reply import Reply


class Verdicts(Protocol):
    """What the "♥ Like…" and "✕ Never recommend…" menus record (the likes commands)."""

    async def like(self, member_id: int, song_name: str) -> Reply: ...

    async def dislike(
        self, member_id: int, song_name: str, whole_artist: bool = False
    ) -> Reply: ...


class RadioPresses(Protocol):
    """What a /radio card's buttons do (`bot.cogs.radio.desk.RadioDesk`)."""

    async def press(
        self, session_id: str, step: int, action: str, presser_id: int, channel_id: int = 0
    ) -> Reply: ...


class SoundalikeClient(commands.Bot):
    services: Services
    settings: Settings
    taste: Verdicts | None  # None: serving without members' likes
    radio: RadioPresses | None  # None: no /radio (no members' store)
    command_ids: dict[str, int]  # name -> Discord's id, known after a sync


Interaction: TypeAlias = discord.Interaction[SoundalikeClient]


def client_of(interaction: discord.Interaction) -> SoundalikeClient:
    """The client behind an interaction that discord.py types loosely (a view's or a
    dynamic item's callbacks, whose signatures the base classes fix)."""
    return cast(SoundalikeClient, interaction.client)

"""/blend: songs for you and up to four members, from everyone's likes; /privacy: whether
your likes may join other members' blends."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Interaction
from bot.cogs.blend.ask import Person
from bot.cogs.blend.handlers import BlendReplies
from bot.ui.options import MOODS
from bot.ui.sending import send, user_cooldown

CONSENT = [
    app_commands.Choice(name="allow: my likes may join other members' blends", value="allow"),
    app_commands.Choice(name="deny: keep my likes out of other members' blends", value="deny"),
]


def person(user: Any) -> Person:
    """A member option as the blend names them (the console passes its own stand-ins)."""
    return Person(user.id, user.mention, bool(getattr(user, "bot", False)))


class BlendCog(commands.Cog):
    def __init__(self, blends: BlendReplies) -> None:
        self.blends = blends

    @app_commands.command(name="blend")
    @app_commands.rename(with_="with")
    @app_commands.describe(
        with_="A member to blend with",
        with2="Another member",
        with3="Another member",
        with4="Another member",
        count="How many songs a page (1-25, default 10)",
        mood="Pull the list toward a mood (ranked by fit: nothing is cut out)",
    )
    @app_commands.choices(mood=MOODS)
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def blend(
        self,
        interaction: Interaction,
        with_: discord.User,
        with2: discord.User | None = None,
        with3: discord.User | None = None,
        with4: discord.User | None = None,
        count: app_commands.Range[int, 1, 25] = 10,
        mood: str | None = None,
    ) -> None:
        """Songs for you and up to four members together, fair to each, from everyone's likes."""
        others = [person(u) for u in (with_, with2, with3, with4) if u is not None]
        reply = await self.blends.blend(person(interaction.user), others, count, mood)
        await send(interaction, reply)

    @app_commands.command(name="privacy")
    @app_commands.describe(blends="Whether your likes may join other members' blends")
    @app_commands.choices(blends=CONSENT)
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def privacy(self, interaction: Interaction, blends: str | None = None) -> None:
        """Choose whether your likes may join other members' blends (or see your choice)."""
        await send(interaction, await self.blends.privacy(interaction.user.id, blends))

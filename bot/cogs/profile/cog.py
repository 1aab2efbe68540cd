"""/features: a song's audio profile, with a radar chart."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from discord import app_commands
from discord.ext import commands

from bot.client import Interaction
from bot.cogs.profile.embed import features_embed
from bot.host.backlog import defer_once
from bot.services import Services
from bot.ui.errors import error_text
from bot.ui.options import Song
from bot.ui.reply import Reply, oops
from bot.ui.sending import send, user_cooldown
from recommender import RecommenderError


class FeaturesCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="features")
    @app_commands.describe(song="The song to describe: pick one while typing, or type a name")
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def features(self, interaction: Interaction, song: Song) -> None:
        """Show a song's audio profile: energy, mood, tempo, key and more, with a chart."""
        reply = await self.answer(song, before_chart=lambda: defer_once(interaction))
        await send(interaction, reply)

    async def answer(
        self, song: str, before_chart: Callable[[], Awaitable[Any]] | None = None
    ) -> Reply:
        """The profile reply. `before_chart` runs once the song is found and before the slow
        chart: the cog defers there, so a "not found" can still be a private first reply
        (Discord shows the first follow-up of a public deferral publicly)."""
        services = self.services
        try:
            profile = await services.off_loop(services.recommender.profile, song)
        except RecommenderError as exc:
            return oops(error_text(exc))
        if before_chart is not None:
            await before_chart()
        from bot.cogs.profile.chart import radar_png  # matplotlib loads in the worker, once

        name = "profile.png"
        png = await services.off_loop(radar_png, profile)  # ~0.1 s of matplotlib, off the loop
        embed = features_embed(profile, services.catalog.name, services.catalog.size, name)
        return Reply(embed=embed, attachment=(name, png))

"""/bridge: songs that move step by step from one song's sound to another's."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import Interaction
from bot.cogs.bridge.embed import bridge_embed
from bot.cogs.bridge.view import BridgeView
from bot.services import Services
from bot.ui.errors import error_text
from bot.ui.options import Song
from bot.ui.pages import SongPages
from bot.ui.reply import Reply, oops
from bot.ui.sending import send, user_cooldown
from recommender import BRIDGE_DEFAULT_STEPS, BRIDGE_MAX_STEPS, Query, RecommenderError


class BridgeCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="bridge")
    @app_commands.rename(start="from", end="to")
    @app_commands.describe(
        start="The song to start from",
        end="The song to arrive at",
        steps=f"Songs in between (1-{BRIDGE_MAX_STEPS}, default {BRIDGE_DEFAULT_STEPS})",
    )
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def bridge(
        self,
        interaction: Interaction,
        start: Song,
        end: Song,
        steps: app_commands.Range[int, 1, BRIDGE_MAX_STEPS] = BRIDGE_DEFAULT_STEPS,
    ) -> None:
        """Songs that move step by step from one song's sound to another's."""
        reply = await self.answer(start, end, steps, owner_id=interaction.user.id)
        await send(interaction, reply)

    async def answer(self, start: str, end: str, steps: int, owner_id: int) -> Reply:
        """Songs moving step by step from `start`'s sound to `end`'s; any of them can start
        a list of songs like it."""
        services = self.services
        try:
            result = await services.off_loop(services.recommender.bridge, start, end, steps)
        except RecommenderError as exc:
            return oops(error_text(exc))

        async def start_list(track_id: str) -> SongPages:
            query = Query(seeds=(track_id,))
            return await SongPages.start(query, services.catalog, services.for_member(owner_id))

        timeout = services.settings.view_timeout
        view = BridgeView(result, start_list, owner_id, services.lists, timeout)
        embed = bridge_embed(result, services.catalog.name, services.catalog.size)
        return Reply(embed=embed, view=view)

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.services import Replies
from bot.ui.options import Song
from bot.ui.reply import send, user_cooldown
from recommender import BRIDGE_DEFAULT_STEPS, BRIDGE_MAX_STEPS


class BridgeCog(commands.Cog):
    def __init__(self, replies: Replies) -> None:
        self.replies = replies

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
        interaction: discord.Interaction,
        start: Song,
        end: Song,
        steps: app_commands.Range[int, 1, BRIDGE_MAX_STEPS] = BRIDGE_DEFAULT_STEPS,
    ) -> None:
        """Songs that move step by step from one song's sound to another's."""
        reply = await self.replies.bridge(start, end, steps, owner_id=interaction.user.id)
        await send(interaction, reply)

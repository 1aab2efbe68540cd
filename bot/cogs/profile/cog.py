from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.host.backlog import defer_once
from bot.services import Replies
from bot.ui.options import Song
from bot.ui.reply import send, user_cooldown


class FeaturesCog(commands.Cog):
    def __init__(self, replies: Replies) -> None:
        self.replies = replies

    @app_commands.command(name="features")
    @app_commands.describe(song="The song to describe: pick one while typing, or type a name")
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def features(self, interaction: discord.Interaction, song: Song) -> None:
        """Show a song's audio profile: energy, mood, tempo, key and more, with a chart."""
        reply = await self.replies.features(song, before_chart=lambda: defer_once(interaction))
        await send(interaction, reply)

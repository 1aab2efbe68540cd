from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.services import Replies
from bot.ui.reply import send, user_cooldown


class GenresCog(commands.Cog):
    def __init__(self, replies: Replies) -> None:
        self.replies = replies

    @app_commands.command(name="genres")
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def genres(self, interaction: discord.Interaction) -> None:
        """List the genres and subgenres this bot knows, with how many songs each has."""
        await send(interaction, await self.replies.genres())

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ..options import Song, choices
from ..replies import Replies
from . import send, user_cooldown


class SimilarCog(commands.Cog):
    def __init__(self, replies: Replies) -> None:
        self.replies = replies

    @app_commands.command(name="similar")
    @app_commands.describe(
        song="A song to start from: pick one while typing, or type a name (typos are fine)",
        genre="Only recommend songs of this genre or subgenre",
        count="How many songs per page (1-25, default 10)",
    )
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def similar(
        self,
        interaction: discord.Interaction,
        song: Song | None = None,
        genre: str | None = None,
        count: app_commands.Range[int, 1, 25] = 10,
    ) -> None:
        """Find songs that sound alike: like a song, typical of a genre, or both."""
        reply = await self.replies.similar(song, genre, count, owner_id=interaction.user.id)
        await send(interaction, reply)

    @similar.autocomplete("genre")
    async def genre_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.replies.genre_choices(current))

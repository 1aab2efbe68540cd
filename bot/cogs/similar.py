from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.services import Replies
from bot.ui.options import MOODS, POPULARITY, Song, choices
from bot.ui.reply import send, user_cooldown


class SimilarCog(commands.Cog):
    def __init__(self, replies: Replies) -> None:
        self.replies = replies

    @app_commands.command(name="similar")
    @app_commands.describe(
        song="A song to start from: pick one while typing, or type a name (typos are fine)",
        song2="Another song: the list sounds like the songs blended",
        song3="A third song for the blend",
        artist="An artist whose sound to start from (their own songs are left out)",
        genre="Only recommend songs of this genre or subgenre",
        mood="Pull the list toward a mood (ranked by fit: nothing is cut out)",
        popularity="Well-known songs, deep cuts, or any",
        exclude_artist="Leave this artist out",
        scene="Same scene: songs people put in playlists with it, not just alike in sound",
        count="How many songs per page (1-25, default 10)",
    )
    @app_commands.choices(mood=MOODS, popularity=POPULARITY)
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def similar(
        self,
        interaction: discord.Interaction,
        song: Song | None = None,
        song2: Song | None = None,
        song3: Song | None = None,
        artist: str | None = None,
        genre: str | None = None,
        mood: str | None = None,
        popularity: str | None = None,
        exclude_artist: str | None = None,
        scene: bool = False,
        count: app_commands.Range[int, 1, 25] = 10,
    ) -> None:
        """Find songs that sound alike: like songs or an artist, of a genre, in a mood."""
        reply = await self.replies.similar(
            song,
            genre,
            count,
            owner_id=interaction.user.id,
            more_songs=(song2, song3),
            artist=artist,
            mood=mood,
            popularity=popularity,
            exclude_artist=exclude_artist,
            scene=scene,
        )
        await send(interaction, reply)

    @similar.autocomplete("genre")
    async def genre_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.replies.genre_choices(current))

    @similar.autocomplete("artist")
    @similar.autocomplete("exclude_artist")
    async def artist_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(await self.replies.artist_choices(current))

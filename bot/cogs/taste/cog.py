"""/like, /dislike, /likes, /forget and /mix: what the bot remembers about a member."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import Interaction
from bot.cogs.taste.handlers import TasteReplies
from bot.services import Services
from bot.ui.options import MOODS, POPULARITY, Song, Typed, choices
from bot.ui.sending import send, user_cooldown


class TasteCog(commands.Cog):
    def __init__(self, taste: TasteReplies, services: Services) -> None:
        self.taste = taste
        self.services = services  # for the genre autocomplete every list shares

    @app_commands.command(name="like")
    @app_commands.describe(song="A song you like: pick one while typing, or type a name")
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def like(self, interaction: Interaction, song: Song) -> None:
        """Like a song: /mix builds on your likes."""
        await send(interaction, await self.taste.like(interaction.user.id, song))

    @app_commands.command(name="dislike")
    @app_commands.describe(
        song="A song you don't want recommended again",
        artist="Leave out the song's artist altogether (default: just this song)",
    )
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def dislike(self, interaction: Interaction, song: Song, artist: bool = False) -> None:
        """Never recommend this song (or its artist) to you again, in any command."""
        await send(interaction, await self.taste.dislike(interaction.user.id, song, artist))

    @app_commands.command(name="likes")
    @app_commands.describe(public="Show the list to the channel (default: only to you)")
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def likes(self, interaction: Interaction, public: bool = False) -> None:
        """List the songs you liked."""
        user = interaction.user
        await send(interaction, await self.taste.likes(user.id, user.display_name, public))

    @app_commands.command(name="forget")
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def forget(self, interaction: Interaction) -> None:
        """Delete everything the bot stores about you (asks first)."""
        await send(interaction, await self.taste.forget_prompt(interaction.user.id))

    @app_commands.command(name="mix")
    @app_commands.describe(
        genre="Only songs of this genre or subgenre",
        mood="Pull the list toward a mood (ranked by fit: nothing is cut out)",
        popularity="Well-known songs, deep cuts, or any",
        count="How many songs (1-25, default 10)",
    )
    @app_commands.choices(mood=MOODS, popularity=POPULARITY)
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def mix(
        self,
        interaction: Interaction,
        genre: Typed | None = None,
        mood: str | None = None,
        popularity: str | None = None,
        count: app_commands.Range[int, 1, 25] = 10,
    ) -> None:
        """A mix for you, from the songs you liked: each style you like gets its share."""
        user = interaction.user
        reply = await self.taste.mix(user.id, user.display_name, genre, count, mood, popularity)
        await send(interaction, reply)

    @mix.autocomplete("genre")
    async def genre_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.services.genre_choices(current))

"""/radio: one song at a time, steered by the buttons (`desk` has the rules)."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import Interaction
from bot.cogs.radio.desk import RadioDesk
from bot.i18n import t
from bot.ui.errors import error_text
from bot.ui.options import MOODS, Song, Typed, choices
from bot.ui.reply import oops
from bot.ui.sending import send, user_cooldown
from recommender import Query, RecommenderError

HINT = "Give the radio somewhere to start: a song, an artist, a genre or a mood."


class RadioCog(commands.Cog):
    def __init__(self, desk: RadioDesk) -> None:
        self.desk = desk
        self.services = desk.services

    @app_commands.command(name="radio")
    @app_commands.describe(
        song="A song to start from: pick one while typing, or type a name",
        artist="An artist whose sound to start from",
        genre="Only songs of this genre or subgenre",
        mood="Pull the radio toward a mood",
        shared="Everyone in this channel can press its buttons (the majority steers)",
    )
    @app_commands.choices(mood=MOODS)
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def radio(
        self,
        interaction: Interaction,
        song: Song | None = None,
        artist: Typed | None = None,
        genre: Typed | None = None,
        mood: str | None = None,
        shared: bool = False,
    ) -> None:
        """A radio that learns: More like this, Skip and Never steer the next song."""
        if not ((song or "").strip() or (artist or "").strip() or (genre or "").strip() or mood):
            await send(interaction, oops(t(HINT)))
            return
        try:
            query = Query(
                seeds=(song,) if song else (),
                artists=(artist,) if artist else (),
                genre=genre,
                mood=mood,
            )
            if query.seeds:  # stored by track id: a typed name is not matched again later
                resolved = await self.services.off_loop(self.services.recommender.resolve, song)
                query = Query(
                    seeds=(resolved.track.track_id,), artists=query.artists, genre=genre, mood=mood
                )
        except RecommenderError as exc:
            await send(interaction, oops(error_text(exc)))
            return
        reply = await self.desk.start(
            interaction.user.id,
            query,
            shared=shared,
            channel_id=getattr(interaction, "channel_id", None) or 0,
            in_server=getattr(interaction, "guild_id", None) is not None,
        )
        await send(interaction, reply)

    @radio.autocomplete("genre")
    async def genre_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.services.genre_choices(current))

    @radio.autocomplete("artist")
    async def artist_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(await self.services.artist_choices(current))

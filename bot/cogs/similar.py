"""/similar: songs like songs, an artist, a genre or a mood, as a list with paging buttons."""

from __future__ import annotations

from collections.abc import Sequence

from discord import app_commands
from discord.ext import commands

from bot.client import Interaction
from bot.i18n import t
from bot.services import Services
from bot.ui.errors import error_text
from bot.ui.limits import unping
from bot.ui.options import MOODS, POPULARITY, Song, Typed, choices
from bot.ui.pages import SongPages
from bot.ui.reply import MAX_COUNT, Reply, count_out_of_range, oops
from bot.ui.sending import send, user_cooldown
from bot.ui.song_list import SongListView
from recommender import Query, RecommenderError

HINT = (
    "Tell me a song, an artist, a genre or a mood — for example "
    "`/similar song:Blinding Lights`, `/similar song:Blinding Lights song2:Someone Like You`, "
    "`/similar artist:Radiohead` or `/similar genre:rock mood:calm`."
)


def nothing_left(genre: str | None, popularity: str | None, exclude_artist: str | None) -> str:
    """Why the list came out empty, naming only the filters the member gave."""
    given = [t("genre {genre}", genre=genre)] if genre else []
    band = {c.value: c.name for c in POPULARITY}.get(popularity or "any", "")
    if popularity and popularity != "any":
        given.append(t("popularity {band}", band=t(band) if band else popularity))
    if exclude_artist:
        given.append(t("without {artist}", artist=exclude_artist))
    if not given:
        return t("No other song in this catalog can be recommended for that.")
    return unping(
        t("No song passes these filters. Drop one and try again: {given}.", given=", ".join(given))
    )


class SimilarCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

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
        interaction: Interaction,
        song: Song | None = None,
        song2: Song | None = None,
        song3: Song | None = None,
        artist: Typed | None = None,
        genre: Typed | None = None,
        mood: str | None = None,
        popularity: str | None = None,
        exclude_artist: Typed | None = None,
        scene: bool = False,
        count: app_commands.Range[int, 1, 25] = 10,
    ) -> None:
        """Find songs that sound alike: like songs or an artist, of a genre, in a mood."""
        reply = await self.answer(
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
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.services.genre_choices(current))

    @similar.autocomplete("artist")
    @similar.autocomplete("exclude_artist")
    async def artist_autocomplete(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(await self.services.artist_choices(current))

    async def answer(
        self,
        song: str | None,
        genre: str | None,
        count: int,
        owner_id: int,
        *,
        more_songs: Sequence[str | None] = (),
        artist: str | None = None,
        mood: str | None = None,
        popularity: str | None = None,
        exclude_artist: str | None = None,
        scene: bool = False,
    ) -> Reply:
        """A list like the songs (`song` and `more_songs`) and `artist` blended, within
        `genre`, pulled toward `mood`, in a `popularity` band, without `exclude_artist`;
        with `scene`, what people put in playlists with the song leads."""
        services = self.services
        songs = tuple(s for s in (song, *more_songs) if s and s.strip())
        if not (songs or (artist or "").strip() or (genre or "").strip() or mood):
            return oops(t(HINT))
        if not 1 <= count <= MAX_COUNT:  # Discord enforces the range; a raw API call may not
            return oops(count_out_of_range())
        try:
            left_out = ()  # a typed exclusion that matches no artist says so
            if exclude_artist:
                left_out = (
                    await services.off_loop(services.recommender.resolve_artist, exclude_artist),
                )
            query = Query(
                seeds=songs,
                artists=(artist,) if artist else (),
                genre=genre,
                mood=mood,
                popularity=popularity or "any",
                exclude_artists=frozenset(left_out),
                scene=scene,
                k=count,
            )
            source = await SongPages.start(query, services.catalog, services.for_member(owner_id))
        except RecommenderError as exc:
            return oops(error_text(exc))
        if not source.result.items:
            return oops(nothing_left(genre, popularity, exclude_artist))
        view = SongListView(source, owner_id, services.lists)
        return Reply(embed=view.embed(), view=view)

"""What each command answers, as `Reply` objects: the cogs send them to Discord, the console
prints them. Recommender calls run in a worker thread so the event loop never waits on them."""

from __future__ import annotations

import dataclasses
import io
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import discord

from bot.cogs.bridge.view import BridgeView
from bot.host.backlog import Backlog
from bot.host.settings import Settings
from bot.i18n import t
from bot.storage import StorageError, Taste, TasteStore
from bot.ui import embeds
from bot.ui.errors import error_text
from bot.ui.limits import CHOICE_NAME, CHOICES, clip
from bot.ui.pages import Catalog, Fetch, SongPages
from bot.ui.song_list import ListMemory, SongListView
from recommender import Query, Recommendations, Recommender, RecommenderError

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_COUNT = 25
HINT = (
    "Tell me a song, an artist, a genre or a mood — for example "
    "`/similar song:Blinding Lights`, `/similar song:Blinding Lights song2:Someone Like You`, "
    "`/similar artist:Radiohead` or `/similar genre:rock mood:calm`."
)
NOTHING_LEFT = (
    "No song passes these filters. Drop an excluded artist, the popularity band or the genre "
    "and try again."
)


@dataclass
class Reply:
    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    attachment: tuple[str, bytes] | None = None  # (filename, PNG); a File is single-use
    ephemeral: bool = False

    def send_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"ephemeral": self.ephemeral}
        if self.content:
            kwargs["content"] = self.content
        if self.embed:
            kwargs["embed"] = self.embed
        if self.view:
            kwargs["view"] = self.view
        if self.attachment:
            name, data = self.attachment
            kwargs["file"] = discord.File(io.BytesIO(data), filename=name)
        return kwargs


def count_out_of_range() -> str:
    return t("count must be a whole number from 1 to {most}.", most=MAX_COUNT)


def oops(text: str) -> Reply:
    return Reply(content=text, ephemeral=True)


class Replies:
    """The commands' logic over one recommender; no Discord connection needed."""

    def __init__(
        self, recommender: Recommender, settings: Settings, tastes: TasteStore | None = None
    ) -> None:
        self.recommender = recommender
        self.settings = settings
        self.tastes = tastes
        self.catalog = Catalog(recommender.source_name, recommender.size)
        self.backlog = Backlog()
        self.lists = ListMemory()  # lists whose query is too long for a button's custom id

    async def off_loop(self, fn: Callable[..., T], *args: Any) -> T:
        """Run recommender or chart work in a worker thread; the event loop keeps serving."""
        return await self.backlog.run(fn, *args)

    async def recommend(self, query: Query) -> Recommendations:
        return await self.off_loop(self.recommender.recommend, query)

    async def member_taste(self, member_id: int) -> Taste:
        """What the member disliked; without a working database, nothing (the store logs
        the fault once), so recommendations keep working."""
        if self.tastes is None:
            return Taste()
        try:
            return await self.tastes.taste(member_id)
        except StorageError:
            return Taste()

    def for_member(self, member_id: int) -> Fetch:
        """The recommender as `member_id` sees it: every list, from any command or button,
        leaves out the songs they disliked and the artists they left out."""

        async def fetch(query: Query) -> Recommendations:
            taste = await self.member_taste(member_id)
            if taste.dislikes or taste.left_out_artists:
                query = dataclasses.replace(
                    query,
                    exclude_tracks=query.exclude_tracks | taste.disliked_ids,
                    exclude_artists=query.exclude_artists | frozenset(taste.left_out_artists),
                )
            return await self.recommend(query)

        return fetch

    # -- /similar --------------------------------------------------------------------

    async def similar(
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
        songs = tuple(s for s in (song, *more_songs) if (s or "").strip())
        if not (songs or (artist or "").strip() or (genre or "").strip() or mood):
            return oops(t(HINT))
        if not 1 <= count <= MAX_COUNT:  # Discord enforces the range; a raw API call may not
            return oops(count_out_of_range())
        try:
            query = Query(
                seeds=songs,
                artists=(artist,) if artist else (),
                genre=genre,
                mood=mood,
                popularity=popularity or "any",
                exclude_artists=(exclude_artist,) if exclude_artist else (),
                scene=scene,
                k=count,
            )
            source = await SongPages.start(query, self.catalog, self.for_member(owner_id))
        except RecommenderError as exc:
            return oops(error_text(exc))
        if not source.result.items:
            return oops(t(NOTHING_LEFT))
        view = SongListView(source, owner_id, self.lists, self.settings.view_timeout)
        return Reply(embed=view.embed(), view=view)

    # -- /bridge ---------------------------------------------------------------------

    async def bridge(self, start: str, end: str, steps: int, owner_id: int) -> Reply:
        """Songs moving step by step from `start`'s sound to `end`'s; any of them can start
        a list of songs like it."""
        try:
            result = await self.off_loop(self.recommender.bridge, start, end, steps)
        except RecommenderError as exc:
            return oops(error_text(exc))

        async def start_list(track_id: str) -> SongPages:
            query = Query(seeds=(track_id,))
            return await SongPages.start(query, self.catalog, self.for_member(owner_id))

        view = BridgeView(result, start_list, owner_id, self.lists, self.settings.view_timeout)
        embed = embeds.bridge_embed(result, self.catalog.name, self.catalog.size)
        return Reply(embed=embed, view=view)

    # -- /features -------------------------------------------------------------------

    async def features(
        self, song: str, before_chart: Callable[[], Awaitable[Any]] | None = None
    ) -> Reply:
        """The profile reply. `before_chart` runs once the song is found and before the slow
        chart: the cog defers there, so a "not found" can still be a private first reply
        (Discord shows the first follow-up of a public deferral publicly)."""
        try:
            profile = await self.off_loop(self.recommender.profile, song)
        except RecommenderError as exc:
            return oops(error_text(exc))
        if before_chart is not None:
            await before_chart()
        from bot.cogs.profile.chart import (
            radar_png,  # matplotlib loads in the worker, on the first chart
        )

        name = "profile.png"
        png = await self.off_loop(radar_png, profile)  # ~0.1 s of matplotlib, off the loop
        embed = embeds.features_embed(
            profile, self.catalog.name, self.catalog.size, chart_name=name
        )
        return Reply(embed=embed, attachment=(name, png))

    # -- /genres ---------------------------------------------------------------------

    async def genres(self) -> Reply:
        infos = await self.off_loop(self.recommender.genres)
        return Reply(embed=embeds.genres_embed(infos, self.catalog.name, self.catalog.size))

    # -- autocomplete ----------------------------------------------------------------

    async def song_choices(
        self, current: str, expired: Callable[[], bool] = lambda: False
    ) -> list[tuple[str, str]]:
        """(label, track_id) pairs; never raises — a failed lookup offers nothing. Jumps the
        queue of waiting work; does none if `expired()` says the answer would come too late."""

        def lookup() -> list:
            return [] if expired() else self.recommender.autocomplete(current or "", CHOICES)

        try:
            found = await self.backlog.run(lookup, urgent=True)
        except Exception:
            log.exception("song autocomplete failed for %r", current)
            return []
        return [(clip(s.label, CHOICE_NAME), s.track_id) for s in found]

    async def artist_choices(self, current: str) -> list[tuple[str, str]]:
        """(name, name) pairs of artists; never raises — a failed lookup offers nothing."""
        try:
            found = await self.off_loop(
                self.recommender.autocomplete_artist, current or "", CHOICES
            )
        except Exception:
            log.exception("artist autocomplete failed for %r", current)
            return []
        return [(clip(s.label, CHOICE_NAME), clip(s.track_id, CHOICE_NAME)) for s in found]

    def genre_choices(self, current: str) -> list[tuple[str, str]]:
        """Genres whose name starts with (then contains) what was typed."""
        typed = (current or "").strip().casefold()
        names = self.recommender.genre_names()
        starts = [n for n in names if n.casefold().startswith(typed)]
        contains = [n for n in names if typed in n.casefold() and n not in starts]
        return [(clip(n, CHOICE_NAME), n) for n in (starts + contains)[:CHOICES]]

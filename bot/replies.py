"""What each command answers, as `Reply` objects: the cogs send them to Discord, the console
prints them. Recommender calls run in a worker thread so the event loop never waits on them."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import discord

from recommender import Query, Recommendations, Recommender, RecommenderError

from . import embeds
from .limits import CHOICE_NAME, CHOICES, clip
from .messages import error_text
from .pages import Catalog, SongPages
from .settings import Settings
from .views import ListMemory, SongListView

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_COUNT = 25
HINT = (
    "Tell me a song, a genre, or both — for example `/similar song:Blinding Lights` or "
    "`/similar genre:rock`."
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


def oops(text: str) -> Reply:
    return Reply(content=text, ephemeral=True)


class Replies:
    """The commands' logic over one recommender; no Discord connection needed."""

    def __init__(self, recommender: Recommender, settings: Settings) -> None:
        self.recommender = recommender
        self.settings = settings
        self.catalog = Catalog(recommender.source_name, recommender.size)
        self.lists = ListMemory()  # lists whose query is too long for a button's custom id

    async def off_loop(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run recommender or chart work in a worker thread; the event loop keeps serving."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def recommend(self, query: Query) -> Recommendations:
        return await self.off_loop(self.recommender.recommend, query)

    # -- /similar --------------------------------------------------------------------

    async def similar(
        self, song: str | None, genre: str | None, count: int, owner_id: int
    ) -> Reply:
        if not (song or "").strip() and not (genre or "").strip():
            return oops(HINT)
        if not 1 <= count <= MAX_COUNT:  # Discord enforces the range; a raw API call may not
            return oops(f"count must be a whole number from 1 to {MAX_COUNT}.")
        try:
            query = Query(seeds=(song,) if song else (), genre=genre, k=count)
            source = await SongPages.start(query, self.catalog, self.recommend)
        except RecommenderError as exc:
            return oops(error_text(exc))
        view = SongListView(source, owner_id, self.lists, self.settings.view_timeout)
        return Reply(embed=view.embed(), view=view)

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
        from .chart import radar_png  # matplotlib loads in the worker, on the first chart

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

    async def song_choices(self, current: str) -> list[tuple[str, str]]:
        """(label, track_id) pairs; never raises — a failed lookup offers nothing."""
        try:
            found = await self.off_loop(self.recommender.autocomplete, current or "", CHOICES)
        except Exception:
            log.exception("song autocomplete failed for %r", current)
            return []
        return [(clip(s.label, CHOICE_NAME), s.track_id) for s in found]

    def genre_choices(self, current: str) -> list[tuple[str, str]]:
        """Genres whose name starts with (then contains) what was typed."""
        typed = (current or "").strip().casefold()
        names = self.recommender.genre_names()
        starts = [n for n in names if n.casefold().startswith(typed)]
        contains = [n for n in names if typed in n.casefold() and n not in starts]
        return [(clip(n, CHOICE_NAME), n) for n in (starts + contains)[:CHOICES]]

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

from recommender import (
    Recommender,
    RecommenderError,
    Resolution,
    SongNotFoundError,
    UnknownGenreError,
)

from . import embeds
from .chart import radar_png
from .limits import CHOICE_NAME, CHOICES, clip
from .settings import Settings
from .views import SimilarView

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_COUNT = 25
PAGES = 4  # pages of further results fetched up front, so paging is instant and stable
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


@dataclass
class SimilarState:
    """One member's search: everything needed to render any of its pages the same way."""

    items: tuple
    seed: Any
    seed_summary: str
    genre: str | None
    count: int
    alternatives: tuple = ()
    page: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.items) // self.count))

    def page_items(self) -> tuple:
        start = self.page * self.count
        return self.items[start : start + self.count]


class Replies:
    """The commands' logic over one recommender; no Discord connection needed."""

    def __init__(self, recommender: Recommender, settings: Settings) -> None:
        self.recommender = recommender
        self.settings = settings

    async def off_loop(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run recommender or chart work in a worker thread; the event loop keeps serving."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    # -- /similar --------------------------------------------------------------------

    async def similar(
        self, song: str | None, genre: str | None, count: int, owner_id: int
    ) -> Reply:
        if not (song or "").strip() and not (genre or "").strip():
            return oops(HINT)
        if not 1 <= count <= MAX_COUNT:  # Discord enforces the range; a raw API call may not
            return oops(f"count must be a whole number from 1 to {MAX_COUNT}.")
        try:
            state = await self.off_loop(self.similar_state, song, genre, count)
        except SongNotFoundError as exc:
            return oops(embeds.not_found_text(exc.query, exc.suggestions))
        except UnknownGenreError as exc:
            return oops(embeds.unknown_genre_text(exc.genre, exc.valid))
        except RecommenderError as exc:
            return oops(str(exc))
        view = SimilarView(self, state, owner_id, timeout=self.settings.view_timeout)
        return Reply(embed=self.similar_page(state), view=view)

    def similar_state(self, song: str | None, genre: str | None, count: int) -> SimilarState:
        rec = self.recommender
        resolution: Resolution | None = rec.resolve(song) if (song or "").strip() else None
        seed_id = resolution.track.track_id if resolution else None
        result = rec.similar(seed_id, k=count * PAGES, genre=(genre or "").strip() or None)
        summary = rec.profile(seed_id).summary if seed_id else ""
        alternatives = resolution.alternatives if resolution and resolution.ambiguous else ()
        return SimilarState(result.items, result.seed, summary, result.genre, count, alternatives)

    def similar_page(self, state: SimilarState) -> discord.Embed:
        return embeds.similar_embed(
            state.page_items(),
            seed=state.seed,
            seed_summary=state.seed_summary,
            genre=state.genre,
            first_number=state.page * state.count + 1,
            page=state.page + 1,
            pages=state.pages,
            alternatives=state.alternatives,
            catalog=self.recommender.source_name,
            catalog_size=self.recommender.size,
        )

    # -- /features -------------------------------------------------------------------

    async def features(
        self, song: str, before_chart: Callable[[], Awaitable[Any]] | None = None
    ) -> Reply:
        """The profile reply. `before_chart` runs once the song is found and before the slow
        chart: the cog defers there, so a "not found" can still be a private first reply
        (Discord shows the first follow-up of a public deferral publicly)."""
        try:
            profile = await self.off_loop(self.recommender.profile, song)
        except SongNotFoundError as exc:
            return oops(embeds.not_found_text(exc.query, exc.suggestions))
        except RecommenderError as exc:
            return oops(str(exc))
        if before_chart is not None:
            await before_chart()
        name = "profile.png"
        png = await self.off_loop(radar_png, profile)  # ~0.1 s of matplotlib, off the loop
        embed = embeds.features_embed(
            profile, self.recommender.source_name, self.recommender.size, chart_name=name
        )
        return Reply(embed=embed, attachment=(name, png))

    # -- /genres ---------------------------------------------------------------------

    async def genres(self) -> Reply:
        infos = await self.off_loop(self.recommender.genres)
        return Reply(
            embed=embeds.genres_embed(infos, self.recommender.source_name, self.recommender.size)
        )

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

"""What every cog is given: the recommender being served, the settings, the members' store,
the work queue, and the lists too long for a button (kept in that store). Recommender calls
run in a worker thread so the event loop never waits on them."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from bot.host.backlog import Backlog
from bot.host.settings import Settings
from bot.storage import StorageError, Taste, TasteStore
from bot.ui.limits import CHOICE_NAME, CHOICES, clip
from bot.ui.pages import Catalog, Fetch
from bot.ui.song_list import StoredLists
from recommender import Query, Recommendations, Recommender

log = logging.getLogger(__name__)
T = TypeVar("T")


class Services:
    """The bot's shared parts over one recommender; no Discord connection needed. A reload
    swaps `recommender` here, and every cog serves the new index from then on."""

    def __init__(
        self, recommender: Recommender, settings: Settings, tastes: TasteStore | None = None
    ) -> None:
        self.recommender = recommender
        self.settings = settings
        self.tastes = tastes
        self.catalog = Catalog(recommender.source_name, recommender.size)
        self.backlog = Backlog()
        self.lists = StoredLists(tastes)  # lists whose query is too long for a custom id

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

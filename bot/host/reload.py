"""Keep the running bot on a sound index while files change under it.

Every few seconds `IndexWatch` compares the index files with what was loaded (stat calls
only). A rebuild (say `python -m recommender build` beside the running bot) is loaded in a
worker thread and swapped in. A file changed in place is worse: the memory map under the
running index may now end early and a query touching it would die of SIGBUS. So every call
first checks for that (`CheckedRecommender`, at most every 0.1 s) and refuses with a short
message once it happened, while the poll rebuilds the index from its recorded catalog and
swaps it in; if that fails, the bot stops with a log line saying why, and its supervisor
restarts it (start-up rebuilds a corrupt index or says why it cannot).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any, cast

from bot.host.settings import Settings
from bot.services import Services
from bot.ui.pages import Catalog
from recommender import ALTERED, REBUILT, IndexWatch, Recommender, RecommenderError, open_or_build

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0  # how long a rebuild waits to be served; a poll costs ~130 stat calls
# Before a call touches the index, files changed in place are looked for, at most this often
# (about 1 ms of stat calls on the real index): the unguarded window after a truncation.
CHECK_SECONDS = 0.1


class IndexRepairingError(RecommenderError):
    """The loaded index is unsafe to touch (a file changed in place) until it is rebuilt."""


async def warm_index(recommender: Recommender) -> None:
    """`Recommender.warm` in a thread, so that the first members' answers come as fast as
    later ones; logged, as it is only a head start, never a reason to stop."""
    try:
        warmth = await asyncio.to_thread(recommender.warm)
    except OSError as exc:  # a file going away under the map: the reloader deals with that
        log.warning("could not warm the index (%s); serving it cold", exc)
        return
    if warmth.skipped:
        log.info("index not warmed: %s", warmth.skipped)
    else:
        log.info("index warm: %s pages mapped in %.2f s", f"{warmth.pages:,}", warmth.seconds)


class CheckedRecommender:
    """A Recommender whose calls first make sure no file under it was changed in place; once
    one was, every call refuses (a short message to the member) until the reloader swaps a
    repaired index in, instead of touching a memory map that may now end early (SIGBUS)."""

    def __init__(self, recommender: Recommender, watch: IndexWatch) -> None:
        self.recommender = recommender
        self.watch = watch
        self.broken: str | None = None
        self._checked_at = 0.0

    @classmethod
    def around(cls, recommender: Recommender, watch: IndexWatch) -> Recommender:
        """`recommender` checked before every call; typed as what it stands in for."""
        inner = recommender.recommender if isinstance(recommender, cls) else recommender
        return cast(Recommender, cls(inner, watch))

    def __getattr__(self, name: str):
        value = getattr(self.recommender, name)
        if not callable(value):
            return value  # plain facts (size, source_name, index) are in memory

        def checked(*args, **kwargs):
            self.ensure_whole()
            return value(*args, **kwargs)

        return checked

    def ensure_whole(self) -> None:
        now = time.monotonic()
        if self.broken is None and now - self._checked_at >= CHECK_SECONDS:
            self._checked_at = now
            change = self.watch.altered()
            if change:
                self.broken = change.detail
                log.error("%s; refusing to answer from it until it is rebuilt", change.detail)
        if self.broken:
            raise IndexRepairingError(
                "The song index is being repaired after a file changed on disk; "
                "please try again in a minute."
            )


class IndexReloader:
    """Polls the index directory of `services.recommender` and swaps in a sound index."""

    def __init__(
        self,
        services: Services,
        settings: Settings,
        stop: Callable[[], Coroutine[Any, Any, None]],
        reloaded: Callable[[str], None] = lambda result: None,
    ) -> None:
        self.services = services
        self.reloaded = reloaded  # told "loaded", "repaired" or "failed" at each swap (metrics)
        self.settings = settings
        self.stop_bot = stop
        self.failed: str | None = None  # why the bot was stopped, for the exit code
        self.watch = self._watch(services.recommender)
        services.recommender = CheckedRecommender.around(services.recommender, self.watch)
        self._task: asyncio.Task | None = None
        self._closing: asyncio.Task | None = None
        self._reported: set[str] = set()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="index-reloader")

    def stop(self) -> None:
        if self._task:
            self._task.cancel()

    async def _run(self) -> None:
        while not self.failed:
            await asyncio.sleep(POLL_SECONDS)
            try:
                await self.poll()
            except Exception:  # a failed poll must not end the polling, nor pass unseen
                log.exception("checking the index files failed")

    async def poll(self) -> None:
        change = self.watch.check()
        if change is None:
            return
        if change.kind == REBUILT:
            if change.detail in self._reported:  # could not be loaded: said so once
                return
            log.info("%s; loading it", change.detail)
            loaded = await self._swap(lambda: Recommender.load(self.watch.directory))
            if not loaded:
                self._reported.add(change.detail)
            self.reloaded("loaded" if loaded else "failed")
        elif change.kind == ALTERED:
            log.error("%s; rebuilding before answering from it", change.detail)
            repaired = await self._swap(self._rebuild, fatal=True)
            self.reloaded("repaired" if repaired else "failed")
        elif change.detail not in self._reported:  # REMOVED: still served from memory
            self._reported.add(change.detail)
            log.warning(
                "%s; still serving the loaded copy (the next start rebuilds)", change.detail
            )

    def _rebuild(self) -> Recommender:
        return open_or_build(
            self.watch.directory,
            self.settings.catalog_source,
            columns=self.settings.catalog_columns,
            download_limit_mb=self.settings.download_limit_mb,
            download_timeout=self.settings.download_timeout,
        )

    async def _swap(self, load: Callable[[], Recommender], fatal: bool = False) -> bool:
        """Serve what `load` returns; False when it failed (and, if `fatal`, stop the bot)."""
        try:
            new = await asyncio.to_thread(load)
            await warm_index(new)  # the old index serves meanwhile
        except RecommenderError as exc:
            if not fatal:
                log.error("cannot load the new index (%s); still serving the loaded one", exc)
                return False
            self.failed = f"the index changed under the bot and cannot be rebuilt: {exc}"
            log.critical("stopping: %s", self.failed)
            # Its own task: closing the bot cancels this poller, which must not cancel that.
            self._closing = asyncio.get_running_loop().create_task(self.stop_bot())
            return False
        self.watch = self._watch(new)
        self.services.recommender = CheckedRecommender.around(new, self.watch)
        self.services.catalog = Catalog(new.source_name, new.size)
        log.info("now serving index build %s (%s tracks)", self.watch.build_id, f"{new.size:,}")
        return True

    @staticmethod
    def _watch(recommender: Recommender) -> IndexWatch:
        index = recommender.index  # the same LoadedIndex through a CheckedRecommender
        return IndexWatch(index.directory, index.manifest)

"""The blends made last, by everything that makes them: a press on a blend's ◀ ▶ or Export
runs the blend again (its buttons hold only the request), and a press on one just shown finds
it here instead of running it again. Whatever changed since (a like, a dislike, a rebuilt
index) makes a different key, so a press never shows a stale blend."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from recommender import Blend

RECENT_BLENDS = 64  # a few hundred kilobytes at most: 40 picks each


class RecentBlends:
    def __init__(self, size: int = RECENT_BLENDS) -> None:
        self.size = size
        self.kept: OrderedDict[Hashable, Blend] = OrderedDict()
        self.index: Any = None  # the recommender they were made with
        self.lock = threading.Lock()

    def get(self, index: Any, key: Hashable, make: Callable[[], Blend]) -> Blend:
        """The blend `make()` gives with `index`, made once for `key` while it stays recent.
        Called from the bot's worker threads: the lock guards the bookkeeping, not `make`."""
        with self.lock:
            if index is not self.index:  # a reloaded index: drop the old one's blends (and it)
                self.kept.clear()
                self.index = index
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
                return found
        found = make()
        with self.lock:
            if index is self.index:
                self.kept[key] = found
                while len(self.kept) > self.size:
                    self.kept.popitem(last=False)
        return found

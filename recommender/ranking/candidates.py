"""Candidates from the index: the nearest songs to a point, in the whole catalog or only
among a genre's (or subgenre's) rows.

A genre has no forest of its own (a forest per genre and subgenre repeated every track, 41%
of the disk at a million tracks). A small genre's rows are all scanned exactly; a large one's
are grouped in cells (`ann.cells`) and the rows of the cells nearest the point are scanned.
Over-fetching from the main forest and keeping the genre's songs was measured too: it needs
~1/share times the songs when the seed is in the genre and far more when it is not, so at a
subgenre's share it inspects more than the cells do (docs/ann.md).
"""

from __future__ import annotations

import numpy as np

from recommender.ann import Effort
from recommender.ann.cells import Scope, nearest_rows
from recommender.store import Forest


class Candidates:
    """The nearest rows to a point, from the main forest or within a scope."""

    def __init__(self, forest: Forest, vectors: np.ndarray) -> None:
        self.forest = forest
        self.vectors = vectors

    def __len__(self) -> int:
        return len(self.forest)

    def nearest(
        self, target: np.ndarray, n: int, effort: Effort, scope: Scope | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the `n` nearest songs to `target` (in `scope` when given), nearest first,
        with their distances."""
        if scope is None:
            return self.forest.nearest(target, n, effort)
        n = min(n, len(scope))
        if scope.cells is not None:
            rows, dists = scope.cells.nearest(self.vectors, target, n)
            if len(rows) >= n:  # else the probed cells were too few: scan them all
                return rows, dists
        return self.exact(target, n, scope.rows)

    def exact(self, target: np.ndarray, n: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The `n` nearest of `rows` to `target` by exact distance, nearest first."""
        return nearest_rows(self.vectors, rows, target, n)

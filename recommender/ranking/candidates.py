"""Candidates from the one index: the nearest songs to a point, in the whole catalog or only
among a genre's (or subgenre's) rows.

A genre has no index of its own (a forest per genre and subgenre repeated every track, 41% of
the disk at a million tracks). Its rows are a sorted array, and a list within it is found in
one of two ways, whichever inspects less:

- over-fetch: the main index's nearest songs, kept when they are in the genre, fetching more
  (×4 each time) until enough survive. A genre that holds a sixth of the catalog needs about
  six times the songs; a seed far from the genre needs more.
- exact: distances to every row of the genre, when that costs less than the next over-fetch
  would (a small genre, or a seed the genre is far from). Exact is always right, so the
  over-fetch never has to give up on a song, only on time.

Either way the `n` candidates returned are the genre's `n` nearest (as near as the index
finds them): the survivors of an over-fetch are every genre row within the fetched radius.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from recommender.ann import Effort
from recommender.store import Forest

# An ANN node inspected costs about as much as this many rows scanned exactly (annoy at 1M
# tracks: ~0.15 µs a node against ~0.03 µs a gathered 13-float row; docs/ann.md).
NODE_COST_IN_ROWS = 5.0
OVERFETCH_MARGIN = 2.0  # first over-fetch: this many times the genre's share would need
GROWTH = 4
# Nodes inspected per fetched song in an over-fetch: the survivors sit anywhere in a long
# list, so the list needs less care per song than a short one (recall@10 vs exact filtered
# search: docs/ann.md).
OVERFETCH_EFFORT = 10


@dataclass(frozen=True)
class Scope:
    """The rows a list is confined to: a genre's or subgenre's, sorted ascending."""

    rows: np.ndarray
    catalog_size: int

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def share(self) -> float:
        return len(self.rows) / max(self.catalog_size, 1)

    def holds(self, rows: np.ndarray) -> np.ndarray:
        """For each of `rows`, whether it is in the scope (a binary search each)."""
        if not len(self.rows):
            return np.zeros(len(rows), dtype=bool)
        at = np.searchsorted(self.rows, rows)
        return self.rows[np.minimum(at, len(self.rows) - 1)] == rows


class Candidates:
    """The nearest rows to a point, from the main forest or an exact scan of a scope."""

    def __init__(
        self, forest: Forest, vectors: np.ndarray, node_cost: float = NODE_COST_IN_ROWS
    ) -> None:
        """`node_cost`: an ANN node's cost in rows scanned (0: always over-fetch first)."""
        self.forest = forest
        self.vectors = vectors
        self.node_cost = node_cost

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
        fetch = int(np.ceil(n / max(scope.share, 1e-9) * OVERFETCH_MARGIN))
        while fetch < len(self.forest) and self._cheaper_than_exact(fetch, len(scope)):
            rows, dists = self.forest.nearest(target, fetch, OVERFETCH_EFFORT)
            inside = scope.holds(rows)
            if int(inside.sum()) >= n:
                return rows[inside][:n], dists[inside][:n]
            fetch *= GROWTH
        return self.exact(target, n, scope.rows)

    def _cheaper_than_exact(self, fetch: int, rows: int) -> bool:
        return fetch * OVERFETCH_EFFORT * self.node_cost < rows

    def exact(self, target: np.ndarray, n: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The `n` nearest of `rows` to `target` by exact distance, nearest first."""
        rows = np.asarray(rows, dtype=np.int64)
        diff = np.asarray(self.vectors[rows], dtype=np.float32) - target.astype(np.float32)
        d2 = np.einsum("ij,ij->i", diff, diff)
        if n < len(rows):
            top = np.argpartition(d2, n - 1)[:n]
            top = top[np.argsort(d2[top], kind="stable")]
        else:
            top = np.argsort(d2, kind="stable")
        return rows[top], np.sqrt(d2[top].astype(np.float64))

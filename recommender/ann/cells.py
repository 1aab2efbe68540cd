"""Cells over a genre's rows, so a list within a large genre scans a few thousand of its rows
instead of all of them (an inverted file, as IVF indexes call it).

The genre's rows are grouped by their nearest of C centroids (k-means on a sample, in NumPy:
the same input gives the same cells). A query computes exact distances to the rows of the
PROBES cells whose centroids are nearest. Cells hold catalog rows, not vectors: the distances
read the catalog's one copy of the vectors, so a genre costs 4 bytes a row plus its centroids.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ROWS_PER_CELL = 256
PROBES = 24  # recall@10 vs exact filtered search >= 0.99 at a million tracks (docs/ann.md)
MIN_ROWS = 2 * PROBES * ROWS_PER_CELL  # below this, scanning every row costs about as little
MAX_CELLS = 4096
SAMPLE_PER_CELL = 20
ITERATIONS = 10
CHUNK = 65_536  # rows assigned at a time: bounded memory at ten million tracks


@dataclass(frozen=True)
class Cells:
    """A genre's rows grouped by nearest centroid."""

    rows: np.ndarray  # catalog rows, grouped by cell
    bounds: np.ndarray  # cell i holds rows[bounds[i]:bounds[i + 1]]
    centroids: np.ndarray  # float32, one per cell

    def nearest(
        self, vectors: np.ndarray, target: np.ndarray, n: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """The `n` nearest rows (of the probed cells) to `target`, nearest first."""
        target = np.asarray(target, dtype=np.float32)
        gaps = _squared(self.centroids, target)
        probes = min(PROBES, len(gaps))
        near = np.argpartition(gaps, probes - 1)[:probes]
        rows = np.concatenate([self.rows[self.bounds[c] : self.bounds[c + 1]] for c in near])
        return nearest_rows(vectors, rows, target, n)


def nearest_rows(
    vectors: np.ndarray, rows: np.ndarray, target: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """The `n` of `rows` nearest `target` by exact distance, nearest first, with distances."""
    rows = np.asarray(rows, dtype=np.int64)
    d2 = _squared(np.asarray(vectors[rows], dtype=np.float32), target.astype(np.float32))
    if n < len(rows):
        top = np.argpartition(d2, n - 1)[:n]
        top = top[np.argsort(d2[top], kind="stable")]
    else:
        top = np.argsort(d2, kind="stable")
    return rows[top], np.sqrt(d2[top].astype(np.float64))


def _squared(points: np.ndarray, target: np.ndarray) -> np.ndarray:
    diff = points - target
    return np.einsum("ij,ij->i", diff, diff)


def _assign(points: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Each point's nearest centroid, a chunk at a time."""
    norms = np.einsum("ij,ij->i", centroids, centroids)
    out = np.empty(len(points), dtype=np.int32)
    for start in range(0, len(points), CHUNK):
        chunk = np.asarray(points[start : start + CHUNK], dtype=np.float32)
        out[start : start + CHUNK] = np.argmin(norms[None, :] - 2.0 * chunk @ centroids.T, axis=1)
    return out


@dataclass(frozen=True)
class Scope:
    """The rows a list is confined to (a genre's or subgenre's, ascending), and their cells
    (None: few enough rows to scan them all)."""

    rows: np.ndarray
    cells: Cells | None = None

    def __len__(self) -> int:
        return len(self.rows)


def build_cells(
    vectors: np.ndarray, rows: np.ndarray, seed: int, min_rows: int = MIN_ROWS
) -> Cells | None:
    """Cells over `rows` (catalog rows) of `vectors`; None for a genre small enough to scan."""
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) < max(min_rows, 2 * PROBES):
        return None
    count = int(min(MAX_CELLS, max(len(rows) // ROWS_PER_CELL, 2 * PROBES)))
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(rows, min(len(rows), SAMPLE_PER_CELL * count), replace=False))
    points = np.asarray(vectors[sample], dtype=np.float32)
    centroids = points[rng.choice(len(points), count, replace=False)].copy()
    for _ in range(ITERATIONS):  # Lloyd's k-means; an emptied cell keeps its centroid
        label = _assign(points, centroids)
        sums = np.zeros_like(centroids, dtype=np.float64)
        np.add.at(sums, label, points)
        sizes = np.bincount(label, minlength=count)
        filled = sizes > 0
        centroids[filled] = (sums[filled] / sizes[filled, None]).astype(np.float32)
    label = _assign(vectors[rows], centroids)
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], np.arange(count + 1)).astype(np.int64)
    return Cells(rows[order].astype(np.int32), bounds, centroids)

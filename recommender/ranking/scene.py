"""Ranking the audio neighbours with the playlist scene.

Default ("sounds alike"): the nearest `POOL` (+20%) songs by audio, re-ordered by audio
distance minus `SCENE_WEIGHT` × scene similarity, then filtered in that order, so a song that
people put in playlists beside the seed's artist moves up, but only from among songs that
already sound alike (about three in four picks stay in the audio top 50).

"Same scene": every song is a candidate; scene similarity leads, then closeness in release
year and popularity (the era and reach playlists are built around), then audio.

The weights were chosen on training playlists only (docs/evaluation.md). Without a scene
(a catalog with neither playlists nor albums that pair artists) both are pure audio.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from recommender.catalog.scene import SceneEmbedding
from recommender.ranking.neighbours import Filters, Neighbours
from recommender.store import Forest

POOL = 200  # audio neighbours the default re-orders (chosen on training playlists, docs)
POOL_SEARCH_K = 10  # ANNOY nodes inspected per pooled song
SCENE_WEIGHT = 0.6  # scene similarity, in units of the catalog's typical audio distance
SCENE_AUDIO_WEIGHT = 0.2  # "same scene": how much audio still counts
SCENE_ERA_WEIGHT = 1.0  # "same scene": closeness in release year + popularity
SCENE_SHORTLIST = 300  # "same scene": best-scored songs passed through the filters
SCENE_CANDIDATES = 50_000  # "same scene" on a large catalog: songs scored in full, by scene
LIFT_COSINE = 0.5  # below this the scene is too loose to name as the reason


class Pick(NamedTuple):
    row: int
    distance: float  # audio distance to the target (what the similarity score shows)
    lifted_by: str | None = None  # "in playlists": on the list only because of the scene


class Ranking:
    """Orders candidates for one index; built with the scene it should use (or None)."""

    def __init__(
        self,
        neighbours: Neighbours,
        vectors: np.ndarray,
        scale: float,
        scene: SceneEmbedding | None,
        era_columns: list[int] = (),
        pool: int = POOL,
        scene_weight: float = SCENE_WEIGHT,
    ) -> None:
        self.neighbours = neighbours
        self.vectors = vectors
        self.scale = scale
        self.scene = scene
        self.era_columns = list(era_columns)  # vector columns of release year and popularity
        self.pool = pool
        self.scene_weight = scene_weight

    def rank(
        self,
        forest: Forest,
        target: np.ndarray,
        n: int,
        filters: Filters,
        seed_row: int | None,
        same_scene: bool = False,
    ) -> list[Pick]:
        """The `n` songs to list, best first."""
        if self.scene is None or seed_row is None:
            return [Pick(r, d) for r, d in self.neighbours.search(forest, target, n, filters)]
        if same_scene:
            return self._same_scene(forest, target, n, filters, seed_row)
        return self._rerank(forest, target, n, filters, seed_row)

    def _rerank(self, forest, target, n, filters, seed_row) -> list[Pick]:
        size = len(forest.index)
        want = max(self.pool, n)
        fetch = min(size, want + want // 5)  # a few spare for the filters to eat
        # A re-ranked pool may be slightly approximate: 10 nodes per item instead of 50 gives
        # the same held-out precision (0.0782 vs 0.0783) at 0.27 ms instead of 1 ms.
        ids, dists = forest.index.nearest(target, fetch, search_k=POOL_SEARCH_K * fetch)
        rows = np.asarray(ids, dtype=np.int64)
        if forest.rows is not None:
            rows = np.asarray(forest.rows)[rows]
        picked = self._reorder(rows, np.asarray(dists), n, filters, seed_row)
        if len(picked) < min(n, size - 1):  # filters ate too much: the careful search
            pool = self.neighbours.search(forest, target, want, filters)
            rows = np.array([r for r, _ in pool], dtype=np.int64)
            picked = self._reorder(rows, np.array([d for _, d in pool]), n, filters, seed_row)
        return picked

    def _reorder(self, rows, dists, n, filters, seed_row) -> list[Pick]:
        """`rows` (nearest first by audio) re-ordered with the scene, then filtered; the
        filters see the final order, so the per-artist cap holds for the list shown."""
        if len(rows) == 0:
            return []
        closeness = self.scene.similarity(seed_row, rows)
        order = np.argsort(dists / self.scale - self.scene_weight * closeness, kind="stable")
        picked = self.neighbours.select(rows[order], dists[order], n, filters)
        # Lifted: by audio alone (same filters) it would not have made the first n.
        by_audio = {r for r, _ in self.neighbours.select(rows, dists, n, filters)}
        return self._picks(picked, by_audio, seed_row)

    def _picks(self, picked, by_audio, seed_row) -> list[Pick]:
        if not picked:
            return []
        near = self.scene.similarity(seed_row, np.array([r for r, _ in picked], dtype=np.int64))
        return [
            Pick(r, d, self.scene.where if r not in by_audio and c >= LIFT_COSINE else None)
            for (r, d), c in zip(picked, near, strict=True)
        ]

    def _same_scene(self, forest, target, n, filters, seed_row) -> list[Pick]:
        if forest.rows is None:  # the whole catalog: no copies of the big matrices
            rows, vectors = np.arange(len(self.vectors)), self.vectors
            closeness = self.scene.similarity(seed_row)
        else:
            rows = np.asarray(forest.rows)
            vectors = self.vectors[rows]
            closeness = self.scene.similarity(seed_row, rows)
        if len(rows) > SCENE_CANDIDATES:  # the scene leads: only its nearest need distances
            keep = np.sort(np.argpartition(-closeness, SCENE_CANDIDATES)[:SCENE_CANDIDATES])
            rows, closeness = rows[keep], closeness[keep]
            vectors = self.vectors[rows]
        diff = vectors - target
        dists = np.sqrt(np.einsum("ij,ij->i", diff, diff))
        era = np.abs(diff[:, self.era_columns]).sum(axis=1) if self.era_columns else 0.0
        score = -closeness + (SCENE_AUDIO_WEIGHT * dists + SCENE_ERA_WEIGHT * era) / self.scale
        shortlist = max(SCENE_SHORTLIST, 4 * n)
        picked: list[tuple[int, float]] = []
        while True:
            top = np.argpartition(score, min(shortlist, len(score) - 1))[:shortlist]
            top = top[np.argsort(score[top], kind="stable")]
            picked = self.neighbours.select(rows[top], dists[top], n, filters)
            if len(picked) >= n or shortlist >= len(score):
                break
            shortlist *= 4
        audio_first = {r for r, _ in self.neighbours.search(forest, target, n, filters)}
        return self._picks(picked, audio_first, seed_row)


def era_columns(columns: list[str]) -> list[int]:
    """Where release year and popularity sit in the vectors (absent columns are skipped)."""
    return [columns.index(c) for c in ("year", "popularity") if c in columns]

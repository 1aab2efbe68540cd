"""One ranking pipeline for every list:

    candidates  the index's nearest songs to the target, within the genre when one is given
                (`ranking.candidates`; for "same scene": the seed's scene)
    -> steer    targets weigh their features more                    (when a mood/target asks)
    -> scene    one song seed: its playlist scene pulls (unsteered lists) or leads (scene=True)
    -> filter   the list's filters, in order of fit (`Neighbours.select`)
    -> picks    row, fit distance, and which scene lifted it

Each stage refines one number per candidate, its *fit distance*: the audio distance to the
(steered) target, with the scene's gap folded in when the scene ranks (`ranking.scene`), in
the catalog's units of distance. Picks come out in order of it, so the score shown from it
(`Describer.similarity`: 1 = exactly what was asked, 0.5 a typical distance away) never rises
down a list, whatever stages ran.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from recommender.ann.cells import Scope
from recommender.catalog.scene import SceneEmbedding
from recommender.ranking.candidates import Candidates
from recommender.ranking.neighbours import Filters, Neighbours
from recommender.ranking.scene import (
    LIFT_COSINE,
    POOL,
    SCENE_SHORTLIST,
    SCENE_WEIGHT,
    pulled_fit,
    same_scene_fit,
    scene_rows,
)
from recommender.ranking.steering import STEERED_POOL, emphasised_distances
from recommender.store import Forest


@dataclass(frozen=True)
class Aim:
    """What a list is aimed at: a point, how targets weigh its columns, and the one song
    whose playlist scene may rank the list (`same_scene`: lead it, not just pull)."""

    target: np.ndarray
    emphasis: np.ndarray | None = None  # None: plain distance
    seed_row: int | None = None
    same_scene: bool = False


class Pick(NamedTuple):
    row: int
    distance: float  # fit distance: to the (steered) target, scene folded in; the score's basis
    lifted_by: str | None = None  # "in playlists": on the list only because of the scene


class Pipeline:
    """Ranks candidates from one catalog's forests; built with the scene it should use (or
    None) and the tuned knobs."""

    def __init__(
        self,
        filters: Neighbours,
        vectors: np.ndarray,
        scale: float,
        scene: SceneEmbedding | None,
        era_columns: Sequence[int] = (),
        pool: int = POOL,
        scene_weight: float = SCENE_WEIGHT,
    ) -> None:
        self.filters = filters
        self.vectors = vectors
        self.scale = scale
        self.scene = scene
        self.era_columns = list(era_columns)  # vector columns of release year and popularity
        self.pool = pool
        self.scene_weight = scene_weight

    def variant(self, scene: SceneEmbedding | None, **knobs) -> Pipeline:
        """The same pipeline with another scene (or none) and knobs (`pool`, `scene_weight`):
        what the evaluation compares."""
        knobs = {"pool": self.pool, "scene_weight": self.scene_weight, **knobs}
        return Pipeline(self.filters, self.vectors, self.scale, scene, self.era_columns, **knobs)

    def _scene(self) -> SceneEmbedding:
        """The scene, for the stages `rank` runs only when there is one."""
        if self.scene is None:
            raise RuntimeError("this index has no playlist scene")
        return self.scene

    def rank(
        self, forest: Forest, aim: Aim, n: int, filters: Filters, scope: Scope | None = None
    ) -> list[Pick]:
        """The `n` songs to list, best fit first; only songs in `scope` when given."""
        found = Candidates(forest, self.vectors)
        seed = aim.seed_row if self.scene is not None else None
        if seed is not None and aim.same_scene:
            return self._same_scene(found, aim, seed, n, filters, scope)
        if aim.emphasis is not None:
            # The pull was tuned on unsteered lists; under targets it dilutes them (a low
            # energy target's list: mean 0.48 -> 0.54), so steered lists use the scene only
            # when asked to (same scene, above).
            seed = None
        return self._nearest(found, aim, seed, n, filters, scope)

    # -- candidates from the index ---------------------------------------------------------

    def _nearest(
        self, found: Candidates, aim: Aim, seed, n: int, filters: Filters, scope: Scope | None
    ) -> list[Pick]:
        size = len(scope) if scope is not None else len(found)
        steered = aim.emphasis is not None
        if seed is not None:  # the scene re-orders a pool: a few spare beyond it
            want = max(self.pool, n)
            fetch, effort = want + want // 5, "pool"
        elif steered:  # the targets re-order a pool
            fetch, effort = max(3 * n + 10, STEERED_POOL), "steered"
        else:
            fetch, effort = 3 * n + 10, "careful"  # spares for the filters to eat
        fetch = min(size, fetch)
        while True:
            rows, dists = found.nearest(aim.target, fetch, effort, scope)
            if aim.emphasis is not None:
                dists = emphasised_distances(self.vectors, rows, aim.target, aim.emphasis)
            picks = self._ordered(rows, dists, seed, n, filters)
            if len(picks) >= n or fetch >= size:
                return picks
            fetch, effort = min(size, fetch * 4), "careful"  # filters ate too much

    def _ordered(self, rows, dists, seed, n: int, filters: Filters) -> list[Pick]:
        """The scene stage (when a seed has a scene) and the filters, in order of fit."""
        if seed is None:
            order = np.argsort(dists, kind="stable")
            picked = self.filters.select(rows[order], dists[order], n, filters)
            return [Pick(r, d) for r, d in picked]
        closeness = self._scene().similarity(seed, rows)
        fit = pulled_fit(dists / self.scale, closeness, self.scene_weight) * self.scale
        order = np.argsort(fit, kind="stable")
        picked = self.filters.select(rows[order], fit[order], n, filters)
        # Lifted: by audio alone (same filters) it would not have made the first n.
        by_audio = np.argsort(dists, kind="stable")
        audio_first = {
            r for r, _ in self.filters.select(rows[by_audio], dists[by_audio], n, filters)
        }
        return self._lifted(picked, audio_first, seed)

    # -- "same scene": candidates from the seed's scene -------------------------------------

    def _same_scene(
        self, found: Candidates, aim: Aim, seed: int, n, filters, scope: Scope | None
    ) -> list[Pick]:
        within = scope.rows if scope is not None else None
        rows, closeness = scene_rows(self._scene(), seed, within, len(self.vectors))
        whole = len(rows) == len(self.vectors)  # the whole catalog: no copy of the vectors
        diff = (self.vectors if whole else self.vectors[rows]) - aim.target
        if aim.emphasis is None:
            dists = np.sqrt(np.einsum("ij,ij->i", diff, diff))
        else:  # as `emphasised_distances`, in one pass over the whole catalog
            weights = (aim.emphasis / aim.emphasis.mean()).astype(diff.dtype)
            dists = np.sqrt(np.einsum("ij,ij,j->i", diff, diff, weights))
        era = np.abs(diff[:, self.era_columns]).sum(axis=1) if self.era_columns else 0 * dists
        fit = same_scene_fit(dists / self.scale, closeness, era / self.scale) * self.scale
        shortlist = max(SCENE_SHORTLIST, 4 * n)
        while True:
            top = np.argpartition(fit, min(shortlist, len(fit) - 1))[:shortlist]
            top = top[np.argsort(fit[top], kind="stable")]
            picked = self.filters.select(rows[top], fit[top], n, filters)
            if len(picked) >= n or shortlist >= len(fit):
                break
            shortlist *= 4
        audio_first = {p.row for p in self._nearest(found, aim, None, n, filters, scope)}
        return self._lifted(picked, audio_first, seed)

    def _lifted(self, picked, audio_first: set[int], seed: int) -> list[Pick]:
        """Picks, naming the scene on those it brought in from outside the audio top n."""
        if not picked:
            return []
        scene = self._scene()
        near = scene.similarity(seed, np.array([r for r, _ in picked], dtype=np.int64))
        return [
            Pick(r, d, scene.where if r not in audio_first and c >= LIFT_COSINE else None)
            for (r, d), c in zip(picked, near, strict=True)
        ]

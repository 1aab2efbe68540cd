"""Targets and popularity bands turned into a query point and a ranking emphasis.

A target replaces the query point's value for its feature (in the index's standardised,
weighted units) and counts EMPHASIS times more when candidates are ranked, so a song far
from the target sinks but is never cut. A popularity band is a hard band of the catalog's own
distribution; the point's popularity moves to the band's middle so the index finds songs
inside it first.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from recommender.catalog.features import FeatureSpace
from recommender.catalog.tracks import TrackTable
from recommender.ranking.moods import resolve_levels

EMPHASIS = 4.0  # a targeted feature's squared gap counts this many times when ranking
STEERED_POOL = 200  # candidates re-ranked by fit when targets pull the list (see knobs report)


class Steering:
    def __init__(
        self,
        space: FeatureSpace,
        tracks: TrackTable,
        bands: Mapping[str, tuple[float, float]],
    ) -> None:
        self.columns = list(space.columns)
        self.mean = np.asarray(space.mean_, dtype=np.float64)
        self.scale = np.asarray(space.scale_, dtype=np.float64)
        self.weights = space.weight_vector()
        self.tracks = tracks
        self.bands = bands  # decided at build, over songs (`catalog.releases`)

    def band(self, name: str) -> tuple[float, float] | None:
        """(lowest, highest) popularity of a band; None for "any" or an unknown popularity."""
        return self.bands.get(name)

    def targets(self, wanted: Mapping[str, float | str]) -> dict[str, float]:
        """Targets as numbers in each feature's units (level words become percentiles)."""
        return resolve_levels(wanted, self.tracks.sorted_audio)  # sorted on first use

    def point(
        self,
        base: np.ndarray,
        targets: Mapping[str, float],
        band: tuple[float, float] | None,
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """The query point (base with targets and band put in) and the per-column emphasis
        for ranking (None when nothing is targeted: plain distance)."""
        point = np.array(base, dtype=np.float64)
        emphasis = np.ones(len(self.columns))
        for name, value in targets.items():
            if name in self.columns:
                i = self.columns.index(name)
                point[i] = self._scaled(i, value)
                emphasis[i] = EMPHASIS
        if band is not None and "popularity" in self.columns:
            i = self.columns.index("popularity")
            point[i] = self._scaled(i, (band[0] + band[1]) / 2)
        targeted = bool(targets)
        return point.astype(np.float32), (emphasis if targeted else None)

    def _scaled(self, column: int, value: float) -> float:
        return (value - self.mean[column]) / self.scale[column] * self.weights[column]


def emphasised_distances(
    vectors: np.ndarray, rows: np.ndarray, target: np.ndarray, emphasis: np.ndarray
) -> np.ndarray:
    """The steer stage: each row's distance to `target` with targeted columns weighed more
    (normalised so an all-ones emphasis gives the plain distance)."""
    if not len(rows):
        return np.zeros(0)
    gaps = np.asarray(vectors[rows], dtype=np.float64) - target
    return np.sqrt((gaps * gaps * emphasis).sum(axis=1) / emphasis.mean())

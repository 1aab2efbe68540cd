"""A bridge: songs that move step by step from one song's sound to another's.

Each step is the song nearest a waypoint on the straight line between the two songs, among
those strictly closer to the destination than the step before — so every step gets closer,
no song appears twice, and no artist fills more than the usual two places.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from recommender.catalog.tracks import TrackTable
from recommender.errors import InvalidQueryError
from recommender.models import BridgeStep, Recommendation, Resolution, Track
from recommender.ranking.neighbours import Filters, Neighbours
from recommender.store import Forest

MAX_STEPS = 25  # one Discord page
DEFAULT_STEPS = 8
ARTIST_CAP = 2
CANDIDATES = 60  # songs near each waypoint looked at; more only when all are used or too far
MAX_CANDIDATES = 1000  # past this, the step is left out rather than scanning the catalog


@dataclass(frozen=True, slots=True)
class Bridge:
    """From `start` to `end` through `steps`; each step's reason says how far along it is."""

    start: Resolution
    end: Resolution
    steps: tuple[Recommendation, ...]

    @property
    def tracks(self) -> tuple[Track, ...]:
        """The whole way, both ends included (what an export holds)."""
        return (self.start.track, *(s.track for s in self.steps), self.end.track)


class BridgeMaker:
    """Builds bridges over one catalog from what a bridge needs: a name resolver, the track
    table, the vectors, the whole catalog's forest, the list filters and the score."""

    def __init__(
        self,
        resolve: Callable[[str], tuple[int, Resolution]],
        tracks: TrackTable,
        vectors: np.ndarray,
        forest: Forest,
        filters: Neighbours,
        similarity: Callable[[float], float],
    ) -> None:
        self.resolve = resolve
        self.tracks = tracks
        self.vectors = vectors
        self.forest = forest
        self.filters = filters
        self.similarity = similarity

    def bridge(self, start: str, end: str, steps: int = DEFAULT_STEPS) -> Bridge:
        """Songs moving step by step from `start`'s sound to `end`'s (names, ids or links)."""
        if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
            raise InvalidQueryError(f"steps must be from 1 to {MAX_STEPS}, got {steps}.")
        a_row, a = self.resolve(start)
        b_row, b = self.resolve(end)
        keys = self.tracks.song_keys
        if keys[a_row] == keys[b_row]:
            raise InvalidQueryError(
                f"Both ends are {a.track.label}; pick two different songs to bridge."
            )
        origin = np.asarray(self.vectors[a_row], dtype=np.float64)
        goal = np.asarray(self.vectors[b_row], dtype=np.float64)
        span = float(np.linalg.norm(goal - origin))
        used = {keys[a_row], keys[b_row]}
        per_artist: dict[str, int] = {}
        for row in (a_row, b_row):
            artist = self.tracks.artist_keys[row]
            per_artist[artist] = per_artist.get(artist, 0) + 1
        last = span
        picked: list[Recommendation] = []
        for i in range(1, steps + 1):
            waypoint = origin + (goal - origin) * i / (steps + 1)
            found = self._step(waypoint, goal, last, used, per_artist)
            if found is None:
                continue  # nothing left between here and the goal: fewer, still monotone steps
            row, to_goal, to_waypoint = found
            used.add(keys[row])
            artist = self.tracks.artist_keys[row]
            per_artist[artist] = per_artist.get(artist, 0) + 1
            last = to_goal
            along = 1 - to_goal / span if span else 1.0
            score = round(self.similarity(to_waypoint), 4)
            reason = BridgeStep(along, b.track.name)
            picked.append(Recommendation(self.tracks.track(row), score, reason))
        return Bridge(a, b, tuple(picked))

    def _step(self, waypoint, goal, last, used, per_artist) -> tuple[int, float, float] | None:
        """(row, distance to goal, distance to waypoint) of the song nearest `waypoint` that
        is new, within the artist cap, and closer to `goal` than `last`."""
        filters = Filters(
            cap=ARTIST_CAP,
            skip_songs=set(used),
            skip_artists={a for a, n in per_artist.items() if n >= ARTIST_CAP},
            best_release=False,  # the step found is the one closer to the goal
        )
        size = len(self.forest)
        fetch = min(size, CANDIDATES)
        target = waypoint.astype(np.float32)
        while True:
            rows, dists = self.forest.nearest(target, fetch, "careful")
            gaps = np.asarray(self.vectors[rows], dtype=np.float64) - goal
            to_goal = np.linalg.norm(gaps, axis=1)
            closer = to_goal < last - 1e-9
            chosen = self.filters.select(rows[closer], dists[closer], 1, filters)
            if chosen:
                row, to_waypoint = chosen[0]
                return row, float(to_goal[rows == row][0]), to_waypoint
            if fetch >= min(size, MAX_CANDIDATES):
                return None
            fetch = min(size, MAX_CANDIDATES, fetch * 4)

"""A radio that keeps course by what the listener presses: one song at a time, and every
press moves where the next one comes from.

The course is a point in the index's standardised, weighted feature space, starting where
the same query's list would aim (`Recommender.plan`: the seeds' blend, a genre's centre, a
mood's targets). Presses move it, in order, so older presses fade (in-session decay):

    like  v:  course <- course + LIKE_PULL × (v - course)        (Rocchio: toward the song)
    skip  v:  course <- course - SKIP_PUSH × (v - course)        (Rocchio: away from it)

Each skipped song can also keep an *exclusion radius* (EXCLUSION_RADIUS typical distances,
ranked up to EXCLUSION_PENALTY farther on top of it); measured on training playlists it did
not help once skips push the course, so it ships off (docs/radio.md). A "never" is a skip
that the member's dislikes also remember.

Candidates come from the index around the course, are ranked by distance to it (with the
query's emphasis when a mood steers), pulled by the *scene* of the songs liked so far (the
seed counts as liked) as `similar` is pulled by its seed's but harder (SCENE_WEIGHT), then
filtered: nothing played, skipped or disliked comes back (nor another version of it), at most
ARTIST_CAP songs per artist in a session and never the same artist twice in a row. The next
song is drawn among the best EXPLORE with a seeded generator (the session's seed and step), so
a session does not collapse onto one corner yet replays the same way. docs/radio.md has the
figures behind each knob (tuned on training playlists only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import numpy as np

from recommender.models import Recommendation, Track
from recommender.query import Query
from recommender.ranking.pipeline import Pick, Pipeline
from recommender.ranking.scene import pulled_fit
from recommender.ranking.steering import emphasised_distances

if TYPE_CHECKING:
    from recommender.engine import Plan, Recommender

PressKind = Literal["like", "skip", "never"]
PRESS_KINDS: tuple[PressKind, ...] = ("like", "skip", "never")

LIKE_PULL = 0.5  # share of the way the course moves toward a liked song
SKIP_PUSH = 0.2  # share of the gap the course moves away from a skipped song
EXCLUSION_RADIUS = 0.6  # typical distances around a skipped song that are held back
# How much farther (typical distances) a song on top of a skip ranks. Off: on training
# playlists it cost a little (0.050 -> 0.048 liked on steps 6-20) once skips push the course.
EXCLUSION_PENALTY = 0.0
EXPLORE = 2  # the next song is drawn among this many best
EXPLORE_WEIGHTS = (0.8, 0.2)  # ...with these chances, best first
ARTIST_CAP = 4  # songs per artist in one session (and never the same artist twice running)
POOL = 200  # candidates ranked per step (the scene pull's pool in `similar`)
SCENE_WEIGHT = 2.0  # the liked songs' scene, against 1 for the audio gap (`similar`: 0.6)
PREVIEW = 2  # songs shown as coming next


@dataclass(frozen=True, slots=True)
class Press:
    """What the listener did with one song the radio played."""

    track_id: str
    kind: PressKind


@dataclass(frozen=True)
class Knobs:
    """The rule's settings, one place (the evaluation compares variants)."""

    like_pull: float = LIKE_PULL
    skip_push: float = SKIP_PUSH
    exclusion_radius: float = EXCLUSION_RADIUS
    exclusion_penalty: float = EXCLUSION_PENALTY
    explore: int = EXPLORE
    explore_weights: tuple[float, ...] = EXPLORE_WEIGHTS
    artist_cap: int = ARTIST_CAP
    pool: int = POOL
    scene_weight: float | None = SCENE_WEIGHT  # None: as `similar` weighs its seed's scene
    adaptive: bool = True  # False: presses move nothing (only what was played is left out)


@dataclass(frozen=True)
class RadioTurn:
    """The radio after the presses so far: the song to play, the next ones, what it learned."""

    now: Recommendation | None  # None: no song passes the filters any more
    upcoming: tuple[Recommendation, ...]
    step: int  # 1 for the first song
    because: Track | None = None  # the liked song (or seed) `now` sounds most like
    more_like: tuple[Track, ...] = ()  # liked in this session, newest first
    less_like: tuple[Track, ...] = ()  # skipped or never, newest first
    course: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)

    @property
    def exhausted(self) -> bool:
        return self.now is None


class Radio:
    """Radio turns over one recommender. `pipeline` (default: the recommender's) is what
    the evaluation swaps for one whose scene was fitted on training playlists only."""

    def __init__(
        self, rec: Recommender, pipeline: Pipeline | None = None, knobs: Knobs | None = None
    ) -> None:
        self.rec = rec
        self.pipeline = pipeline or rec.pipeline
        self.knobs = knobs or Knobs()

    def turn(
        self, query: Query, presses: Sequence[Press] = (), seed: int = 0, preview: int = PREVIEW
    ) -> RadioTurn:
        """The song after `presses` (one per song played, in order) for a radio started from
        `query` (its exclusions: the member's dislikes and left-out artists)."""
        rec, knobs = self.rec, self.knobs
        plan = rec.plan(replace(query, k=1, offset=0))
        presses = [p for p in presses if p.track_id in rec.tracks.row_of]
        rows = [rec.tracks.row_of[p.track_id] for p in presses]
        course = self.course(plan.aim.target, presses, rows)
        liked = [
            *plan.seeds.rows,
            *(r for p, r in zip(presses, rows, strict=True) if p.kind == "like"),
        ]
        skipped = [r for p, r in zip(presses, rows, strict=True) if p.kind != "like"]
        picks = self._ranked(plan, course, liked, skipped, rows, 1 + preview + knobs.explore)
        tracks = rec.tracks
        more = tuple(
            tracks.track(r) for p, r in zip(presses, rows, strict=True) if p.kind == "like"
        )[::-1]
        less = tuple(tracks.track(r) for r in skipped)[::-1]
        step = len(presses) + 1
        if not picks:
            return RadioTurn(None, (), step, None, more, less, course)
        chosen = self._explore(len(picks), seed, step)
        now = picks.pop(chosen)
        upcoming = picks[:preview]
        target = np.asarray(course, dtype=np.float32)
        because = self._because(now.row, liked) if liked else None
        return RadioTurn(
            rec.recommendation(plan, now, target),
            tuple(rec.recommendation(plan, p, target) for p in upcoming),
            step,
            because,
            more,
            less,
            course,
        )

    def course(self, start: np.ndarray, presses: Sequence[Press], rows: Sequence[int]):
        """The course after `presses` (their catalog `rows`), from `start`: each like pulls
        it toward the song, each skip or never pushes it away; later presses weigh more."""
        course = np.asarray(start, dtype=np.float64).copy()
        if not self.knobs.adaptive:
            return course
        vectors = self.rec.vectors
        for press, row in zip(presses, rows, strict=True):
            gap = np.asarray(vectors[row], dtype=np.float64) - course
            if press.kind == "like":
                course += self.knobs.like_pull * gap
            else:
                course -= self.knobs.skip_push * gap
        return course

    def _ranked(
        self,
        plan: Plan,
        course: np.ndarray,
        liked: list[int],
        skipped: list[int],
        played: list[int],
        n: int,
    ) -> list[Pick]:
        """Up to `n` songs for the course, best first, through the session's filters."""
        knobs, pipeline = self.knobs, self.pipeline
        scale = pipeline.scale
        target = np.asarray(course, dtype=np.float32)
        size = len(plan.scope) if plan.scope is not None else len(plan.candidates)
        fetch = min(size, knobs.pool + len(played))
        filters = self._filters(plan, played)
        while True:
            rows, dists = plan.candidates.nearest(target, fetch, "pool", plan.scope)
            if plan.aim.emphasis is not None:
                dists = emphasised_distances(pipeline.vectors, rows, target, plan.aim.emphasis)
            fit = dists / scale
            if knobs.adaptive and skipped:
                fit = fit + self._exclusion(rows, skipped)
            scene = pipeline.scene
            anchors = liked if knobs.adaptive else liked[:1]
            if scene is not None and anchors:
                centre = np.asarray(scene.positions(anchors), dtype=np.float32).mean(axis=0)
                closeness = np.einsum("ij,j->i", scene.positions(rows), centre)
                closeness /= max(float(np.linalg.norm(centre)), 1e-9)
                weight = knobs.scene_weight
                fit = pulled_fit(
                    fit, closeness, pipeline.scene_weight if weight is None else weight
                )
            order = np.argsort(fit, kind="stable")
            picked = pipeline.filters.select(rows[order], fit[order] * scale, n, filters)
            if len(picked) >= n or fetch >= size:
                return [Pick(r, d) for r, d in picked]
            fetch = min(size, fetch * 4)  # the filters ate too much

    def _filters(self, plan: Plan, played: list[int]):
        """The query's filters, plus: nothing played comes back (nor another version of it),
        an artist at the session's cap or just played waits, one song per artist ahead."""
        tracks, cap = self.rec.tracks, self.knobs.artist_cap
        counts: dict[str, int] = {}
        for row in played:
            counts[tracks.artist_keys[row]] = counts.get(tracks.artist_keys[row], 0) + 1
        resting = {a for a, c in counts.items() if c >= cap}
        if played:
            resting.add(tracks.artist_keys[played[-1]])
        base = plan.filters
        return replace(
            base,
            cap=1,
            skip_rows={*base.skip_rows, *played},
            skip_songs=base.skip_songs | {tracks.song_keys[r] for r in played},
            skip_artists={*base.skip_artists, *resting},
        )

    def _exclusion(self, rows: np.ndarray, skipped: list[int]) -> np.ndarray:
        """Extra fit (typical distances) for candidates inside a skipped song's radius."""
        vectors, scale, knobs = self.rec.vectors, self.pipeline.scale, self.knobs
        candidates = np.asarray(vectors[rows], dtype=np.float64)
        penalty = np.zeros(len(rows))
        for row in skipped:
            gap = np.linalg.norm(candidates - np.asarray(vectors[row], dtype=np.float64), axis=1)
            inside = np.clip(1.0 - gap / scale / knobs.exclusion_radius, 0.0, None)
            penalty = np.maximum(penalty, knobs.exclusion_penalty * inside)
        return penalty

    def _explore(self, available: int, seed: int, step: int) -> int:
        """Which of the best songs plays: drawn with the knobs' chances, seeded by the session
        and step (the same session replays the same way)."""
        weights = np.asarray(self.knobs.explore_weights[: min(available, self.knobs.explore)])
        if len(weights) <= 1:
            return 0
        rng = np.random.default_rng((seed, step))
        return int(rng.choice(len(weights), p=weights / weights.sum()))

    def _because(self, row: int, liked: list[int]) -> Track:
        vectors = self.rec.vectors
        gaps = np.linalg.norm(
            np.asarray(vectors[liked], dtype=np.float64) - np.asarray(vectors[row]), axis=1
        )
        return self.rec.tracks.track(liked[int(gaps.argmin())])

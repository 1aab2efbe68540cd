"""A mix from a member's liked songs: the likes are clustered by sound, each cluster asks for
songs like its most central liked song, and the lists are interleaved, so likes that span
styles give a mix that spans them too (an average of rock and lo-fi sounds like neither).

Only NumPy and the public `Recommender`/`Query` API: k-means on a few hundred 13-dimensional
vectors takes well under a millisecond, and nothing here needs scikit-learn at serving time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import numpy as np

from recommender.catalog.tracks import TrackTable
from recommender.models import Recommendation, Recommendations, Track
from recommender.query import Query

MAX_CLUSTERS = 4  # styles a mix covers at most: best of 1-8 on the study's tuning set (docs/mix.md)
KMEANS_ROUNDS = 12
MIX_ARTIST_CAP = 2  # as in every list


@dataclass(frozen=True, slots=True)
class MixPick:
    recommendation: Recommendation
    because: Track  # the liked song this pick sounds most like


@dataclass(frozen=True, slots=True)
class Mix:
    picks: tuple[MixPick, ...]
    clusters: int  # how many styles the likes were grouped into
    missing: tuple[str, ...] = ()  # liked track ids the catalog no longer has


def cluster_count(likes: int, k: int, max_clusters: int = MAX_CLUSTERS) -> int:
    """About √likes groups, never more than songs asked for or `max_clusters`."""
    return max(1, min(max_clusters, k, likes, math.ceil(math.sqrt(likes))))


def kmeans(points: np.ndarray, clusters: int, rounds: int = KMEANS_ROUNDS) -> np.ndarray:
    """Cluster labels for `points`; k-means++ seeding from a fixed seed, so the same likes
    give the same mix."""
    n = len(points)
    if clusters <= 1 or n <= 1:
        return np.zeros(n, dtype=np.intp)
    rng = np.random.default_rng(0)
    centres = [points[int(rng.integers(n))]]
    nearest = ((points - centres[0]) ** 2).sum(axis=1)
    for _ in range(1, clusters):
        if nearest.sum() <= 0:
            break  # fewer distinct points than clusters
        pick = np.searchsorted(np.cumsum(nearest), rng.random() * nearest.sum(), side="right")
        centres.append(points[min(int(pick), n - 1)])
        nearest = np.minimum(nearest, ((points - centres[-1]) ** 2).sum(axis=1))
    centre = np.asarray(centres)
    squared = (points**2).sum(axis=1)[:, None]
    labels = np.full(n, -1, dtype=np.intp)
    for _ in range(rounds):
        # |p - c|² = |p|² - 2 p·c + |c|²: one matrix product instead of an n×k×d array.
        dist = squared - 2 * points @ centre.T + (centre**2).sum(axis=1)[None, :]
        new = dist.argmin(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        onehot = (labels[None, :] == np.arange(len(centre))[:, None]).astype(points.dtype)
        counts = onehot.sum(axis=1)
        sums = onehot @ points
        filled = counts > 0  # an emptied cluster keeps its old centre
        centre[filled] = sums[filled] / counts[filled, None]
    return labels


def taste_groups(points: np.ndarray, clusters: int) -> list[np.ndarray]:
    """A member's likes (their vectors) as `clusters` groups of like-sounding songs at most
    (k-means), each group a non-empty array of indexes into `points`."""
    labels = kmeans(points, clusters)
    groups = [np.flatnonzero(labels == c) for c in range(labels.max() + 1)]
    return [g for g in groups if len(g)]


def most_central(points: np.ndarray, group: np.ndarray) -> int:
    """The index (into `points`) of the group's like nearest its centre: the group's seed."""
    centre = points[group].mean(axis=0)
    return int(group[((points[group] - centre) ** 2).sum(axis=1).argmin()])


def quotas(sizes: Sequence[int], k: int) -> list[int]:
    """Songs per cluster: proportional to its size (largest remainders), at least one each."""
    total = sum(sizes)
    exact = [k * s / total for s in sizes]
    share = [max(1, int(e)) for e in exact]
    order = sorted(range(len(sizes)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in order:
        if sum(share) >= k:
            break
        share[i] += 1
    while sum(share) > k:  # the "at least one" floor overshot: trim the largest
        share[share.index(max(share))] -= 1
    return share


class Mixer:
    """Builds mixes from what a mix needs: a `recommend` callable (each cluster's list is an
    ordinary query), the track table and the vectors."""

    def __init__(
        self,
        recommend: Callable[[Query], Recommendations],
        tracks: TrackTable,
        vectors: np.ndarray,
    ) -> None:
        self.recommend = recommend
        self.tracks = tracks
        self.vectors = vectors

    def mix(
        self,
        liked: Sequence[str],
        k: int = 10,
        genre: str | None = None,
        exclude_tracks: Collection[str] = (),
        exclude_artists: Collection[str] = (),
        max_clusters: int = MAX_CLUSTERS,
        mood: str | None = None,
        popularity: str = "any",
    ) -> Mix:
        """`k` songs for someone who liked `liked` (track ids), none of them liked or
        excluded, each cluster's list steered like any list (`mood`, a `popularity` band).

        Each cluster of likes contributes about its share of the mix; the pick names the liked
        song (within its cluster) it sounds most like."""
        row_of = self.tracks.row_of
        rows = [row_of[t] for t in dict.fromkeys(liked) if t in row_of]
        missing = tuple(t for t in dict.fromkeys(liked) if t not in row_of)
        if not rows:
            return Mix((), 0, missing)
        points = np.asarray(self.vectors[rows], dtype=np.float64)
        groups = taste_groups(points, cluster_count(len(rows), k, max_clusters))
        excluded = frozenset(exclude_tracks)
        ids = [self.tracks.ids[r] for r in rows]
        skip = set(liked) | excluded
        shares = quotas([len(g) for g in groups], k)
        picks: tuple[MixPick, ...] = ()
        for thorough in (False, True):
            lists = []
            for group, share in zip(groups, shares, strict=True):
                central = most_central(points, group)
                # The cluster's own likes crowd its neighbourhood, so the index skips them; the
                # other clusters' likes are rarer there and are skipped when interleaving (a
                # Query normalises every id it is given: all 500 per cluster would cost more).
                # If that leaves the mix short, ask again skipping every like in the index.
                own = frozenset(ids) if thorough else frozenset(ids[i] for i in group)
                query = Query(
                    seeds=(ids[central],),
                    genre=genre,
                    k=(2 * share + 5) if thorough else (share + 3),  # spares for repeats
                    exclude_tracks=excluded | own,
                    exclude_artists=frozenset(exclude_artists),
                    mood=mood,
                    popularity=popularity or "any",
                )
                lists.append((group, share, self.recommend(query).items))
            picks = self._interleave(rows, points, lists, k, skip)
            if len(picks) == k:
                break
        return Mix(picks, len(groups), missing)

    def _interleave(self, rows, points, lists, k: int, skip: set[str]) -> tuple[MixPick, ...]:
        """Take from each cluster's list in turn, up to its share, skipping songs already picked
        and artists already twice in the mix; then fill from the spares."""
        picks: list[MixPick] = []
        seen: set[str] = set()
        per_artist: dict[str, int] = {}

        def take(group, item: Recommendation) -> bool:
            track = item.track
            row = self.tracks.row_of[track.track_id]
            artist = self.tracks.artist_keys[row]
            if (
                track.track_id in seen
                or track.track_id in skip
                or per_artist.get(artist, 0) >= MIX_ARTIST_CAP
            ):
                return False
            seen.add(track.track_id)
            per_artist[artist] = per_artist.get(artist, 0) + 1
            vector = np.asarray(self.vectors[row], dtype=np.float64)
            closest = group[((points[group] - vector) ** 2).sum(axis=1).argmin()]
            picks.append(MixPick(item, self.tracks.track(rows[closest])))
            return True

        taken = [0] * len(lists)
        cursors = [0] * len(lists)
        for spare_round in (False, True):
            progress = True
            while progress and len(picks) < k:
                progress = False
                for i, (group, share, items) in enumerate(lists):
                    if len(picks) >= k or (taken[i] >= share and not spare_round):
                        continue
                    while cursors[i] < len(items):
                        cursors[i] += 1
                        if take(group, items[cursors[i] - 1]):
                            taken[i] += 1
                            progress = True
                            break
        return tuple(picks)

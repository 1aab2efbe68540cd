"""A blend: songs for a group, from each member's likes, chosen so that the member the list
serves least is served as well as possible (max-min), not for the average of everyone's taste
(an average of rock and lo-fi likes sounds like neither member: docs/blend.md measures it).

1. *Candidates.* Each member's likes are grouped by sound as `/mix` groups them (k-means,
   one to four groups, `ranking.mix`); each group asks the index for songs like its most
   central like, leaving out every member's likes, dislikes and left-out artists.
2. *Fit.* How well a candidate suits a member: its similarity to the member's nearest liked
   song, in the scores' units (1 the same sound, 0.5 a typical distance away).
3. *For whom.* A candidate is *for* a member when it fits them at least as well as their own
   `k`-th best candidate: it would have made a list of `k` songs for them alone.
4. *Greedy max-min.* Each pick goes to the member with the fewest picks for them so far (ties:
   the one whose fits so far add up to least, then the first named); it is the candidate that
   fits them best plus `bystander_weight` × the others' mean fit, so of two songs that suit
   them alike the one that also suits the others wins. A pick counts for everyone it is for,
   so a song two members share serves both and the next pick goes to whoever is behind.

Exact max-min over every subset of candidates is a combinatorial search; the greedy rule
(serve whoever is behind, with what helps them most) is the usual approximation and runs in
k × candidates steps. Nobody's dislikes are candidates, and no artist fills more than
`MIX_ARTIST_CAP` picks, as in every list.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from recommender.catalog.tracks import TrackTable
from recommender.errors import InvalidQueryError
from recommender.models import Reason, Recommendation, Track
from recommender.query import Query
from recommender.ranking.mix import (
    MAX_CLUSTERS,
    MIX_ARTIST_CAP,
    cluster_count,
    most_central,
    quotas,
    taste_groups,
)
from recommender.ranking.pipeline import Pick

MIN_MEMBERS, MAX_MEMBERS = 2, 5  # the asker and up to four others
BYSTANDER_WEIGHT = 0.0  # best of 0-1 on training playlists only (docs/blend.md)


@dataclass(frozen=True, slots=True)
class BlendPick:
    recommendation: Recommendation
    members: tuple[int, ...]  # whom it is for (indexes into the blend's members), chosen-for first
    because: tuple[Track, ...]  # per member in `members`: their liked song it sounds most like


@dataclass(frozen=True, slots=True)
class Blend:
    picks: tuple[BlendPick, ...]
    served: tuple[int, ...]  # per member: how many picks are for them
    clusters: tuple[int, ...]  # per member: how many groups their likes were split into
    missing: tuple[tuple[str, ...], ...] = ()  # per member: liked ids the catalog lacks
    no_likes: tuple[int, ...] = ()  # members with no liked song in this catalog: no blend


@dataclass(frozen=True)
class _Taste:
    """One member's likes in the catalog: their rows, vectors, and groups."""

    rows: list[int]
    ids: list[str]  # the track id of each row
    points: np.ndarray
    groups: list[np.ndarray]


BLOCK = 16  # query rows per matrix product (see `nearest_rows`)


def nearest_rows(queries: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each query row, the index of its nearest row in `points` and the squared distance.

    |q - p|² = |q|² - 2 q·p + |p|², one product per block of `BLOCK` queries: a product this
    small stays on one core, where one 200 × 2,500 product makes the BLAS library start its
    threads, which on a busy machine cost 15 times the arithmetic (docs/blend.md)."""
    norms = (points**2).sum(axis=1)[None, :]
    closest, squared = [], []
    for start in range(0, len(queries), BLOCK):
        block = queries[start : start + BLOCK]
        d2 = (block**2).sum(axis=1)[:, None] - 2 * block @ points.T + norms
        best = d2.argmin(axis=1)
        closest.append(best)
        squared.append(np.maximum(d2[np.arange(len(block)), best], 0.0))
    return np.concatenate(closest), np.concatenate(squared)


class Blender:
    """Builds blends from what a blend needs: a `rank` callable (each group's candidates are
    an ordinary query's rows, undescribed: `Recommender.ranked`), the track table, the vectors
    and the scores' `similarity`."""

    def __init__(
        self,
        rank: Callable[[Query], Sequence[Pick]],
        tracks: TrackTable,
        vectors: np.ndarray,
        similarity: Callable[[Any], Any],  # the scores' formula, applied to an array here
    ) -> None:
        self.rank = rank
        self.tracks = tracks
        # A plain view of the (memory-mapped) vectors: indexing a memmap wraps every slice
        # in another memmap object, which costs more than reading a few hundred rows.
        self.vectors = np.asarray(vectors)
        self.similarity = similarity

    def blend(
        self,
        likes: Sequence[Sequence[str]],
        k: int = 10,
        *,
        exclude_tracks: Collection[str] = (),
        exclude_artists: Collection[str] = (),
        mood: str | None = None,
        max_clusters: int = MAX_CLUSTERS,
        bystander_weight: float = BYSTANDER_WEIGHT,
    ) -> Blend:
        """`k` songs for the members whose liked track ids are `likes` (one sequence each,
        `MIN_MEMBERS` to `MAX_MEMBERS` of them), none liked by any of them nor excluded
        (`exclude_*`: everyone's dislikes and left-out artists), pulled toward `mood`."""
        if not MIN_MEMBERS <= len(likes) <= MAX_MEMBERS:
            raise InvalidQueryError(
                f"A blend is for {MIN_MEMBERS} to {MAX_MEMBERS} members, got {len(likes)}."
            )
        row_of = self.tracks.row_of
        unique = [list(dict.fromkeys(ids)) for ids in likes]
        missing = tuple(tuple(t for t in ids if t not in row_of) for ids in unique)
        tastes = [self._taste(ids, k, max_clusters) for ids in unique]
        clusters = tuple(len(taste.groups) if taste else 0 for taste in tastes)
        empty = tuple(i for i, taste in enumerate(tastes) if taste is None)
        if empty:
            return Blend((), (0,) * len(likes), clusters, missing, empty)
        known = [taste for taste in tastes if taste is not None]
        liked = {row for taste in known for row in taste.rows}
        picks: tuple[BlendPick, ...] = ()
        served: tuple[int, ...] = ()
        for spares in (1, 3):  # too few candidates left after the cap: ask for more once
            candidates = self._candidates(
                known, k, spares, liked, exclude_tracks, exclude_artists, mood
            )
            picks, served = self._choose(known, candidates, k, bystander_weight)
            if len(picks) == k:
                break
        return Blend(picks, served, clusters, missing)

    def _taste(self, ids: Sequence[str], k: int, max_clusters: int) -> _Taste | None:
        """`ids`: the member's liked track ids, each once."""
        row_of = self.tracks.row_of
        known = [t for t in ids if t in row_of]
        if not known:
            return None
        rows = [row_of[t] for t in known]
        points = np.asarray(self.vectors[rows], dtype=np.float64)
        groups = taste_groups(points, cluster_count(len(rows), k, max_clusters))
        return _Taste(rows, known, points, groups)

    def _candidates(
        self,
        tastes: list[_Taste],
        k: int,
        spares: int,
        liked: set[int],
        exclude_tracks: Collection[str],
        exclude_artists: Collection[str],
        mood: str | None,
    ) -> list[int]:
        """Rows of songs like each member's groups, each group asking for about its share of
        the member's share of the list (and spares for what the cap and the others' picks
        take), first found first, each song once."""
        excluded = frozenset(exclude_tracks)
        artists = frozenset(exclude_artists)
        per_member = math.ceil(k / len(tastes))
        found: dict[int, None] = {}
        for taste in tastes:
            shares = quotas([len(g) for g in taste.groups], max(per_member, len(taste.groups)))
            for group, share in zip(taste.groups, shares, strict=True):
                query = Query(
                    seeds=(taste.ids[most_central(taste.points, group)],),
                    k=spares * (2 * share + 5),
                    # The group's own likes crowd its neighbourhood, so the index skips them;
                    # the rest of the likes are skipped below (a Query normalises every id).
                    exclude_tracks=excluded.union([taste.ids[i] for i in group]),
                    exclude_artists=artists,
                    mood=mood,
                )
                for pick in self.rank(query):
                    if pick.row not in liked:
                        found.setdefault(pick.row)
        return list(found)

    def _fits(self, tastes: list[_Taste], rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """(members × candidates similarity to each member's nearest like, the index of that
        like in the member's rows)."""
        cand = np.asarray(self.vectors[rows], dtype=np.float64)
        fits, nearest = [], []
        for taste in tastes:
            closest, d2 = nearest_rows(cand, taste.points)
            fits.append(self.similarity(np.sqrt(d2)))
            nearest.append(closest)
        return np.vstack(fits), np.vstack(nearest)

    def _choose(
        self, tastes: list[_Taste], rows: list[int], k: int, weight: float
    ) -> tuple[tuple[BlendPick, ...], tuple[int, ...]]:
        """The greedy max-min picks (module docstring, steps 3 and 4)."""
        n = len(tastes)
        served = [0] * n
        if not rows:
            return (), tuple(served)
        artists, songs = self.tracks.artist_keys, self.tracks.song_keys
        fits, nearest = self._fits(tastes, rows)
        rank = min(k, len(rows)) - 1
        enough = -np.sort(-fits, axis=1)[:, rank]  # each member's k-th best fit
        is_for = fits >= enough[:, None]
        others = (fits.sum(axis=0)[None, :] - fits) / max(1, n - 1)
        gain = fits + weight * others  # row m: what each candidate is worth, chosen for m
        open_ = np.ones(len(rows), dtype=bool)
        per_artist: dict[str, int] = {}
        picked_songs: set[str] = set()
        fit_total = np.zeros(n)
        picks: list[BlendPick] = []
        # One liked song is the "sounds like" of many picks: each row's Track built once.
        track = functools.cache(self.tracks.track)
        while len(picks) < k and open_.any():
            member = min(range(n), key=lambda m: (served[m], fit_total[m], m))
            choice = int(np.where(open_, gain[member], -np.inf).argmax())
            open_[choice] = False
            row = rows[choice]
            if per_artist.get(artists[row], 0) >= MIX_ARTIST_CAP or songs[row] in picked_songs:
                continue  # another version of a picked song, or the artist is full
            per_artist[artists[row]] = per_artist.get(artists[row], 0) + 1
            picked_songs.add(songs[row])
            whom = [member] + [m for m in range(n) if m != member and is_for[m, choice]]
            for m in whom:
                served[m] += 1
            fit_total += fits[:, choice]
            because = tuple(track(tastes[m].rows[int(nearest[m, choice])]) for m in whom)
            # Scored as every list is (1 = the sound of the like it is for); the reason is
            # whom it is for, so no per-feature description is computed.
            found = Recommendation(
                track(row), round(float(fits[member, choice]), 4), Reason("blend")
            )
            picks.append(BlendPick(found, tuple(whom), because))
        return tuple(picks), tuple(served)

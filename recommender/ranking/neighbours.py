"""Nearest songs in a forest, through the filters every list obeys: no seed, no other version
of a seed, no song twice, nothing excluded, only the popularity band asked for, at most so many
per artist. With targets, candidates are re-ranked by a distance that weighs them more."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from recommender.catalog.schema import split_list
from recommender.catalog.tracks import TrackTable
from recommender.store import Forest

SEARCH_K_PER_RESULT = 50  # ANNOY nodes inspected per requested neighbour: recall@10 0.9999 (docs)
STEERED_POOL = 200  # candidates re-ranked by fit when targets pull the list (see knobs report)
# The re-ranking orders the pool exactly, so the pool itself needs less ANNOY search per item.
STEERED_SEARCH_K_PER_RESULT = 20


@dataclass
class Filters:
    """What a list may not hold, and how many songs one artist may fill."""

    cap: int = 2
    skip_rows: Collection[int] = ()  # the seeds themselves
    skip_songs: set[str] = field(default_factory=set)  # song keys of the seeds
    skip_track_ids: Collection[str] = ()
    skip_artists: Collection[str] = ()  # artist keys
    skip_genres: Collection[str] = ()  # catalog genre and subgenre names
    popularity: tuple[float, float] | None = None  # keep only songs inside this band
    no_explicit: bool = False


class Neighbours:
    def __init__(self, tracks: TrackTable, vectors: np.ndarray) -> None:
        self.tracks = tracks
        self.vectors = vectors

    def search(
        self,
        forest: Forest,
        target: np.ndarray,
        n: int,
        filters: Filters,
        emphasis: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """The `n` nearest rows to `target` that pass `filters`, nearest first, with distances
        (weighted by `emphasis` per column when given)."""
        size = len(forest.index)
        steered = emphasis is not None
        fetch = min(size, max(3 * n + 10, STEERED_POOL) if steered else 3 * n + 10)
        per_result = STEERED_SEARCH_K_PER_RESULT if steered else SEARCH_K_PER_RESULT
        while True:
            ids, dists = forest.index.nearest(target, fetch, search_k=per_result * fetch)
            rows = [forest.row(i) for i in ids]
            if emphasis is not None:
                rows, dists = self.rerank(rows, target, emphasis)
            picked = self.select(rows, dists, n, filters)
            if len(picked) >= n or fetch >= size:
                return picked
            fetch = min(size, fetch * 4)  # filters ate too much: look further out

    def rerank(self, rows: list[int], target: np.ndarray, emphasis: np.ndarray):
        """Rows ordered by emphasised distance to `target`, with those distances."""
        if not rows:
            return rows, []
        gaps = np.asarray(self.vectors[np.asarray(rows)], dtype=np.float64) - target
        dists = np.sqrt((gaps * gaps * emphasis).sum(axis=1) / emphasis.mean())
        order = np.argsort(dists, kind="stable")
        return [rows[i] for i in order], dists[order].tolist()

    def select(self, rows, dists, n: int, filters: Filters) -> list[tuple[int, float]]:
        """The first `n` of `rows` (ranked, with their distances) that pass `filters`."""
        songs, artists = self.tracks.song_keys, self.tracks.artist_keys
        ids = self.tracks.ids
        seen = set(filters.skip_songs)
        per_artist: dict[str, int] = {}
        picked = []
        for row, dist in zip(rows, dists, strict=True):
            row = int(row)
            song, artist = songs[row], artists[row]
            if (
                song in seen
                or row in filters.skip_rows
                or per_artist.get(artist, 0) >= filters.cap
                or artist in filters.skip_artists
                or ids[row] in filters.skip_track_ids
                or not self.allowed(row, filters)
            ):
                continue
            seen.add(song)
            per_artist[artist] = per_artist.get(artist, 0) + 1
            picked.append((row, float(dist)))
            if len(picked) == n:
                break
        return picked

    def allowed(self, row: int, filters: Filters) -> bool:
        """The steering filters: popularity band, explicit content, excluded genres."""
        columns = self.tracks.columns
        if filters.popularity is not None:
            popularity = columns["popularity"][row]
            low, high = filters.popularity
            if popularity is None or not low <= popularity <= high:
                return False
        if filters.no_explicit and self.tracks.explicit[row]:
            return False
        if filters.skip_genres:
            genres = (*split_list(columns["genres"][row]), *split_list(columns["subgenres"][row]))
            if any(g in filters.skip_genres for g in genres):
                return False
        return True

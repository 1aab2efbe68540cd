"""Nearest songs in a forest, through the filters every list obeys: no seed, no other version
of a seed, no song twice, nothing excluded, at most so many per artist."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from .store import Forest
from .tracks import TrackTable

SEARCH_K_PER_RESULT = 50  # ANNOY nodes inspected per requested neighbour: recall@10 0.9999 (docs)


@dataclass
class Filters:
    """What a list may not hold, and how many songs one artist may fill."""

    cap: int = 2
    skip_rows: Collection[int] = ()  # the seeds themselves
    skip_songs: set[str] = field(default_factory=set)  # song keys of the seeds
    skip_track_ids: Collection[str] = ()
    skip_artists: Collection[str] = ()  # artist keys


class Neighbours:
    def __init__(self, tracks: TrackTable) -> None:
        self.tracks = tracks

    def search(
        self, forest: Forest, target: np.ndarray, n: int, filters: Filters
    ) -> list[tuple[int, float]]:
        """The `n` nearest rows to `target` that pass `filters`, nearest first, with distances."""
        size = len(forest.index)
        fetch = min(size, 3 * n + 10)
        while True:
            ids, dists = forest.index.nearest(target, fetch, search_k=SEARCH_K_PER_RESULT * fetch)
            picked = self.select([forest.row(i) for i in ids], dists, n, filters)
            if len(picked) >= n or fetch >= size:
                return picked
            fetch = min(size, fetch * 4)  # filters ate too much: look further out

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
            ):
                continue
            seen.add(song)
            per_artist[artist] = per_artist.get(artist, 0) + 1
            picked.append((row, float(dist)))
            if len(picked) == n:
                break
        return picked

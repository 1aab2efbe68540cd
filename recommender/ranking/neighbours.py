"""The filters every list obeys, applied to ranked candidates: no seed, no other version of a
seed, no song twice, nothing excluded, only the popularity band asked for, at most so many per
artist. A recording released again (a compilation copy, a re-release) is listed as its
best-known release whenever that release passes the same filters, whichever copy the ranking
found."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from recommender.catalog.schema import split_list
from recommender.catalog.tracks import TrackTable


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
    best_release: bool = True  # list a song as its best-known release (a bridge keeps its step)


class Neighbours:
    """The filter stage for one catalog."""

    def __init__(self, tracks: TrackTable, representative: np.ndarray) -> None:
        self.tracks = tracks
        # Each row's best-known copy among its song's releases, decided at build
        # (`catalog.releases.representatives`).
        self.representative = representative

    def select(self, rows, dists, n: int, filters: Filters) -> list[tuple[int, float]]:
        """The first `n` of `rows` (ranked, with their distances) that pass `filters`."""
        songs, artists = self.tracks.song_keys, self.tracks.artist_keys
        ids = self.tracks.ids
        seen = set(filters.skip_songs)
        per_artist: dict[str, int] = {}
        picked = []
        for found, dist in zip(rows, dists, strict=True):
            song, artist = songs[int(found)], artists[int(found)]
            if song in seen or per_artist.get(artist, 0) >= filters.cap:
                continue
            # The representative is the same song, so it has the same first artist.
            best = int(self.representative[int(found)]) if filters.best_release else int(found)
            row = next(
                (
                    r
                    for r in dict.fromkeys((best, int(found)))
                    if r not in filters.skip_rows
                    and artist not in filters.skip_artists
                    and ids[r] not in filters.skip_track_ids
                    and self.allowed(r, filters)
                ),
                None,
            )
            if row is None:
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

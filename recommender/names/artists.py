"""Artists as seeds: what a typed artist name means, and the songs that stand for them."""

from __future__ import annotations

from itertools import islice
from typing import cast

import numpy as np
import pandas as pd

from recommender.catalog.text import normalize, primary_artist
from recommender.catalog.tracks import TrackTable
from recommender.errors import MAX_TYPED, UnknownArtistError, bounded
from recommender.models import Suggestion
from recommender.names.matcher import rank_labels, typed_key

SOUND_SONGS = 50  # an artist's sound: the mean of their most popular songs, up to this many
FUZZY_CUTOFF = 88.0  # a typed name this close to one artist means that artist


class ArtistTable:
    def __init__(self, tracks: TrackTable) -> None:
        self.tracks = tracks
        # Sorted once by (artist, popularity descending), so each artist is one run of rows:
        # a Python loop over a million rows took ~4 s, too long for a first autocomplete.
        popularity = pd.Series(tracks.columns["popularity"], dtype="Float64").fillna(0)
        frame = pd.DataFrame({"key": tracks.artist_keys, "popularity": popularity})
        frame = cast(pd.DataFrame, frame[frame["key"] != ""]).sort_values(
            ["key", "popularity"], ascending=[True, False], kind="stable"
        )
        keys, rows = frame["key"].to_numpy(), frame.index.to_numpy(dtype=np.int64)
        best = frame["popularity"].to_numpy()
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else []
        ends = np.r_[starts[1:], len(keys)] if len(keys) else []
        artist = tracks.columns["artist"]
        self.rows: dict[str, np.ndarray] = {}
        self.name: dict[str, str] = {}
        weight: dict[str, float] = {}
        for start, end in zip(starts, ends, strict=True):
            key = keys[start]
            self.rows[key] = rows[start : min(end, start + SOUND_SONGS)]
            self.name[key] = primary_artist(artist[rows[start]])
            weight[key] = (end - start) * 100 + best[start]  # many songs first, then fame
        self.keys = sorted(self.rows, key=lambda k: -weight[k])  # best known first
        self.key_of_name = {self.name[k]: k for k in reversed(self.keys)}
        self.names = [self.name[k] for k in self.keys]

    def resolve(self, typed: str) -> str:
        """The artist key a typed name means; a clear error with suggestions otherwise."""
        typed = bounded(typed or "")
        key = typed_key(typed)
        # The catalog keys an artist by the first one credited ("? & The Mysterians" is "?").
        for exact in (key, normalize(primary_artist(typed))):
            if exact in self.rows:
                return exact
        first = next((k for k in self.keys if k.startswith(key)), None) if key else None
        if first is not None:
            return first
        close = rank_labels(typed, self.names, 5, cutoff=60) if key else []
        best = self.key_of_name[close[0]] if close else ""
        # WRatio scores a short name inside a long typed one highly ("ZK" in "qqxqzv zzkq"):
        # a typo changes a few letters, so the lengths must be alike too.
        alike = 0.7 <= len(best) / max(len(key), 1) <= 1.4
        if alike and rank_labels(typed, close[:1], 1, cutoff=FUZZY_CUTOFF):
            return best
        raise UnknownArtistError(typed, close)

    def autocomplete(self, text: str, limit: int = 25) -> list[Suggestion]:
        """Artists whose name starts with (then contains) what was typed, best known first."""
        key = typed_key((text or "")[:MAX_TYPED])
        # Stops at `limit`: this runs on every keystroke, over every artist.
        starts = list(islice((k for k in self.keys if k.startswith(key)), limit))
        if len(starts) < limit and key:
            inside = (k for k in self.keys if key in k and not k.startswith(key))
            starts += islice(inside, limit - len(starts))
        return [Suggestion(self.name[k], self.name[k], 100.0) for k in starts]

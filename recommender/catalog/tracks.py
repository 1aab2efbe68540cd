"""The stored catalog's rows turned into `Track` records, and the lookups a request needs.

Every column is a memory-mapped array (`catalog.columns`): nothing is copied per process, and a
value is decoded only when a request touches its row. Integer rows stay inside the
recommender; callers see track ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, cast

import numpy as np

from recommender.catalog.columns import (
    CategoryColumn,
    Columns,
    IdIndex,
    IntColumn,
    TextColumn,
    take,
)
from recommender.catalog.features import AUDIO_FEATURES
from recommender.catalog.schema import split_list
from recommender.errors import SongNotFoundError
from recommender.models import Suggestion, Track

# Each audio feature's catalog values, sorted, for percentiles and level words: the whole
# column up to this many rows, evenly spaced quantiles beyond (a percentile off by < 0.001).
SORTED_AUDIO_ROWS = 100_001


def sorted_audio_table(audio: np.ndarray) -> np.ndarray:
    """(rows or SORTED_AUDIO_ROWS, features): each column sorted, or its quantiles."""
    if len(audio) <= SORTED_AUDIO_ROWS:
        return np.sort(audio, axis=0)
    return np.quantile(audio, np.linspace(0.0, 1.0, SORTED_AUDIO_ROWS), axis=0)


def _ints(columns: Columns, name: str) -> IntColumn:
    column = columns.get(name)
    if isinstance(column, IntColumn):
        return column
    return IntColumn(np.zeros(columns.rows, dtype=np.int64), np.ones(columns.rows, dtype=bool))


def text_column(columns: Columns, name: str) -> Sequence[str]:
    """A stored text column by name; ValueError when it is not text."""
    column = columns[name]
    if not isinstance(column, TextColumn | CategoryColumn):
        raise ValueError(f"the catalog's {name} is not stored as text")
    return column


class TrackTable:
    def __init__(
        self, columns: Columns, id_table: dict[str, np.ndarray], sorted_audio: np.ndarray
    ) -> None:
        # Any column by name, row by row (values as stored: str, int or None, float).
        self.columns = cast(Mapping[str, Sequence[Any]], columns)
        ids = columns["track_id"]
        if not isinstance(ids, TextColumn):
            raise ValueError("track ids are not stored as text")
        self.ids = ids
        self.row_of = IdIndex(ids, id_table["hashes"], id_table["rows"])
        self.song_keys = text_column(columns, "song_key")
        self.artist_keys = text_column(columns, "artist_key")
        self.popularity = _ints(columns, "popularity")
        self.explicit = _ints(columns, "explicit")
        self.audio = np.asarray(columns.audio)  # (rows, AUDIO_FEATURES) float64, mapped
        if sorted_audio.shape[1:] != (len(AUDIO_FEATURES),):
            raise ValueError("the sorted audio table does not fit the features")
        self._sorted = sorted_audio

    def __len__(self) -> int:
        return len(self.ids)

    def track(self, row: int) -> Track:
        c = self.columns
        explicit = self.explicit[row]
        return Track(
            track_id=self.ids[row],
            name=str(c["name"][row]),
            artist=str(c["artist"][row]),
            album=str(c["album"][row]),
            year=_int(c["year"], row),
            popularity=self.popularity[row],
            duration_ms=_int(c["duration_ms"], row),
            genres=split_list(str(c["genres"][row])),
            subgenres=split_list(str(c["subgenres"][row])),
            explicit=None if explicit is None else bool(explicit),
        )

    @cached_property
    def sorted_audio(self) -> dict[str, np.ndarray]:
        """Each audio feature's catalog values, sorted (or their quantiles, past
        SORTED_AUDIO_ROWS): percentiles and level words ("valence=low") read them."""
        return {name: self._sorted[:, i] for i, name in enumerate(AUDIO_FEATURES)}

    def row(self, track_id: str) -> int:
        """The row of a track id; SongNotFoundError when the catalog lacks it."""
        row = self.row_of.get(track_id)
        if row is None:
            raise SongNotFoundError(track_id)
        return row

    def audio_column(self, name: str) -> int:
        return AUDIO_FEATURES.index(name)

    def audio_value(self, row: int, name: str) -> float:
        return float(self.audio[row, self.audio_column(name)])

    def suggestion(self, row: int, score: float) -> Suggestion:
        return self.suggestions([(row, score)])[0]

    def suggestions(self, ranked: Sequence[tuple[int, float]]) -> list[Suggestion]:
        """A choice per (row, score): "Title — Artist", the track id, the score. Read in one
        pass per column (an autocomplete offers 25 at every keystroke)."""
        rows = [row for row, _ in ranked]
        names, artists = take(self.columns["name"], rows), take(self.columns["artist"], rows)
        ids = self.ids.take(rows)
        return [
            Suggestion(f"{name} — {artist}", track_id, round(score, 1))
            for name, artist, track_id, (_, score) in zip(names, artists, ids, ranked, strict=True)
        ]


def _int(column, row: int) -> int | None:
    value = column[row]
    return None if value is None else int(value)

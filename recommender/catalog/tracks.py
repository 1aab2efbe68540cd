"""The catalog as plain per-row lists, and rows turned into `Track` records.

Pandas row access costs ~50 µs, too much per result, so the columns a request touches are
copied once into lists and arrays. Integer rows stay inside the recommender; callers see
track ids.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from recommender.catalog.features import AUDIO_FEATURES
from recommender.catalog.frames import column
from recommender.catalog.schema import TRACK_COLUMNS, split_list
from recommender.catalog.text import normalize, primary_artist
from recommender.errors import SongNotFoundError
from recommender.models import Suggestion, Track


def _plain(values: pd.Series) -> list:
    """Column values as Python objects; missing values (NaN, pd.NA) as None."""
    plain = values.astype(object).where(values.notna(), None).tolist()
    if values.dtype.kind in "iuf" or str(values.dtype) == "Int64":
        return [None if v is None else int(v) for v in plain]
    return plain


def _symbol_artists_keyed(keys: list[str], artists: list) -> list[str]:
    """Indexes built before names of symbols kept a key ("!!!") hold "" for them: key those
    rows as a build does today, so typed names and exclusions reach them without a rebuild."""
    for row in [r for r, key in enumerate(keys) if not key]:
        keys[row] = normalize(primary_artist(str(artists[row] or "")))
    return keys


class TrackTable:
    def __init__(self, catalog: pd.DataFrame) -> None:
        self.columns = {c: _plain(column(catalog, c)) for c in TRACK_COLUMNS}
        self.ids: list[str] = self.columns["track_id"]
        self.row_of = {tid: i for i, tid in enumerate(self.ids)}
        self.song_keys: list[str] = catalog["song_key"].tolist()
        self.artist_keys: list[str] = _symbol_artists_keyed(
            catalog["artist_key"].tolist(), self.columns["artist"]
        )
        self.explicit: list[int | None] = _plain(column(catalog, "explicit"))
        self.audio = catalog[list(AUDIO_FEATURES)].to_numpy(dtype=np.float64)

    def __len__(self) -> int:
        return len(self.ids)

    def track(self, row: int) -> Track:
        c = self.columns
        return Track(
            track_id=c["track_id"][row],
            name=c["name"][row],
            artist=c["artist"][row],
            album=c["album"][row],
            year=c["year"][row],
            popularity=c["popularity"][row],
            duration_ms=c["duration_ms"][row],
            genres=split_list(c["genres"][row]),
            subgenres=split_list(c["subgenres"][row]),
            explicit=None if self.explicit[row] is None else bool(self.explicit[row]),
        )

    @cached_property
    def sorted_audio(self) -> dict[str, np.ndarray]:
        """Each audio feature's catalog values, sorted: percentiles and level words
        ("valence=low") read them."""
        return {name: np.sort(self.audio[:, i]) for i, name in enumerate(AUDIO_FEATURES)}

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
        label = f"{self.columns['name'][row]} — {self.columns['artist'][row]}"
        return Suggestion(label, self.ids[row], round(score, 1))

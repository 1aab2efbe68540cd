"""The stored catalog: the one definition of its columns, how it is written and read back.

The index directory keeps the catalog as a CSV beside the vectors; build and load both go
through here, so a column added in one place cannot be forgotten in the other.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path

import pandas as pd

from recommender.catalog.features import AUDIO_FEATURES
from recommender.errors import IndexCorruptError

LIST_SEP = "|"  # joins genres/subgenres/playlists in a cell

# What a `Track` carries.
TRACK_COLUMNS = (
    "track_id",
    "name",
    "artist",
    "album",
    "year",
    "popularity",
    "duration_ms",
    "genres",
    "subgenres",
)
# What `load_catalog` produces: the track, its playlists, its audio.
CATALOG_COLUMNS = (*TRACK_COLUMNS, "playlists", *AUDIO_FEATURES)
# Kept when the source has them (the 114k catalog has `explicit`); unknown (empty) otherwise,
# so an index stored before they existed still loads. `popularity` is the song's (the
# highest of its releases, `catalog.merge`); `release_popularity` the track's own number;
# `sources` the catalogs that list the track (file names, "|"-joined).
OPTIONAL_COLUMNS = ("explicit", "release_popularity", "sources")
# Normalised strings computed once at build for name matching and de-duplication: the base
# title, the full title, all credited artists, "title artists", the song, the first artist.
KEY_COLUMNS = ("title_key", "name_key", "artists_key", "song_key", "artist_key")
STORED_COLUMNS = (*CATALOG_COLUMNS, *OPTIONAL_COLUMNS, *KEY_COLUMNS)

INTEGER_COLUMNS = ("year", "popularity", "duration_ms", "explicit", "release_popularity")
TEXT_COLUMNS = tuple(
    c for c in STORED_COLUMNS if c not in INTEGER_COLUMNS and c not in AUDIO_FEATURES
)


def split_list(value: str) -> tuple[str, ...]:
    """ "pop|rock" -> ("pop", "rock"); an empty cell -> ()."""
    return tuple(v for v in str(value).split(LIST_SEP) if v) if value else ()


def write_stored_catalog(path: Path, catalog: pd.DataFrame) -> None:
    catalog.reindex(columns=list(STORED_COLUMNS)).to_csv(path, index=False, lineterminator="\n")


def read_stored_catalog(path: Path) -> pd.DataFrame:
    dtypes: dict[Hashable, str] = {c: "string" for c in TEXT_COLUMNS}
    dtypes |= {c: "Int64" for c in INTEGER_COLUMNS}
    try:
        frame = pd.read_csv(
            path,
            dtype=dtypes,
            keep_default_na=False,
            na_values={c: [""] for c in INTEGER_COLUMNS},
        )
    except (ValueError, pd.errors.ParserError) as exc:
        raise IndexCorruptError(f"The stored catalog is unreadable ({exc}); rebuild.") from None
    for col in OPTIONAL_COLUMNS:
        if col not in frame.columns:
            blank = pd.NA if col in INTEGER_COLUMNS else ""
            frame[col] = pd.Series(
                blank, index=frame.index, dtype="Int64" if col in INTEGER_COLUMNS else object
            )
    missing = [c for c in STORED_COLUMNS if c not in frame.columns]
    if missing:
        raise IndexCorruptError(f"The stored catalog lacks {', '.join(missing)}; rebuild.")
    for col in TEXT_COLUMNS:
        frame[col] = frame[col].fillna("").astype(object)
    return frame

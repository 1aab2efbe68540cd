"""Load a catalog CSV into one row per track, whatever its column layout.

A TidyTuesday row is a track *in a playlist*, so a track repeats; its audio features are the
same on every row, and what differs (genre, subgenre, playlist) is gathered into sets.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from recommender.catalog.features import AUDIO_FEATURES, UNIT_FEATURES
from recommender.catalog.frames import column, numeric
from recommender.catalog.schema import CATALOG_COLUMNS, LIST_SEP, OPTIONAL_COLUMNS
from recommender.errors import CatalogError

log = logging.getLogger(__name__)

# Canonical column -> the source column, per known layout.
LAYOUTS: dict[str, dict[str, str]] = {
    "tidytuesday": {
        "track_id": "track_id",
        "name": "track_name",
        "artist": "track_artist",
        "album": "track_album_name",
        "release_date": "track_album_release_date",
        "popularity": "track_popularity",
        "duration_ms": "duration_ms",
        "genre": "playlist_genre",
        "subgenre": "playlist_subgenre",
        "playlist": "playlist_id",
    },
    "spotify-114k": {
        "track_id": "track_id",
        "name": "track_name",
        "artist": "artists",
        "album": "album_name",
        "popularity": "popularity",
        "duration_ms": "duration_ms",
        "genre": "track_genre",
        "explicit": "explicit",
    },
}
REQUIRED = ("track_id", "name", "artist", *AUDIO_FEATURES)
OPTIONAL = (
    "album",
    "release_date",
    "year",
    "popularity",
    "duration_ms",
    "genre",
    "subgenre",
    "playlist",
    "explicit",
)
LIST_COLUMNS = {"genre": "genres", "subgenre": "subgenres", "playlist": "playlists"}
# Optional numbers outside these are left blank (popularity is 0-100; a day is a long track).
OPTIONAL_RANGES = {"popularity": (0.0, 100.0), "duration_ms": (0.0, 86_400_000.0)}
# Delimiters a host's CSV may use; the header line tells which (see `detect_delimiter`).
DELIMITERS = (",", ";", "\t", "|")
# What each audio feature can be, from Spotify's documentation with room to spare (the real
# catalogs span loudness -49.5..+4.5 dB, tempo 0..243 BPM). A value outside would dominate
# the standardised space (one 1e308 turns every score into NaN), so its row is dropped.
FEATURE_RANGES: dict[str, tuple[float, float]] = {
    **{name: (0.0, 1.0) for name in UNIT_FEATURES},
    "key": (-1.0, 11.0),  # -1: no key detected
    "mode": (0.0, 1.0),
    "loudness": (-100.0, 20.0),
    "tempo": (0.0, 1000.0),
}
# A .gz catalog may inflate to at most this much text: the real ones are 8 and 20 MB plain,
# and a small gzip of one repeated byte can inflate to gigabytes (a "gzip bomb"); the
# download limit only caps the compressed bytes.
MAX_INFLATED_MB = 512  # memory while refusing a bomb peaks near this (measured: ~1.1 GB at 1024)
MB = 1 << 20


@dataclass
class LoadReport:
    """What loading did: how many rows it read, kept and dropped, and why."""

    layout: str
    rows: int
    tracks: int
    dropped: dict[str, int] = field(default_factory=dict)
    conflicting: int = 0  # tracks whose rows disagree on audio features (the first is kept)
    cleared: dict[str, int] = field(default_factory=dict)  # optional values out of range

    @property
    def dropped_total(self) -> int:
        return sum(self.dropped.values())

    def __str__(self) -> str:
        text = f"{self.rows:,} rows ({self.layout} layout) -> {self.tracks:,} tracks"
        if self.dropped:
            reasons = ", ".join(f"{n:,} {why}" for why, n in self.dropped.items())
            text += f"; dropped {self.dropped_total:,} rows ({reasons})"
        if self.cleared:
            values = ", ".join(f"{n:,} {col}" for col, n in self.cleared.items())
            text += f"; out-of-range values left blank: {values}"
        if self.conflicting:
            text += (
                f"; {self.conflicting:,} track ids repeat with different audio features "
                "(the first row of each was kept)"
            )
        return text


def detect_layout(columns: list[str]) -> tuple[str, dict[str, str]]:
    """The known layout whose columns are all present; else each canonical column taken from
    the first spelling any layout uses for it ("name", "track_name", ...)."""
    present = {str(c).lower() for c in columns}
    for name, mapping in LAYOUTS.items():
        needed = {mapping[c] for c in ("track_id", "name", "artist")} | set(AUDIO_FEATURES)
        if needed <= present:
            found = {k: v for k, v in mapping.items() if v in present}
            return name, {**found, **{f: f for f in AUDIO_FEATURES}}
    guessed = {}
    for canon in (*REQUIRED, *OPTIONAL):
        spellings = [canon, *(m[canon] for m in LAYOUTS.values() if canon in m)]
        hit = next((s for s in spellings if s in present), None)
        if hit:
            guessed[canon] = hit
    return "canonical", guessed


def load_catalog(
    path: str | Path,
    columns: Mapping[str, str] | None = None,
    *,
    max_inflated_mb: float = MAX_INFLATED_MB,
) -> tuple[pd.DataFrame, LoadReport]:
    """Read a catalog CSV (plain or .gz) and return one row per track plus a report.

    `columns` maps canonical names (name, artist, genre, ...) to this CSV's columns, for
    layouts the loader does not know; it overrides what detection found. A .gz that
    inflates past `max_inflated_mb` is refused with a CatalogError.
    """
    raw = _read_csv(Path(path), limit=int(max_inflated_mb * MB))
    return catalog_from_frame(raw, columns, source_name=Path(path).name)


def check_catalog(path: str | Path, columns: Mapping[str, str] | None = None) -> None:
    """Raise CatalogError unless the first rows of `path` load as a catalog: a cheap test
    that a download is a CSV of songs and not, say, an HTML error page served with 200."""
    path = Path(path)
    catalog_from_frame(_read_csv(path, rows=500), columns, source_name=path.name)


class _Inflated(io.RawIOBase):
    """A .gz file read decompressed, refused with a CatalogError past `limit` bytes."""

    def __init__(self, gz: gzip.GzipFile, path: Path, limit: int) -> None:
        super().__init__()
        self._gz = gz
        self._path = path
        self._limit = limit
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:  # a writable buffer (a memoryview)
        n = self._gz.readinto(buffer)
        self._count += n
        if self._count > self._limit:
            raise CatalogError(
                f"{self._path.name} inflates to more than {self._limit / MB:,.0f} MB of text "
                "when decompressed; a catalog is far smaller, so it was not read. Check the "
                "file, or decompress it yourself and use the plain CSV."
            )
        return n


def _read_csv(
    path: Path, rows: int | None = None, limit: int = MAX_INFLATED_MB * MB
) -> pd.DataFrame:
    with csv_errors(path):
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as gz:
                return _parse(io.BufferedReader(_Inflated(gz, path, limit)), path, rows)
        return _parse(path, path, rows)


@contextlib.contextmanager
def csv_errors(path: Path) -> Iterator[None]:
    """A file that cannot be read as a CSV, as one CatalogError naming it (whole or chunked)."""
    try:
        yield
    except FileNotFoundError:
        raise CatalogError(f"Catalog file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path.name} is not UTF-8 text ({exc.reason}).") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError, EOFError) as exc:
        raise CatalogError(f"{path.name} is not a readable CSV: {exc}") from None


def _parse(source: Path | io.BufferedReader, path: Path, rows: int | None) -> pd.DataFrame:
    return pd.read_csv(
        source,
        sep=detect_delimiter(path),
        dtype=str,
        keep_default_na=False,
        na_values=["", "NA", "NaN"],
        encoding="utf-8-sig",  # a spreadsheet's byte-order mark is not part of a name
        nrows=rows,
    )


def detect_delimiter(path: Path) -> str:
    """The delimiter the header line uses most (European spreadsheets write `;`).

    The header alone decides: column names hold no delimiters, while titles in the rows
    below are full of commas and semicolons."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", errors="replace") as fh:
            header = fh.readline(1 << 16)
    except (OSError, EOFError):
        return ","  # let the reader report what is wrong with the file
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_column_mapping(text: str) -> dict[str, str]:
    """ "name=title,artist=singer" -> {"name": "title", "artist": "singer"} (--columns and
    the CATALOG_COLUMNS setting); ValueError names what is wrong."""
    mapping = {}
    for pair in (p.strip() for p in text.split(",")):
        if not pair:
            continue
        canon, sep, column = (part.strip() for part in pair.partition("="))
        if not sep or not canon or not column:
            raise ValueError(f"use CANONICAL=COLUMN pairs, e.g. name=title (got {pair!r})")
        mapping[canon] = column
    return mapping


def catalog_from_frame(
    raw: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    source_name: str = "catalog",
) -> tuple[pd.DataFrame, LoadReport]:
    # Column names match whatever their case ("Track_Name"); the first of a clash wins.
    raw = raw.rename(columns=lambda c: str(c).strip().lower())
    raw = raw.loc[:, ~raw.columns.duplicated()]
    columns = {k.strip().lower(): v.strip().lower() for k, v in (columns or {}).items()}
    layout, mapping = detect_layout(list(raw.columns))
    if columns:
        layout = "custom"
        unknown = sorted(set(columns) - set(REQUIRED) - set(OPTIONAL))
        if unknown:
            raise CatalogError(
                f"Unknown column mapping keys: {', '.join(unknown)}; "
                f"known: {', '.join((*REQUIRED, *OPTIONAL))}."
            )
        mapping = {**mapping, **columns}
        absent = sorted(v for v in columns.values() if v not in raw.columns)
        if absent:
            raise CatalogError(f"{source_name} has no column(s) {', '.join(absent)}.")
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        raise CatalogError(
            f"{source_name} is missing required column(s): {', '.join(missing)}. "
            f"It has: {', '.join(map(str, raw.columns))}. "
            "Map other names with --columns name=title,artist=singer,..."
        )
    frame = pd.DataFrame({canon: raw[src] for canon, src in mapping.items()})
    rows = len(frame)
    dropped: dict[str, int] = {}

    def drop(mask: pd.Series, why: str) -> None:
        nonlocal frame
        count = int(mask.sum())
        if count:
            dropped[why] = dropped.get(why, 0) + count
            frame = frame[~mask]

    for col in ("track_id", "name", "artist"):
        frame[col] = frame[col].str.strip()
    frame["artist"] = frame["artist"].str.replace(";", ", ", regex=False)  # 114k: "A;B"
    drop(
        cast(pd.Series, frame[["track_id", "name", "artist"]].isna().any(axis=1)),
        "missing id, name or artist",
    )
    audio = frame[list(AUDIO_FEATURES)].apply(pd.to_numeric, errors="coerce")
    drop(audio.loc[frame.index].isna().any(axis=1), "missing or non-numeric audio features")
    audio = audio.loc[frame.index].astype("float64")
    drop(~_within_range(audio), "non-finite or out-of-range audio features")
    frame[list(AUDIO_FEATURES)] = audio.loc[frame.index]
    if frame.empty:
        raise CatalogError(f"{source_name} has no usable rows ({rows:,} read; {dropped}).")

    conflicting = _conflicting_duplicates(frame)
    cleared: dict[str, int] = {}
    tracks = _one_row_per_track(frame, cleared).assign(sources=source_name)
    report = LoadReport(layout, rows, len(tracks), dropped, conflicting, cleared)
    log.log(logging.WARNING if conflicting else logging.INFO, "catalog %s: %s", source_name, report)
    return tracks, report


def _within_range(audio: pd.DataFrame) -> pd.Series:
    """Rows whose every audio feature is finite and inside FEATURE_RANGES (inf fails both)."""
    ok = pd.Series(True, index=audio.index)
    for col, (low, high) in FEATURE_RANGES.items():
        ok &= audio[col].between(low, high)
    return ok


def _conflicting_duplicates(frame: pd.DataFrame) -> int:
    """How many repeated track ids carry different audio features on different rows."""
    repeated = frame[frame["track_id"].duplicated(keep=False)]
    if repeated.empty:
        return 0
    distinct = repeated.groupby("track_id")[list(AUDIO_FEATURES)].nunique()
    return int(cast(pd.Series, (distinct > 1).any(axis=1)).sum())


def _one_row_per_track(frame: pd.DataFrame, cleared: dict[str, int] | None = None) -> pd.DataFrame:
    """One row per track; out-of-range optional numbers become missing, counted in `cleared`."""
    out = frame.drop_duplicates("track_id", keep="first").set_index("track_id", drop=False)
    for col in ("album", "genre", "subgenre", "playlist"):
        if col not in out:
            out[col] = pd.NA
    out["album"] = out["album"].fillna("")
    out["year"] = _year(out)
    for col, (low, high) in OPTIONAL_RANGES.items():
        values = pd.to_numeric(out[col], errors="coerce") if col in out else np.nan
        values = pd.Series(values, index=out.index, dtype="float64")
        usable = values.where(values.between(low, high))  # inf or 1e308 would not fit Int64
        if cleared is not None and (count := int(values.notna().sum() - usable.notna().sum())):
            cleared[col] = count
        out[col] = usable.round().astype("Int64")

    # Only tracks that repeat need their sets gathered; the rest keep their one value.
    repeated = frame["track_id"].duplicated(keep=False)
    for source, target in LIST_COLUMNS.items():
        if source not in frame:
            out[target] = ""
            continue
        values = frame[source].fillna("").str.strip()
        if source != "playlist":  # genres compare case-insensitively; playlist ids do not
            values = values.str.lower()
        out[target] = values.groupby(frame["track_id"]).first().reindex(out.index).fillna("")
        if repeated.any():
            multi = values[repeated].groupby(frame.loc[repeated, "track_id"]).agg(_join_set)
            out.loc[multi.index, target] = multi
    out["explicit"] = _explicit(out)
    out["release_popularity"] = out["popularity"]
    out["sources"] = ""
    return cast(pd.DataFrame, out.reset_index(drop=True)[[*CATALOG_COLUMNS, *OPTIONAL_COLUMNS]])


def _join_set(values: pd.Series) -> str:
    return LIST_SEP.join(sorted({v for v in values if v}))


def _explicit(frame: pd.DataFrame) -> pd.Series:
    """ "True"/"False" (or 1/0) -> 1/0; anything else, or no column, is unknown."""
    if "explicit" not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="Int64")
    words = frame["explicit"].astype("string").str.strip().str.lower()
    return words.map({"true": 1, "1": 1, "false": 0, "0": 0}).astype("Int64")


def _year(frame: pd.DataFrame) -> pd.Series:
    name = "year" if "year" in frame else "release_date"
    if name not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="Int64")
    years = numeric(column(frame, name).astype("string").str.slice(0, 4))
    years = years.where((years >= 1900) & (years <= 2100))
    return years.round().astype("Int64")

"""Reading a large catalog CSV in chunks, so a build never holds the whole file as text.

`pd.read_csv(dtype=str)` keeps every cell as a Python string, ~6x the file's size: a 3 GB,
10M-row CSV would need ~18 GB before a single row is checked. Here each chunk becomes a
canonical frame (`reader.catalog_from_frame`, the same rules as a whole file) before the next
is read, and the chunks are joined at the end: a track whose rows fall in two chunks (a
TidyTuesday track is a row per playlist) is one track with its genres and playlists gathered,
exactly as if the file had been read whole.

Text that repeats (artists, genres, playlists) is kept as pandas categories between the chunks
and the build: one string per distinct value, not one per row (a 10M build held ~330 MB per
million rows of such strings). The stored index is the same either way.

`catalog_chunks` is the boundary for anything that wants canonical frames one at a time (the
merge of several sources, say); `load_catalog_chunked` is `reader.load_catalog` in chunks.
"""

from __future__ import annotations

import contextlib
import gzip
import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import cast

import pandas as pd
from pandas.api.types import union_categoricals

from recommender.catalog.columns import CATEGORY_SHARE
from recommender.catalog.frames import column
from recommender.catalog.reader import (
    MAX_INFLATED_MB,
    MB,
    LoadReport,
    _Inflated,
    catalog_from_frame,
    csv_errors,
    detect_delimiter,
)
from recommender.catalog.schema import LIST_SEP, split_list

CHUNK_ROWS = 500_000
# A plain CSV at least this large is read in chunks (a .gz is capped at MAX_INFLATED_MB of
# text anyway): smaller ones read whole, as they always were.
CHUNKED_FROM = 256 * MB
SET_COLUMNS = ("genres", "subgenres", "playlists")


def catalog_chunks(
    path: str | Path,
    columns: Mapping[str, str] | None = None,
    *,
    chunk_rows: int = CHUNK_ROWS,
    max_inflated_mb: float = MAX_INFLATED_MB,
) -> Iterator[tuple[pd.DataFrame, LoadReport]]:
    """(canonical frame, report) per chunk of `chunk_rows` rows of `path`, in file order."""
    path = Path(path)
    with csv_errors(path), contextlib.ExitStack() as stack:
        source: Path | io.BufferedReader = path
        if path.suffix == ".gz":
            gz = stack.enter_context(gzip.open(path, "rb"))
            source = io.BufferedReader(_Inflated(gz, path, int(max_inflated_mb * MB)))
        reader = stack.enter_context(
            pd.read_csv(
                source,
                sep=detect_delimiter(path),
                dtype=str,
                keep_default_na=False,
                na_values=["", "NA", "NaN"],
                encoding="utf-8-sig",
                chunksize=chunk_rows,
            )
        )
        for raw in reader:
            frame, report = catalog_from_frame(raw, columns, source_name=path.name)
            yield _compact(frame), report


def load_catalog_chunked(
    path: str | Path, columns: Mapping[str, str] | None = None, *, chunk_rows: int = CHUNK_ROWS
) -> tuple[pd.DataFrame, LoadReport]:
    """`reader.load_catalog`, reading `chunk_rows` rows at a time: the same tracks."""
    frames, reports = [], []
    for frame, report in catalog_chunks(path, columns, chunk_rows=chunk_rows):
        frames.append(frame)
        reports.append(report)
    catalog = join_chunks(frames)
    report = LoadReport(
        layout=reports[0].layout,
        rows=sum(r.rows for r in reports),
        tracks=len(catalog),
        dropped=_summed(r.dropped for r in reports),
        conflicting=sum(r.conflicting for r in reports),
        cleared=_summed(r.cleared for r in reports),
    )
    return catalog, report


def _compact(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each text column that repeats (distinct values at most CATEGORY_SHARE of
    its rows, as the stored catalog decides) as a category."""
    for name in frame.columns:
        values = column(frame, name)
        text = pd.api.types.is_string_dtype(values.dtype) and len(values)
        if text and values.nunique(dropna=False) <= CATEGORY_SHARE * len(values):
            frame[name] = values.astype("category")
    return frame


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The chunks one after another; a column that is a category in every chunk stays one
    (over the union of their values), else it is text."""
    if len(frames) == 1:
        return frames[0]
    joined = {}
    for name in list(frames[0].columns):
        # Taken out of the chunks as it is joined: the catalog is never held twice.
        parts = [cast(pd.Series, f.pop(name)) for f in frames]
        if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
            joined[name] = pd.Series(union_categoricals(parts, ignore_order=True))
        else:
            joined[name] = pd.concat(
                [p.astype(str) if isinstance(p.dtype, pd.CategoricalDtype) else p for p in parts],
                ignore_index=True,
            )
    return pd.DataFrame(joined)


def join_chunks(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per track over every chunk: the first row of a track, its sets gathered."""
    catalog = _joined(frames)
    frames.clear()  # the chunks' memory goes as soon as they are joined
    repeated = column(catalog, "track_id").duplicated(keep=False)
    if not repeated.any():
        return catalog
    for name in SET_COLUMNS:  # gathered sets are new values: text again
        if isinstance(column(catalog, name).dtype, pd.CategoricalDtype):
            catalog[name] = column(catalog, name).astype(str)
    firsts = catalog.loc[repeated].drop_duplicates("track_id")
    for name in SET_COLUMNS:
        gathered = catalog.loc[repeated].groupby("track_id", sort=False)[name].agg(_union)
        catalog.loc[firsts.index, name] = gathered.reindex(firsts["track_id"]).to_numpy()
    return catalog.drop_duplicates("track_id", keep="first").reset_index(drop=True)


def _union(values: pd.Series) -> str:
    return LIST_SEP.join(sorted({v for cell in values for v in split_list(cell)}))


def _summed(counts: Iterator[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for count in counts:
        for key, n in count.items():
            total[key] = total.get(key, 0) + n
    return total

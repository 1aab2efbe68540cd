"""The stored catalog as columns of NumPy arrays, read by memory-mapping instead of parsing.

Every column of the catalog frame is stored, whatever it is called, in one of four kinds:

- "float": one float64 array;
- "int": one array of the narrowest integer type its values fit, and a bool `missing` array when any value is unknown;
- "text": every value as UTF-8 in one byte `blob`, value i between `offsets[i]` and
  `offsets[i + 1]` (an int64 array one longer than the column);
- "category": text that repeats (artists, genres, albums): int32 `codes` into a `vocab` that is
  itself stored as text.

Opening maps the files (`np.load(mmap_mode="r")`): nothing is parsed or copied, so opening
takes milliseconds at any size and every process over one index shares the same pages of the
page cache. A value is decoded only when asked for. NumPy rather than Arrow IPC: the four
kinds above are all the catalog needs, and NumPy is already a dependency (pyarrow adds ~100 MB
to the image for the same mapped arrays).

Build side (pandas) and read side (no pandas) both live here, so a kind cannot be written one
way and read another.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any, overload

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

# Text whose distinct values are at most this share of its rows is stored as a category.
CATEGORY_SHARE = 0.5
# A category's vocabulary up to this many values is decoded once per process (row access
# then costs a list lookup, not a decode); past it, it stays in the mapping.
DECODED_VOCABULARY = 100_000


# -- writing (build time) --------------------------------------------------------------------


ENCODE_CHUNK = 1 << 18  # values encoded at once: their bytes objects cost ~60 B each


def encode_text(values: Sequence[str]) -> dict[str, np.ndarray]:
    """{"blob", "offsets"} for `values`, encoded a chunk at a time (a bytes object per value
    for a whole 10M column was ~600 MB on top of the column)."""
    lengths, blobs = [np.empty(0, dtype=np.int64)], []
    for start in range(0, len(values), ENCODE_CHUNK):
        encoded = [v.encode("utf-8") for v in values[start : start + ENCODE_CHUNK]]
        lengths.append(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)))
        blobs.append(b"".join(encoded))
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(np.concatenate(lengths), out=offsets[1:])
    blob = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    return {"blob": blob, "offsets": offsets}


def _narrowest(values: np.ndarray) -> np.ndarray:
    """`values` in the smallest integer type that holds them: a popularity or a flag in one
    byte, a year in two, not eight each (~30 MB of disk and page cache at 1M rows)."""
    low, high = (int(values.min()), int(values.max())) if values.size else (0, 0)
    for dtype in (np.int8, np.int16, np.int32):
        if np.iinfo(dtype).min <= low and high <= np.iinfo(dtype).max:
            return values.astype(dtype)
    return values


def column_arrays(values: pd.Series) -> tuple[str, dict[str, np.ndarray]]:
    """(kind, arrays) storing one catalog column (see the module docstring)."""
    import pandas as pd

    dtype = values.dtype
    if pd.api.types.is_float_dtype(dtype):
        return "float", {"values": values.to_numpy(dtype=np.float64, na_value=np.nan)}
    if pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        missing = values.isna().to_numpy(dtype=bool)
        arrays = {"values": _narrowest(values.fillna(0).to_numpy(dtype=np.int64))}
        if missing.any():
            arrays["missing"] = missing
        return "int", arrays
    text = values.astype(object).where(values.notna(), "").astype(str)
    codes, vocab = pd.factorize(text, sort=True)  # sorted: the same input, the same codes
    if len(vocab) <= CATEGORY_SHARE * len(text):
        vocab_arrays = encode_text([str(v) for v in vocab])
        return "category", {
            "codes": codes.astype(np.int32),
            "vocab.blob": vocab_arrays["blob"],
            "vocab.offsets": vocab_arrays["offsets"],
        }
    return "text", encode_text(text.tolist())


# -- reading (serving) -------------------------------------------------------------------------


def _bytes_view(array: np.ndarray) -> memoryview:
    """The array's memory as bytes, shared with the mapping (a NumPy view would do, but a
    memoryview's item access is several times faster)."""
    return np.ascontiguousarray(array).data.cast("B") if array.size else memoryview(b"")


class TextColumn(Sequence[str]):
    """Strings from a UTF-8 blob and offsets; `column[i]` decodes one value."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        if offsets.ndim != 1 or len(offsets) < 1 or blob.ndim != 1:
            raise ValueError("text column arrays have the wrong shape")
        if int(offsets[0]) != 0 or int(offsets[-1]) != len(blob):
            raise ValueError("text column offsets do not span its blob")
        self._blob = _bytes_view(blob)
        # Memoryviews of the mapped arrays: indexing one gives a Python int or bytes in tens
        # of nanoseconds, with nothing copied (a list of the offsets would cost 8 bytes per
        # row of private memory in every process, and seconds to make at 10M rows).
        self._offsets = _bytes_view(offsets).cast("q") if len(offsets) else memoryview(b"")
        self._n = len(offsets) - 1

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        return self.value(i)

    def value(self, i: int) -> str:
        """Row `i`'s value, `i` a valid row number, unchecked: the probe of a binary search."""
        offsets = self._offsets
        return str(self._blob[offsets[i] : offsets[i + 1]], "utf-8")

    def take(self, rows: Sequence[int]) -> list[str]:
        """The values of `rows` (valid row numbers), in one pass: a name ranking reads a few
        hundred a keystroke, and `column[i]` one by one spends half its time on checks."""
        blob, offsets = self._blob, self._offsets
        return [str(blob[offsets[i] : offsets[i + 1]], "utf-8") for i in rows]

    def __iter__(self) -> Iterator[str]:
        offsets = self._offsets.tolist()  # one pass: a list for as long as the loop runs
        blob = self._blob
        for start, end in pairwise(offsets):
            yield str(blob[start:end], "utf-8")

    def tolist(self) -> list[str]:
        return list(self)


class CategoryColumn(Sequence[str]):
    """Repeating strings: a code per row into a small vocabulary."""

    def __init__(self, codes: np.ndarray, vocab: TextColumn) -> None:
        if codes.ndim != 1 or (len(codes) and int(codes.max()) >= len(vocab)):
            raise ValueError("category codes point past their vocabulary")
        self.codes = np.asarray(codes)
        self._code = _bytes_view(self.codes).cast("i") if len(codes) else memoryview(b"")
        self.vocab = vocab
        self._words: list[str] | None = None  # a small vocabulary, decoded on first use

    @property
    def words(self) -> Sequence[str]:
        """The vocabulary: decoded into a list once when small (genres, playlists, the artists
        of a catalog up to ~1M tracks: a few MB at most), read from the mapping otherwise."""
        if self._words is None:
            if len(self.vocab) > DECODED_VOCABULARY:
                return self.vocab
            self._words = self.vocab.tolist()
        return self._words

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self.words[int(c)] for c in self.codes[i]]
        return self.words[self._code[i]]

    def value(self, i: int) -> str:
        """Row `i`'s value, `i` a valid row number, unchecked: the probe of a binary search."""
        words = self.words
        code = self._code[i]
        return words.value(code) if isinstance(words, TextColumn) else words[code]

    def take(self, rows: Sequence[int]) -> list[str]:
        """The values of `rows` (valid row numbers), in one pass."""
        words, code = self.words, self._code
        if isinstance(words, TextColumn):  # a vocabulary too big to decode: read in one pass
            return words.take([code[i] for i in rows])
        return [words[code[i]] for i in rows]

    def __iter__(self) -> Iterator[str]:
        words = self.vocab.tolist()
        return (words[c] for c in self.codes.tolist())

    def tolist(self) -> list[str]:
        return list(self)


class IntColumn(Sequence["int | None"]):
    """Integers that may be unknown (a year, a popularity): `column[i]` is an int or None."""

    def __init__(self, values: np.ndarray, missing: np.ndarray | None) -> None:
        if missing is not None and missing.shape != values.shape:
            raise ValueError("an integer column's missing mask does not fit it")
        self.values = np.asarray(values)
        self.missing = None if missing is None else np.asarray(missing)

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, i: int) -> int | None: ...
    @overload
    def __getitem__(self, i: slice) -> list[int | None]: ...
    def __getitem__(self, i: int | slice) -> int | list[int | None] | None:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if self.missing is not None and self.missing[i]:
            return None
        return int(self.values[i])

    def any_known(self) -> bool:
        return self.missing is None or not bool(self.missing.all())

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        values = self.as_float()
        return values if dtype is None else values.astype(dtype)

    def known(self) -> np.ndarray:
        """The known values, as float64 (for percentiles and bands)."""
        values = self.values.astype(np.float64)
        return values if self.missing is None else values[~self.missing]

    def as_float(self) -> np.ndarray:
        """Every value as float64, NaN where unknown."""
        values = self.values.astype(np.float64)
        if self.missing is not None:
            values[self.missing] = np.nan
        return values


Column = TextColumn | CategoryColumn | IntColumn | np.ndarray


def take(column: Sequence[Any], rows: Sequence[int]) -> list[Any]:
    """`column`'s values at `rows`: in one pass for a stored text column (`TextColumn.take`,
    `CategoryColumn.take`), one by one for anything else (a list, a numeric column)."""
    batch = getattr(column, "take", None)
    return batch(rows) if batch is not None else [column[r] for r in rows]


# The arrays each kind is made of, in the order `open_column` wants them.
PARTS = {
    "float": ("values",),
    "int": ("values", "missing"),
    "text": ("blob", "offsets"),
    "category": ("codes", "vocab.blob", "vocab.offsets"),
}


def open_column(kind: str, arrays: Mapping[str, np.ndarray], rows: int) -> Column:
    """The column of `kind` over its (mapped) arrays; ValueError when they do not fit `rows`."""
    if kind == "float":
        column: Column = np.asarray(arrays["values"])
    elif kind == "int":
        column = IntColumn(arrays["values"], arrays.get("missing"))
    elif kind == "text":
        column = TextColumn(arrays["blob"], arrays["offsets"])
    elif kind == "category":
        vocab = TextColumn(arrays["vocab.blob"], arrays["vocab.offsets"])
        column = CategoryColumn(arrays["codes"], vocab)
    else:
        raise ValueError(f"unknown column kind {kind!r}")
    if len(column) != rows:
        raise ValueError(f"a {kind} column holds {len(column):,} rows, not {rows:,}")
    return column


class Columns(Mapping[str, Column]):
    """The stored catalog: name -> column, every column `rows` long; `audio` holds the audio
    features as one (rows, features) matrix (their columns are views of it)."""

    def __init__(self, columns: Mapping[str, Column], rows: int, audio: np.ndarray) -> None:
        self._columns = dict(columns)
        self.rows = rows
        self.audio = audio

    def __getitem__(self, name: str) -> Column:
        return self._columns[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def to_frame(self) -> pd.DataFrame:
        """The catalog as a pandas frame, for evaluation and analysis (never for serving)."""
        import pandas as pd

        data = {}
        for name, column in self._columns.items():
            if isinstance(column, IntColumn):
                values = pd.array(np.asarray(column.values), dtype="Int64")
                if column.missing is not None:
                    values[column.missing] = pd.NA
                data[name] = values
            elif isinstance(column, np.ndarray):
                data[name] = np.asarray(column, dtype=np.float64)
            else:
                data[name] = pd.Series(column.tolist(), dtype=object)
        return pd.DataFrame(data)


def id_hash(track_id: str) -> int:
    """A stable 64-bit hash of a track id (Python's own `hash` differs per process)."""
    digest = hashlib.blake2b(track_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def id_table(ids: Sequence[str]) -> dict[str, np.ndarray]:
    """{"hashes": each id's hash, sorted; "rows": the row of each}: what `IdIndex` searches."""
    hashes = np.fromiter((id_hash(i) for i in ids), dtype=np.uint64, count=len(ids))
    order = np.argsort(hashes, kind="stable")
    return {"hashes": hashes[order], "rows": order.astype(np.int64)}


class IdIndex:
    """Track id -> row, by binary search over the ids' sorted 64-bit hashes (stored at build):
    a few microseconds at 10M rows, and no per-process dictionary of every id (a 1M-entry
    dict was 245 MB of private memory in each process)."""

    def __init__(self, ids: Sequence[str], hashes: np.ndarray, rows: np.ndarray) -> None:
        if hashes.shape != (len(ids),) or rows.shape != (len(ids),):
            raise ValueError("the track-id table does not fit the ids")
        self.ids = ids
        self._hashes = _bytes_view(hashes).cast("Q") if len(ids) else memoryview(b"")
        self._rows = _bytes_view(rows).cast("q") if len(ids) else memoryview(b"")

    def get(self, track_id: str, default: int | None = None) -> int | None:
        if not isinstance(track_id, str):
            return default
        wanted = id_hash(track_id)
        hashes = self._hashes
        at = bisect.bisect_left(hashes, wanted)
        while at < len(hashes) and hashes[at] == wanted:  # a collision: look at each
            row = self._rows[at]
            if self.ids[row] == track_id:
                return row
            at += 1
        return default

    def __getitem__(self, track_id: str) -> int:
        row = self.get(track_id)
        if row is None:
            raise KeyError(track_id)
        return row

    def __contains__(self, track_id: object) -> bool:
        return isinstance(track_id, str) and self.get(track_id) is not None

    def __len__(self) -> int:
        return len(self._rows)


# -- the catalog as a whole --------------------------------------------------------------------

AUDIO = "audio"  # the audio features, stored together as one (rows, features) float64 matrix
SAFE_NAME = re.compile(r"[a-z0-9_]{1,40}")


def catalog_arrays(
    frame: pd.DataFrame, matrix: Sequence[str], spec: dict
) -> Iterator[tuple[str, np.ndarray]]:
    """(file key, array) for every column of `frame`, one column at a time (so a build holds
    one column's arrays, not all of them); `matrix` (the audio features) stored as one array.
    Fills `spec` with what `open_catalog` needs (it goes in the manifest)."""
    from recommender.catalog.frames import column as frame_column

    spec.update({"rows": len(frame), "columns": {}, AUDIO: list(matrix)})
    yield AUDIO, frame[list(matrix)].to_numpy(dtype=np.float64)
    for number, name in enumerate(frame.columns):
        if name in matrix:
            continue
        key = f"col.{name}" if SAFE_NAME.fullmatch(str(name)) else f"col.{number:03d}"
        kind, arrays = column_arrays(frame_column(frame, name))
        spec["columns"][str(name)] = {"kind": kind, "key": key}
        for part, array in arrays.items():
            yield f"{key}.{part}", array


def open_catalog(spec: Mapping, load: Callable[[str], np.ndarray | None]) -> Columns:
    """The stored catalog from its spec (the manifest's `catalog`) and `load(file key)`, which
    maps a file (None when the index has no such file). ValueError when anything misfits."""
    rows = int(spec["rows"])
    audio = load(AUDIO)
    names = [str(n) for n in spec[AUDIO]]
    if audio is None or audio.shape != (rows, len(names)):
        raise ValueError("the audio matrix does not fit the catalog")
    audio = np.asarray(audio)
    columns: dict[str, Column] = {name: audio[:, i] for i, name in enumerate(names)}
    for name, entry in spec["columns"].items():
        kind, key = str(entry["kind"]), str(entry["key"])
        if kind not in PARTS:
            raise ValueError(f"unknown column kind {kind!r}")
        arrays = {part: load(f"{key}.{part}") for part in PARTS[kind]}
        present = {part: a for part, a in arrays.items() if a is not None}
        columns[name] = open_column(kind, present, rows)
    return Columns(columns, rows, audio)

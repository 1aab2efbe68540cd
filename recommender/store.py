"""The index directory: build it once (atomically, with a manifest), load it memory-mapped.

Every artefact's name carries the build id and the manifest is replaced last, so a crash
mid-build leaves the previous manifest pointing at the previous, untouched files.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .catalog import STORED_COLUMNS, split_list
from .errors import IndexCorruptError, IndexMissingError
from .features import FeatureSpace
from .index import METRIC, VectorIndex, build_annoy
from .matching import NameMatcher, build_trigram_arrays
from .source import sha256_of
from .text import normalize, primary_artist, song_key

try:
    import fcntl
except ImportError:  # Windows: builds are not locked
    fcntl = None

log = logging.getLogger(__name__)

FORMAT = "soundalike-index"
VERSION = 1
MANIFEST = "manifest.json"
DEFAULT_N_TREES = 20  # recall@10 0.9999 at 50 nodes per result; 50 trees: no better, +66% disk
DEFAULT_SEED = 42
KEY_COLUMNS = ("title_key", "match_key", "song_key", "artist_key")
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class IndexFiles:
    """Everything loaded from an index directory."""

    directory: Path
    manifest: dict
    catalog: pd.DataFrame
    vectors: np.ndarray
    space: FeatureSpace
    main: VectorIndex
    partitions: dict[str, dict[str, tuple[VectorIndex, np.ndarray]]] = field(default_factory=dict)
    matcher: NameMatcher | None = None


def _file_entry(path: Path) -> dict:
    return {"file": path.name, "bytes": path.stat().st_size, "sha256": sha256_of(path)}


def _atomic_write_bytes(path: Path, write: Callable[[Path], None]) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)
    return path


def add_match_keys(catalog: pd.DataFrame) -> pd.DataFrame:
    """Normalised strings the matcher and de-duplication need, computed once at build."""
    titles = [normalize(t) for t in catalog["name"]]
    artists = [normalize(primary_artist(a)) for a in catalog["artist"]]
    full_artists = [normalize(a) for a in catalog["artist"]]
    return catalog.assign(
        title_key=titles,
        match_key=[f"{t} {a}" for t, a in zip(titles, full_artists, strict=True)],
        song_key=[song_key(n, a) for n, a in zip(catalog["name"], catalog["artist"], strict=True)],
        artist_key=artists,
    )


def partition_rows(catalog: pd.DataFrame, column: str) -> dict[str, np.ndarray]:
    """{genre: rows in that genre}, from the '|'-joined set column."""
    members: dict[str, list[int]] = {}
    for row, value in enumerate(catalog[column]):
        for name in split_list(value):
            members.setdefault(name, []).append(row)
    return {name: np.asarray(rows, dtype=np.int32) for name, rows in sorted(members.items())}


def typical_distance(vectors: np.ndarray, seed: int, pairs: int = 4000) -> float:
    """Median distance between random tracks: the yardstick for similarity scores."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, len(vectors), pairs)
    b = rng.integers(0, len(vectors), pairs)
    d = np.linalg.norm(vectors[a].astype(np.float64) - vectors[b], axis=1)
    return float(np.median(d[d > 0])) if np.any(d > 0) else 1.0


@contextmanager
def _build_lock(directory: Path):
    """One build per directory at a time (say the CLI and the bot start together): a second
    build would otherwise delete the first one's fresh files as stale."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".build.lock", "w") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def build_index(
    catalog: pd.DataFrame,
    directory: Path,
    *,
    source: dict,
    space: FeatureSpace | None = None,
    n_trees: int = DEFAULT_N_TREES,
    seed: int = DEFAULT_SEED,
    progress: Progress = _quiet,
) -> dict:
    """Write a complete index for `catalog` into `directory`; returns the manifest."""
    with _build_lock(directory):
        return _build(catalog, directory, source, space, n_trees, seed, progress)


def _build(catalog, directory, source, space, n_trees, seed, progress) -> dict:
    started = time.perf_counter()
    build_id = time.strftime("%Y%m%d%H%M%S") + "-" + secrets.token_hex(3)
    space = space or FeatureSpace()
    catalog = add_match_keys(catalog.reset_index(drop=True))
    vectors = space.fit_transform(catalog)
    files: dict[str, dict] = {}

    def path(name: str, ext: str) -> Path:
        return directory / f"{name}-{build_id}.{ext}"

    partitions = {col: partition_rows(catalog, col) for col in ("genres", "subgenres")}
    total = 1 + sum(len(p) for p in partitions.values())
    progress("trees", 0, total)
    main_path = path("main", "ann")
    build_annoy(vectors, main_path, n_trees, seed)
    files["main"] = _file_entry(main_path)
    done = 1
    progress("trees", done, total)

    parts_manifest: dict[str, dict] = {}
    for column, members in partitions.items():
        entries = {}
        for number, (name, rows) in enumerate(members.items()):
            stem = f"{column}-{number:03d}"
            ann = path(stem, "ann")
            build_annoy(vectors[rows], ann, n_trees, seed)
            rows_path = _atomic_write_bytes(
                path(stem, "rows.npy"), lambda p, r=rows: _save_npy(p, r)
            )
            entries[name] = {
                "items": len(rows),
                "index": _file_entry(ann),
                "rows": _file_entry(rows_path),
                "centroid": [float(x) for x in vectors[rows].mean(axis=0)],
            }
            done += 1
            progress("trees", done, total)
        parts_manifest[column] = entries

    progress("names", 0, 1)
    indptr, postings = build_trigram_arrays(catalog["match_key"].tolist())
    for name, array in (("names.indptr", indptr), ("names.postings", postings)):
        files[name] = _file_entry(
            _atomic_write_bytes(path(name, "npy"), lambda p, a=array: _save_npy(p, a))
        )
    files["vectors"] = _file_entry(
        _atomic_write_bytes(path("vectors", "npy"), lambda p: _save_npy(p, vectors))
    )
    files["catalog"] = _file_entry(
        _atomic_write_bytes(path("catalog", "csv"), lambda p: _save_catalog(p, catalog))
    )
    progress("names", 1, 1)

    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "build_id": build_id,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_seconds": round(time.perf_counter() - started, 2),
        "source": source,
        "metric": METRIC,
        "n_trees": n_trees,
        "seed": seed,
        "dimension": space.dimension,
        "items": len(catalog),
        "feature_space": space.to_dict(),
        "distance_scale": typical_distance(vectors, seed),
        "files": files,
        "partitions": parts_manifest,
        "track_ids": catalog["track_id"].tolist(),
    }
    text = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
    _atomic_write_bytes(directory / MANIFEST, lambda p: p.write_text(text, encoding="utf-8"))
    _remove_stale(directory, manifest)
    log.info(
        "built index %s: %d tracks in %.1fs", build_id, len(catalog), manifest["build_seconds"]
    )
    return manifest


def _save_npy(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as fh:
        np.save(fh, array)


def _save_catalog(path: Path, catalog: pd.DataFrame) -> None:
    catalog[[*STORED_COLUMNS, *KEY_COLUMNS]].to_csv(path, index=False, lineterminator="\n")


def _referenced(manifest: dict) -> set[str]:
    names = {entry["file"] for entry in manifest["files"].values()}
    for entries in manifest["partitions"].values():
        for entry in entries.values():
            names |= {entry["index"]["file"], entry["rows"]["file"]}
    return names


def _remove_stale(directory: Path, manifest: dict) -> None:
    keep = _referenced(manifest) | {MANIFEST}
    for item in directory.iterdir():
        if item.is_file() and item.name not in keep and not item.name.startswith("."):
            item.unlink(missing_ok=True)


def read_manifest(directory: Path) -> dict:
    path = directory / MANIFEST
    if not path.exists():
        raise IndexMissingError(
            f"No index in {directory}. Build one with: python -m recommender build"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorruptError(f"{path} is unreadable ({exc}); rebuild the index.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexCorruptError(f"{path} is not a soundalike index manifest; rebuild the index.")
    if manifest.get("version") != VERSION:
        raise IndexCorruptError(
            f"The index in {directory} has format version {manifest.get('version')}, this "
            f"program reads version {VERSION}; rebuild the index."
        )
    return manifest


def _check_file(directory: Path, entry: dict, verify: bool) -> Path:
    path = directory / entry["file"]
    if not path.is_file():
        raise IndexCorruptError(f"Index file {path.name} is missing; rebuild the index.")
    size = path.stat().st_size
    if size != entry["bytes"]:
        raise IndexCorruptError(
            f"Index file {path.name} has {size:,} bytes, the manifest says {entry['bytes']:,} "
            "(truncated or replaced); rebuild the index."
        )
    if verify and sha256_of(path) != entry["sha256"]:
        raise IndexCorruptError(f"Index file {path.name} fails its checksum; rebuild the index.")
    return path


def load_index(directory: Path, verify: bool = True) -> IndexFiles:
    """Load and check an index; raises IndexMissingError / IndexCorruptError, never guesses."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    try:
        return _load(directory, manifest, verify)
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexCorruptError(
            f"The index manifest in {directory} does not match its files ({exc}); rebuild the index."
        ) from None


def _load(directory: Path, manifest: dict, verify: bool) -> IndexFiles:
    files = {
        name: _check_file(directory, entry, verify) for name, entry in manifest["files"].items()
    }
    items, dim = int(manifest["items"]), int(manifest["dimension"])
    space = FeatureSpace.from_dict(manifest["feature_space"])
    if space.dimension != dim:
        raise ValueError("dimension differs from the feature list")

    catalog = read_stored_catalog(files["catalog"])
    if len(catalog) != items or catalog["track_id"].tolist() != manifest["track_ids"]:
        raise IndexCorruptError("The stored catalog does not match the manifest's track ids.")
    vectors = np.load(files["vectors"], mmap_mode="r")
    if vectors.shape != (items, dim):
        raise IndexCorruptError(f"vectors have shape {vectors.shape}, expected {(items, dim)}.")
    main = _open_annoy(files["main"], dim, manifest, items)

    partitions: dict[str, dict[str, tuple[VectorIndex, np.ndarray]]] = {}
    for column, entries in manifest["partitions"].items():
        partitions[column] = {}
        for name, entry in entries.items():
            ann = _check_file(directory, entry["index"], verify)
            rows = np.load(_check_file(directory, entry["rows"], verify), mmap_mode="r")
            if len(rows) != entry["items"] or (len(rows) and int(rows.max()) >= items):
                raise IndexCorruptError(f"Rows of {column} {name!r} do not fit the catalog.")
            partitions[column][name] = (_open_annoy(ann, dim, manifest, entry["items"]), rows)

    matcher = NameMatcher.load(
        catalog["title_key"].tolist(),
        catalog["match_key"].tolist(),
        catalog["popularity"].fillna(0).to_numpy(dtype=np.float64),
        files["names.indptr"],
        files["names.postings"],
    )
    return IndexFiles(directory, manifest, catalog, vectors, space, main, partitions, matcher)


def _open_annoy(path: Path, dim: int, manifest: dict, items: int) -> VectorIndex:
    try:
        index = VectorIndex(path, dim, int(manifest["n_trees"]))
    except OSError as exc:
        raise IndexCorruptError(f"Cannot open {path.name}: {exc}; rebuild the index.") from None
    if len(index) != items:
        raise IndexCorruptError(
            f"{path.name} holds {len(index):,} items, the manifest says {items:,}; rebuild."
        )
    return index


def read_stored_catalog(path: Path) -> pd.DataFrame:
    text_cols = (
        "track_id",
        "name",
        "artist",
        "album",
        "genres",
        "subgenres",
        "playlists",
        *KEY_COLUMNS,
    )
    dtypes = {c: "string" for c in text_cols} | {
        c: "Int64" for c in ("year", "popularity", "duration_ms")
    }
    try:
        frame = pd.read_csv(
            path,
            dtype=dtypes,
            keep_default_na=False,
            na_values={"year": [""], "popularity": [""], "duration_ms": [""]},
        )
    except (ValueError, pd.errors.ParserError) as exc:
        raise IndexCorruptError(f"The stored catalog is unreadable ({exc}); rebuild.") from None
    for col in text_cols:
        frame[col] = frame[col].fillna("").astype(object)
    return frame

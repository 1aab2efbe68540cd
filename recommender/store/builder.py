"""Writing an index directory once, atomically: every artefact's name carries the build id and
the manifest is replaced last, so a crash mid-build leaves the previous manifest pointing at
the previous, untouched files."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from filelock import FileLock

from recommender import ann
from recommender.ann.cells import build_cells
from recommender.catalog.columns import catalog_arrays, id_table
from recommender.catalog.features import AUDIO_FEATURES, FeatureSpace
from recommender.catalog.frames import column
from recommender.catalog.releases import popularity_bands, representatives
from recommender.catalog.scene import fit_scene, playlist_ids, scene_column
from recommender.catalog.schema import split_list
from recommender.catalog.text import (
    base_title,
    join_song_key,
    normalize,
    primary_artist,
    split_artists,
)
from recommender.catalog.tracks import sorted_audio_table
from recommender.disk import DiskError, disk_error
from recommender.names.building import build_name_arrays, fame
from recommender.store.manifest import MANIFEST, FileEntry, Manifest, Partition
from recommender.store.progress import Progress, Stages, quiet
from recommender.store.verify import file_entry

log = logging.getLogger(__name__)

DEFAULT_N_TREES = ann.DEFAULT_N_TREES
DEFAULT_SEED = 42
# The catalog columns the names, scene and genre stages read (`name_arrays`, `fit_scene`,
# `partition_rows`).
LATER_STAGES = (
    "title_key",
    "name_key",
    "artists_key",
    "artist_key",
    "artist",
    "popularity",
    "release_popularity",
    "playlists",
    "album",
    "genres",
    "subgenres",
)
LOCK = ".build.lock"


def _atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)
    return path


def _save_npy(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as fh:
        np.save(fh, array)


def add_match_keys(catalog: pd.DataFrame) -> None:
    """Add the normalised strings the matcher and de-duplication need (computed once at
    build) to `catalog`, in place."""
    names = catalog["name"].astype(str).tolist()
    raw_artists = catalog["artist"].astype(str).tolist()
    artist_keys: dict[str, tuple[str, str]] = {}  # artists repeat: normalise each once
    for artist in set(raw_artists):
        artist_keys[artist] = (normalize(artist), normalize(primary_artist(artist)))
    full = [artist_keys[a][0] for a in raw_artists]
    first = [artist_keys[a][1] for a in raw_artists]
    name_keys = [normalize(n) for n in names]
    # Most base titles are the full title: one string for both, not two equal ones per row.
    title_keys = [
        key if (title := normalize(base_title(n))) == key else title
        for n, key in zip(names, name_keys, strict=True)
    ]
    catalog["title_key"] = title_keys
    catalog["name_key"] = name_keys
    catalog["artists_key"] = full
    catalog["song_key"] = [join_song_key(t, a) for t, a in zip(title_keys, first, strict=True)]
    catalog["artist_key"] = first


def name_arrays(catalog: pd.DataFrame) -> dict[str, np.ndarray]:
    """The name matcher's arrays for a catalog that has its match keys."""
    credited: dict[str, list[str]] = {}
    for full, raw in set(
        zip(catalog["artists_key"].tolist(), catalog["artist"].astype(str).tolist(), strict=True)
    ):
        credited[raw] = list(dict.fromkeys([full, *(normalize(a) for a in split_artists(raw))]))
    return build_name_arrays(
        catalog["title_key"].tolist(),
        catalog["name_key"].tolist(),
        [credited[a] for a in catalog["artist"].astype(str).tolist()],
        fame(
            # Each release's own number: the best-known release of a song wins its name (all
            # of them share the song's `popularity`, catalog.merge).
            catalog[
                "release_popularity" if "release_popularity" in catalog else "popularity"
            ].to_numpy(dtype=np.float64, na_value=0),
            catalog["playlists"].tolist(),
        ),
    )


def partition_rows(catalog: pd.DataFrame, set_column: str) -> dict[str, np.ndarray]:
    """{genre: rows in that genre, ascending}, from the '|'-joined set column."""
    # Each distinct set of names split once (a catalog has a few hundred), then each name's
    # rows found by code: no Python int per row and name (~0.7 GB at 10M).
    codes, values = pd.factorize(column(catalog, set_column).astype(object), use_na_sentinel=False)
    holding: dict[str, list[int]] = {}
    for code, value in enumerate(values.tolist()):
        for name in split_list(value):
            holding.setdefault(name, []).append(code)
    return {
        name: np.flatnonzero(np.isin(codes, held)).astype(np.int32)
        for name, held in sorted(holding.items())
    }


def typical_distance(vectors: np.ndarray, seed: int, pairs: int = 4000) -> float:
    """Median distance between random tracks: the yardstick for similarity scores."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, len(vectors), pairs)
    b = rng.integers(0, len(vectors), pairs)
    d = np.linalg.norm(vectors[a].astype(np.float64) - vectors[b], axis=1)
    return float(np.median(d[d > 0])) if np.any(d > 0) else 1.0


# Bytes of index per byte of catalog CSV, at the least (docs/scaling.md: 6.7 for the
# TidyTuesday CSV, whose tracks repeat per playlist; ~3 for a generated 1M catalog). A lower
# bound on purpose: a build refused up front surely would not fit; one that just might is
# tried, and if the disk fills part-way it removes its files and says so.
INDEX_PER_CSV_BYTE = 2.0
GZIP_INFLATION = 4.0


def free_bytes(path: Path) -> int:
    """Free bytes on the disk holding `path` (or its nearest existing parent)."""
    path = Path(path).absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free


def ensure_room(directory: Path, catalog_path: Path) -> None:
    """Refuse, before anything is written, a build that would not fit the disk: the new
    index is written beside the old one (the old one is kept until the swap)."""
    size = Path(catalog_path).stat().st_size
    needed = int(
        size * INDEX_PER_CSV_BYTE * (GZIP_INFLATION if str(catalog_path).endswith(".gz") else 1)
    )
    free = free_bytes(directory)
    if free < needed:
        raise DiskError(
            f"Cannot write the index in {directory}: a catalog of {size:,} bytes needs about "
            f"{needed:,} bytes free, and {directory} has {free:,} bytes; free some space or "
            "choose a path on another disk (--index-dir; INDEX_DIR).",
            Path(directory),
        )


@contextmanager
def build_lock(directory: Path):
    """One build per directory at a time (say the CLI and the bot start together): a second
    build would otherwise delete the first one's fresh files as stale."""
    directory.mkdir(parents=True, exist_ok=True)
    # filelock: the OS's own lock on every platform (flock on POSIX, msvcrt on Windows), let
    # go when the process dies, so a crashed build never leaves the directory locked.
    with FileLock(directory / LOCK):
        yield


def build_index(
    catalog: pd.DataFrame,
    directory: Path,
    *,
    source: dict,
    space: FeatureSpace | None = None,
    n_trees: int = DEFAULT_N_TREES,
    seed: int = DEFAULT_SEED,
    progress: Progress = quiet,
    backend: str = ann.DEFAULT_BACKEND,
    consume: bool = False,
) -> Manifest:
    """Write a complete index for `catalog` into `directory`; returns its manifest.

    `consume`: the build may add columns to `catalog` and drop those it has written (what
    lets a 10M-track catalog be built in bounded memory); the caller's frame is spent.

    A build that fails (a full or read-only disk, an interrupt) removes the files it wrote,
    so the previous index stays as it was and the next build starts clean."""
    directory = Path(directory)
    adapter = ann.backend(backend)
    forests = {"backend": adapter.NAME, **adapter.parameters({"n_trees": n_trees})}
    try:
        with build_lock(directory):
            before = {item.name for item in directory.iterdir()}
            try:
                frame = catalog if consume else catalog.copy(deep=False)
                return _build(
                    frame, directory, source, space or FeatureSpace(), forests, seed, progress
                )
            except BaseException as exc:
                # Judged before the clean-up: removing the files frees the space that ran out.
                error = _disk_error(exc, directory) if isinstance(exc, OSError) else None
                _remove_unfinished(directory, before)
                if error is None:
                    raise
                raise error from None
    except OSError as exc:  # the lock or the directory itself could not be created
        raise _disk_error(exc, directory) from None


def _disk_error(exc: OSError, directory: Path):
    return disk_error(exc, "write the index", directory, "--index-dir; INDEX_DIR")


def _remove_unfinished(directory: Path, before: set[str]) -> None:
    """Remove what a failed build added, except files a manifest now names (a failure after
    the manifest was replaced leaves a complete index that must keep its files)."""
    manifest = directory / MANIFEST
    try:
        named = manifest.read_text(encoding="utf-8") if manifest.is_file() else ""
    except OSError:
        named = ""
    for item in directory.iterdir():
        if item.name in (*before, MANIFEST, LOCK) or f'"{item.name}"' in named:
            continue
        with contextlib.suppress(OSError):
            item.unlink()
    log.warning("the failed build's files were removed from %s", directory)


def _build(catalog, directory, source, space, forests: dict, seed, progress) -> Manifest:
    """`forests`: the ANN backend's name and parameters, as the manifest records them."""
    adapter = ann.backend(forests["backend"])
    params = {k: v for k, v in forests.items() if k != "backend"}
    started = time.perf_counter()
    build_id = time.strftime("%Y%m%d%H%M%S") + "-" + secrets.token_hex(3)
    stages = Stages(progress, 6)
    stages("keys")
    catalog.index = pd.RangeIndex(len(catalog))  # reset_index(drop=True), in place
    add_match_keys(catalog)
    vectors = space.fit_transform(catalog)
    files: dict[str, FileEntry] = {}

    def path(name: str, ext: str) -> Path:
        return directory / f"{name}-{build_id}.{ext}"

    def save_array(name: str, array: np.ndarray) -> Path:
        return _atomic_write(path(name, "npy"), lambda p: _save_npy(p, array))

    def store(name: str, array: np.ndarray) -> None:
        files[name] = file_entry(save_array(name, array))

    # The main forest is built in a thread (annoy lets go of the GIL while it builds; one
    # job, so the trees are the same on every run) while this thread writes everything else:
    # both cores busy for most of the build.
    main_path = path("main", "ann")
    with ThreadPoolExecutor(1) as pool:
        main_forest = pool.submit(adapter.build, vectors, main_path, params, seed)
        stages("columns")
        spec: dict = {}
        for key, array in catalog_arrays(catalog, AUDIO_FEATURES, spec):
            store(f"catalog.{key}", array)
        for part, array in id_table(column(catalog, "track_id").tolist()).items():
            store(f"catalog.ids.{part}", array)
        audio = catalog[list(AUDIO_FEATURES)].to_numpy(dtype=np.float64)
        store("catalog.sorted_audio", sorted_audio_table(audio))
        store("releases.representative", representatives(catalog, audio))
        bands = popularity_bands(catalog)
        # What the later stages read; the rest of the frame is on disk now (~1/3 of a
        # build's memory at 10M).
        for written in [c for c in catalog if c not in LATER_STAGES]:
            del catalog[written]
        store("vectors", vectors)
        stages("names")
        for name, array in name_arrays(catalog).items():
            store(f"names.{name}", array)
        stages("scene")
        scene = _write_scene(catalog, vectors, seed, store)
        stages("genres")
        partitions = _genre_partitions(catalog, vectors, seed, save_array)
        stages("trees")
        main_forest.result()
    files["main"] = file_entry(main_path)
    stages.finish()

    manifest = Manifest(
        build_id=build_id,
        created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        build_seconds=round(time.perf_counter() - started, 2),
        source=source,
        metric=str(params.get("metric", "")),
        n_trees=int(params.get("n_trees", 0)),
        seed=seed,
        dimension=space.dimension,
        items=len(catalog),
        feature_space=space.to_dict(),
        distance_scale=typical_distance(vectors, seed),
        files=files,
        partitions=partitions,
        catalog=spec,
        scene=scene,
        ann=forests,
        popularity_bands=bands,
    )
    text = manifest.to_json()
    _atomic_write(directory / MANIFEST, lambda p: _write_text(p, text))
    _remove_stale(directory, manifest)
    log.info("built index %s: %d tracks in %.1fs", build_id, len(catalog), manifest.build_seconds)
    return manifest


def _genre_partitions(catalog, vectors, seed, save_array) -> dict:
    """Each genre's and subgenre's rows, centroid and (for a large one) cells: no forest of
    their own, lists within one read the catalog's vectors (`ranking.candidates`)."""
    members = {name: partition_rows(catalog, name) for name in ("genres", "subgenres")}
    partitions: dict[str, dict[str, Partition]] = {}
    for kind, groups in members.items():
        partitions[kind] = {}
        for number, (name, rows) in enumerate(groups.items()):
            stem = f"{kind}-{number:03d}"
            cells = build_cells(vectors, rows, seed)
            saved = {}
            if cells is not None:
                for part in ("rows", "bounds", "centroids"):
                    saved[part] = file_entry(
                        save_array(f"{stem}.cells.{part}", getattr(cells, part))
                    )
            partitions[kind][name] = Partition(
                items=len(rows),
                rows=file_entry(save_array(f"{stem}.rows", rows)),
                centroid=tuple(float(x) for x in vectors[rows].mean(axis=0)),
                cells=saved,
            )
    return partitions


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _write_scene(catalog, vectors, seed, store: Callable[[str, np.ndarray], None]) -> dict:
    """The scene from ALL of the catalog's playlists (or albums, without playlists); the
    evaluator fits its own on a training half. Nothing when no list pairs artists."""
    column = scene_column(catalog)
    embedding = fit_scene(catalog, vectors, seed=seed, column=column) if column else None
    if embedding is None or column is None:
        return {}
    store("scene.artists", embedding.artist_vectors)
    store("scene.artist_of_row", embedding.artist_of_row)
    store("scene.warm", embedding.artist_warm)
    return {
        "column": column,
        "dimensions": int(embedding.artist_vectors.shape[1]),
        "lists": len(playlist_ids(catalog, column)),
        "artists": len(embedding.artist_vectors),
        "warm_rows": int(embedding.warm.sum()),
    }


def _remove_stale(directory: Path, manifest: Manifest) -> None:
    keep = {entry.file for entry in manifest.file_entries()} | {MANIFEST}
    for item in directory.iterdir():
        if item.is_file() and item.name not in keep and not item.name.startswith("."):
            item.unlink(missing_ok=True)

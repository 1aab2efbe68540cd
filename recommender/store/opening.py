"""Source -> catalog -> index on disk; and "open the index, building it first if needed"."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path

from recommender.catalog.checksum import sha256_of
from recommender.catalog.chunked import CHUNKED_FROM, load_catalog_chunked
from recommender.catalog.defaults import default_sources
from recommender.catalog.download import (
    DEFAULT_DOWNLOAD_TIMEOUT,
    DEFAULT_MAX_DOWNLOAD_MB,
    MB,
)
from recommender.catalog.features import FeatureSpace
from recommender.catalog.merge import MergeReport, merge_catalogs, source_title, vocabulary
from recommender.catalog.paths import DATA_DIR
from recommender.catalog.reader import check_catalog, load_catalog
from recommender.catalog.source import catalog_path, is_url
from recommender.engine import Recommender
from recommender.errors import IndexCorruptError, IndexMissingError, RecommenderError
from recommender.store import DEFAULT_N_TREES, Manifest, Progress, build_index, read_manifest
from recommender.store.builder import ensure_room
from recommender.store.manifest import MANIFEST, recorded_build
from recommender.store.progress import quiet, say

log = logging.getLogger(__name__)

DEFAULT_INDEX_DIR = DATA_DIR / "index"


# What a build leaves in its directory besides an index: its lock, files it was writing, an
# unfinished build's tagged files ("main-20261204235859-58a654.ann").
_OWN_LEFTOVER = re.compile(r"^\.build\.lock$|^\..+\.tmp$|-\d{14}-[0-9a-f]{6}\.(?:ann|npy|csv)$")


class IndexDirError(RecommenderError):
    """A directory that must not receive an index (/, the home folder, a folder of other
    things, a file)."""


def index_dir_problem(directory: Path) -> str | None:
    """Why `directory` can't hold an index, or None. An index directory is new, empty, or
    already a soundalike index: a build writes and replaces files there (and, run as root,
    would write them into / or a system folder as readily as anywhere)."""
    shown = str(directory) if len(str(directory)) <= 80 else str(directory)[:77] + "..."
    try:
        return _index_dir_problem(Path(directory), shown)
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte
        return f"{shown} can't be used ({getattr(exc, 'strerror', None) or exc})"


def _index_dir_problem(path: Path, directory: str) -> str | None:
    path = path.expanduser().resolve()
    if path == Path(path.anchor):
        return f"{directory} is the root directory; give a directory of its own"
    if path == Path.home().resolve():
        return f"{directory} is the home directory; give a directory of its own"
    if path.exists() and not path.is_dir():
        return f"{directory} is a file, not a directory"
    if not path.exists():
        parent = next(p for p in path.parents if p.exists())
        # Unwritable places are left to the build, whose DiskError says why (read-only...).
        return None if parent.is_dir() else f"{directory} can't be created: {parent} is a file"
    if (path / MANIFEST).is_file():
        return None
    try:
        others = sorted(e.name for e in os.scandir(path) if not _OWN_LEFTOVER.search(e.name))
    except OSError as exc:
        return f"{directory} can't be read ({exc.strerror or exc})"
    if others:
        return (
            f"{directory} holds other files ({others[0]}, ...) and no soundalike index; "
            f"give an empty or new directory"
        )
    return None


def check_index_dir(directory: Path, name: str = "the index directory") -> None:
    """IndexDirError naming `name` (the option or setting) when `directory` can't hold an
    index; checked before anything is downloaded or written."""
    problem = index_dir_problem(directory)
    if problem:
        raise IndexDirError(f"{name}: {problem}.")


class IndexFromAnotherCatalogError(RecommenderError):
    """The index directory holds an index of another catalog than the one configured."""


Sources = str | Sequence[str] | None  # one catalog, several (merged), or the defaults
Columns = Mapping[str, str] | Sequence[Mapping[str, str] | None] | None  # one, or per source


def source_list(source: Sources) -> list[str]:
    """The catalogs to build from, in order: `default_sources()` when none is given."""
    if source is None:
        return default_sources()
    return [source] if isinstance(source, str) else list(source)


def column_list(columns: Columns, count: int) -> list[Mapping[str, str] | None]:
    """Each source's column mapping: one mapping serves every source."""
    if columns is None or isinstance(columns, Mapping):
        return [columns] * count
    mappings = list(columns)
    return mappings + [None] * (count - len(mappings))


def build(
    source: Sources = None,
    index_dir: Path = DEFAULT_INDEX_DIR,
    *,
    columns: Columns = None,
    n_trees: int = DEFAULT_N_TREES,
    space: FeatureSpace | None = None,
    progress: Progress | None = None,
    download_limit_mb: int = DEFAULT_MAX_DOWNLOAD_MB,
    download_timeout: float = DEFAULT_DOWNLOAD_TIMEOUT,
) -> Manifest:
    """Fetch (if needed), load, merge and index one or several catalogs; returns the
    manifest written. With no source, the default catalogs (`default_sources`)."""
    index_dir = Path(index_dir)
    check_index_dir(index_dir)
    sources = source_list(source)
    loaded, described = [], []
    for src, mapping in zip(sources, column_list(columns, len(sources)), strict=True):
        path = catalog_path(
            src,
            index_dir.parent,
            progress=progress,
            check=lambda downloaded, mapping=mapping: check_catalog(downloaded, mapping),
            max_bytes=download_limit_mb * MB,
            timeout=download_timeout,
        )
        say(progress, f"reading {path.name}")
        ensure_room(index_dir, path)
        big = path.suffix != ".gz" and path.stat().st_size >= CHUNKED_FROM
        catalog, report = (load_catalog_chunked if big else load_catalog)(path, mapping)
        loaded.append((path.name, catalog))
        described.append(_described(src, path, report, mapping))
        described[-1]["with_playlists"] = sum(bool(p) for p in catalog["playlists"].tolist())
    catalog, merged = merge_catalogs(loaded)
    for i, entry in enumerate(described):  # no name left holding a source's frame
        entry["genres"] = vocabulary(loaded[i][1], merged.aliases)
    loaded.clear()  # the build consumes `catalog`: nothing else may hold the sources' frames
    log.info("catalog: %s", merged)
    about = _merged_description(described, merged) if len(described) > 1 else described[0]
    about["versions"] = merged.versions
    return build_index(
        catalog,
        index_dir,
        source=about,
        space=space,
        n_trees=n_trees,
        progress=progress or quiet,
        consume=True,
    )


def _described(src: str, path: Path, report, mapping) -> dict:
    """One source as the manifest records it."""
    return {
        "name": path.name,
        "title": source_title(path.name, report.layout),
        "url": src if is_url(src) else None,
        "path": str(path),
        "sha256": sha256_of(path),
        "layout": report.layout,
        "rows": report.rows,
        "tracks": report.tracks,
        "dropped": report.dropped,
        "conflicting_duplicates": report.conflicting,
        "cleared": report.cleared,
        "columns": dict(mapping or {}),
    }


def _merged_description(described: list[dict], merged: MergeReport) -> dict:
    """Several sources: their sums, the merge's counts, and each source as it was read."""
    dropped: dict[str, int] = {}
    for entry in described:
        for why, n in entry["dropped"].items():
            dropped[why] = dropped.get(why, 0) + n
    return {
        "name": " + ".join(entry["title"] for entry in described),
        "layout": "merged",
        "rows": sum(entry["rows"] for entry in described),
        "tracks": merged.tracks,
        "dropped": dropped,
        "conflicting_duplicates": sum(e["conflicting_duplicates"] for e in described),
        "shared_tracks": merged.shared,
        "conflicting_between_sources": merged.conflicting,
        "aliases": [asdict(a) for a in merged.aliases],
        "sources": described,
    }


def built_sources(source: dict) -> list[dict]:
    """Each source an index was built from, from the manifest's `source` (an index of one
    catalog records it alone)."""
    return list(source.get("sources") or [source])


def source_matches(manifest: Manifest, source: Sources) -> bool:
    """Does the index on disk come from `source`? (None means "whatever it was built from".)"""
    if source is None:
        return True
    built = built_sources(manifest.source)
    wanted = source_list(source)
    return len(built) == len(wanted) and all(
        _matches(entry, src) for entry, src in zip(built, wanted, strict=True)
    )


def _matches(built: dict, source: str) -> bool:
    if is_url(source):
        return built.get("url") == source
    path = Path(source).expanduser()
    return path.is_file() and built.get("sha256") == sha256_of(path)


def same_origin(manifest: Manifest, source: Sources) -> bool:
    """Was the index built from these URLs or files (whatever their content is today)?"""
    built = built_sources(manifest.source)
    wanted = source_list(source)
    return len(built) == len(wanted) and all(
        _same_place(entry, src) for entry, src in zip(built, wanted, strict=True)
    )


def _same_place(built: dict, source: str) -> bool:
    if is_url(source):
        return built.get("url") == source
    recorded = built.get("path")
    return bool(recorded) and Path(recorded).resolve() == Path(source).expanduser().resolve()


def open_or_build(
    index_dir: Path = DEFAULT_INDEX_DIR,
    source: Sources = None,
    *,
    columns: Columns = None,
    progress: Progress | None = None,
    download_limit_mb: int = DEFAULT_MAX_DOWNLOAD_MB,
    download_timeout: float = DEFAULT_DOWNLOAD_TIMEOUT,
) -> Recommender:
    """Load the index; build it first when it is missing or invalid, or when its catalog file
    changed. An index of *another* catalog is never replaced behind the host's back:
    IndexFromAnotherCatalogError says how to rebuild it."""
    index_dir = Path(index_dir)
    try:
        manifest = read_manifest(index_dir)
        if source is None or source_matches(manifest, source):
            return Recommender.load(index_dir)
        if not same_origin(manifest, source):
            raise _another_catalog(index_dir, manifest, source)
        log.info("the catalog %s changed since the index was built; rebuilding", source)
    except IndexMissingError:
        say(progress, f"No index in {index_dir} yet: building it once.")
    except IndexCorruptError as exc:
        log.warning("%s Rebuilding it.", exc)
    prior = recorded_build(index_dir)  # of any format version: an old one is rebuilt from it
    n_trees = prior[1] if prior else DEFAULT_N_TREES
    if source is None and prior:  # rebuild from what it was built from, as it was mapped
        built = built_sources(prior[0])
        source = [str(entry.get("url") or entry.get("path")) for entry in built]
        columns = [entry.get("columns") or None for entry in built]
    build(
        source,
        index_dir,
        columns=columns,
        n_trees=n_trees,
        progress=progress,
        download_limit_mb=download_limit_mb,
        download_timeout=download_timeout,
    )
    return Recommender.load(index_dir)


def _another_catalog(index_dir: Path, manifest: Manifest, source: Sources):
    origin = " + ".join(
        str(entry.get("url") or entry.get("path") or entry.get("name", "another catalog"))
        for entry in built_sources(manifest.source)
    )
    wanted = source_list(source)
    options = " ".join(f"--source {src}" for src in wanted)
    return IndexFromAnotherCatalogError(
        f"The index in {index_dir} was built from {origin}, not from {' + '.join(wanted)}; it "
        f"was left as it is. To index {' + '.join(wanted)}, run: python -m recommender build {options} "
        f"--index-dir {index_dir} (or point INDEX_DIR at another directory)."
    )


def read_manifest_or_none(index_dir: Path) -> Manifest | None:
    try:
        return read_manifest(index_dir)
    except (IndexMissingError, IndexCorruptError):
        return None


@contextlib.contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """While inside, SIGTERM (`kill`, a container stopping) ends the process as Ctrl-C does:
    by an exception, so a build removes its unfinished files on the way out. Outside the
    main thread (where Python allows no signal handler) it changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

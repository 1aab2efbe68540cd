"""Source -> catalog -> index on disk; and "open the index, building it first if needed"."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from recommender.catalog.chunked import CHUNKED_FROM, load_catalog_chunked
from recommender.catalog.features import FeatureSpace
from recommender.catalog.paths import DATA_DIR
from recommender.catalog.reader import check_catalog, load_catalog
from recommender.catalog.source import (
    DEFAULT_MAX_DOWNLOAD_MB,
    DEFAULT_URL,
    MB,
    catalog_path,
    is_url,
    sha256_of,
)
from recommender.engine import Recommender
from recommender.errors import IndexCorruptError, IndexMissingError, RecommenderError
from recommender.store import DEFAULT_N_TREES, Manifest, Progress, build_index, read_manifest
from recommender.store.builder import ensure_room
from recommender.store.manifest import recorded_build

log = logging.getLogger(__name__)

DEFAULT_INDEX_DIR = DATA_DIR / "index"


class IndexFromAnotherCatalogError(RecommenderError):
    """The index directory holds an index of another catalog than the one configured."""


def build(
    source: str | None = None,
    index_dir: Path = DEFAULT_INDEX_DIR,
    *,
    columns: Mapping[str, str] | None = None,
    n_trees: int = DEFAULT_N_TREES,
    space: FeatureSpace | None = None,
    progress: Progress | None = None,
    download_limit_mb: int = DEFAULT_MAX_DOWNLOAD_MB,
) -> Manifest:
    """Fetch (if needed), load and index a catalog; returns the manifest written."""
    index_dir = Path(index_dir)
    path = catalog_path(
        source,
        index_dir.parent,
        progress=progress,
        check=lambda downloaded: check_catalog(downloaded, columns),
        max_bytes=download_limit_mb * MB,
    )
    ensure_room(index_dir, path)
    big = path.suffix != ".gz" and path.stat().st_size >= CHUNKED_FROM
    catalog, report = (load_catalog_chunked if big else load_catalog)(path, columns)
    described = {
        "name": path.name,
        "url": source if source and is_url(source) else (None if source else DEFAULT_URL),
        "path": str(path),
        "sha256": sha256_of(path),
        "layout": report.layout,
        "rows": report.rows,
        "tracks": report.tracks,
        "dropped": report.dropped,
        "conflicting_duplicates": report.conflicting,
        "cleared": report.cleared,
        "columns": dict(columns or {}),
    }
    if progress is None:
        return build_index(catalog, index_dir, source=described, space=space, n_trees=n_trees)
    return build_index(
        catalog, index_dir, source=described, space=space, n_trees=n_trees, progress=progress
    )


def source_matches(manifest: Manifest, source: str | None) -> bool:
    """Does the index on disk come from `source`? (None means "whatever it was built from".)"""
    built = manifest.source
    if source is None:
        return True
    if is_url(source):
        return built.get("url") == source
    path = Path(source).expanduser()
    return path.is_file() and built.get("sha256") == sha256_of(path)


def same_origin(manifest: Manifest, source: str) -> bool:
    """Was the index built from this URL or this file (whatever its content is today)?"""
    built = manifest.source
    if is_url(source):
        return built.get("url") == source
    recorded = built.get("path")
    return bool(recorded) and Path(recorded).resolve() == Path(source).expanduser().resolve()


def open_or_build(
    index_dir: Path = DEFAULT_INDEX_DIR,
    source: str | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    download_limit_mb: int = DEFAULT_MAX_DOWNLOAD_MB,
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
        log.info("no index in %s yet; building it (once)", index_dir)
    except IndexCorruptError as exc:
        log.warning("%s Rebuilding it.", exc)
    prior = recorded_build(index_dir)  # of any format version: an old one is rebuilt from it
    n_trees = prior[1] if prior else DEFAULT_N_TREES
    if source is None and prior:  # rebuild from what it was built from, as it was mapped
        built = prior[0]
        source, columns = built.get("url") or built.get("path"), built.get("columns") or None
    build(
        source,
        index_dir,
        columns=columns,
        n_trees=n_trees,
        progress=progress,
        download_limit_mb=download_limit_mb,
    )
    return Recommender.load(index_dir)


def _another_catalog(index_dir: Path, manifest: Manifest, source: str):
    built = manifest.source
    origin = built.get("url") or built.get("path") or built.get("name", "another catalog")
    return IndexFromAnotherCatalogError(
        f"The index in {index_dir} was built from {origin}, not from {source}; it was left "
        f"as it is. To index {source}, run: python -m recommender build --source {source} "
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

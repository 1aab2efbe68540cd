"""Source -> catalog -> index on disk; and "open the index, building it first if needed"."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recommender.catalog import published
from recommender.catalog.checksum import sha256_of
from recommender.catalog.download import (
    DEFAULT_DOWNLOAD_TIMEOUT,
    DEFAULT_MAX_DOWNLOAD_MB,
    MB,
)
from recommender.catalog.features import FeatureSpace
from recommender.catalog.paths import DATA_DIR
from recommender.catalog.published import default_catalog_paths
from recommender.catalog.reader import check_catalog, load_catalog
from recommender.catalog.source import catalog_path, is_url
from recommender.engine import Recommender
from recommender.errors import IndexCorruptError, IndexMissingError, RecommenderError
from recommender.store import DEFAULT_N_TREES, Manifest, Progress, build_index, read_manifest
from recommender.store.manifest import MANIFEST
from recommender.store.progress import say

log = logging.getLogger(__name__)

DEFAULT_INDEX_DIR = DATA_DIR / "index"


@dataclass(frozen=True)
class Fetching:
    """How a build fetches its catalog: who watches, what a download must be, the limits."""

    progress: Progress | None
    columns: Mapping[str, str] | None
    max_bytes: int
    timeout: float

    def options(self) -> dict[str, Any]:
        return {
            "progress": self.progress,
            "check": lambda downloaded: check_catalog(downloaded, self.columns),
            "max_bytes": self.max_bytes,
            "timeout": self.timeout,
        }


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


def build(
    source: str | None = None,
    index_dir: Path = DEFAULT_INDEX_DIR,
    *,
    columns: Mapping[str, str] | None = None,
    n_trees: int = DEFAULT_N_TREES,
    space: FeatureSpace | None = None,
    progress: Progress | None = None,
    download_limit_mb: int = DEFAULT_MAX_DOWNLOAD_MB,
    download_timeout: float = DEFAULT_DOWNLOAD_TIMEOUT,
) -> Manifest:
    """Fetch (if needed), load and index a catalog; returns the manifest written."""
    index_dir = Path(index_dir)
    check_index_dir(index_dir)
    fetching = Fetching(progress, columns, download_limit_mb * MB, download_timeout)
    if source:
        path, origin = catalog_path(source, index_dir.parent, **fetching.options()), source
    else:  # the first published default (TidyTuesday); the merged catalog takes them all
        default = published.DEFAULT_FILES[0]
        path = default_catalog_paths(index_dir.parent, files=[default], **fetching.options())[0]
        origin = default.addresses[0]  # so a rebuild goes through the same mirrors
    say(progress, f"reading {path.name}")
    catalog, report = load_catalog(path, columns)
    described = {
        "name": path.name,
        "url": origin if is_url(origin) else None,
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
    prior = read_manifest_or_none(index_dir)
    n_trees = prior.n_trees if prior else DEFAULT_N_TREES
    if source is None and prior:  # rebuild from what it was built from, as it was mapped
        built = prior.source
        source, columns = built.get("url") or built.get("path"), built.get("columns") or None
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

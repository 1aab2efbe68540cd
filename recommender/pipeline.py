"""Source -> catalog -> index on disk; and "open the index, building it first if needed"."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from .catalog import load_catalog
from .engine import Recommender
from .errors import IndexCorruptError, IndexMissingError
from .features import FeatureSpace
from .paths import DATA_DIR
from .source import DEFAULT_URL, catalog_path, is_url, sha256_of
from .store import DEFAULT_N_TREES, Manifest, Progress, build_index, read_manifest

log = logging.getLogger(__name__)

DEFAULT_INDEX_DIR = DATA_DIR / "index"


def build(
    source: str | None = None,
    index_dir: Path = DEFAULT_INDEX_DIR,
    *,
    columns: Mapping[str, str] | None = None,
    n_trees: int = DEFAULT_N_TREES,
    space: FeatureSpace | None = None,
    progress: Progress | None = None,
) -> Manifest:
    """Fetch (if needed), load and index a catalog; returns the manifest written."""
    index_dir = Path(index_dir)
    path = catalog_path(source, index_dir.parent, progress=progress)
    catalog, report = load_catalog(path, columns)
    described = {
        "name": path.name,
        "url": source if source and is_url(source) else (None if source else DEFAULT_URL),
        "path": str(path),
        "sha256": sha256_of(path),
        "layout": report.layout,
        "rows": report.rows,
        "tracks": report.tracks,
        "dropped": report.dropped,
        "columns": dict(columns or {}),
    }
    kwargs = {"progress": progress} if progress else {}
    return build_index(catalog, index_dir, source=described, space=space, n_trees=n_trees, **kwargs)


def source_matches(manifest: Manifest, source: str | None) -> bool:
    """Does the index on disk come from `source`? (None means "whatever it was built from".)"""
    built = manifest.source
    if source is None:
        return True
    if is_url(source):
        return built.get("url") == source
    path = Path(source).expanduser()
    return path.is_file() and built.get("sha256") == sha256_of(path)


def open_or_build(
    index_dir: Path = DEFAULT_INDEX_DIR,
    source: str | None = None,
    *,
    progress: Progress | None = None,
) -> Recommender:
    """Load the index; build it first when it is missing, invalid or from another source."""
    index_dir = Path(index_dir)
    try:
        manifest = read_manifest(index_dir)
        if source_matches(manifest, source):
            return Recommender.load(index_dir)
        log.info(
            "the index in %s was built from another catalog; rebuilding from %s", index_dir, source
        )
    except IndexMissingError:
        log.info("no index in %s yet; building it (once)", index_dir)
    except IndexCorruptError as exc:
        log.warning("%s Rebuilding it.", exc)
    columns = None
    prior = read_manifest_or_none(index_dir)
    if source is None and prior:  # rebuild from what it was built from, as it was mapped
        built = prior.source
        source, columns = built.get("url") or built.get("path"), built.get("columns") or None
    build(source, index_dir, columns=columns, progress=progress)
    return Recommender.load(index_dir)


def read_manifest_or_none(index_dir: Path) -> Manifest | None:
    try:
        return read_manifest(index_dir)
    except (IndexMissingError, IndexCorruptError):
        return None

"""Where the catalog CSV comes from: a host's path or URL, or the published defaults
(recommender.catalog.published: their addresses, mirrors and checks)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from recommender.catalog import published
from recommender.catalog.download import (
    ATTEMPTS,
    DEFAULT_DOWNLOAD_TIMEOUT,
    DEFAULT_MAX_DOWNLOAD_MB,
    MB,
    download,
)
from recommender.catalog.paths import DATA_DIR
from recommender.catalog.published import PublishedFile, published_path
from recommender.errors import SourceError
from recommender.store.progress import Progress

log = logging.getLogger(__name__)

DEFAULT_DATA_DIR = DATA_DIR


def is_url(source: str) -> bool:
    return urlparse(source).scheme in ("http", "https")


def catalog_path(
    source: str | None,
    data_dir: Path = DEFAULT_DATA_DIR,
    *,
    timeout: float = DEFAULT_DOWNLOAD_TIMEOUT,
    attempts: int = ATTEMPTS,
    progress: Progress | None = None,
    check: Callable[[Path], None] | None = None,
    max_bytes: int = DEFAULT_MAX_DOWNLOAD_MB * MB,
) -> Path:
    """A local CSV path for `source`: a path as it is; a URL downloaded once (kept by URL);
    None, or an address of a published default, that file through its mirrors (the first
    default, TidyTuesday, for None). `check` raises CatalogError when a download is not a
    catalog; it is then discarded rather than kept."""
    if source and not is_url(source):
        path = Path(source).expanduser()
        if not path.is_file():
            raise SourceError(f"Catalog file not found: {path}")
        return path
    default = _published_at(source) if source else published.DEFAULT_FILES[0]
    if default is not None or not source:
        return published_path(
            default or published.DEFAULT_FILES[0],
            data_dir,
            timeout=timeout,
            attempts=attempts,
            progress=progress,
            check=check,
            max_bytes=max_bytes,
        )
    dest = cache_path(source, data_dir)
    if dest.is_file():
        log.info("using the catalog already downloaded from %s at %s", source, dest)
        return dest
    return download(
        source,
        dest,
        timeout=timeout,
        attempts=attempts,
        progress=progress,
        check=check,
        max_bytes=max_bytes,
    )


def _published_at(url: str) -> PublishedFile | None:
    return next((file for file in published.DEFAULT_FILES if file.known_at(url)), None)


def cache_path(url: str, data_dir: Path) -> Path:
    """Where the download of `url` is kept: keyed by the whole URL, so `.../a/songs.csv` and
    `.../b/songs.csv` never share a file. (The defaults keep their documented names.)"""
    name = Path(urlparse(url).path).name or "catalog.csv"
    stem, dot, suffixes = name.partition(".")
    key = hashlib.sha256(url.encode()).hexdigest()[:12]
    return data_dir / f"{stem}-{key}{dot}{suffixes}"

"""Where the catalog CSV comes from: the default TidyTuesday download, a URL, or a path."""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import logging
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from recommender.catalog.paths import DATA_DIR
from recommender.disk import disk_error
from recommender.errors import CatalogError, SourceError

log = logging.getLogger(__name__)

DEFAULT_URL = (
    "https://raw.githubusercontent.com/rfordatascience/tidytuesday/master/"
    "data/2020/2020-01-21/spotify_songs.csv"
)
DEFAULT_SHA256 = "9902920cfe4940f0914ebb6716801a42f7f19ac88fbd6693eaae7e2822b16845"
DEFAULT_DATA_DIR = DATA_DIR
CHUNK = 1 << 16
ATTEMPTS = 3
MB = 1 << 20
# The real catalogs are 8 MB each (TidyTuesday; 114k gzipped); a body far larger is
# more likely a mistake than a catalog. DOWNLOAD_LIMIT_MB changes it for the bot.
DEFAULT_MAX_DOWNLOAD_MB = 200
DISK_HINT = "the data directory is the index directory's parent: --index-dir / INDEX_DIR"


def is_url(source: str) -> bool:
    return urlparse(source).scheme in ("http", "https")


def catalog_path(
    source: str | None,
    data_dir: Path = DEFAULT_DATA_DIR,
    *,
    timeout: float = 30.0,
    progress: Callable[[str, int, int], None] | None = None,
    check: Callable[[Path], None] | None = None,
    max_bytes: int = DEFAULT_MAX_DOWNLOAD_MB * MB,
) -> Path:
    """A local CSV path for `source`: downloaded (once per URL) when it is a URL or the
    default. `check` raises CatalogError when a download is not a catalog; it is then
    discarded rather than cached."""
    if source and not is_url(source):
        path = Path(source).expanduser()
        if not path.is_file():
            raise SourceError(f"Catalog file not found: {path}")
        return path
    url = source or DEFAULT_URL
    expected = DEFAULT_SHA256 if url == DEFAULT_URL else None
    dest = cache_path(url, data_dir)
    if dest.is_file() and (expected is None or sha256_of(dest) == expected):
        log.info("using the catalog already downloaded from %s at %s", url, dest)
        return dest
    return download(
        url,
        dest,
        sha256=expected,
        timeout=timeout,
        progress=progress,
        check=check,
        max_bytes=max_bytes,
    )


def cache_path(url: str, data_dir: Path) -> Path:
    """Where the download of `url` is kept: keyed by the whole URL, so `.../a/songs.csv` and
    `.../b/songs.csv` never share a file. The default keeps its plain, documented name."""
    name = Path(urlparse(url).path).name or "catalog.csv"
    if url == DEFAULT_URL:
        return data_dir / name
    stem, dot, suffixes = name.partition(".")
    key = hashlib.sha256(url.encode()).hexdigest()[:12]
    return data_dir / f"{stem}-{key}{dot}{suffixes}"


def sha256_of(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def download(
    url: str,
    dest: Path,
    *,
    sha256: str | None = None,
    timeout: float = 30.0,
    attempts: int = ATTEMPTS,
    progress: Callable[[str, int, int], None] | None = None,
    check: Callable[[Path], None] | None = None,
    max_bytes: int = DEFAULT_MAX_DOWNLOAD_MB * MB,
) -> Path:
    """Fetch `url` to `dest` via a temp file, verified (size, sha256 when known, `check`);
    whatever happens, the temp file does not outlive the call."""
    tmp = dest.with_name(f".part-{dest.name}")  # keeps ".csv.gz": the check must decompress
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _fetch(url, tmp, timeout, attempts, progress, max_bytes)
        _verify(url, tmp, sha256, check)
        os.replace(tmp, dest)
    except OSError as exc:  # urllib's errors were handled in _fetch: this is the disk
        raise disk_error(exc, "save the downloaded catalog", dest.parent, DISK_HINT) from None
    finally:
        with contextlib.suppress(OSError):  # on a read-only disk there is nothing to remove
            tmp.unlink(missing_ok=True)
    log.info("downloaded %s to %s (%s bytes)", url, dest, f"{dest.stat().st_size:,}")
    return dest


def _fetch(url, tmp, timeout, attempts, progress, max_bytes) -> None:
    for attempt in range(1, attempts + 1):
        try:
            _fetch_once(url, tmp, timeout, progress, max_bytes)
            return
        except _WriteError as exc:
            raise exc.disk_error from None  # the disk, not the network: retrying cannot help
        except (urllib.error.URLError, http.client.HTTPException, OSError, SourceError) as exc:
            if isinstance(exc, DownloadTooLargeError):
                raise
            permanent = isinstance(exc, urllib.error.HTTPError) and exc.code < 500  # 404...
            if permanent or attempt == attempts:
                tries = f"{attempt} attempt{'s' if attempt > 1 else ''}"
                raise SourceError(
                    f"Could not download the catalog from {url} after {tries} "
                    f"({getattr(exc, 'reason', exc)}). Check the network, or use a local copy "
                    "of the CSV (--source PATH; for the bot, CATALOG_SOURCE in .env)."
                ) from None
            time.sleep(0.5 * attempt)


def _verify(url: str, tmp: Path, sha256: str | None, check) -> None:
    if sha256 is not None:
        actual = sha256_of(tmp)
        if actual != sha256:
            raise SourceError(
                f"The file downloaded from {url} has SHA-256 {actual[:12]}…, expected "
                f"{sha256[:12]}…; it was discarded. Use a trusted local copy "
                "(--source PATH; for the bot, CATALOG_SOURCE in .env)."
            )
    if check is not None:
        try:
            check(tmp)
        except CatalogError as exc:
            raise SourceError(
                f"The file downloaded from {url} is not a usable catalog ({exc}); it was "
                "discarded, so fixing the server or the URL is enough to try again."
            ) from None


class DownloadTooLargeError(SourceError):
    """The body is over the download limit; retrying would not make it smaller."""


class _WriteError(Exception):
    """Carries an OSError from writing the temp file past the network retry loop."""

    def __init__(self, disk_error: OSError) -> None:
        super().__init__(str(disk_error))
        self.disk_error = disk_error


def _too_large(url: str, size: int | None, limit: int) -> DownloadTooLargeError:
    told = f"{size / MB:,.1f} MB, " if size else ""  # unknown when the server sent no length
    return DownloadTooLargeError(
        f"The catalog at {url} is larger than the download limit ({told}limit "
        f"{limit / MB:,.0f} MB); nothing was kept. Raise the limit (DOWNLOAD_LIMIT_MB for "
        "the bot) or download it yourself and use the local path (CATALOG_SOURCE / --source)."
    )


def _fetch_once(url: str, tmp: Path, timeout: float, progress, max_bytes: int) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "soundalike/0.1"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        total = int(response.headers.get("Content-Length") or 0)
        if total > max_bytes:
            raise _too_large(url, total, max_bytes)
        try:
            out = open(tmp, "wb")  # noqa: SIM115 - closed by the `with out` below
        except OSError as exc:
            raise _WriteError(exc) from exc
        with out:
            received = 0
            while chunk := response.read(CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise _too_large(url, None, max_bytes)
                try:
                    out.write(chunk)
                except OSError as exc:
                    raise _WriteError(exc) from exc
                if progress:
                    progress("download", received, total)
    if total and received != total:
        raise SourceError(f"download ended early: {received:,} of {total:,} bytes")

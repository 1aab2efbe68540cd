"""Fetching one file over HTTP from a list of addresses: bounded waits and retries, a size
limit, verified before it is kept, and an error that names every address tried.

The file is written to a temp file beside `dest` and moved into place only once verified, so
a cut, a stall, an HTML page or a wrong checksum never leaves a file that looks usable.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlparse

from recommender.catalog.checksum import sha256_of
from recommender.disk import disk_error
from recommender.errors import CatalogError, SourceError
from recommender.store.progress import Progress, downloading, say

log = logging.getLogger(__name__)

CHUNK = 1 << 16
MB = 1 << 20
# The real catalogs are 8 and 20 MB; a body far larger is more likely a mistake than a
# catalog. DOWNLOAD_LIMIT_MB changes it for the bot.
DEFAULT_MAX_DOWNLOAD_MB = 200
# Seconds a server may stay silent (while connecting, or between two reads of the body):
# a host that accepts and never answers costs this much per address, not minutes.
# DOWNLOAD_TIMEOUT_SECONDS changes it for the bot.
DEFAULT_DOWNLOAD_TIMEOUT = 10.0
# Tries per address for faults that can pass (a 5xx, a reset, a body cut short). A timeout,
# a refused connection, an unknown host or a 4xx is not retried: the next address is.
ATTEMPTS = 2
DISK_HINT = "the data directory is the index directory's parent: --index-dir / INDEX_DIR"

Verify = Callable[[Path], None]  # raises SourceError or CatalogError: not the file wanted


class DownloadTooLargeError(SourceError):
    """The body is over the download limit; retrying would not make it smaller."""


class _Failed(Exception):
    """One address did not give the file; `reason` says why, for the final message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _WriteError(Exception):
    """Carries an OSError from writing the temp file past the network retry loop."""

    def __init__(self, disk_error: OSError) -> None:
        super().__init__(str(disk_error))
        self.disk_error = disk_error


def fetch_first(
    addresses: Sequence[str],
    dest: Path,
    *,
    verify: Verify | None = None,
    offline: str,
    timeout: float = DEFAULT_DOWNLOAD_TIMEOUT,
    attempts: int = ATTEMPTS,
    progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_DOWNLOAD_MB * MB,
) -> Path:
    """Download `dest` from the first address that serves a file `verify` accepts, trying
    them in order. `offline` tells a person how to do without the network; it ends the
    error raised when every address failed."""
    failures: list[tuple[str, str]] = []
    for number, url in enumerate(addresses):
        try:
            path = _download(url, dest, verify, timeout, attempts, progress, max_bytes)
        except _Failed as exc:
            failures.append((url, exc.reason))
            if number + 1 < len(addresses):
                say(
                    progress,
                    f"{_host(url)} failed ({exc.reason}); trying {_host(addresses[number + 1])}",
                )
            continue
        log.info("downloaded %s to %s (%s bytes)", url, path, f"{path.stat().st_size:,}")
        return path
    raise _all_failed(dest.name, failures, offline)


def download(
    url: str,
    dest: Path,
    *,
    sha256: str | None = None,
    timeout: float = DEFAULT_DOWNLOAD_TIMEOUT,
    attempts: int = ATTEMPTS,
    progress: Progress | None = None,
    check: Verify | None = None,
    max_bytes: int = DEFAULT_MAX_DOWNLOAD_MB * MB,
) -> Path:
    """Fetch one `url` to `dest`, verified (size, `sha256` when known, `check`)."""

    def verify(path: Path) -> None:
        if sha256 is not None:
            require_sha256(path, sha256)
        if check is not None:
            check(path)

    return fetch_first(
        [url],
        dest,
        verify=verify,
        offline="Check the network, or use a local copy of the CSV (--source PATH; for the "
        "bot, CATALOG_SOURCE in .env).",
        timeout=timeout,
        attempts=attempts,
        progress=progress,
        max_bytes=max_bytes,
    )


def require_sha256(path: Path, expected: str) -> None:
    actual = sha256_of(path)
    if actual != expected:
        raise SourceError(f"its SHA-256 is {actual[:12]}…, expected {expected[:12]}…")


def _all_failed(name: str, failures: list[tuple[str, str]], offline: str) -> SourceError:
    if len(failures) == 1:
        url, reason = failures[0]
        return SourceError(f"Could not download the catalog from {url} ({reason}). {offline}")
    tried = "\n".join(f"  - {url}: {reason}" for url, reason in failures)
    return SourceError(
        f"Could not download {name} from any of its {len(failures)} addresses:\n{tried}\n{offline}"
    )


def _download(url, dest, verify, timeout, attempts, progress, max_bytes) -> Path:
    tmp = dest.with_name(f".part-{dest.name}")  # keeps ".csv.gz": a check must decompress
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _fetch(url, tmp, dest.name, timeout, attempts, progress, max_bytes)
        try:
            if verify is not None:
                verify(tmp)
        except (SourceError, CatalogError) as exc:
            raise _Failed(f"{exc}; it was discarded") from None
        os.replace(tmp, dest)
    except OSError as exc:  # network errors were handled in _fetch: this is the disk
        raise disk_error(exc, "save the downloaded catalog", dest.parent, DISK_HINT) from None
    finally:
        with contextlib.suppress(OSError):  # on a read-only disk there is nothing to remove
            tmp.unlink(missing_ok=True)
    return dest


def _fetch(url, tmp, name, timeout, attempts, progress, max_bytes) -> None:
    for attempt in range(1, attempts + 1):
        try:
            _fetch_once(url, tmp, name, timeout, progress, max_bytes)
            return
        except _WriteError as exc:
            raise exc.disk_error from None  # the disk, not the network: retrying cannot help
        except DownloadTooLargeError as exc:
            raise _Failed(str(exc)) from None  # retrying would not make it smaller
        except (urllib.error.URLError, http.client.HTTPException, OSError, SourceError) as exc:
            reason, passing = _reason(exc, timeout)
            if not passing or attempt == attempts:
                tries = f"after {attempt} attempts: " if attempt > 1 else ""
                raise _Failed(tries + reason) from None
            time.sleep(0.5 * attempt)


def _reason(exc: BaseException, timeout: float) -> tuple[str, bool]:
    """What went wrong, in words, and whether trying the same address again may help."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}", exc.code >= 500  # a 404 stays a 404
    cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(cause, TimeoutError):  # socket.timeout is TimeoutError
        return f"no answer within {timeout:g} s", False  # a stalled server stalls again
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused", False
    if isinstance(cause, socket.gaierror):
        return f"unknown host ({cause.strerror})", False
    return str(cause) or type(cause).__name__, True


def _too_large(url: str, size: int | None, limit: int) -> DownloadTooLargeError:
    told = f"{size / MB:,.1f} MB, " if size else ""  # unknown when the server sent no length
    return DownloadTooLargeError(
        f"the file at {url} is larger than the download limit ({told}limit "
        f"{limit / MB:,.0f} MB); nothing was kept. Raise the limit (DOWNLOAD_LIMIT_MB for "
        "the bot) or download it yourself and use the local path (CATALOG_SOURCE / --source)"
    )


def _fetch_once(url: str, tmp: Path, name: str, timeout: float, progress, max_bytes: int):
    stage = downloading(name, _host(url))
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
            if progress:
                progress(stage, 0, total)
            while chunk := response.read(CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise _too_large(url, None, max_bytes)
                try:
                    out.write(chunk)
                except OSError as exc:
                    raise _WriteError(exc) from exc
                if progress:
                    progress(stage, received, total)
    if total and received != total:
        raise SourceError(f"the body ended early: {received:,} of {total:,} bytes")


def _host(url: str) -> str:
    return urlparse(url).netloc or url

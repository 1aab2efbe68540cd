"""Where the catalog CSV comes from: the default TidyTuesday download, a URL, or a path."""

from __future__ import annotations

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

from .errors import SourceError
from .paths import DATA_DIR

log = logging.getLogger(__name__)

DEFAULT_URL = (
    "https://raw.githubusercontent.com/rfordatascience/tidytuesday/master/"
    "data/2020/2020-01-21/spotify_songs.csv"
)
DEFAULT_SHA256 = "9902920cfe4940f0914ebb6716801a42f7f19ac88fbd6693eaae7e2822b16845"
DEFAULT_DATA_DIR = DATA_DIR
CHUNK = 1 << 16
ATTEMPTS = 3


def is_url(source: str) -> bool:
    return urlparse(source).scheme in ("http", "https")


def catalog_path(
    source: str | None,
    data_dir: Path = DEFAULT_DATA_DIR,
    *,
    timeout: float = 30.0,
    progress: Callable[[str, int, int], None] | None = None,
) -> Path:
    """A local CSV path for `source`: downloaded (once) when it is a URL or the default."""
    if source and not is_url(source):
        path = Path(source).expanduser()
        if not path.is_file():
            raise SourceError(f"Catalog file not found: {path}")
        return path
    url = source or DEFAULT_URL
    expected = DEFAULT_SHA256 if url == DEFAULT_URL else None
    dest = data_dir / (Path(urlparse(url).path).name or "catalog.csv")
    if dest.is_file() and (expected is None or sha256_of(dest) == expected):
        log.info("using the catalog already downloaded at %s", dest)
        return dest
    return download(url, dest, sha256=expected, timeout=timeout, progress=progress)


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
) -> Path:
    """Fetch `url` to `dest` via a temp file, verified (size, and sha256 when known)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.part")
    for attempt in range(1, attempts + 1):
        try:
            _fetch_once(url, tmp, timeout, progress)
            break
        except (urllib.error.URLError, http.client.HTTPException, OSError, SourceError) as exc:
            tmp.unlink(missing_ok=True)
            permanent = isinstance(exc, urllib.error.HTTPError) and exc.code < 500  # 404...
            if permanent or attempt == attempts:
                tries = f"{attempt} attempt{'s' if attempt > 1 else ''}"
                raise SourceError(
                    f"Could not download the catalog from {url} after {tries} "
                    f"({getattr(exc, 'reason', exc)}). Check the network, or use a local copy "
                    "of the CSV (--source PATH; for the bot, CATALOG_SOURCE in .env)."
                ) from None
            time.sleep(0.5 * attempt)
    if sha256 is not None:
        actual = sha256_of(tmp)
        if actual != sha256:
            tmp.unlink(missing_ok=True)
            raise SourceError(
                f"The file downloaded from {url} has SHA-256 {actual[:12]}…, expected "
                f"{sha256[:12]}…; it was discarded. Use a trusted local copy "
                "(--source PATH; for the bot, CATALOG_SOURCE in .env)."
            )
    os.replace(tmp, dest)
    log.info("downloaded %s to %s (%s bytes)", url, dest, f"{dest.stat().st_size:,}")
    return dest


def _fetch_once(url: str, tmp: Path, timeout: float, progress) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "soundalike/0.1"})
    with urllib.request.urlopen(request, timeout=timeout) as response, open(tmp, "wb") as out:
        total = int(response.headers.get("Content-Length") or 0)
        received = 0
        while chunk := response.read(CHUNK):
            out.write(chunk)
            received += len(chunk)
            if progress:
                progress("download", received, total)
    if total and received != total:
        raise SourceError(f"download ended early: {received:,} of {total:,} bytes")

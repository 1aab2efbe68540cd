"""The two public catalogs soundalike builds from by default, where each can be fetched, and
how a copy is known to be the right file.

Each file has immutable addresses (pinned to a commit, so what they serve cannot change
under us), tried in order, and is verified before it is kept: by size and SHA-256 where
they are known, else by its content (the header's columns, every row as wide as the header,
at least as many rows as the published file). A copy already in the data directory under
its documented name is used as it is, with no network at all: that is the offline route.
docs/catalog-sources.md says how each address was chosen and what was verified.
"""

from __future__ import annotations

import csv
import gzip
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from recommender.catalog.checksum import sha256_of
from recommender.catalog.download import (
    ATTEMPTS,
    DEFAULT_DOWNLOAD_TIMEOUT,
    DEFAULT_MAX_DOWNLOAD_MB,
    MB,
    fetch_first,
)
from recommender.catalog.features import AUDIO_FEATURES
from recommender.errors import CatalogError, SourceError
from recommender.store.progress import Progress, say

log = logging.getLogger(__name__)

# The real catalogs inflate to 8 and 20 MB: reading past this while checking a copy means
# it is not one (a "gzip bomb" would otherwise fill the memory).
MAX_CHECKED_MB = 512
_PIECE = 1 << 20  # read at most this much at a time: a line with no end is no catalog row


@dataclass(frozen=True)
class PublishedFile:
    """One default catalog file: its name in the data directory and where to get it."""

    name: str  # the documented name in the data directory, where a download is kept
    title: str
    homepage: str  # where a person can download it by hand
    addresses: tuple[str, ...]  # tried in order
    columns: frozenset[str]  # its header holds at least these
    min_rows: int  # the published file's data rows; fewer means it was cut short
    size: int | None = None  # bytes, when known
    sha256: str | None = None  # when known
    also_named: tuple[str, ...] = ()  # other names accepted in the data directory
    former_addresses: tuple[str, ...] = ()  # recorded by older indexes; never fetched

    def known_at(self, url: str) -> bool:
        return url in self.addresses or url in self.former_addresses


TIDYTUESDAY_COMMIT = "2c423bacc57e4632ff8550557e0bc823eefa31ab"
_TIDYTUESDAY_PATH = "data/2020/2020-01-21/spotify_songs.csv"
TIDYTUESDAY = PublishedFile(
    name="spotify_songs.csv",
    title="TidyTuesday 2020-01-21 Spotify songs",
    homepage=f"https://github.com/rfordatascience/tidytuesday/blob/{TIDYTUESDAY_COMMIT}/"
    + _TIDYTUESDAY_PATH,
    addresses=(
        "https://raw.githubusercontent.com/rfordatascience/tidytuesday/"
        f"{TIDYTUESDAY_COMMIT}/{_TIDYTUESDAY_PATH}",
        # jsDelivr's CDN serves single files of a GitHub commit up to 20 MB.
        f"https://cdn.jsdelivr.net/gh/rfordatascience/tidytuesday@{TIDYTUESDAY_COMMIT}/"
        + _TIDYTUESDAY_PATH,
    ),
    columns=frozenset(
        [
            "track_id",
            "track_name",
            "track_artist",
            "track_popularity",
            "playlist_id",
            "playlist_genre",
            "playlist_subgenre",
            *AUDIO_FEATURES,
            "duration_ms",
        ]
    ),
    min_rows=32_833,
    size=7_971_379,
    sha256="9902920cfe4940f0914ebb6716801a42f7f19ac88fbd6693eaae7e2822b16845",
    # The branch URL used before: GitHub does not redirect raw URLs after master -> main.
    former_addresses=(
        "https://raw.githubusercontent.com/rfordatascience/tidytuesday/master/" + _TIDYTUESDAY_PATH,
    ),
)

TRACKS_114K_REVISION = "c4609440b24ac4075899f6e60b33775acbe00827"  # the upload of dataset.csv
_HF_PATH = f"datasets/maharshipandya/spotify-tracks-dataset/resolve/{TRACKS_114K_REVISION}/"
TRACKS_114K = PublishedFile(
    name="spotify_tracks_114k.csv",
    title='Spotify Tracks Dataset ("114k", Kaggle / Hugging Face)',
    homepage="https://huggingface.co/datasets/maharshipandya/spotify-tracks-dataset",
    addresses=(
        f"https://huggingface.co/{_HF_PATH}dataset.csv",
        f"https://hf-mirror.com/{_HF_PATH}dataset.csv",  # a public mirror of the Hub
    ),
    columns=frozenset(
        [
            "track_id",
            "artists",
            "album_name",
            "track_name",
            "popularity",
            "duration_ms",
            "explicit",
            *AUDIO_FEATURES,
            "time_signature",
            "track_genre",
        ]
    ),
    min_rows=114_000,
    also_named=("spotify_tracks_114k.csv.gz",),  # as kept in ../shared/data, gzipped
)

DEFAULT_FILES: tuple[PublishedFile, ...] = (TIDYTUESDAY, TRACKS_114K)


def default_catalog_paths(
    data_dir: Path,
    *,
    files: Sequence[PublishedFile] | None = None,
    progress: Progress | None = None,
    check: Callable[[Path], None] | None = None,
    timeout: float = DEFAULT_DOWNLOAD_TIMEOUT,
    attempts: int = ATTEMPTS,
    max_bytes: int = DEFAULT_MAX_DOWNLOAD_MB * MB,
) -> list[Path]:
    """A verified local path for each of `files` (None: DEFAULT_FILES, [TidyTuesday, 114k]),
    in that order: the copy in `data_dir` when there is a usable one (no network), else a
    download. `check` (raising CatalogError) is one more test a download must pass."""
    return [
        published_path(
            file,
            data_dir,
            progress=progress,
            check=check,
            timeout=timeout,
            attempts=attempts,
            max_bytes=max_bytes,
        )
        for file in (DEFAULT_FILES if files is None else files)
    ]


def published_path(
    file: PublishedFile,
    data_dir: Path,
    *,
    progress: Progress | None = None,
    check: Callable[[Path], None] | None = None,
    timeout: float = DEFAULT_DOWNLOAD_TIMEOUT,
    attempts: int = ATTEMPTS,
    max_bytes: int = DEFAULT_MAX_DOWNLOAD_MB * MB,
) -> Path:
    for name in (file.name, *file.also_named):
        path = data_dir / name
        if path.is_file() and _usable_in_place(file, path, progress):
            return path
    size = f", {file.size / MB:,.0f} MB" if file.size else ""
    say(progress, f"{file.name} is not in {data_dir}: downloading it ({file.title}{size})")

    def verify(path: Path) -> None:
        verify_published(file, path)
        if check is not None:
            check(path)

    return fetch_first(
        file.addresses,
        data_dir / file.name,
        verify=verify,
        offline=offline_route(file, data_dir),
        timeout=timeout,
        attempts=attempts,
        progress=progress,
        max_bytes=max_bytes,
    )


def offline_route(file: PublishedFile, data_dir: Path) -> str:
    return (
        f"To build without the network, put a copy of {file.name} (from {file.homepage}) in "
        f"{data_dir}, or point CATALOG_SOURCE (--source for the CLI) at a catalog you have."
    )


def verify_published(file: PublishedFile, path: Path) -> None:
    """Raise SourceError unless `path` is the published file: its exact size and SHA-256
    when they are known, else a content check."""
    if file.size is not None and (size := path.stat().st_size) != file.size:
        raise SourceError(f"it is {size:,} bytes, the published file {file.size:,}")
    if file.sha256 is not None:
        if (actual := sha256_of(path)) != file.sha256:
            raise SourceError(f"its SHA-256 is {actual[:12]}…, expected {file.sha256[:12]}…")
        return
    check_content(file, path)


def check_content(file: PublishedFile, path: Path) -> None:
    """Raise SourceError unless `path` reads as `file`: a header with its columns, every row
    as wide as the header, and at least its number of rows."""
    try:
        with _open_text(path) as text:
            rows = csv.reader(_pieces(text, MAX_CHECKED_MB * MB, path))
            header = [column.strip().lower() for column in next(rows, [])]
            if header[:1] and header[0].startswith("<"):
                raise SourceError("it is an HTML page, not a CSV file")
            missing = sorted(file.columns - set(header))
            if missing:
                raise SourceError(f"its header lacks {', '.join(missing)}")
            count = 0
            for row in rows:
                if not row:
                    continue
                count += 1
                if len(row) != len(header):
                    raise SourceError(
                        f"row {count:,} has {len(row)} fields, the header {len(header)}: "
                        "cut short or not the same CSV"
                    )
    except (OSError, EOFError, UnicodeDecodeError, csv.Error, CatalogError) as exc:
        raise SourceError(f"it could not be read as CSV ({exc})") from None
    if count < file.min_rows:
        raise SourceError(f"it has {count:,} rows, the published file {file.min_rows:,}")


def _usable_in_place(file: PublishedFile, path: Path, progress: Progress | None) -> bool:
    """A copy in the data directory: the published file, or one whose content checks out
    (a host's own copy, say with other line endings); a bad one is said and not used."""
    try:
        verify_published(file, path)
    except SourceError as exc:
        try:
            check_content(file, path)
        except SourceError:
            say(progress, f"{path} is not a usable copy of {file.title} ({exc}); not using it")
            return False
        log.warning("%s differs from the published file (%s); using it as it is", path, exc)
    say(progress, f"using {path} (already here: nothing to download)")
    return True


def _open_text(path: Path) -> TextIO:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _pieces(text: TextIO, limit: int, path: Path) -> Iterator[str]:
    """The lines of `text` (a very long one in pieces), refused past `limit` characters."""
    read = 0
    while piece := text.readline(_PIECE):
        read += len(piece)
        if read > limit:
            raise CatalogError(f"{path.name} holds more than {limit / MB:,.0f} MB of text")
        yield piece

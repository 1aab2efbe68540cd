"""Checking index files against their manifest: present, the recorded size, the recorded hash."""

from __future__ import annotations

from pathlib import Path

from recommender.catalog.checksum import sha256_of
from recommender.errors import IndexCorruptError
from recommender.store.manifest import FileEntry


def check_file(directory: Path, entry: FileEntry, verify: bool = True) -> Path:
    """The path of a manifest entry, or IndexCorruptError saying what is wrong with it.

    The size check is cheap and catches truncation; `verify` adds the SHA-256 (about half
    of a million-track load), which catches a file altered in place."""
    path = directory / entry.file
    if not path.is_file():
        raise IndexCorruptError(f"Index file {path.name} is missing; rebuild the index.")
    size = path.stat().st_size
    if size != entry.bytes:
        raise IndexCorruptError(
            f"Index file {path.name} has {size:,} bytes, the manifest says {entry.bytes:,} "
            "(truncated or replaced); rebuild the index."
        )
    if verify and sha256_of(path) != entry.sha256:
        raise IndexCorruptError(f"Index file {path.name} fails its checksum; rebuild the index.")
    return path


def file_entry(path: Path) -> FileEntry:
    """The manifest entry for a file just written."""
    return FileEntry(path.name, path.stat().st_size, sha256_of(path))

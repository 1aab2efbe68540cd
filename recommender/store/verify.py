"""Checking index files against their manifest: present, the recorded size, a sampled hash at
every load, the full SHA-256 on request (`python -m recommender verify`, and after a build)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from recommender.catalog.checksum import sha256_of
from recommender.errors import IndexCorruptError
from recommender.store.manifest import FileEntry

SAMPLE_BLOCK = 1 << 14  # bytes hashed at each of SAMPLE_BLOCKS places spread over a file
SAMPLE_BLOCKS = 5


def sample_hash(path: Path) -> str:
    """SHA-256 of a few blocks at the start, the end and evenly between, with the size: a
    microsecond-scale check at any size that a file is the one the build wrote (a half-written
    or truncated file, or one from another build of other data, differs in some block)."""
    size = path.stat().st_size
    digest = hashlib.sha256(str(size).encode())
    with open(path, "rb") as fh:
        last = max(size - SAMPLE_BLOCK, 0)
        for k in range(SAMPLE_BLOCKS):
            fh.seek(last * k // (SAMPLE_BLOCKS - 1))
            digest.update(fh.read(SAMPLE_BLOCK))
    return digest.hexdigest()


def check_file(directory: Path, entry: FileEntry, verify: bool = False) -> Path:
    """The path of a manifest entry, or IndexCorruptError saying what is wrong with it.

    Always: the size and the sampled hash (cheap: catches truncation, a half-written file, a
    file of another build). `verify` adds the full SHA-256 (seconds per GB), which also
    catches a byte altered in place anywhere."""
    path = directory / entry.file
    if not path.is_file():
        raise IndexCorruptError(f"Index file {path.name} is missing; rebuild the index.")
    size = path.stat().st_size
    if size != entry.bytes:
        raise IndexCorruptError(
            f"Index file {path.name} has {size:,} bytes, the manifest says {entry.bytes:,} "
            "(truncated or replaced); rebuild the index."
        )
    if (entry.sample and sample_hash(path) != entry.sample) or (
        verify and sha256_of(path) != entry.sha256
    ):
        raise IndexCorruptError(f"Index file {path.name} fails its checksum; rebuild the index.")
    return path


def file_entry(path: Path) -> FileEntry:
    """The manifest entry for a file just written."""
    return FileEntry(path.name, path.stat().st_size, sha256_of(path), sample_hash(path))

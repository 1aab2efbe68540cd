"""A fresh process's first-use costs, paid before the first member's query instead of by it.

Opening an index maps its files and decodes nothing (`catalog/columns.py`), so the first
queries of a new process pay what a running one no longer does: decoding the catalog's small
vocabularies (artists up to ~1M tracks: ~55 ms), and a page fault for each mapped page a
query touches first (the kernel maps the page-cache pages into the process one fault at a
time). The bot warms the index it loads in a thread while it connects to Discord; a one-shot
CLI call does not need to.

Warming reads the whole index. On a machine (or container) with less than twice the index's
size in memory that would push out pages the queries need for ones they may never touch, so
there it only decodes the vocabularies and says why.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from recommender.ann import NearestIndex
from recommender.catalog.columns import CategoryColumn, Columns

PAGE = 4096  # bytes: one read per page maps it (and the kernel maps a few around it)
CGROUP_LIMIT = Path("/sys/fs/cgroup/memory.max")  # a container's memory limit (cgroup v2)


@dataclass(frozen=True)
class Warmth:
    """What warming did: pages of the mapped arrays read (the forest's not counted), the
    seconds it all took, and why the pages were left alone when they were."""

    pages: int
    seconds: float
    skipped: str | None = None


def memory_bytes() -> int | None:
    """This machine's memory, or its container's limit when lower; None when unknown."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not a POSIX system
        return None
    try:
        limit = CGROUP_LIMIT.read_text(encoding="ascii").strip()
    except OSError:
        return total
    return min(total, int(limit)) if limit.isdigit() else total


def touch(arrays: Sequence[np.ndarray]) -> int:
    """Read one byte of every page of each (memory-mapped) array; the pages read."""
    pages = 0
    for array in arrays:
        if not array.size or not (array.flags.c_contiguous or array.flags.f_contiguous):
            continue
        strided = array.reshape(-1, order="A").view(np.uint8)[::PAGE]  # in memory order
        strided.max()  # reads each page; NumPy releases the GIL for the loop
        pages += strided.size
    return pages


def decode_vocabularies(columns: Columns) -> None:
    """Decode the small category vocabularies now (each decodes on first use otherwise)."""
    for column in columns.values():
        if isinstance(column, CategoryColumn):
            _ = column.words


def warm(
    columns: Columns, mapped: Sequence[np.ndarray], forest: NearestIndex, forest_bytes: int
) -> Warmth:
    start = time.perf_counter()
    decode_vocabularies(columns)
    size = sum(a.nbytes for a in mapped) + forest_bytes
    memory = memory_bytes()
    if memory is not None and 2 * size > memory:
        return Warmth(
            0,
            time.perf_counter() - start,
            f"the index ({size / 2**30:.1f} GiB) is more than half this machine's memory "
            f"({memory / 2**30:.1f} GiB): its pages are left to load as queries need them",
        )
    pages = touch(mapped)
    forest.warm()  # its backend maps its own file
    return Warmth(pages, time.perf_counter() - start)

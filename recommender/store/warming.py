"""A fresh process's first-use costs, paid before the first member's query instead of by it.

Opening an index maps its files and decodes nothing (`catalog/columns.py`), so the first
queries of a new process pay what a running one no longer does: decoding the catalog's small
vocabularies (artists up to ~1M tracks: ~55 ms), and a page fault for each mapped page a
query touches first (the kernel maps the page-cache pages into the process one fault at a
time). The bot warms the index it loads in a thread while it connects to Discord; a one-shot
CLI call does not need to.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from recommender.ann import NearestIndex
from recommender.catalog.columns import CategoryColumn, Columns

PAGE = 4096  # bytes: one read per page maps it (and the kernel maps a few around it)


@dataclass(frozen=True)
class Warmth:
    """What warming did: pages of the mapped arrays read (the forest's not counted), and the
    seconds it all took."""

    pages: int
    seconds: float


def touch(arrays: Iterable[np.ndarray]) -> int:
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


def warm(columns: Columns, mapped: Iterable[np.ndarray], forest: NearestIndex) -> Warmth:
    start = time.perf_counter()
    decode_vocabularies(columns)
    pages = touch(mapped)
    forest.warm()  # its backend maps its own file
    return Warmth(pages, time.perf_counter() - start)

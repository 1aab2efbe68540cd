"""ANNOY behind a small interface; the only module that imports annoy."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from annoy import AnnoyIndex

METRIC = "euclidean"


def build_annoy(vectors: np.ndarray, path: Path, n_trees: int, seed: int) -> None:
    """Build a forest over `vectors` (row i is item i) and write it to `path` atomically."""
    index = AnnoyIndex(vectors.shape[1], METRIC)
    index.set_seed(seed)  # same input, same trees, same answers
    for item, vector in enumerate(vectors):
        index.add_item(item, vector)
    index.build(n_trees, n_jobs=1)  # n_jobs>1 makes tree order, hence results, vary
    tmp = path.with_name(f".{path.name}.tmp")
    index.save(str(tmp))
    index.unload()
    os.replace(tmp, path)


class VectorIndex:
    """A memory-mapped ANNOY file: nearest items to a vector, with their distances."""

    def __init__(self, path: Path, dimension: int, n_trees: int) -> None:
        self._index = AnnoyIndex(dimension, METRIC)
        self._index.load(str(path), prefault=False)  # mmap: pages load on first touch
        self.n_trees = n_trees
        self.path = path

    def __len__(self) -> int:
        return self._index.get_n_items()

    def trees(self) -> int:
        return self._index.get_n_trees()

    def nearest(self, vector: np.ndarray, n: int, search_k: int = -1) -> tuple[list, list]:
        n = min(n, len(self))
        return self._index.get_nns_by_vector(vector, n, search_k=search_k, include_distances=True)

    def close(self) -> None:
        self._index.unload()

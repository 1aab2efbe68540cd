"""Approximate nearest neighbours behind one seam. Each backend is one adapter module (the only
importer of its library, the owner of its knobs) offering `NAME`, `parameters(given)`,
`build(vectors, path, params, seed)` and `open_forest(path, dimension, params)` whose result
has `len()`, `nearest(vector, n, effort)`, `warm()` and `close()`. A new backend is a new
adapter file plus one line in `BACKENDS`."""

from __future__ import annotations

from types import ModuleType

from recommender.ann import annoy_index
from recommender.ann.interface import Effort, NearestIndex
from recommender.errors import IndexCorruptError

BACKENDS: dict[str, ModuleType] = {annoy_index.NAME: annoy_index}
DEFAULT_BACKEND = annoy_index.NAME
DEFAULT_N_TREES = annoy_index.DEFAULT_N_TREES  # the build CLI's --n-trees default


def backend(name: str) -> ModuleType:
    """The adapter for `name`; an index built with an unknown backend cannot be read."""
    try:
        return BACKENDS[name]
    except KeyError:
        raise IndexCorruptError(
            f"The index was built with the {name!r} nearest-neighbour backend, which this "
            f"program does not have ({', '.join(BACKENDS)}); rebuild the index."
        ) from None


__all__ = ["BACKENDS", "DEFAULT_BACKEND", "DEFAULT_N_TREES", "Effort", "NearestIndex", "backend"]

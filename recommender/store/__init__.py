"""The index directory: built once (`builder`), checked (`verify`), loaded memory-mapped
(`loader`), described by a typed `Manifest`."""

from recommender.store.builder import DEFAULT_N_TREES, Progress, build_index
from recommender.store.loader import Forest, LoadedIndex, load_index
from recommender.store.manifest import Manifest, read_manifest
from recommender.store.warming import Warmth

__all__ = [
    "DEFAULT_N_TREES",
    "Forest",
    "LoadedIndex",
    "Manifest",
    "Progress",
    "Warmth",
    "build_index",
    "load_index",
    "read_manifest",
]

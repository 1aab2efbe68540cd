"""Opening a built index: every file checked against the manifest, then memory-mapped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from recommender import ann
from recommender.ann import Effort, NearestIndex
from recommender.ann.cells import Cells, Scope
from recommender.catalog.features import FeatureSpace
from recommender.catalog.scene import SceneEmbedding
from recommender.catalog.schema import read_stored_catalog
from recommender.disk import disk_error
from recommender.errors import IndexCorruptError
from recommender.names.matcher import NAME_ARRAYS, NameMatcher
from recommender.store.manifest import FileEntry, Manifest, Partition, read_manifest
from recommender.store.verify import check_file


@dataclass
class Forest:
    """The catalog's nearest-neighbour forest (whatever the backend): item i is catalog row i."""

    index: NearestIndex

    def __len__(self) -> int:
        return len(self.index)

    def nearest(
        self, vector: np.ndarray, n: int, effort: Effort | int = "careful"
    ) -> tuple[np.ndarray, np.ndarray]:
        """Catalog rows of the `n` items nearest `vector`, nearest first, and their distances.
        `effort`: a named effort, or nodes per result for the sweeps that tune them."""
        items, dists = self.index.nearest(vector, n, effort)
        return np.asarray(items, dtype=np.int64), np.asarray(dists, dtype=np.float64)


@dataclass
class LoadedIndex:
    """Everything read from an index directory."""

    directory: Path
    manifest: Manifest
    catalog: pd.DataFrame
    vectors: np.ndarray
    space: FeatureSpace
    main: Forest
    matcher: NameMatcher
    # column ("genres") -> name -> its rows (and cells), memory-mapped
    partitions: dict[str, dict[str, Scope]] = field(default_factory=dict)
    scene: SceneEmbedding | None = None  # None: the catalog had no playlists


def load_index(directory: Path, verify: bool = True) -> LoadedIndex:
    """Load and check an index; raises IndexMissingError / IndexCorruptError, never guesses."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    try:
        return _load(directory, manifest, verify)
    except OSError as exc:  # e.g. files owned by another user: rebuilding would not help
        raise disk_error(exc, "read the index", directory, "--index-dir; INDEX_DIR") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexCorruptError(
            f"The index manifest in {directory} does not match its files ({exc}); rebuild the index."
        ) from None


def _load(directory: Path, manifest: Manifest, verify: bool) -> LoadedIndex:
    files = {name: check_file(directory, entry, verify) for name, entry in manifest.files.items()}
    items, dim = manifest.items, manifest.dimension
    space = FeatureSpace.from_dict(manifest.feature_space)
    if space.dimension != dim:
        raise ValueError("dimension differs from the feature list")

    catalog = read_stored_catalog(files["catalog"])
    if len(catalog) != items or catalog["track_id"].tolist() != manifest.track_ids:
        raise IndexCorruptError("The stored catalog does not match the manifest's track ids.")
    vectors = np.load(files["vectors"], mmap_mode="r")
    if vectors.shape != (items, dim):
        raise IndexCorruptError(f"vectors have shape {vectors.shape}, expected {(items, dim)}.")
    main = Forest(_open_forest(files["main"], manifest, items))

    partitions = {
        column: {name: _genre(directory, part, items, verify) for name, part in entries.items()}
        for column, entries in manifest.partitions.items()
    }

    matcher = NameMatcher.load(
        catalog["title_key"].tolist(),
        catalog["name_key"].tolist(),
        catalog["artists_key"].tolist(),
        catalog["artist_key"].tolist(),
        {name: files[f"names.{name}"] for name in NAME_ARRAYS},
    )
    scene = _load_scene(files, items, manifest.scene.get("column", "playlists"))
    return LoadedIndex(
        directory, manifest, catalog, vectors, space, main, matcher, partitions, scene
    )


def _genre(directory: Path, part: Partition, items: int, verify: bool) -> Scope:
    """A genre's rows and cells, checked against the catalog."""

    def load(entry: FileEntry) -> np.ndarray:
        return np.load(check_file(directory, entry, verify), mmap_mode="r")

    rows = load(part.rows)
    cells = None
    if part.cells:
        cells = Cells(
            load(part.cells["rows"]), load(part.cells["bounds"]), load(part.cells["centroids"])
        )
        if len(cells.rows) != len(rows) or cells.bounds[-1] != len(rows):
            raise IndexCorruptError("The cells of a genre do not fit its rows; rebuild the index.")
    if len(rows) != part.items or (len(rows) and int(rows[-1]) >= items):
        raise IndexCorruptError("The rows of a genre do not fit the catalog; rebuild the index.")
    return Scope(rows, cells)


def _load_scene(files: dict[str, Path], items: int, column: str) -> SceneEmbedding | None:
    if "scene.vectors" not in files:
        return None
    vectors = np.load(files["scene.vectors"], mmap_mode="r")
    warm = np.load(files["scene.warm"])
    if vectors.ndim != 2 or len(vectors) != items or warm.shape != (items,):
        raise IndexCorruptError("The playlist scene does not fit the catalog; rebuild.")
    return SceneEmbedding(vectors, warm, column)


def _open_forest(path: Path, manifest: Manifest, items: int) -> NearestIndex:
    adapter = ann.backend(manifest.ann_backend)
    try:
        index = adapter.open_forest(path, manifest.dimension, manifest.ann_params)
    except OSError as exc:
        raise IndexCorruptError(f"Cannot open {path.name}: {exc}; rebuild the index.") from None
    if len(index) != items:
        raise IndexCorruptError(
            f"{path.name} holds {len(index):,} items, the manifest says {items:,}; rebuild."
        )
    return index

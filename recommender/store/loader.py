"""Opening a built index: every file checked against the manifest, then memory-mapped."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from recommender import ann
from recommender.ann import Effort, NearestIndex
from recommender.ann.cells import Cells, Scope
from recommender.catalog.columns import Columns, open_catalog
from recommender.catalog.features import FeatureSpace
from recommender.catalog.scene import SceneEmbedding
from recommender.catalog.tracks import TrackTable, text_column
from recommender.disk import disk_error
from recommender.errors import IndexCorruptError
from recommender.names.matcher import NAME_ARRAYS, NameMatcher
from recommender.store.manifest import FileEntry, Manifest, Partition, read_manifest
from recommender.store.verify import check_file
from recommender.store.warming import Warmth, warm

if TYPE_CHECKING:
    import pandas as pd


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
    columns: Columns
    tracks: TrackTable
    vectors: np.ndarray
    space: FeatureSpace
    main: Forest
    matcher: NameMatcher
    representative: np.ndarray  # each row's best-known release (`catalog.releases`), mapped
    # column ("genres") -> name -> its rows (and cells), memory-mapped
    partitions: dict[str, dict[str, Scope]] = field(default_factory=dict)
    scene: SceneEmbedding | None = None  # None: the catalog had no playlists
    mapped: list[np.ndarray] = field(default_factory=list)  # every array mapped from a file

    def warm(self) -> Warmth:
        """Pay the first queries' one-time costs now (`store/warming.py`)."""
        forest_bytes = self.manifest.files["main"].bytes
        self.matcher.warm()
        return warm(self.columns, self.mapped, self.main.index, forest_bytes)

    @cached_property
    def catalog(self) -> pd.DataFrame:
        """One row per track as a pandas frame, for evaluation and analysis (built on first
        use; serving never needs it)."""
        return self.columns.to_frame()


def load_index(directory: Path, verify: bool = False) -> LoadedIndex:
    """Load and check an index; raises IndexMissingError / IndexCorruptError, never guesses.

    Sizes and sampled hashes are always checked; `verify` adds every file's full SHA-256."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    try:
        return _load(directory, manifest, verify)
    except OSError as exc:  # e.g. files owned by another user: rebuilding would not help
        raise disk_error(exc, "read the index", directory, "--index-dir; INDEX_DIR") from None
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise IndexCorruptError(
            f"The index manifest in {directory} does not match its files ({exc}); rebuild the index."
        ) from None


class _Mapper:
    """Maps files to arrays and remembers them (for `LoadedIndex.warm`)."""

    def __init__(self) -> None:
        self.arrays: list[np.ndarray] = []

    def __call__(self, path: Path) -> np.ndarray:
        """A file's array, mapped (a plain view: a memmap's own indexing costs microseconds)."""
        array = np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))
        self.arrays.append(array)
        return array


def _load(directory: Path, manifest: Manifest, verify: bool) -> LoadedIndex:
    mapped = _Mapper()
    for entry in manifest.file_entries():
        if manifest.build_id not in entry.file:
            raise IndexCorruptError(
                f"Index file {entry.file} is not from build {manifest.build_id}; rebuild the index."
            )
    files = {name: check_file(directory, entry, verify) for name, entry in manifest.files.items()}
    items, dim = manifest.items, manifest.dimension
    space = FeatureSpace.from_dict(manifest.feature_space)
    if space.dimension != dim:
        raise ValueError("dimension differs from the feature list")

    def array(key: str) -> np.ndarray | None:
        path = files.get(f"catalog.{key}")
        return None if path is None else mapped(path)

    columns = open_catalog(manifest.catalog, array)
    if columns.rows != items:
        raise IndexCorruptError("The stored catalog does not match the manifest; rebuild.")
    ids = {part: mapped(files[f"catalog.ids.{part}"]) for part in ("hashes", "rows")}
    tracks = TrackTable(columns, ids, mapped(files["catalog.sorted_audio"]))
    vectors = mapped(files["vectors"])
    if vectors.shape != (items, dim):
        raise IndexCorruptError(f"vectors have shape {vectors.shape}, expected {(items, dim)}.")
    main = Forest(_open_forest(files["main"], manifest, items))

    partitions = {
        column: {
            name: _genre(directory, part, items, verify, mapped) for name, part in entries.items()
        }
        for column, entries in manifest.partitions.items()
    }

    matcher = NameMatcher(
        text_column(columns, "title_key"),
        text_column(columns, "name_key"),
        text_column(columns, "artists_key"),
        text_column(columns, "artist_key"),
        {name: mapped(files[f"names.{name}"]) for name in NAME_ARRAYS},
    )
    representative = mapped(files["releases.representative"])
    if representative.shape != (items,):
        raise IndexCorruptError("The release table does not fit the catalog; rebuild the index.")
    scene = _load_scene(files, items, manifest.scene.get("column", "playlists"), mapped)
    return LoadedIndex(
        directory,
        manifest,
        columns,
        tracks,
        vectors,
        space,
        main,
        matcher,
        representative,
        partitions,
        scene,
        mapped.arrays,
    )


def _genre(directory: Path, part: Partition, items: int, verify: bool, mapped: _Mapper) -> Scope:
    """A genre's rows and cells, checked against the catalog."""

    def load(entry: FileEntry) -> np.ndarray:
        return mapped(check_file(directory, entry, verify))

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


def _load_scene(
    files: dict[str, Path], items: int, column: str, mapped: _Mapper
) -> SceneEmbedding | None:
    if "scene.artists" not in files:
        return None
    artists = mapped(files["scene.artists"])
    of_row = mapped(files["scene.artist_of_row"])
    warm = mapped(files["scene.warm"])
    if (
        artists.ndim != 2
        or of_row.shape != (items,)
        or warm.shape != (len(artists),)
        or (items and int(of_row.max()) >= len(artists))
    ):
        raise IndexCorruptError("The playlist scene does not fit the catalog; rebuild.")
    return SceneEmbedding(artists, of_row, warm, column)


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

"""The index manifest: what was built, from what, and every file it needs, as a typed record.

JSON on disk (never pickle); read once and passed around as a `Manifest`, never a raw dict.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from recommender.errors import IndexCorruptError, IndexMissingError

FORMAT = "soundalike-index"
# What each earlier version lacked, for the message that rebuilds it.
EARLIER = {
    1: "the catalog as text, every track id listed here",
    2: "no stored release table and popularity bands",
    3: "name tables that every process copied at load",
}
# 3: the catalog as memory-mapped columns, each row's representative release and the
# popularity bands decided at build (`catalog.releases`).
# 4: the names' exact-match and one-edit tables as separate hash and value arrays, searched
# in place (`names/building.py`).
VERSION = 4
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class FileEntry:
    """One artefact: its name in the index directory, size and checksums: `sha256` of the
    whole file (checked by `python -m recommender verify` and after a build), `sample` of a
    few blocks spread over it (checked at every load: cheap at any size, and a truncated,
    half-written or other build's file fails it)."""

    file: str
    bytes: int
    sha256: str
    sample: str = ""


@dataclass(frozen=True)
class Partition:
    """A genre's (or subgenre's) catalog rows (ascending), its centroid, and for a large one
    its cells (`ann.cells`: rows by cell, cell bounds, centroids). No forest of its own
    (indexes built before had one: it is not read)."""

    items: int
    rows: FileEntry
    centroid: tuple[float, ...]
    cells: dict[str, FileEntry] = field(default_factory=dict)  # "rows", "bounds", "centroids"


@dataclass(frozen=True)
class Manifest:
    build_id: str
    created: str
    build_seconds: float
    source: dict  # where the catalog came from (name, url, path, sha256, layout, counts)
    metric: str
    n_trees: int
    seed: int
    dimension: int
    items: int
    feature_space: dict  # FeatureSpace.to_dict()
    distance_scale: float
    files: dict[str, FileEntry]
    partitions: dict[str, dict[str, Partition]]  # column ("genres") -> name -> partition
    # The stored catalog's columns: {"rows", "columns": {name: {"kind", "key"}}, "audio": [...]}
    # (`catalog.columns.open_catalog`); their arrays are files["catalog.<key>.<part>"].
    catalog: dict = field(default_factory=dict)
    # The playlist scene, when the catalog had playlists (or albums pairing artists):
    # {"column", "dimensions", "lists", "artists", "warm_rows"}; its arrays are
    # files["scene.artists"], ["scene.artist_of_row"] and ["scene.warm"] (per artist). Empty
    # for catalogs with neither.
    scene: dict = field(default_factory=dict)
    # The nearest-neighbour backend and every parameter its forests were built with:
    # {"backend": "annoy", "n_trees": 20, "metric": "euclidean"}. Indexes built before it
    # was recorded were annoy forests with the manifest's `n_trees` and `metric`.
    ann: dict = field(default_factory=dict)
    # {"mainstream": (low, high), "deep": (low, high)}: popularity quantiles over the
    # catalog's songs (`catalog.releases.popularity_bands`); empty without popularity.
    popularity_bands: dict[str, tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.ann:
            legacy = {"backend": "annoy", "n_trees": self.n_trees, "metric": self.metric}
            object.__setattr__(self, "ann", legacy)

    @property
    def ann_backend(self) -> str:
        return str(self.ann["backend"])

    @property
    def ann_params(self) -> dict:
        """The backend's build parameters (everything in `ann` but its name)."""
        return {k: v for k, v in self.ann.items() if k != "backend"}

    @property
    def source_name(self) -> str:
        return str(self.source.get("name") or "catalog")

    def file_entries(self) -> list[FileEntry]:
        """Every file the index needs."""
        entries = list(self.files.values())
        for parts in self.partitions.values():
            for part in parts.values():
                entries += [part.rows, *part.cells.values()]
        return entries

    def to_json(self) -> str:
        data = {"format": FORMAT, "version": VERSION, **asdict(self)}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict) -> Manifest:
        def entry(d: dict) -> FileEntry:
            return FileEntry(
                str(d["file"]), int(d["bytes"]), str(d["sha256"]), str(d.get("sample", ""))
            )

        return cls(
            build_id=str(data["build_id"]),
            created=str(data["created"]),
            build_seconds=float(data["build_seconds"]),
            source=dict(data["source"]),
            metric=str(data["metric"]),
            n_trees=int(data["n_trees"]),
            seed=int(data["seed"]),
            dimension=int(data["dimension"]),
            items=int(data["items"]),
            feature_space=dict(data["feature_space"]),
            distance_scale=float(data["distance_scale"]),
            files={name: entry(e) for name, e in data["files"].items()},
            partitions={
                column: {
                    name: Partition(
                        int(p["items"]),
                        entry(p["rows"]),
                        tuple(float(x) for x in p["centroid"]),
                        {k: entry(e) for k, e in (p.get("cells") or {}).items()},
                    )
                    for name, p in parts.items()
                }
                for column, parts in data["partitions"].items()
            },
            catalog=dict(data["catalog"]),
            scene=dict(data.get("scene") or {}),
            ann=dict(data.get("ann") or {}),
            popularity_bands={
                str(name): (float(low), float(high))
                for name, (low, high) in (data.get("popularity_bands") or {}).items()
            },
        )


def recorded_build(directory: Path) -> tuple[dict, int] | None:
    """(source, n_trees) from the manifest in `directory` whatever its version (an index of an
    earlier format is rebuilt from what it was built from); None when there is none to read."""
    try:
        data = json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") == FORMAT and isinstance(data.get("source"), dict):
            return dict(data["source"]), int(data["n_trees"])
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError):
        pass
    return None


def read_manifest(directory: Path) -> Manifest:
    """The manifest in `directory`; IndexMissingError or IndexCorruptError, never a guess."""
    path = Path(directory) / MANIFEST
    if not path.exists():
        raise IndexMissingError(
            f"No index in {directory}. Build one with: python -m recommender build"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorruptError(f"{path} is unreadable ({exc}); rebuild the index.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise IndexCorruptError(f"{path} is not a soundalike index manifest; rebuild the index.")
    if isinstance(data.get("version"), int) and data["version"] < VERSION:
        raise IndexCorruptError(
            f"The index in {directory} is in an earlier format (version {data['version']}: "
            f"{EARLIER.get(data['version'], 'older')}); this program reads version {VERSION}. "
            "Rebuild the index."
        )
    if data.get("version") != VERSION:
        raise IndexCorruptError(
            f"The index in {directory} has format version {data.get('version')}, this "
            f"program reads version {VERSION}; rebuild the index."
        )
    try:
        return Manifest.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise IndexCorruptError(
            f"The index manifest in {directory} is incomplete ({exc!r}); rebuild the index."
        ) from None

"""The index manifest: what was built, from what, and every file it needs, as a typed record.

JSON on disk (never pickle); read once and passed around as a `Manifest`, never a raw dict.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from recommender.errors import IndexCorruptError, IndexMissingError

FORMAT = "soundalike-index"
VERSION = 1
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class FileEntry:
    """One artefact: its name in the index directory, size and checksum."""

    file: str
    bytes: int
    sha256: str


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
    track_ids: list[str] = field(repr=False, default_factory=list)
    # The playlist scene, when the catalog had playlists (or albums pairing artists):
    # {"column", "dimensions", "lists", "artists", "warm_rows"}; its arrays are
    # files["scene.vectors"] and files["scene.warm"]. Empty for catalogs with neither and
    # for indexes built before it existed.
    scene: dict = field(default_factory=dict)
    # The nearest-neighbour backend and every parameter its forests were built with:
    # {"backend": "annoy", "n_trees": 20, "metric": "euclidean"}. Indexes built before it
    # was recorded were annoy forests with the manifest's `n_trees` and `metric`.
    ann: dict = field(default_factory=dict)

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
            return FileEntry(str(d["file"]), int(d["bytes"]), str(d["sha256"]))

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
            track_ids=[str(t) for t in data["track_ids"]],
            scene=dict(data.get("scene") or {}),
            ann=dict(data.get("ann") or {}),
        )


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

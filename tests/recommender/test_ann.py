"""The nearest-neighbour seam: one adapter owns annoy and its knobs, the manifest records the
backend and its parameters, and indexes built before that was recorded still load."""

import json
import shutil
from pathlib import Path

import pytest

from recommender import IndexCorruptError, Recommender
from recommender.store import read_manifest

ROOT = Path(__file__).resolve().parents[2]
FIRST_ROCK = "0000xxxxxxxxxxxxxxxxxx"


def ids(rec: Recommender) -> list[str]:
    return [r.track.track_id for r in rec.similar(FIRST_ROCK, k=10).items]


def test_the_manifest_records_the_backend_and_its_parameters(synthetic_index):
    manifest = json.loads((synthetic_index / "manifest.json").read_text())
    assert manifest["ann"] == {"backend": "annoy", "n_trees": 10, "metric": "euclidean"}


def test_an_index_built_before_the_backend_was_recorded_loads_as_annoy(
    tmp_path, synthetic_index, synthetic_rec
):
    index = tmp_path / "index"
    shutil.copytree(synthetic_index, index)
    data = json.loads((index / "manifest.json").read_text())
    del data["ann"]
    (index / "manifest.json").write_text(json.dumps(data))
    assert read_manifest(index).ann == {"backend": "annoy", "n_trees": 10, "metric": "euclidean"}
    assert ids(Recommender.load(index)) == ids(synthetic_rec)


def test_an_index_from_an_unknown_backend_says_to_rebuild(tmp_path, synthetic_index):
    index = tmp_path / "index"
    shutil.copytree(synthetic_index, index)
    data = json.loads((index / "manifest.json").read_text())
    data["ann"]["backend"] = "faiss"
    (index / "manifest.json").write_text(json.dumps(data))
    with pytest.raises(IndexCorruptError, match="'faiss'.*rebuild"):
        Recommender.load(index)


def test_only_the_adapter_imports_annoy_or_sets_its_search_knob():
    outside = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "recommender").rglob("*.py")
        if path.parent.name != "ann"
        and any(word in path.read_text() for word in ("search_k=", "import annoy", "from annoy"))
    ]
    assert outside == []

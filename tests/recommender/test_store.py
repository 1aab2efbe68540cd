"""The index on disk: deterministic, memory-mapped, and never silently wrong."""

import json
import shutil
import subprocess
import sys
import threading

import pytest

from recommender import IndexCorruptError, IndexMissingError, Recommender
from recommender.ann import annoy_index as annoy_adapter
from recommender.store.opening import IndexFromAnotherCatalogError, build, open_or_build

SEED = "0105xxxxxxxxxxxxxxxxxx"


def ids(rec, seed=SEED, **kw):
    return [r.track.track_id for r in rec.similar(seed, k=10, **kw).items]


@pytest.fixture
def index_copy(tmp_path, synthetic_index):
    target = tmp_path / "index"
    shutil.copytree(synthetic_index, target)
    return target


def test_a_rebuild_with_the_same_seed_gives_the_same_answers(
    tmp_path, synthetic_csv, synthetic_rec
):
    build(str(synthetic_csv), tmp_path / "again", n_trees=10)
    again = Recommender.load(tmp_path / "again")
    assert ids(again) == ids(synthetic_rec)
    assert ids(again, genre="pop") == ids(synthetic_rec, genre="pop")


def test_the_manifest_records_what_is_needed_to_reload(synthetic_index):
    manifest = json.loads((synthetic_index / "manifest.json").read_text())
    assert manifest["metric"] == "euclidean" and manifest["n_trees"] == 10
    assert manifest["feature_space"]["features"][:2] == ["danceability", "energy"]
    assert len(manifest["feature_space"]["mean"]) == manifest["dimension"]
    assert len(manifest["track_ids"]) == manifest["items"] == 181
    assert len(manifest["source"]["sha256"]) == 64


def test_a_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexMissingError, match="python -m recommender build"):
        Recommender.load(tmp_path / "nothing")


def test_a_truncated_index_file_is_detected(index_copy):
    ann = next(index_copy.glob("main-*.ann"))
    ann.write_bytes(ann.read_bytes()[:-100])
    with pytest.raises(IndexCorruptError, match="truncated"):
        Recommender.load(index_copy)


def test_flipped_bytes_in_an_index_file_fail_the_checksum(index_copy):
    ann = next(index_copy.glob("main-*.ann"))
    data = bytearray(ann.read_bytes())
    data[100:110] = b"\xff" * 10
    ann.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match="checksum"):
        Recommender.load(index_copy)


def test_a_deleted_index_file_is_named(index_copy):
    next(index_copy.glob("vectors-*.npy")).unlink()
    with pytest.raises(IndexCorruptError, match="vectors-.*missing"):
        Recommender.load(index_copy)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m: m.update(version=99), "version 99"),
        (lambda m: m.update(dimension=5), "does not match"),
        (lambda m: m["feature_space"].update(columns=["energy"]), "does not match"),
        (lambda m: m["track_ids"].reverse(), "track ids"),
        (lambda m: m.update(items=3), "does not match|items"),
    ],
)
def test_a_manifest_that_does_not_match_its_files_is_refused(index_copy, edit, message):
    path = index_copy / "manifest.json"
    manifest = json.loads(path.read_text())
    edit(manifest)
    path.write_text(json.dumps(manifest))
    with pytest.raises(IndexCorruptError, match=message):
        Recommender.load(index_copy)


def test_a_garbled_manifest_is_refused(index_copy):
    (index_copy / "manifest.json").write_text("{not json")
    with pytest.raises(IndexCorruptError, match="unreadable"):
        Recommender.load(index_copy)


def test_a_crash_mid_build_leaves_the_previous_index_working(
    index_copy, synthetic_csv, monkeypatch, synthetic_rec
):
    real_build = annoy_adapter.build

    def crash_after_the_forest(*args, **kwargs):
        real_build(*args, **kwargs)  # the new forest is on disk; the manifest is not
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(annoy_adapter, "build", crash_after_the_forest)
    with pytest.raises(KeyboardInterrupt):
        build(str(synthetic_csv), index_copy, n_trees=10)
    assert ids(Recommender.load(index_copy)) == ids(synthetic_rec)


def test_open_or_build_rebuilds_a_corrupt_index_from_its_recorded_source(index_copy, synthetic_rec):
    ann = next(index_copy.glob("main-*.ann"))
    ann.write_bytes(b"garbage")
    rec = open_or_build(index_copy)
    assert ids(rec) == ids(synthetic_rec)


def test_a_rebuild_removes_the_previous_builds_files(index_copy, synthetic_csv):
    before = {p.name for p in index_copy.iterdir()}
    build(str(synthetic_csv), index_copy, n_trees=10)
    after = {p.name for p in index_copy.iterdir()}
    assert before & after == {"manifest.json", ".build.lock"}
    assert len(after) == len(before)


def test_open_or_build_rebuilds_when_the_configured_catalog_file_changed(tmp_path, synthetic_csv):
    index = tmp_path / "index"
    source = tmp_path / "songs.csv"
    shutil.copy(synthetic_csv, source)
    build(str(source), index, n_trees=5)
    source.write_text("".join(synthetic_csv.read_text().splitlines(keepends=True)[:51]))
    assert open_or_build(index, str(source)).size == 50
    assert open_or_build(index).size == 50  # no source given: serve what is there


def test_an_index_of_another_catalog_is_never_replaced_and_the_error_says_how_to_rebuild(
    index_copy, tmp_path, synthetic_csv
):
    other = tmp_path / "other.csv"
    other.write_text("".join(synthetic_csv.read_text().splitlines(keepends=True)[:51]))
    before = {p.name: p.stat().st_mtime_ns for p in index_copy.iterdir()}
    with pytest.raises(IndexFromAnotherCatalogError) as caught:
        open_or_build(index_copy, str(other))
    message = str(caught.value)
    assert "songs.csv" in message and "other.csv" in message
    assert f"python -m recommender build --source {other} --index-dir {index_copy}" in message
    assert {p.name: p.stat().st_mtime_ns for p in index_copy.iterdir()} == before
    assert Recommender.load(index_copy).size == 181


def test_a_corrupt_index_is_rebuilt_with_the_trees_it_was_built_with(tmp_path, synthetic_csv):
    index = tmp_path / "index"
    build(str(synthetic_csv), index, n_trees=3)
    next(index.glob("vectors-*.npy")).write_bytes(b"garbage")
    assert open_or_build(index).index.manifest.n_trees == 3


def test_a_picked_track_id_autocompletes_to_that_track(synthetic_rec):
    suggestions = synthetic_rec.autocomplete("0002xxxxxxxxxxxxxxxxxx")
    assert [s.label for s in suggestions] == ["Silent Summer 02 — Band 0-2"]


def test_a_build_waits_for_another_process_building_the_same_directory(tmp_path, synthetic_csv):
    """The lock is the OS's (filelock: flock on POSIX, msvcrt on Windows), so another
    process holding it — here a child Python — keeps a build out until it lets go."""
    index = tmp_path / "index"
    index.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(index / ".build.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout and holder.stdin
    assert holder.stdout.readline() == "held\n"
    done = threading.Event()
    builder = threading.Thread(
        target=lambda: (build(str(synthetic_csv), index, n_trees=5), done.set())
    )
    builder.start()
    assert not done.wait(2)  # still waiting for the lock (a broken lock builds in well under 2 s)
    assert not (index / "manifest.json").exists()
    holder.stdin.close()  # the holder lets go and exits
    holder.wait(30)
    builder.join(60)
    assert done.is_set() and Recommender.load(index).size > 0


HOLD_THE_LOCK = """
import sys
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""

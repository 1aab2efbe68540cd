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
    assert manifest["catalog"]["rows"] == manifest["items"] == 181
    assert "track_ids" not in manifest  # nothing per track: the manifest stays small
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
        (lambda m: m["catalog"].update(rows=180), "does not (match|fit)"),
        (lambda m: m["catalog"]["columns"]["name"].update(kind="float"), "does not match"),
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


def _rebuilt_or_refused(index, caplog):
    """open_or_build over `index`: the songs it recommends, and what it logged."""
    with caplog.at_level("WARNING"):
        rec = open_or_build(index)
    return ids(rec), caplog.text


# 1: a CSV and every track id; 2: columns, without the release table and popularity bands;
# 3: the names' tables as (hash, value) pairs.
@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_index_in_an_earlier_format_is_rebuilt_with_a_message_not_misread(
    index_copy, synthetic_rec, caplog, version
):
    path = index_copy / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["version"] = version
    if version == 2:
        del manifest["popularity_bands"]
        del manifest["files"]["releases.representative"]
    if version == 3:
        for table, hashes in (("pairs", "pair_hashes"), ("deletions", "deleted_hashes")):
            manifest["files"][f"names.{table}"] = manifest["files"].pop(f"names.{hashes}")
    path.write_text(json.dumps(manifest))
    with pytest.raises(IndexCorruptError, match=f"earlier format .version {version}"):
        Recommender.load(index_copy)
    songs, logged = _rebuilt_or_refused(index_copy, caplog)
    assert songs == ids(synthetic_rec) and "earlier format" in logged and "Rebuilding" in logged


def _column_file(index, column: str, part: str):
    return next(index.glob(f"catalog.col.{column}.{part}-*.npy"))


def test_a_truncated_column_is_refused_and_rebuilt(index_copy, synthetic_rec, caplog):
    names = _column_file(index_copy, "name", "blob")
    names.write_bytes(names.read_bytes()[:-7])
    with pytest.raises(IndexCorruptError, match="truncated"):
        Recommender.load(index_copy)
    songs, logged = _rebuilt_or_refused(index_copy, caplog)
    assert songs == ids(synthetic_rec) and "truncated" in logged


def test_a_column_from_another_build_of_the_same_size_is_refused(
    tmp_path, index_copy, synthetic_csv
):
    other = tmp_path / "other"
    edited = tmp_path / "renamed.csv"
    edited.write_text(synthetic_csv.read_text().replace("Golden", "Silver"))
    build(str(edited), other, n_trees=10)  # same sizes, other names
    ours = _column_file(index_copy, "name", "blob")
    theirs = _column_file(other, "name", "blob")
    assert ours.stat().st_size == theirs.stat().st_size
    shutil.copy(theirs, ours)
    with pytest.raises(IndexCorruptError, match="checksum"):
        Recommender.load(index_copy)


def test_a_half_written_column_is_refused(index_copy):
    codes = _column_file(index_copy, "artist", "codes")
    data = bytearray(codes.read_bytes())
    data[len(data) // 2 :] = bytes(len(data) - len(data) // 2)  # the rest never written
    codes.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match="checksum"):
        Recommender.load(index_copy)


def test_verify_checks_every_byte_that_a_load_only_samples(index_copy, capsys):
    from recommender.cli.commands import main

    forest = next(index_copy.glob("main-*.ann"))
    data = bytearray(forest.read_bytes())
    middle = len(data) // 2 + 123  # between the sampled blocks
    data[middle] ^= 0xFF
    forest.write_bytes(bytes(data))
    assert main(["verify", "--index-dir", str(index_copy)]) == 2
    assert "fails its checksum" in capsys.readouterr().err
    with pytest.raises(IndexCorruptError, match="checksum"):
        Recommender.load(index_copy, verify=True)


def test_the_same_catalog_builds_the_same_files(tmp_path, synthetic_csv, synthetic_index):
    again = build(str(synthetic_csv), tmp_path / "again", n_trees=10)
    first = json.loads((synthetic_index / "manifest.json").read_text())
    hashes = {name: entry["sha256"] for name, entry in first["files"].items()}
    assert hashes == {name: entry.sha256 for name, entry in again.files.items()}
    assert first["catalog"] == again.catalog


def test_every_column_of_the_catalog_is_stored_even_one_the_store_never_heard_of(
    tmp_path, synthetic_csv
):
    import pandas as pd

    from recommender.catalog.reader import load_catalog
    from recommender.store import build_index

    catalog, _ = load_catalog(synthetic_csv)
    catalog["versions"] = range(len(catalog))  # say the merge step adds a column
    catalog["label"] = [f"label {i % 7}" for i in range(len(catalog))]
    build_index(catalog, tmp_path / "index", source={"name": "songs.csv"}, n_trees=5)
    rec = Recommender.load(tmp_path / "index")
    row = rec.tracks.row(catalog["track_id"].iloc[42])
    assert rec.index.columns["versions"][row] == 42
    assert rec.index.columns["label"][row] == "label 0"
    stored = rec.index.catalog
    assert (
        isinstance(stored, pd.DataFrame) and stored["label"].tolist() == catalog["label"].tolist()
    )


def test_a_build_that_would_not_fit_the_disk_says_so_before_it_starts(tmp_path, synthetic_csv):
    from recommender.disk import DiskError
    from tests.support.mounts import tmpfs

    with tmpfs(tmp_path / "index", size="64k") as index:
        with pytest.raises(
            DiskError, match=r"needs about [\d,]+ bytes free, and .* has [\d,]+ bytes"
        ):
            build(str(synthetic_csv), index, n_trees=10)
        assert list(index.iterdir()) == []  # refused before anything was written


def _resident_kb(directory) -> dict[str, tuple[int, int]]:
    """(size, resident) kB of each of this process's mappings of a file in `directory`
    (/proc/self/smaps: what a host's `top` and `smem` read)."""
    found: dict[str, tuple[int, int]] = {}
    path, size = None, 0
    with open("/proc/self/smaps", encoding="utf-8") as smaps:
        for line in smaps:
            head = line.split()
            if head and "-" in head[0] and len(head) >= 5:  # a mapping's first line
                path = head[5] if len(head) > 5 and head[5].startswith(str(directory)) else None
            elif path and head[0] == "Size:":
                size = int(head[1])
            elif path and head[0] == "Rss:":
                found[path] = (size, int(head[1]))
    return found


def test_warming_maps_every_page_of_the_index_and_changes_no_answer(tmp_path, real_index):
    cold_index, index = tmp_path / "cold", tmp_path / "warmed"
    shutil.copytree(real_index, cold_index)
    shutil.copytree(real_index, index)
    seeds = ["blinding lights", "bad guy", "dance monkey"]
    cold = Recommender.load(cold_index)
    before = [ids(cold, seed) for seed in seeds]
    cold_resident = _resident_kb(cold_index.resolve())

    warmed = Recommender.load(index)
    warmth = warmed.warm()
    resident = _resident_kb(index.resolve())

    assert len(resident) >= 20  # the forest, the catalog's columns, the names, the genres…
    assert any(name.endswith(".ann") for name in resident)
    # Pages the first queries touched stay mapped; warming maps all the others.
    assert any(r < s for s, r in cold_resident.values())
    assert all(r == s for s, r in resident.values()), resident
    assert warmth.pages > 0 and warmth.seconds >= 0
    assert [ids(warmed, seed) for seed in seeds] == before


def test_an_index_over_half_the_machines_memory_is_not_read_whole_and_says_why(
    index_copy, monkeypatch
):
    from recommender.store import warming

    rec = Recommender.load(index_copy)
    before = ids(rec)
    monkeypatch.setattr(warming, "memory_bytes", lambda: 64 * 1024)  # a tiny container
    warmth = rec.warm()
    assert warmth.pages == 0
    assert warmth.skipped and "more than half this machine's memory" in warmth.skipped
    assert ids(rec) == before

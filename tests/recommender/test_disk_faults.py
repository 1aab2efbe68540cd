"""Full and read-only disks, made real with tmpfs mounts: a message naming the path and what
to do, never a traceback, and nothing left behind that breaks the next build."""

from __future__ import annotations

import select
import shutil
import signal
import subprocess
import sys
import time

import pytest

from recommender import Recommender
from recommender.cli.commands import main
from recommender.disk import DiskError
from recommender.store.opening import build, open_or_build
from tests.support import synthetic
from tests.support.mounts import tmpfs

SEED = "0105xxxxxxxxxxxxxxxxxx"


def ids(rec):
    return [r.track.track_id for r in rec.similar(SEED, k=10).items]


def room_for_one_and_a_half(index) -> str:
    """A tmpfs size that holds one index and half another: a second build runs out part-way."""
    # tmpfs gives each file whole pages: count them, not bytes (an index is many small files).
    used = sum(-(-p.stat().st_size // 4096) * 4096 for p in index.iterdir() if p.is_file())
    return f"{used * 3 // 2 // 1024 + 64}k"


def listing(directory):
    return sorted(p.name for p in directory.iterdir())


def test_a_full_disk_fails_the_build_with_a_message_and_removes_its_own_files(
    tmp_path, synthetic_index, synthetic_csv, synthetic_rec, capsys
):
    # Room for one index and a little more: the second build runs out of space part-way.
    with tmpfs(
        tmp_path / "index", size=room_for_one_and_a_half(synthetic_index), fill_from=synthetic_index
    ) as index:
        before = listing(index)
        with pytest.raises(DiskError, match=f"Cannot write the index in {index}: the disk is full"):
            build(str(synthetic_csv), index, n_trees=10)
        assert listing(index) == before
        assert ids(Recommender.load(index)) == ids(synthetic_rec)  # the old index still serves

        code = main(["build", "--source", str(synthetic_csv), "--index-dir", str(index)])
        err = capsys.readouterr().err
        assert code == 2
        assert err.splitlines()[-1].startswith(
            f"error: Cannot write the index in {index}: the disk"
        )
        assert "Traceback" not in err
        assert listing(index) == before


def test_after_a_failed_build_frees_its_files_the_next_build_fits(
    tmp_path, synthetic_index, synthetic_csv
):
    with tmpfs(
        tmp_path / "index", size=room_for_one_and_a_half(synthetic_index), fill_from=synthetic_index
    ) as index:
        for _ in range(2):  # without the clean-up the second attempt would have even less room
            with pytest.raises(DiskError):
                build(str(synthetic_csv), index, n_trees=10)
        for item in index.glob("*-*.*"):  # make room the way a host would: drop the old build
            item.unlink()
        (index / "manifest.json").unlink()
        assert build(str(synthetic_csv), index, n_trees=10).items == 181


def test_a_valid_index_on_a_read_only_disk_is_served(tmp_path, synthetic_index, synthetic_rec):
    with tmpfs(tmp_path / "ro", fill_from=synthetic_index.parent, size="20m", read_only=True) as ro:
        rec = open_or_build(ro / "index")
        assert ids(rec) == ids(synthetic_rec)


def test_the_cli_answers_from_a_read_only_index_and_a_build_there_says_read_only(
    tmp_path, synthetic_index, synthetic_csv, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    with tmpfs(tmp_path / "ro", fill_from=synthetic_index.parent, size="20m", read_only=True) as ro:
        assert main(["similar", "golden heart 01", "--index-dir", str(ro / "index")]) == 0
        assert "Songs like" in capsys.readouterr().out
        code = main(["build", "--source", str(synthetic_csv), "--index-dir", str(ro / "index")])
        err = capsys.readouterr().err
    assert code == 2
    assert "the filesystem is read-only. To fix: mount it read-write" in err
    assert str(ro / "index") in err and "Traceback" not in err


def test_a_build_into_a_missing_read_only_directory_names_it(tmp_path, synthetic_csv):
    with tmpfs(tmp_path / "ro", read_only=True) as ro:
        with pytest.raises(DiskError, match=f"in {ro / 'index'}: the filesystem is read-only"):
            build(str(synthetic_csv), ro / "index", n_trees=5)


def test_an_interrupted_build_leaves_the_directory_as_it_was(
    tmp_path, synthetic_index, synthetic_csv, monkeypatch
):
    from recommender.store import builder

    index = tmp_path / "index"
    shutil.copytree(synthetic_index, index)
    before = listing(index)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(builder, "typical_distance", interrupted)  # after every file is written
    with pytest.raises(KeyboardInterrupt):
        build(str(synthetic_csv), index, n_trees=5)
    assert listing(index) == before


def test_a_build_stopped_by_sigterm_removes_its_files_like_ctrl_c(tmp_path, synthetic_index):
    index = tmp_path / "index"
    shutil.copytree(synthetic_index, index)
    before = {p.name: p.read_bytes() for p in index.iterdir()}
    synthetic.slow_to_build().to_csv(tmp_path / "big.csv", index=False)
    command = [sys.executable, "-m", "recommender", "build", "--source", str(tmp_path / "big.csv")]
    with subprocess.Popen(
        [*command, "--index-dir", str(index)], stderr=subprocess.PIPE, text=True
    ) as build_run:
        try:
            assert select.select([build_run.stderr], [], [], 120)[0], "no progress in 2 minutes"
            said = build_run.stderr.readline()
            assert said == "reading big.csv\n"  # a note first, then the build's stages
            assert build_run.stderr.readline().startswith("keys")  # the first stage
            deadline = time.monotonic() + 120
            while set(listing(index)) <= set(before) and time.monotonic() < deadline:
                time.sleep(0.02)  # until the build's first file is on disk
            assert set(listing(index)) > set(before) and build_run.poll() is None
            build_run.send_signal(signal.SIGTERM)
            code = build_run.wait(timeout=120)
        finally:
            build_run.kill()
    assert code != 0
    assert listing(index) == sorted(before)  # no partial file left: a .tmp or a forest
    assert all(before[p.name] == p.read_bytes() for p in index.iterdir())
    assert ids(Recommender.load(index))  # the previous index still answers


def test_a_failed_first_build_leaves_only_its_lock_so_the_next_build_is_still_serialised(
    tmp_path, synthetic_csv
):
    with tmpfs(tmp_path / "index", size="128k") as index:  # far less than one index
        with pytest.raises(DiskError, match="the disk is full"):
            build(str(synthetic_csv), index, n_trees=10)
        assert listing(index) == [".build.lock"]

"""An index directory is new, empty or already a soundalike index: /, the home folder, a
folder of other things or a file are refused in one line naming the option or setting
(CLI --index-dir, INDEX_DIR for the CLI, the bot and the console), before anything is
downloaded or written. Nothing here ever writes into / or the home folder: each refusal
is checked to leave the directory as it was."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.host.settings import Settings, SettingsError
from recommender import IndexDirError, build
from recommender.cli.commands import main
from tests.support.data import SONGS_CSV

ROOT = Path(__file__).resolve().parents[2]


def listing(directory: Path) -> list[str]:
    return sorted(os.listdir(directory))


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A home folder of our own, so a refusal that failed would write into tmp, not ~."""
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / ".bashrc").write_text("# a member's own file\n")
    monkeypatch.setenv("HOME", str(folder))
    return folder


@pytest.fixture
def cluttered(tmp_path) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.odt").write_text("years of work")
    return folder


def refused_places(home: Path, cluttered: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    return {
        "root": (Path("/"), "is the root directory"),
        "home": (home, "is the home directory"),
        "home as ~": (Path("~"), "is the home directory"),
        "other files": (cluttered, "holds other files (thesis.odt, ...) and no soundalike index"),
        "a file": (afile, "is a file, not a directory"),
        "under a file": (afile / "index", "can't be created"),
    }


@pytest.mark.parametrize(
    "place", ["root", "home", "home as ~", "other files", "a file", "under a file"]
)
def test_the_cli_refuses_a_directory_that_is_no_place_for_an_index(
    place, home, cluttered, tmp_path, capsys
):
    directory, said = refused_places(home, cluttered, tmp_path)[place]
    watched = directory.expanduser() if directory.expanduser().is_dir() else tmp_path
    before = listing(watched)
    for command in (["build", "--source", str(SONGS_CSV)], ["similar", "x"], ["genres"]):
        with pytest.raises(SystemExit) as stop:
            main([*command, "--index-dir", str(directory)])
        assert stop.value.code == 2
        err = capsys.readouterr().err.strip().splitlines()[-1]
        assert "argument --index-dir:" in err and said in err
    assert listing(watched) == before


@pytest.mark.parametrize("place", ["root", "home", "other files"])
def test_index_dir_in_the_environment_is_refused_by_name(
    place, home, cluttered, tmp_path, capsys, monkeypatch
):
    directory, said = refused_places(home, cluttered, tmp_path)[place]
    before = listing(directory)
    monkeypatch.setenv("INDEX_DIR", str(directory))
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    assert main(["genres"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: INDEX_DIR: {directory} {said}")
    with pytest.raises(SettingsError, match=f"^INDEX_DIR: .*{re.escape(said)}"):
        Settings.from_env({"INDEX_DIR": str(directory)}, dotenv_path=None, require_token=False)
    assert listing(directory) == before


def test_the_library_build_refuses_too_before_reading_the_catalog(cluttered):
    before = listing(cluttered)
    with pytest.raises(IndexDirError, match="holds other files"):
        build(str(SONGS_CSV), cluttered)
    assert listing(cluttered) == before


def test_the_console_refuses_index_dir_in_one_line(cluttered, tmp_path):
    environ = {**os.environ, "INDEX_DIR": str(cluttered), "DISCORD_TOKEN": ""}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", "/genres"],
        cwd=tmp_path,
        env={**environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: INDEX_DIR: {cluttered} holds other files (thesis.odt, ...) and no soundalike "
        "index; give an empty or new directory."
    ]
    assert listing(cluttered) == ["thesis.odt"]


def test_new_empty_and_existing_index_directories_are_accepted(synthetic_index, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for directory in (synthetic_index, empty, tmp_path / "new" / "index"):
        assert Settings.from_env(
            {"INDEX_DIR": str(directory)}, dotenv_path=None, require_token=False
        ).index_dir == Path(directory)
    assert main(["genres", "--index-dir", str(synthetic_index)]) == 0


def test_an_unfinished_builds_leftovers_do_not_block_the_next_build(tmp_path, synthetic_csv):
    """A build killed hard leaves its lock and tagged files; the next build may go ahead."""
    index = tmp_path / "index"
    index.mkdir()
    (index / ".build.lock").write_text("")
    (index / "main-20261204235859-58a654.ann").write_bytes(b"half")
    (index / ".manifest.json.tmp").write_text("{")
    assert build(str(synthetic_csv), index, n_trees=2).items > 0

"""The CLI reads INDEX_DIR, CATALOG_SOURCE and CATALOG_COLUMNS like the bot: environment over
`.env`, and an option typed on the command line over both."""

from __future__ import annotations

import json
import shutil

import pytest

from recommender.cli.commands import main
from tests.support import synthetic


@pytest.fixture
def host(tmp_path, monkeypatch):
    """A working directory of its own and none of the three settings in the environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("INDEX_DIR", "CATALOG_SOURCE", "CATALOG_COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def seed_of(capsys) -> str:
    return json.loads(capsys.readouterr().out)["seed"]["track_id"]


def test_the_cli_opens_the_index_dir_named_in_dotenv(host, synthetic_index, capsys):
    shutil.copytree(synthetic_index, host / "elsewhere")
    (host / ".env").write_text(f"INDEX_DIR={host / 'elsewhere'}\n")
    assert main(["similar", "golden heart 01", "--json"]) == 0
    assert seed_of(capsys) == "0001".ljust(22, "x")


def test_the_environment_wins_over_dotenv_and_a_typed_option_over_both(
    host, synthetic_index, capsys, monkeypatch
):
    (host / ".env").write_text(f"INDEX_DIR={host / 'nothing-here'}\n")
    monkeypatch.setenv("INDEX_DIR", str(synthetic_index))
    assert main(["similar", "golden heart 01", "--json"]) == 0
    assert seed_of(capsys) == "0001".ljust(22, "x")
    monkeypatch.setenv("CATALOG_SOURCE", str(host / "no-such.csv"))
    assert main(["similar", "x", "--index-dir", str(host / "typed")]) == 2
    assert f"not found: {host / 'no-such.csv'}" in capsys.readouterr().err  # built in "typed"


def test_build_takes_the_catalog_and_its_column_mapping_from_the_settings(host, capsys):
    path = host / "mine.csv"
    synthetic.frame().rename(columns={"track_name": "Title"}).to_csv(path, index=False, sep=";")
    (host / ".env").write_text(
        f"CATALOG_SOURCE={path}\nCATALOG_COLUMNS=name=title\nINDEX_DIR={host / 'index'}\n"
    )
    assert main(["build", "--n-trees", "5"]) == 0
    assert f"Indexed 181 tracks from mine.csv (182 rows, 0 dropped) into {host / 'index'}" in (
        capsys.readouterr().out
    )
    assert main(["similar", "golden heart 01", "--json"]) == 0  # same settings, same index
    assert seed_of(capsys) == "0001".ljust(22, "x")


def test_a_malformed_catalog_columns_setting_is_named(host, capsys, monkeypatch):
    monkeypatch.setenv("CATALOG_COLUMNS", "title")
    assert main(["genres", "--index-dir", str(host / "index")]) == 2
    err = capsys.readouterr().err
    assert "CATALOG_COLUMNS: use CANONICAL=COLUMN pairs" in err and "Traceback" not in err

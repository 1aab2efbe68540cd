"""A host's own catalog and settings: the column mapping as a setting, a size limit for
downloads, usage errors for impossible options, and no setting ever echoing a token."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.host.settings import ENVIRONMENT, Settings, SettingsError
from recommender.cli.commands import main
from tests.support import synthetic

TOKEN = "MTAx.fake-token-for-tests.abc"
PASTED = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789"
CHECKOUT = Path(__file__).resolve().parents[2]


def test_catalog_columns_and_the_download_limit_are_settings():
    settings = Settings.from_env(
        {"DISCORD_TOKEN": TOKEN, "CATALOG_COLUMNS": "name=Title, artist=singer"},
        dotenv_path=None,
    )
    assert settings.catalog_columns == {"name": "Title", "artist": "singer"}
    assert Settings.from_env(
        {"DISCORD_TOKEN": TOKEN, "DOWNLOAD_LIMIT_MB": "50"}, dotenv_path=None
    ).download_limit_mb == (50)


@pytest.mark.parametrize(
    ("name", "value"), [("DOWNLOAD_LIMIT_MB", "0"), ("CATALOG_COLUMNS", "title")]
)
def test_an_impossible_host_setting_is_named(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({"DISCORD_TOKEN": TOKEN, name: value}, dotenv_path=None)


# Every setting that can refuse a value (paths and the catalog source take any text).
CHECKED = sorted(
    set(ENVIRONMENT)
    - {"DISCORD_TOKEN", "CATALOG_SOURCE", "INDEX_DIR", "HEALTH_FILE", "DATABASE_PATH"}
    - {"METRICS_HOST"}  # any name or address; a failed bind names it
)


@pytest.mark.parametrize("name", CHECKED)
def test_a_token_pasted_into_any_setting_is_never_echoed(name):
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"DISCORD_TOKEN": TOKEN, name: PASTED}, dotenv_path=None)
    message = str(refused.value)
    assert name in message and PASTED not in message and "shaped like a bot token" in message


@pytest.mark.parametrize(
    "argv",
    [
        ["similar", "x", "-k", "0"],
        ["similar", "x", "-k", "-1"],
        ["similar", "x", "-k", "1000"],
        ["build", "--n-trees", "0"],
        ["build", "--n-trees", "-3"],
    ],
)
def test_out_of_range_options_are_usage_errors_before_any_work(argv, tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--index-dir", str(tmp_path / "untouched")])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and "must be from 1 to" in err and "Traceback" not in err
    assert not (tmp_path / "untouched").exists()


def run_bot(cwd: Path, *args: str, **settings: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT} | settings
    env["PYTHONPATH"] = str(CHECKOUT)  # this checkout's code, whatever the working directory
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_bot_serves_a_semicolon_catalog_that_needs_a_column_mapping(tmp_path):
    frame = synthetic.frame().rename(columns={"track_name": "Title", "track_artist": "Singer"})
    source = tmp_path / "mine.csv"
    frame.to_csv(source, index=False, sep=";")
    result = run_bot(
        tmp_path,
        "console",
        "/similar song:silent summer 02 count:2",
        CATALOG_SOURCE=str(source),
        CATALOG_COLUMNS="name=title,artist=singer",
        INDEX_DIR=str(tmp_path / "index"),
    )
    assert result.returncode == 0, result.stderr
    assert "╭ Songs like Silent Summer 02" in result.stdout
    assert "mine.csv" in result.stdout  # the footer names the catalog served


def test_the_bot_refuses_an_index_of_another_catalog_and_says_how_to_rebuild(
    tmp_path, synthetic_index
):
    other = tmp_path / "other.csv"
    synthetic.frame().head(60).to_csv(other, index=False)
    before = sorted(p.name for p in synthetic_index.iterdir())
    result = run_bot(
        tmp_path,
        "console",
        "/genres",
        CATALOG_SOURCE=str(other),
        INDEX_DIR=str(synthetic_index),
    )
    assert result.returncode == 2
    assert f"python -m recommender build --source {other}" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in synthetic_index.iterdir()) == before

"""`python -m bot console --user NAME`: likes, /mix, /likes and /forget on the bot's database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.console import console_member

ROOT = Path(__file__).resolve().parents[2]


def console(index: Path, database: Path, *lines: str, user: str | None = "ada") -> str:
    env = {
        **os.environ,
        "INDEX_DIR": str(index),
        "DATABASE_PATH": str(database),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DISCORD_TOKEN", None)
    who = ["--user", user] if user else []
    out = subprocess.run(
        [sys.executable, "-m", "bot", "console", *who, *lines],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_console_likes_survive_a_restart_feed_the_mix_and_are_forgotten(synthetic_index, tmp_path):
    db = tmp_path / "members.db"
    first = console(
        synthetic_index,
        db,
        "/like song:golden heart 01",
        "/like song:golden heart 01",
        "/dislike song:silent summer 02",
    )
    assert "Liked **Golden Heart 01 — Band 0-1**" in first
    assert "You already like **Golden Heart 01 — Band 0-1**." in first
    assert "Disliked **Silent Summer 02 — Band 0-2**" in first

    second = console(synthetic_index, db, "/likes", "/mix count:3", "/forget", "confirm", "/likes")
    assert "│ 1. Golden Heart 01 — Band 0-1" in second  # kept across processes
    assert "╭ A mix for ada" in second and "· like *Golden Heart 01*" in second
    assert "Silent Summer 02" not in second.split("╭ A mix for ada")[1].split("╰")[0]
    assert "Done: I deleted 1 liked song, 1 disliked song and 0 artists left out." in second
    assert second.rstrip().endswith("0 liked songs · 0 disliked songs · 0 artists left out")

    other = console(synthetic_index, db, "/likes", user="grace")
    assert "No liked songs yet" in other


def test_console_without_a_user_explains_how_to_get_one_and_stores_nothing(
    synthetic_index, tmp_path
):
    db = tmp_path / "m.db"
    out = console(synthetic_index, db, "/like song:golden heart 01", "/similar song:x", user=None)
    assert "start the console with --user NAME" in out
    assert not db.exists()


def test_console_members_are_stable_and_never_a_discord_id():
    # Below 2**22: every Discord id (a snowflake) holds its creation time shifted past that.
    assert 0 < console_member("Ada") == console_member(" ada ") < 2**22
    assert console_member("ada") != console_member("grace")

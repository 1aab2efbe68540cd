"""`python -m bot migrate-store`: an SQLite file's members' data copied into a real PostgreSQL
database, run as a host runs it, twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bot.storage import SQLiteTasteStore, Verdict
from tests.support.stores import PostgresBackend, SQLiteBackend, kept, rows

ROOT = Path(__file__).resolve().parents[3]


def migrate_store(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", "migrate-store", *args],
        cwd=cwd,  # no .env there
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


async def members_file(path: Path) -> None:
    store = SQLiteTasteStore(path)
    for member in (1, 2):
        await store.set_verdict(member, "liked-a", "A — Band", Verdict.LIKE)
        await store.set_verdict(member, "liked-b", "B — Band", Verdict.LIKE)
        await store.set_verdict(member, "disliked", "D — Band", Verdict.DISLIKE)
        await store.leave_out_artist(member, "Band X")
        await store.keep_list(member, f"tok{member}", "gpop|mcalm", time.time() + 600)
    await store.keep_list(3, "expired", "grock", time.time() - 1)  # not worth copying
    await store.close()


async def test_a_copy_moves_every_row_and_a_second_run_changes_nothing(tmp_path, postgres_server):
    source = SQLiteBackend(tmp_path / "soundalike.db")
    target = PostgresBackend(postgres_server.database())
    await members_file(source.path)

    first = migrate_store("--to", target.url, "--from", str(source.path), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert rows(target) == rows(source)
    assert kept(target) == [(1, "gpop|mcalm"), (2, "gpop|mcalm")]
    table = {line.split("  ")[0]: line.split() for line in first.stdout.splitlines()[1:]}
    assert table["likes"][1:4:2] == ["4", "4"]  # read, written
    assert table["dislikes"][1:4:2] == ["2", "2"]
    assert table["left-out artists"][2:5:2] == ["2", "2"]
    assert table["kept lists"][2:5:2] == ["2", "2"]
    assert "@127.0.0.1" in first.stdout.splitlines()[0]

    again = migrate_store("--to", target.url, "--from", str(source.path), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert rows(target) == rows(source)  # the same rows, none twice
    assert all(line.split()[-2] == "0" for line in again.stdout.splitlines()[1:])


async def test_a_verdict_changed_since_on_postgresql_is_not_undone_by_a_later_copy(
    tmp_path, postgres_server
):
    source = SQLiteBackend(tmp_path / "soundalike.db")
    target = PostgresBackend(postgres_server.database())
    await members_file(source.path)
    assert (
        migrate_store("--to", target.url, "--from", str(source.path), cwd=tmp_path).returncode == 0
    )
    store = target.open()
    await store.set_verdict(1, "liked-a", "A — Band", Verdict.DISLIKE)  # the bot, since
    await store.close()
    assert (
        migrate_store("--to", target.url, "--from", str(source.path), cwd=tmp_path).returncode == 0
    )
    assert (1, "liked-a", -1) in rows(target)


def test_bad_input_is_one_line_and_never_shows_a_password(tmp_path, postgres_server):
    wrong = migrate_store("--to", "mysql://ada:s3cret@db/likes", cwd=tmp_path)
    assert wrong.returncode == 2 and "--to must be a postgresql://" in wrong.stderr
    assert "s3cret" not in wrong.stderr + wrong.stdout
    missing = migrate_store(
        "--to", postgres_server.database(), "--from", str(tmp_path / "none.db"), cwd=tmp_path
    )
    assert missing.returncode == 2 and "none.db: no such file" in missing.stderr
    nowhere = migrate_store("--from", str(tmp_path / "none.db"), cwd=tmp_path)
    assert nowhere.returncode == 2 and "--to postgresql://" in nowhere.stderr
    not_ours = tmp_path / "notes.db"
    not_ours.write_text("just text " * 100)
    refused = migrate_store(
        "--to", postgres_server.database(), "--from", str(not_ours), cwd=tmp_path
    )
    assert refused.returncode == 2 and "notes.db" in refused.stderr
    assert "Traceback" not in missing.stderr + refused.stderr + nowhere.stderr

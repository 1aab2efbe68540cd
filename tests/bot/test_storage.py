"""The member database, on real SQLite files and a real PostgreSQL server (the `backend`
fixture runs a test on each): restarts, several processes, crashes, faults and an older schema
upgraded in place. File-level faults are SQLite's alone."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import psycopg
import pytest

from bot.storage import (
    SQLiteTasteStore,
    StorageBusy,
    StorageCorrupt,
    StorageTooNew,
    Verdict,
    postgres_schema,
)
from bot.storage.migrations import SCHEMA_VERSION, migrate
from tests.support.stores import Backend, PostgresBackend, SQLiteBackend
from tests.support.stores import rows as stored

ROOT = Path(__file__).resolve().parents[2]
LIKE, DISLIKE = Verdict.LIKE, Verdict.DISLIKE


def rows(path: Path, member_id: int | None = None) -> list[tuple]:
    """Every stored row (of one member), read straight from the file."""
    with sqlite3.connect(path) as db:
        where, args = ("WHERE member_id = ?", (member_id,)) if member_id is not None else ("", ())
        songs = db.execute(f"SELECT member_id, track_id, verdict FROM feedback {where}", args)
        found = list(songs.fetchall())
        artists = db.execute(f"SELECT member_id, artist FROM left_out_artists {where}", args)
        return found + list(artists.fetchall())


def run_python(code: str, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT, env=env, **kwargs
    )


async def test_a_restart_keeps_likes_dislikes_and_left_out_artists(backend: Backend):
    store = backend.open()  # SQLite: the directory is created on first use
    assert (await store.set_verdict(1, "track-a", "A — Band", LIKE)).before is None
    await store.set_verdict(1, "track-b", "B — Band", DISLIKE)
    assert await store.leave_out_artist(1, "Band 9")
    await store.close()

    again = backend.open()
    taste = await again.taste(1)
    assert [(s.track_id, s.label) for s in taste.likes] == [("track-a", "A — Band")]
    assert [s.track_id for s in taste.dislikes] == ["track-b"]
    assert taste.left_out_artists == ("Band 9",)
    assert (await again.taste(2)).empty  # another member's memory is separate
    await again.close()


async def test_a_dislike_moves_a_liked_song_and_liking_twice_changes_nothing(backend: Backend):
    store = backend.open()
    await store.set_verdict(1, "x", "X", LIKE)
    assert (await store.set_verdict(1, "x", "X", LIKE)).before is LIKE
    assert (await store.set_verdict(1, "x", "X", DISLIKE)).before is LIKE
    assert stored(backend) == [(1, "x", -1)]  # moved, not duplicated
    assert await store.leave_out_artist(1, "A") and not await store.leave_out_artist(1, "A")
    assert not (await store.set_verdict(1, "z", "Z", DISLIKE, artist="A")).artist_back
    assert (await store.set_verdict(1, "y", "Y", LIKE, artist="A")).artist_back  # liked: back
    assert (await store.taste(1)).left_out_artists == ()
    await store.close()


async def test_members_ids_as_discord_gives_them_and_any_text_are_kept_as_they_are(
    backend: Backend,
):
    store = backend.open()
    member = 1_234_567_890_123_456_789  # 19 digits: past 32 bits
    odd = "Beyoncé — 'quoted'; DROP TABLE feedback; -- \\ % ?"
    await store.set_verdict(member, odd, odd, LIKE)
    await store.leave_out_artist(member, odd)
    taste = await store.taste(member)
    assert [(s.track_id, s.label) for s in taste.likes] == [(odd, odd)]
    assert taste.left_out_artists == (odd,)
    await store.close()


async def test_forget_leaves_no_row_of_the_member_and_keeps_everyone_else(backend: Backend):
    store = backend.open()
    for member in (1, 2):
        await store.set_verdict(member, "x", "X", LIKE)
        await store.set_verdict(member, "y", "Y", DISLIKE)
        await store.leave_out_artist(member, "A")
    gone = await store.forget(1)
    assert (gone.likes, gone.dislikes, gone.artists) == (1, 1, 1)
    assert stored(backend, 1) == []
    assert len(stored(backend, 2)) == 3
    assert (await store.forget(1)).total == 0  # forgetting twice is harmless
    await store.close()


async def test_forget_leaves_no_trace_of_the_member_in_the_files(tmp_path):
    path = tmp_path / "t.db"
    store = SQLiteTasteStore(path)
    await store.set_verdict(1, "secret-track-of-member-1", "Guilty Pleasure — Band", LIKE)
    await store.leave_out_artist(1, "Embarrassing Artist")
    await store.set_verdict(2, "other-track", "Other — Band", LIKE)
    await store.forget(1)
    files = [p for p in tmp_path.iterdir() if p.name.startswith("t.db")]
    raw = b"".join(p.read_bytes() for p in files)
    assert b"other-track" in raw  # the check can see stored text
    for trace in (b"secret-track-of-member-1", b"Guilty Pleasure", b"Embarrassing Artist"):
        assert trace not in raw
    await store.close()


WRITER = """
    import asyncio, sys
    from bot.storage import SQLiteTasteStore, Verdict
    from bot.storage.postgres import PostgresTasteStore

    async def main(address, member, count):
        if address.startswith("postgresql://"):
            store = PostgresTasteStore(address, wait_seconds=30)
        else:
            store = SQLiteTasteStore(address, busy_seconds=30)
        for i in range(count):
            await store.set_verdict(int(member), f"t{i}", f"song {i}", Verdict.LIKE)
            await store.set_verdict(0, f"m{member}-{i}", "shared member", Verdict.LIKE)
        await store.close()

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
"""


def test_two_processes_writing_at_once_lose_nothing(backend: Backend):
    writers = [
        run_python(WRITER, backend.address, str(member), "150", stderr=subprocess.PIPE, text=True)
        for member in (1, 2)
    ]
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    found = stored(backend)
    assert len([r for r in found if r[0] == 1]) == 150
    assert len([r for r in found if r[0] == 2]) == 150
    assert len([r for r in found if r[0] == 0]) == 300  # both wrote to one member too
    if isinstance(backend, SQLiteBackend):
        assert backend.query("PRAGMA journal_mode") == [("wal",)]


CRASHER = """
    import asyncio, os, signal, sqlite3, sys
    import psycopg
    from bot.storage import SQLiteTasteStore, Verdict
    from bot.storage.postgres import PostgresTasteStore

    async def committed(address):
        pg = address.startswith("postgresql://")
        store = PostgresTasteStore(address) if pg else SQLiteTasteStore(address)
        for i in range(20):
            await store.set_verdict(7, f"kept{i}", "kept", Verdict.LIKE)
        await store.close()
        return pg

    def main(address):
        pg = asyncio.run(committed(address))
        if pg:
            db = psycopg.connect(address)  # a transaction opens with the first statement
        else:
            db = sqlite3.connect(address, isolation_level=None)
            db.execute("BEGIN IMMEDIATE")
        mark = "%s" if pg else "?"
        for i in range(1000):
            db.execute(
                "INSERT INTO feedback (member_id, track_id, verdict, saved_at, label) "
                f"VALUES (7, {mark}, 1, 0, 'lost')", (f"lost{i}",)
            )
        print("mid-write", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # die inside the transaction

    main(sys.argv[1])
"""


async def test_a_crash_mid_write_loses_nothing_committed(backend: Backend):
    crasher = run_python(CRASHER, backend.address, stdout=subprocess.PIPE, text=True)
    out, _ = crasher.communicate(timeout=60)
    assert crasher.returncode == -9 and "mid-write" in out
    store = backend.open()
    taste = await store.taste(7)
    assert sorted(s.track_id for s in taste.likes) == sorted(f"kept{i}" for i in range(20))
    await store.close()
    if isinstance(backend, SQLiteBackend):
        assert backend.query("PRAGMA integrity_check") == [("ok",)]


LIKE_ROW = (  # the columns of schema version 1, which every later one has
    "INSERT INTO feedback (member_id, track_id, verdict, saved_at) "
    "VALUES (5, 'old-track', 1, 100.0)"
)


async def schema_at(backend: Backend, version: int) -> None:
    """Make the database as a bot of schema `version` left it, with one like (member 5)."""
    if isinstance(backend, SQLiteBackend):
        backend.path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(backend.path, isolation_level=None) as db:
            migrate(db, target=version)
            db.execute(LIKE_ROW)
        return
    async with await psycopg.AsyncConnection.connect(backend.url, autocommit=True) as db:
        await postgres_schema.migrate(db, target=version)
        await db.execute(LIKE_ROW)


def version_of(backend: Backend) -> int:
    if isinstance(backend, SQLiteBackend):
        return backend.query("PRAGMA user_version")[0][0]
    return backend.query("SELECT version FROM soundalike_schema")[0][0]


async def test_an_old_schema_is_upgraded_in_place(backend: Backend):
    await schema_at(backend, 1)
    store = backend.open()
    await store.open()  # as the bot does at start-up, before serving anyone
    assert version_of(backend) == SCHEMA_VERSION == postgres_schema.SCHEMA_VERSION == 5
    taste = await store.taste(5)
    assert [(s.track_id, s.label) for s in taste.likes] == [("old-track", "")]
    assert await store.leave_out_artist(5, "Band")  # the table version 2 added
    await store.set_blend_consent(5, True)  # the table version 4 added
    await store.close()


async def test_blend_consent_survives_a_restart_is_scoped_and_forgotten(backend: Backend):
    store = backend.open()
    await store.set_blend_consent(1, True, "9:1")  # one group's blend, allowed once
    await store.set_blend_consent(2, False)
    await store.close()

    again = backend.open()
    assert await again.blend_consent([1, 2, 3], "9:1") == {1: True, 2: False, 3: None}
    assert await again.blend_consent([1], "8:1") == {1: None}  # another group: not allowed
    await again.set_blend_consent(1, False)  # the standing choice clears one-time consents
    assert await again.blend_consent([1], "9:1") == {1: False}
    await again.set_blend_consent(2, True)
    assert (await again.forget(2)).consents == 1
    assert await again.blend_consent([2], "*") == {2: None}
    await again.close()
    assert backend.query("SELECT member_id, scope FROM blend_consent") == [(1, "*")]


async def test_a_database_from_a_newer_bot_is_refused_not_rewritten(backend: Backend):
    await schema_at(backend, SCHEMA_VERSION)
    newer = SCHEMA_VERSION + 1
    if isinstance(backend, SQLiteBackend):
        with sqlite3.connect(backend.path) as db:
            db.execute(f"PRAGMA user_version = {newer}")
    else:
        backend.query(f"UPDATE soundalike_schema SET version = {newer} RETURNING version")
    store = backend.open()
    with pytest.raises(StorageTooNew, match="newer than this bot knows"):
        await store.taste(1)
    await store.close()
    assert version_of(backend) == newer


async def test_a_corrupt_file_is_reported_once_in_the_log_and_recovers_when_replaced(
    tmp_path, caplog
):
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not a database, just some bytes " * 100)
    store = SQLiteTasteStore(path)
    for _ in range(3):
        with pytest.raises(StorageCorrupt, match="move it aside"):
            await store.set_verdict(1, "x", "X", LIKE)
    reports = [r for r in caplog.records if "member database unavailable" in r.getMessage()]
    assert len(reports) == 1  # once, not per request
    path.unlink()  # the host moves it aside: the store works again without a restart
    await store.set_verdict(1, "x", "X", LIKE)
    assert rows(path) == [(1, "x", 1)]
    await store.close()


class WriteLock:
    """Another process holding the write lock: SQLite's file lock, or a PostgreSQL table lock
    that lets plain reads through (as SQLite's WAL does)."""

    def __init__(self, backend: Backend) -> None:
        if isinstance(backend, SQLiteBackend):
            self.db = sqlite3.connect(backend.path, isolation_level=None)
            self.db.execute("BEGIN IMMEDIATE")
        else:
            self.db = psycopg.connect(backend.url)
            self.db.execute("LOCK TABLE feedback IN EXCLUSIVE MODE")

    def release(self) -> None:
        self.db.rollback() if isinstance(self.db, psycopg.Connection) else self.db.execute(
            "ROLLBACK"
        )
        self.db.close()


def short_waits(backend: Backend, seconds: float):
    if isinstance(backend, PostgresBackend):
        return backend.open(statement_ms=int(seconds * 1000))
    return backend.open(busy_seconds=seconds)


async def test_a_locked_database_gives_busy_after_the_timeout(backend: Backend):
    store = short_waits(backend, 0.2)
    await store.set_verdict(1, "x", "X", LIKE)
    lock = WriteLock(backend)
    try:
        with pytest.raises(StorageBusy):
            await store.set_verdict(1, "y", "Y", LIKE)
        assert [s.track_id for s in (await store.taste(1)).likes] == ["x"]  # reads still work
    finally:
        lock.release()
    await store.set_verdict(1, "y", "Y", LIKE)
    await store.close()


READ_ONLY = """
    import asyncio, os, sys
    from bot.storage import SQLiteTasteStore, StorageReadOnly, Verdict

    async def main(path):
        store = SQLiteTasteStore(path)
        likes = [s.track_id for s in (await store.taste(1)).likes]
        try:
            await store.set_verdict(1, "new", "New", Verdict.LIKE)
        except StorageReadOnly as exc:
            print("read-only:", likes, exc)
        await store.close()

    if os.getuid() == 0:
        os.setgid(65534)
        os.setuid(65534)  # root ignores file modes; be an ordinary user
    asyncio.run(main(sys.argv[1]))
"""


async def test_a_read_only_file_can_be_read_but_refuses_writes_clearly():
    # Under /tmp itself, not pytest's owner-only temp root: the reader may run as "nobody".
    with tempfile.TemporaryDirectory(prefix="soundalike-ro-") as name:
        directory = Path(name)
        directory.chmod(0o777)  # the -shm/-wal side files may be made; the db may not change
        path = directory / "ro.db"
        store = SQLiteTasteStore(path)
        await store.set_verdict(1, "kept", "Kept", LIKE)
        await store.close()
        path.chmod(0o444)
        reader = run_python(READ_ONLY, str(path), stdout=subprocess.PIPE, text=True)
        out, _ = reader.communicate(timeout=60)
    assert reader.returncode == 0
    assert out.startswith("read-only: ['kept']") and "check its permissions" in out


async def test_a_write_waiting_for_a_lock_never_blocks_the_event_loop(backend: Backend):
    store = short_waits(backend, 0.5)
    await store.open()
    lock = WriteLock(backend)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(tick())
    try:
        with pytest.raises(StorageBusy):
            await store.set_verdict(1, "x", "X", LIKE)  # waits ~0.5 s for the lock
    finally:
        ticker.cancel()
        lock.release()
    assert ticks >= 5  # the loop kept running (~50 ticks when idle; 1 if the write blocked it)
    await store.close()

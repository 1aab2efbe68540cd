"""The member database on real SQLite files: restarts, several processes, crashes, faults and
an older schema upgraded in place."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from bot.storage import SQLiteTasteStore, StorageBusy, StorageCorrupt, StorageTooNew, Verdict
from bot.storage.migrations import SCHEMA_VERSION, migrate

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


async def test_a_restart_keeps_likes_dislikes_and_left_out_artists(tmp_path):
    path = tmp_path / "data" / "soundalike.db"  # the directory is created on first use
    store = SQLiteTasteStore(path)
    assert (await store.set_verdict(1, "track-a", "A — Band", LIKE)).before is None
    await store.set_verdict(1, "track-b", "B — Band", DISLIKE)
    assert await store.leave_out_artist(1, "Band 9")
    await store.close()

    again = SQLiteTasteStore(path)
    taste = await again.taste(1)
    assert [(s.track_id, s.label) for s in taste.likes] == [("track-a", "A — Band")]
    assert [s.track_id for s in taste.dislikes] == ["track-b"]
    assert taste.left_out_artists == ("Band 9",)
    assert (await again.taste(2)).empty  # another member's memory is separate
    await again.close()


async def test_a_dislike_moves_a_liked_song_and_liking_twice_changes_nothing(tmp_path):
    store = SQLiteTasteStore(tmp_path / "t.db")
    await store.set_verdict(1, "x", "X", LIKE)
    assert (await store.set_verdict(1, "x", "X", LIKE)).before is LIKE
    assert (await store.set_verdict(1, "x", "X", DISLIKE)).before is LIKE
    assert rows(tmp_path / "t.db") == [(1, "x", -1)]  # moved, not duplicated
    assert await store.leave_out_artist(1, "A") and not await store.leave_out_artist(1, "A")
    assert not (await store.set_verdict(1, "z", "Z", DISLIKE, artist="A")).artist_back
    assert (await store.set_verdict(1, "y", "Y", LIKE, artist="A")).artist_back  # liked: back
    assert (await store.taste(1)).left_out_artists == ()
    await store.close()


async def test_forget_leaves_no_row_of_the_member_and_keeps_everyone_else(tmp_path):
    path = tmp_path / "t.db"
    store = SQLiteTasteStore(path)
    for member in (1, 2):
        await store.set_verdict(member, "x", "X", LIKE)
        await store.set_verdict(member, "y", "Y", DISLIKE)
        await store.leave_out_artist(member, "A")
    gone = await store.forget(1)
    assert (gone.likes, gone.dislikes, gone.artists) == (1, 1, 1)
    assert rows(path, 1) == []
    assert len(rows(path, 2)) == 3
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

    async def main(path, member, count):
        store = SQLiteTasteStore(path, busy_seconds=30)
        for i in range(count):
            await store.set_verdict(int(member), f"t{i}", f"song {i}", Verdict.LIKE)
            await store.set_verdict(0, f"m{member}-{i}", "shared member", Verdict.LIKE)
        await store.close()

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.db"
    writers = [
        run_python(WRITER, str(path), str(member), "150", stderr=subprocess.PIPE, text=True)
        for member in (1, 2)
    ]
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    stored = rows(path)
    assert len([r for r in stored if r[0] == 1]) == 150
    assert len([r for r in stored if r[0] == 2]) == 150
    assert len([r for r in stored if r[0] == 0]) == 300  # both wrote to one member too
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


CRASHER = """
    import os, signal, sys
    from pathlib import Path
    from bot.storage import Verdict
    from bot.storage.sqlite import TasteDatabase

    def main(path):
        store = TasteDatabase(Path(path))  # the store's synchronous core, in this thread
        for i in range(20):
            store.set_verdict(7, f"kept{i}", "kept", Verdict.LIKE)
        db = store.connect()
        db.execute("BEGIN IMMEDIATE")
        for i in range(1000):
            db.execute(
                "INSERT INTO feedback (member_id, track_id, verdict, saved_at, label) "
                "VALUES (7, ?, 1, 0, 'lost')", (f"lost{i}",)
            )
        print("mid-write", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # die inside the transaction

    main(sys.argv[1])
"""


async def test_a_crash_mid_write_loses_nothing_committed(tmp_path):
    path = tmp_path / "crash.db"
    crasher = run_python(CRASHER, str(path), stdout=subprocess.PIPE, text=True)
    out, _ = crasher.communicate(timeout=60)
    assert crasher.returncode == -9 and "mid-write" in out
    store = SQLiteTasteStore(path)
    taste = await store.taste(7)
    assert sorted(s.track_id for s in taste.likes) == sorted(f"kept{i}" for i in range(20))
    await store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_an_old_schema_file_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path, isolation_level=None) as db:  # a file from schema version 1
        migrate(db, target=1)
        db.execute("INSERT INTO feedback VALUES (5, 'old-track', 1, 100.0)")
    store = SQLiteTasteStore(path)
    await store.open()  # as the bot does at start-up, before serving anyone
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    taste = await store.taste(5)
    assert [(s.track_id, s.label) for s in taste.likes] == [("old-track", "")]
    assert await store.leave_out_artist(5, "Band")  # the table version 2 added
    await store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4


async def test_a_file_from_a_newer_bot_is_refused_not_rewritten(tmp_path):
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store = SQLiteTasteStore(path)
    with pytest.raises(StorageTooNew, match="newer than this bot knows"):
        await store.taste(1)
    await store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


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


async def test_a_locked_database_gives_busy_after_the_timeout(tmp_path):
    path = tmp_path / "locked.db"
    store = SQLiteTasteStore(path, busy_seconds=0.2)
    await store.set_verdict(1, "x", "X", LIKE)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(StorageBusy):
            await store.set_verdict(1, "y", "Y", LIKE)
        assert [s.track_id for s in (await store.taste(1)).likes] == ["x"]  # reads still work
    finally:
        other.execute("ROLLBACK")
        other.close()
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


async def test_a_write_waiting_for_a_lock_never_blocks_the_event_loop(tmp_path):
    path = tmp_path / "slow.db"
    store = SQLiteTasteStore(path, busy_seconds=0.5)
    await store.open()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
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
        holder.execute("ROLLBACK")
        holder.close()
    assert ticks >= 5  # the loop kept running (~50 ticks when idle; 1 if the write blocked it)
    await store.close()

"""`SQLiteTasteStore`: members' tastes in one SQLite file.

WAL lets readers and a writer in other processes (shards) work at once; each write takes the
write lock up front (`BEGIN IMMEDIATE`) and waits up to `busy_seconds` for it. Every call runs
in the store's own thread, holding the one connection, so the event loop never waits on disk.
`synchronous=FULL`: a committed like survives a crash or power cut. `secure_delete` and a
checkpoint after /forget: what a member had the bot forget is not left in the file either.
Files deleted or replaced under the open connection are noticed before each transaction and
each commit (bot/storage/sqlite_files.py): no write is confirmed into a deleted file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from bot.storage.base import (
    Change,
    Forgotten,
    RadioSession,
    SavedSong,
    StorageError,
    Taste,
    Verdict,
)
from bot.storage.base import StorageBusy as Busy
from bot.storage.base import StorageCorrupt as Corrupt
from bot.storage.base import StorageReadOnly as ReadOnly
from bot.storage.migrations import migrate
from bot.storage.outage import Outage
from bot.storage.sqlite_files import Files, let_go

T = TypeVar("T")
# A write waits this long for another process's lock: short enough that the member still gets
# an answer inside Discord's 3-second window for a first response.
BUSY_SECONDS = 2.0


def storage_error(exc: sqlite3.Error | OSError, path: Path) -> StorageError:
    """A sqlite3 or file error as one of ours, with what the host can do about it."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return Busy(f"{path} is locked by another process (busy for too long)")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return ReadOnly(f"{path} cannot be written ({exc}); check its permissions")
    if isinstance(exc, OSError):
        return ReadOnly(f"{path} cannot be created ({exc}); check the directory")
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return Corrupt(
            f"{path} is not a readable SQLite database ({exc}); move it aside to start afresh "
            "(the bot keeps recommending meanwhile)"
        )
    return StorageError(f"{path}: {exc}")


class TasteDatabase:
    """The synchronous core: one connection, used from one thread."""

    def __init__(self, path: Path, busy_seconds: float = BUSY_SECONDS) -> None:
        self.path = path
        self.busy_seconds = busy_seconds
        self.connection: sqlite3.Connection | None = None
        self.opened = Files(None, None, None)  # the files the connection has open

    def connect(self) -> sqlite3.Connection:
        """Open (and migrate) on first use; a failed open is retried on the next call, so a
        file the host repaired works again without a restart. Files deleted or replaced at
        the path since they were opened are let go of first, and the path opened afresh."""
        if self.connection is not None and Files.at(self.path) != self.opened:
            try:
                let_go(self.connection, self.path, self.opened)
            except sqlite3.Error as exc:
                raise storage_error(exc, self.path) from exc
            self.connection = None
        if self.connection is not None:
            return self.connection
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=self.busy_seconds, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            raise storage_error(exc, self.path) from exc
        try:
            self.prepare(connection)
        except sqlite3.Error as exc:
            connection.close()
            raise storage_error(exc, self.path) from exc
        except StorageError:
            connection.close()
            raise
        self.connection = connection
        self.opened = Files.at(self.path)  # after the first transaction: -wal, -shm exist
        return connection

    def prepare(self, connection: sqlite3.Connection, attempts: int = 5) -> None:
        """WAL, durable commits, the schema up to date. Switching a new file to WAL can be
        refused at once (SQLite avoids a deadlock rather than wait) when another process
        is opening the same new file: that is retried, briefly."""
        connection.execute(f"PRAGMA busy_timeout = {int(self.busy_seconds * 1000)}")
        for attempt in range(1, attempts + 1):
            try:
                connection.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == attempts:
                    raise
                time.sleep(0.05 * attempt)
        connection.execute("PRAGMA synchronous = FULL")
        # Each commit is copied into the database file at once (a checkpoint), so a confirmed
        # like never lives only in the -wal: a process that opens the database after the
        # side files were deleted still sees it (bot/storage/sqlite_files.py).
        connection.execute("PRAGMA wal_autocheckpoint = 1")
        connection.execute("PRAGMA secure_delete = ON")  # deleted rows are zeroed, not left
        migrate(connection)

    @contextlib.contextmanager
    def transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        connection = self.connect()
        try:
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield connection
                if write and Files.at(self.path) != self.opened:
                    raise Busy(f"{self.path} was replaced while saving; try again")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            error = storage_error(exc, self.path)
            if not isinstance(error, Busy):
                self.close()  # the file changed under us: open it afresh next time
            raise error from exc

    # -- the store's verbs -------------------------------------------------------------

    def set_verdict(
        self, member_id: int, track_id: str, label: str, verdict: Verdict, artist: str = ""
    ) -> Change:
        with self.transaction(write=True) as db:
            row = db.execute(
                "SELECT verdict FROM feedback WHERE member_id = ? AND track_id = ?",
                (member_id, track_id),
            ).fetchone()
            if row is None or row[0] != verdict:
                db.execute(
                    "INSERT INTO feedback (member_id, track_id, verdict, saved_at, label) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, track_id) DO UPDATE SET "
                    "verdict = excluded.verdict, saved_at = excluded.saved_at, "
                    "label = excluded.label",
                    (member_id, track_id, int(verdict), time.time(), label),
                )
            back = 0
            if verdict is Verdict.LIKE and artist:
                back = db.execute(
                    "DELETE FROM left_out_artists WHERE member_id = ? AND artist = ?",
                    (member_id, artist),
                ).rowcount
        return Change(Verdict(row[0]) if row else None, back > 0)

    def leave_out_artist(self, member_id: int, artist: str) -> bool:
        with self.transaction(write=True) as db:
            cursor = db.execute(
                "INSERT INTO left_out_artists (member_id, artist, saved_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (member_id, artist, time.time()),
            )
            return cursor.rowcount > 0

    def taste(self, member_id: int) -> Taste:
        with self.transaction(write=False) as db:
            songs = db.execute(
                "SELECT track_id, label, saved_at, verdict FROM feedback WHERE member_id = ? "
                "ORDER BY saved_at DESC, track_id",
                (member_id,),
            ).fetchall()
            artists = db.execute(
                "SELECT artist FROM left_out_artists WHERE member_id = ? "
                "ORDER BY saved_at DESC, artist",
                (member_id,),
            ).fetchall()
        likes = tuple(SavedSong(t, label, at) for t, label, at, v in songs if v == Verdict.LIKE)
        dislikes = tuple(SavedSong(t, label, at) for t, label, at, v in songs if v != Verdict.LIKE)
        return Taste(likes, dislikes, tuple(a for (a,) in artists))

    def keep_list(self, member_id: int, token: str, query: str, expires_at: float) -> None:
        with self.transaction(write=True) as db:
            db.execute("DELETE FROM kept_lists WHERE expires_at <= ?", (time.time(),))
            db.execute(
                "INSERT OR REPLACE INTO kept_lists (token, member_id, query, expires_at) "
                "VALUES (?, ?, ?, ?)",
                (token, member_id, query, expires_at),
            )

    def kept_list(self, member_id: int, token: str) -> str | None:
        with self.transaction(write=False) as db:
            row = db.execute(
                "SELECT query FROM kept_lists WHERE token = ? AND member_id = ? AND expires_at > ?",
                (token, member_id, time.time()),
            ).fetchone()
        return row[0] if row else None

    def set_blend_consent(self, member_id: int, allowed: bool, scope: str = "*") -> None:
        with self.transaction(write=True) as db:
            if scope == "*":  # the standing choice replaces every one-time grant
                db.execute("DELETE FROM blend_consent WHERE member_id = ?", (member_id,))
            db.execute(
                "INSERT INTO blend_consent (member_id, scope, allowed, saved_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (member_id, scope) DO UPDATE SET "
                "allowed = excluded.allowed, saved_at = excluded.saved_at",
                (member_id, scope, int(allowed), time.time()),
            )

    def blend_consent(self, member_ids: Sequence[int], scope: str) -> dict[int, bool | None]:
        found: dict[int, bool | None] = dict.fromkeys(member_ids)
        with self.transaction(write=False) as db:
            rows = db.execute(
                "SELECT member_id, max(allowed) FROM blend_consent WHERE scope IN ('*', ?) "
                f"AND member_id IN ({', '.join('?' * len(found))}) GROUP BY member_id",
                (scope, *found),
            ).fetchall()
        found.update((member, bool(allowed)) for member, allowed in rows)
        return found

    def start_radio(self, session: RadioSession) -> None:
        with self.transaction(write=True) as db:
            gone = db.execute(
                "DELETE FROM radio_sessions WHERE expires_at <= ? RETURNING session_id",
                (time.time(),),
            ).fetchall()
            db.executemany("DELETE FROM radio_votes WHERE session_id = ?", gone)
            db.execute(
                "INSERT INTO radio_sessions (session_id, owner_id, channel_id, shared, "
                "save_likes, query, presses, current, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session.session_id,
                    session.owner_id,
                    session.channel_id,
                    int(session.shared),
                    int(session.save_likes),
                    session.query,
                    json.dumps(session.presses),
                    session.current,
                    session.expires_at,
                ),
            )

    def radio_session(self, session_id: str) -> RadioSession | None:
        with self.transaction(write=False) as db:
            row = db.execute(
                "SELECT session_id, owner_id, query, expires_at, shared, channel_id, "
                "save_likes, presses, current FROM radio_sessions "
                "WHERE session_id = ? AND expires_at > ?",
                (session_id, time.time()),
            ).fetchone()
        if row is None:
            return None
        sid, owner, query, expires, shared, channel, save, presses, current = row
        played = tuple((str(t), str(k)) for t, k in json.loads(presses))
        return RadioSession(
            sid, owner, query, expires, bool(shared), channel, bool(save), played, current
        )

    def update_radio(self, session: RadioSession, step: int) -> bool:
        with self.transaction(write=True) as db:
            row = db.execute(
                "SELECT presses FROM radio_sessions WHERE session_id = ? AND expires_at > ?",
                (session.session_id, time.time()),
            ).fetchone()
            if row is None or len(json.loads(row[0])) + 1 != step:
                return False
            db.execute(
                "UPDATE radio_sessions SET presses = ?, current = ?, save_likes = ?, "
                "expires_at = ? WHERE session_id = ?",
                (
                    json.dumps(session.presses),
                    session.current,
                    int(session.save_likes),
                    session.expires_at,
                    session.session_id,
                ),
            )
            if session.step != step:
                db.execute("DELETE FROM radio_votes WHERE session_id = ?", (session.session_id,))
        return True

    def vote_radio(self, session_id: str, step: int, member_id: int, kind: str) -> dict:
        with self.transaction(write=True) as db:
            row = db.execute(
                "SELECT presses FROM radio_sessions WHERE session_id = ? AND expires_at > ?",
                (session_id, time.time()),
            ).fetchone()
            if row is None or len(json.loads(row[0])) + 1 != step:
                return {}
            db.execute(
                "INSERT OR REPLACE INTO radio_votes (session_id, member_id, step, kind) "
                "VALUES (?, ?, ?, ?)",
                (session_id, member_id, step, kind),
            )
            counts = db.execute(
                "SELECT kind, count(*) FROM radio_votes WHERE session_id = ? AND step = ? "
                "GROUP BY kind",
                (session_id, step),
            ).fetchall()
        return dict(counts)

    def end_radio(self, session_id: str) -> bool:
        with self.transaction(write=True) as db:
            db.execute("DELETE FROM radio_votes WHERE session_id = ?", (session_id,))
            return (
                db.execute(
                    "DELETE FROM radio_sessions WHERE session_id = ?", (session_id,)
                ).rowcount
                > 0
            )

    def forget(self, member_id: int) -> Forgotten:
        with self.transaction(write=True) as db:
            counts = dict(
                db.execute(
                    "SELECT verdict, count(*) FROM feedback WHERE member_id = ? GROUP BY verdict",
                    (member_id,),
                ).fetchall()
            )
            db.execute("DELETE FROM feedback WHERE member_id = ?", (member_id,))
            artists = db.execute(
                "DELETE FROM left_out_artists WHERE member_id = ?", (member_id,)
            ).rowcount
            lists = db.execute("DELETE FROM kept_lists WHERE member_id = ?", (member_id,)).rowcount
            consents = db.execute(
                "DELETE FROM blend_consent WHERE member_id = ?", (member_id,)
            ).rowcount
            sessions = db.execute(
                "DELETE FROM radio_sessions WHERE owner_id = ? RETURNING session_id",
                (member_id,),
            ).fetchall()
            db.executemany("DELETE FROM radio_votes WHERE session_id = ?", sessions)
            db.execute("DELETE FROM radio_votes WHERE member_id = ?", (member_id,))
        # The WAL still holds the old pages until a checkpoint copies the zeroed ones over
        # them; do it now (best effort: a reader in another process may hold it back).
        with contextlib.suppress(sqlite3.Error):  # the rows are gone either way
            self.connect().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return Forgotten(
            counts.get(1, 0),
            counts.get(-1, 0),
            artists,
            lists,
            consents=consents,
            radios=len(sessions),
        )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class SQLiteTasteStore:
    """`TasteStore` over one SQLite file; each call runs in the store's own thread.

    A failure is logged once (and again only after the database has worked in between), not
    on every request; callers get the `StorageError` to tell the member."""

    def __init__(self, path: str | Path, busy_seconds: float = BUSY_SECONDS) -> None:
        self.database = TasteDatabase(Path(path), busy_seconds)
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="taste-db")
        self.outage = Outage(str(self.path))
        self.closed = False

    @property
    def path(self) -> Path:
        return self.database.path

    async def run(self, fn: Callable[..., T], *args) -> T:
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self.thread, fn, *args)
        except StorageError as exc:
            self.outage.failed(exc)
            raise
        self.outage.worked()
        return result

    async def open(self) -> None:
        await self.run(self.database.connect)

    async def set_verdict(
        self, member_id: int, track_id: str, label: str, verdict: Verdict, artist: str = ""
    ) -> Change:
        database = self.database
        return await self.run(database.set_verdict, member_id, track_id, label, verdict, artist)

    async def leave_out_artist(self, member_id: int, artist: str) -> bool:
        return await self.run(self.database.leave_out_artist, member_id, artist)

    async def taste(self, member_id: int) -> Taste:
        return await self.run(self.database.taste, member_id)

    async def keep_list(self, member_id: int, token: str, query: str, expires_at: float) -> None:
        await self.run(self.database.keep_list, member_id, token, query, expires_at)

    async def kept_list(self, member_id: int, token: str) -> str | None:
        return await self.run(self.database.kept_list, member_id, token)

    async def set_blend_consent(self, member_id: int, allowed: bool, scope: str = "*") -> None:
        await self.run(self.database.set_blend_consent, member_id, allowed, scope)

    async def blend_consent(self, member_ids: Sequence[int], scope: str) -> dict[int, bool | None]:
        return await self.run(self.database.blend_consent, list(member_ids), scope)

    async def start_radio(self, session: RadioSession) -> None:
        await self.run(self.database.start_radio, session)

    async def radio_session(self, session_id: str) -> RadioSession | None:
        return await self.run(self.database.radio_session, session_id)

    async def update_radio(self, session: RadioSession, step: int) -> bool:
        return await self.run(self.database.update_radio, session, step)

    async def vote_radio(self, session_id: str, step: int, member_id: int, kind: str) -> dict:
        return await self.run(self.database.vote_radio, session_id, step, member_id, kind)

    async def end_radio(self, session_id: str) -> bool:
        return await self.run(self.database.end_radio, session_id)

    async def forget(self, member_id: int) -> Forgotten:
        return await self.run(self.database.forget, member_id)

    async def close(self) -> None:
        """Close the connection; safe to call twice (a bot may be closed twice on shutdown)."""
        if self.closed:
            return
        self.closed = True
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.thread, self.database.close)
        self.thread.shutdown(wait=False)

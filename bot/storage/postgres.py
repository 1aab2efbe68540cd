"""`PostgresTasteStore`: members' tastes in a PostgreSQL database that shards on several hosts
share (DATABASE_URL).

psycopg's asyncio API: the queries wait on the network without a thread and never block the
event loop. A bounded pool (`pool_size` connections per process) hands each call one
connection for one transaction: the pool's context commits at the end of the block, or rolls
back when it raises. Every wait is bounded, so a member still gets an answer inside Discord's
3 seconds: a free connection (`wait_seconds`), a new connection (`connect_timeout`) and each
statement (`statement_timeout`, server-side). A connection is checked before use, so those a
server restart broke are replaced, not handed out: the store reconnects by itself.

Each verb holds its own SQL, in one method; a new verb is one method here and one in
sqlite.py (and a migration step in each schema module when it needs a table).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TypeVar

import psycopg
from psycopg import AsyncConnection, errors
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from bot.storage.base import (
    Change,
    Forgotten,
    RadioSession,
    SavedSong,
    StorageBusy,
    StorageError,
    StorageReadOnly,
    StorageUnreachable,
    Taste,
    Verdict,
)
from bot.storage.outage import Outage
from bot.storage.postgres_schema import migrate

T = TypeVar("T")
POOL_SIZE = 4  # connections per bot process, at most: four shards hold 16 of the server's 100
WAIT_SECONDS = 2.0  # for a free (or new) connection, as SQLite waits for its write lock
CONNECT_SECONDS = 2  # libpq's connect_timeout: whole seconds, 2 at least
STATEMENT_MS = 2000  # the server cancels a statement running longer
# A reconnect that keeps failing is given up after this long; the next call starts a fresh
# one at once, rather than waiting out an ever longer back-off after the server is back.
RECONNECT_SECONDS = 5.0


def server_name(url: str) -> str:
    """Where the database is, for the log: user, host, port and database, never the password."""
    try:
        info = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://(an unreadable DATABASE_URL)"
    user = f"{info['user']}@" if info.get("user") else ""
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{user}{info.get('host', 'localhost')}{port}/{info.get('dbname', '')}"


def storage_error(exc: Exception, where: str) -> StorageError:
    """A psycopg or pool error as one of ours, with what the host can do about it."""
    if isinstance(exc, PoolTimeout):
        return StorageUnreachable(
            f"{where}: no connection within {WAIT_SECONDS:g} s; is the server up and "
            "reachable? (the bot reconnects by itself when it is)"
        )
    if isinstance(exc, errors.QueryCanceled | errors.LockNotAvailable):
        return StorageBusy(f"{where}: a statement took longer than {STATEMENT_MS} ms ({exc})")
    if isinstance(exc, errors.ReadOnlySqlTransaction | errors.InsufficientPrivilege):
        return StorageReadOnly(f"{where} cannot be written ({exc}); check the role's grants")
    if isinstance(exc, psycopg.OperationalError):
        return StorageUnreachable(f"{where}: the connection failed ({exc})")
    return StorageError(f"{where}: {exc}")


class PostgresTasteStore:
    """`TasteStore` over a PostgreSQL database; a failure is logged once (see `Outage`)."""

    def __init__(
        self,
        url: str,
        pool_size: int = POOL_SIZE,
        wait_seconds: float = WAIT_SECONDS,
        statement_ms: int = STATEMENT_MS,
    ) -> None:
        self.url = url
        self.where = server_name(url)
        self.pool_size = pool_size
        self.wait_seconds = wait_seconds
        self.statement_ms = statement_ms
        self.pool: AsyncConnectionPool | None = None  # made on first use, in the bot's loop
        # Calls queue here for one of this process's connections, as SQLite's calls queue for
        # its thread: a burst waits its turn, and the pool's wait then measures only getting
        # a connection to the server (a timeout there means the server can't be reached).
        self.turns = asyncio.Semaphore(pool_size)
        self.migrated = False
        self.outage = Outage(self.where)
        self.closed = False

    def new_pool(self) -> AsyncConnectionPool:
        return AsyncConnectionPool(
            self.url,
            min_size=1,
            max_size=self.pool_size,
            timeout=self.wait_seconds,
            reconnect_timeout=RECONNECT_SECONDS,
            check=AsyncConnectionPool.check_connection,  # a broken connection is replaced
            kwargs={
                "connect_timeout": CONNECT_SECONDS,
                "application_name": "soundalike",
                "options": f"-c statement_timeout={int(self.statement_ms)}",
            },
            name="soundalike-tastes",
            open=False,
        )

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One connection, one transaction; the schema brought up to date on first use."""
        async with self.turns:
            if self.pool is None:
                self.pool = self.new_pool()
                await self.pool.open(wait=False)  # connects in the background; waits below
            async with self.pool.connection() as connection:
                if not self.migrated:
                    await migrate(connection)
                    self.migrated = True
                yield connection

    async def run(self, verb: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """`verb` in one transaction, its failure as a `StorageError` (logged once)."""
        if self.closed:
            raise StorageUnreachable(f"{self.where}: the store is closed (the bot is stopping)")
        try:
            async with self.transaction() as connection:
                result = await verb(connection)
        except StorageError as exc:
            self.outage.failed(exc)
            raise
        except (psycopg.Error, PoolTimeout) as exc:
            self.migrated = False  # check the schema again once it works (tables dropped?)
            error = storage_error(exc, self.where)
            self.outage.failed(error)
            raise error from exc
        self.outage.worked()
        return result

    async def open(self) -> None:
        async def nothing(connection: AsyncConnection) -> None:
            return None

        await self.run(nothing)

    # -- the store's verbs -------------------------------------------------------------

    async def set_verdict(
        self, member_id: int, track_id: str, label: str, verdict: Verdict, artist: str = ""
    ) -> Change:
        async def write(db: AsyncConnection) -> Change:
            cursor = await db.execute(
                "SELECT verdict FROM feedback WHERE member_id = %s AND track_id = %s FOR UPDATE",
                (member_id, track_id),
            )
            row = await cursor.fetchone()
            if row is None or row[0] != verdict:
                await db.execute(
                    "INSERT INTO feedback (member_id, track_id, verdict, saved_at, label) "
                    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (member_id, track_id) DO UPDATE "
                    "SET verdict = excluded.verdict, saved_at = excluded.saved_at, "
                    "label = excluded.label",
                    (member_id, track_id, int(verdict), time.time(), label),
                )
            back = 0
            if verdict is Verdict.LIKE and artist:
                deleted = await db.execute(
                    "DELETE FROM left_out_artists WHERE member_id = %s AND artist = %s",
                    (member_id, artist),
                )
                back = deleted.rowcount
            return Change(Verdict(row[0]) if row else None, back > 0)

        return await self.run(write)

    async def leave_out_artist(self, member_id: int, artist: str) -> bool:
        async def write(db: AsyncConnection) -> bool:
            cursor = await db.execute(
                "INSERT INTO left_out_artists (member_id, artist, saved_at) "
                "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (member_id, artist, time.time()),
            )
            return cursor.rowcount > 0

        return await self.run(write)

    async def taste(self, member_id: int) -> Taste:
        async def read(db: AsyncConnection) -> Taste:
            songs = await (
                await db.execute(
                    "SELECT track_id, label, saved_at, verdict FROM feedback "
                    "WHERE member_id = %s ORDER BY saved_at DESC, track_id",
                    (member_id,),
                )
            ).fetchall()
            artists = await (
                await db.execute(
                    "SELECT artist FROM left_out_artists WHERE member_id = %s "
                    "ORDER BY saved_at DESC, artist",
                    (member_id,),
                )
            ).fetchall()
            likes = tuple(SavedSong(t, label, at) for t, label, at, v in songs if v == 1)
            dislikes = tuple(SavedSong(t, label, at) for t, label, at, v in songs if v != 1)
            return Taste(likes, dislikes, tuple(a for (a,) in artists))

        return await self.run(read)

    async def keep_list(self, member_id: int, token: str, query: str, expires_at: float) -> None:
        async def write(db: AsyncConnection) -> None:
            await db.execute("DELETE FROM kept_lists WHERE expires_at <= %s", (time.time(),))
            await db.execute(
                "INSERT INTO kept_lists (token, member_id, query, expires_at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (token) DO UPDATE SET "
                "member_id = excluded.member_id, query = excluded.query, "
                "expires_at = excluded.expires_at",
                (token, member_id, query, expires_at),
            )

        await self.run(write)

    async def kept_list(self, member_id: int, token: str) -> str | None:
        async def read(db: AsyncConnection) -> str | None:
            cursor = await db.execute(
                "SELECT query FROM kept_lists "
                "WHERE token = %s AND member_id = %s AND expires_at > %s",
                (token, member_id, time.time()),
            )
            row = await cursor.fetchone()
            return row[0] if row else None

        return await self.run(read)

    async def set_blend_consent(self, member_id: int, allowed: bool, scope: str = "*") -> None:
        async def write(db: AsyncConnection) -> None:
            if scope == "*":  # the standing choice replaces every one-time grant
                await db.execute("DELETE FROM blend_consent WHERE member_id = %s", (member_id,))
            await db.execute(
                "INSERT INTO blend_consent (member_id, scope, allowed, saved_at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (member_id, scope) DO UPDATE SET "
                "allowed = excluded.allowed, saved_at = excluded.saved_at",
                (member_id, scope, allowed, time.time()),
            )

        await self.run(write)

    async def blend_consent(self, member_ids: Sequence[int], scope: str) -> dict[int, bool | None]:
        found: dict[int, bool | None] = dict.fromkeys(member_ids)

        async def read(db: AsyncConnection) -> None:
            cursor = await db.execute(
                "SELECT member_id, bool_or(allowed) FROM blend_consent "
                "WHERE scope IN ('*', %s) AND member_id = ANY(%s) GROUP BY member_id",
                (scope, list(found)),
            )
            found.update((member, bool(allowed)) for member, allowed in await cursor.fetchall())

        await self.run(read)
        return found

    async def start_radio(self, session: RadioSession) -> None:
        async def write(db: AsyncConnection) -> None:
            await db.execute(
                "WITH gone AS (DELETE FROM radio_sessions WHERE expires_at <= %s "
                "RETURNING session_id) DELETE FROM radio_votes WHERE session_id IN "
                "(SELECT session_id FROM gone)",
                (time.time(),),
            )
            await db.execute(
                "INSERT INTO radio_sessions (session_id, owner_id, channel_id, shared, "
                "save_likes, query, presses, current, expires_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    session.session_id,
                    session.owner_id,
                    session.channel_id,
                    session.shared,
                    session.save_likes,
                    session.query,
                    json.dumps(session.presses),
                    session.current,
                    session.expires_at,
                ),
            )

        await self.run(write)

    async def radio_session(self, session_id: str) -> RadioSession | None:
        async def read(db: AsyncConnection) -> RadioSession | None:
            cursor = await db.execute(
                "SELECT session_id, owner_id, query, expires_at, shared, channel_id, "
                "save_likes, presses, current FROM radio_sessions "
                "WHERE session_id = %s AND expires_at > %s",
                (session_id, time.time()),
            )
            row = await cursor.fetchone()
            if row is None:
                return None
            sid, owner, query, expires, shared, channel, save, presses, current = row
            played = tuple((str(t), str(k)) for t, k in json.loads(presses))
            return RadioSession(sid, owner, query, expires, shared, channel, save, played, current)

        return await self.run(read)

    async def update_radio(self, session: RadioSession, step: int) -> bool:
        async def write(db: AsyncConnection) -> bool:
            if not await _radio_at(db, session.session_id, step):
                return False
            await db.execute(
                "UPDATE radio_sessions SET presses = %s, current = %s, save_likes = %s, "
                "expires_at = %s WHERE session_id = %s",
                (
                    json.dumps(session.presses),
                    session.current,
                    session.save_likes,
                    session.expires_at,
                    session.session_id,
                ),
            )
            if session.step != step:
                await db.execute(
                    "DELETE FROM radio_votes WHERE session_id = %s", (session.session_id,)
                )
            return True

        return await self.run(write)

    async def vote_radio(self, session_id: str, step: int, member_id: int, kind: str) -> dict:
        async def write(db: AsyncConnection) -> dict:
            if not await _radio_at(db, session_id, step):
                return {}
            await db.execute(
                "INSERT INTO radio_votes (session_id, member_id, step, kind) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (session_id, member_id) DO UPDATE SET "
                "step = excluded.step, kind = excluded.kind",
                (session_id, member_id, step, kind),
            )
            cursor = await db.execute(
                "SELECT kind, count(*) FROM radio_votes WHERE session_id = %s AND step = %s "
                "GROUP BY kind",
                (session_id, step),
            )
            return {kind: count for kind, count in await cursor.fetchall()}

        return await self.run(write)

    async def end_radio(self, session_id: str) -> bool:
        async def write(db: AsyncConnection) -> bool:
            await db.execute("DELETE FROM radio_votes WHERE session_id = %s", (session_id,))
            cursor = await db.execute(
                "DELETE FROM radio_sessions WHERE session_id = %s", (session_id,)
            )
            return cursor.rowcount > 0

        return await self.run(write)

    async def forget(self, member_id: int) -> Forgotten:
        async def write(db: AsyncConnection) -> Forgotten:
            cursor = await db.execute(
                "SELECT verdict, count(*) FROM feedback WHERE member_id = %s GROUP BY verdict",
                (member_id,),
            )
            counts = {verdict: count for verdict, count in await cursor.fetchall()}
            await db.execute("DELETE FROM feedback WHERE member_id = %s", (member_id,))
            artists = await db.execute(
                "DELETE FROM left_out_artists WHERE member_id = %s", (member_id,)
            )
            lists = await db.execute("DELETE FROM kept_lists WHERE member_id = %s", (member_id,))
            consents = await db.execute(
                "DELETE FROM blend_consent WHERE member_id = %s", (member_id,)
            )
            sessions = await (
                await db.execute(
                    "DELETE FROM radio_sessions WHERE owner_id = %s RETURNING session_id",
                    (member_id,),
                )
            ).fetchall()
            await db.execute(
                "DELETE FROM radio_votes WHERE session_id = ANY(%s) OR member_id = %s",
                ([sid for (sid,) in sessions], member_id),
            )
            return Forgotten(
                counts.get(1, 0),
                counts.get(-1, 0),
                artists.rowcount,
                lists.rowcount,
                consents=consents.rowcount,
                radios=len(sessions),
            )

        return await self.run(write)

    async def close(self) -> None:
        """Close the pool; safe to call twice (a bot may be closed twice on shutdown)."""
        if self.closed:
            return
        self.closed = True
        if self.pool is not None:
            await self.pool.close()


async def _radio_at(db: AsyncConnection, session_id: str, step: int) -> bool:
    """Whether the session is alive and at `step` (a press on an older card is stale); the
    row is locked until the transaction ends, so two presses on one card move it once."""
    cursor = await db.execute(
        "SELECT presses FROM radio_sessions WHERE session_id = %s AND expires_at > %s FOR UPDATE",
        (session_id, time.time()),
    )
    row = await cursor.fetchone()
    return row is not None and len(json.loads(row[0])) + 1 == step

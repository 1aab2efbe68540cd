"""The PostgreSQL schema, as the list of steps that built it: the same tables, keys and
meaning as SQLite's (bot/storage/migrations.py), in PostgreSQL's types. The database records
how many steps it has (table `soundalike_schema`); opening it runs the missing ones in one
transaction, under an advisory lock, so shards starting at once migrate it only once.

Text compares byte by byte (`COLLATE "C"`), as in SQLite, whatever the server's locale.
Never edit a step that has shipped: add a new one.
"""

from __future__ import annotations

from typing import LiteralString

from psycopg import AsyncConnection

from bot.storage.base import refuse_newer

MIGRATIONS: tuple[tuple[LiteralString, ...], ...] = (
    # 1: likes (+1) and dislikes (-1), keyed by track id so a rebuilt catalog keeps them.
    (
        """CREATE TABLE feedback (
            member_id BIGINT NOT NULL,
            track_id TEXT COLLATE "C" NOT NULL,
            verdict SMALLINT NOT NULL CHECK (verdict IN (1, -1)),
            saved_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (member_id, track_id)
        )""",
    ),
    # 2: the song's label as saved (to name songs a rebuilt catalog dropped), and artists
    # a member left out altogether.
    (
        "ALTER TABLE feedback ADD COLUMN label TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE left_out_artists (
            member_id BIGINT NOT NULL,
            artist TEXT COLLATE "C" NOT NULL,
            saved_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (member_id, artist)
        )""",
    ),
    # 3: the queries of lists too long for their buttons' custom ids, by token, until they
    # expire; /forget deletes a member's with the rest.
    (
        """CREATE TABLE kept_lists (
            token TEXT COLLATE "C" PRIMARY KEY,
            member_id BIGINT NOT NULL,
            query TEXT NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL
        )""",
        "CREATE INDEX kept_lists_by_member ON kept_lists (member_id)",
        "CREATE INDEX kept_lists_by_expiry ON kept_lists (expires_at)",
    ),
    # 4: whether a member's likes may join other members' blends: `scope` '*' is their
    # standing choice (/privacy), else one group they allowed once with a button.
    (
        """CREATE TABLE blend_consent (
            member_id BIGINT NOT NULL,
            scope TEXT COLLATE "C" NOT NULL,
            allowed BOOLEAN NOT NULL,
            saved_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (member_id, scope)
        )""",
    ),
    # 5: /radio sessions (presses as a JSON list of [track id, kind]), and a shared radio's
    # votes on the song playing, one per member; both until they expire or are forgotten.
    (
        """CREATE TABLE radio_sessions (
            session_id TEXT COLLATE "C" PRIMARY KEY,
            owner_id BIGINT NOT NULL,
            channel_id BIGINT NOT NULL DEFAULT 0,
            shared BOOLEAN NOT NULL DEFAULT FALSE,
            save_likes BOOLEAN NOT NULL DEFAULT FALSE,
            query TEXT NOT NULL,
            presses TEXT NOT NULL DEFAULT '[]',
            current TEXT NOT NULL DEFAULT '',
            expires_at DOUBLE PRECISION NOT NULL
        )""",
        "CREATE INDEX radio_sessions_by_owner ON radio_sessions (owner_id)",
        "CREATE INDEX radio_sessions_by_expiry ON radio_sessions (expires_at)",
        """CREATE TABLE radio_votes (
            session_id TEXT COLLATE "C" NOT NULL,
            member_id BIGINT NOT NULL,
            step INTEGER NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (session_id, member_id)
        )""",
        "CREATE INDEX radio_votes_by_member ON radio_votes (member_id)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
# pg_advisory_xact_lock's key: any constant other programs sharing the database won't use.
MIGRATION_LOCK = 0x50_0D_A1_1C


async def schema_version(connection: AsyncConnection) -> int:
    """The steps the database has (0: none, not even the version table)."""
    cursor = await connection.execute("SELECT to_regclass('soundalike_schema') IS NOT NULL")
    exists = await cursor.fetchone()
    if not (exists and exists[0]):
        return 0
    row = await (await connection.execute("SELECT version FROM soundalike_schema")).fetchone()
    return row[0] if row else 0


async def migrate(connection: AsyncConnection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database up to `target` steps; returns the version it had."""
    async with connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        found = await schema_version(connection)
        refuse_newer(found, SCHEMA_VERSION, "DATABASE_URL")
        for step in MIGRATIONS[found:target]:
            for statement in step:
                await connection.execute(statement)
        if target > found:
            await connection.execute(
                "CREATE TABLE IF NOT EXISTS soundalike_schema (version INTEGER NOT NULL)"
            )
            await connection.execute("DELETE FROM soundalike_schema")
            await connection.execute("INSERT INTO soundalike_schema VALUES (%s)", (target,))
    return found

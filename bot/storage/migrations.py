"""The schema, as the list of steps that built it. A file records how many steps it has
(`PRAGMA user_version`); opening it runs the missing ones, in one transaction, so an older
file is upgraded in place and two processes starting at once migrate it only once.

Never edit a step that has shipped: add a new one.
"""

from __future__ import annotations

import sqlite3

from bot.storage.base import refuse_newer

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: likes (+1) and dislikes (-1), keyed by track id so a rebuilt catalog keeps them.
    (
        """CREATE TABLE feedback (
            member_id INTEGER NOT NULL,
            track_id TEXT NOT NULL,
            verdict INTEGER NOT NULL CHECK (verdict IN (1, -1)),
            saved_at REAL NOT NULL,
            PRIMARY KEY (member_id, track_id)
        ) WITHOUT ROWID""",
    ),
    # 2: the song's label as saved (to name songs a rebuilt catalog dropped), and artists
    # a member left out altogether.
    (
        "ALTER TABLE feedback ADD COLUMN label TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE left_out_artists (
            member_id INTEGER NOT NULL,
            artist TEXT NOT NULL,
            saved_at REAL NOT NULL,
            PRIMARY KEY (member_id, artist)
        ) WITHOUT ROWID""",
    ),
    # 3: the queries of lists too long for their buttons' custom ids, by token, until they
    # expire (as bot/ui/query_codec.py writes them); /forget deletes a member's with the rest.
    (
        """CREATE TABLE kept_lists (
            token TEXT PRIMARY KEY,
            member_id INTEGER NOT NULL,
            query TEXT NOT NULL,
            expires_at REAL NOT NULL
        ) WITHOUT ROWID""",
        "CREATE INDEX kept_lists_by_member ON kept_lists (member_id)",
        "CREATE INDEX kept_lists_by_expiry ON kept_lists (expires_at)",
    ),
    # 4: whether a member's likes may join other members' blends: `scope` '*' is their
    # standing choice (/privacy), else one group they allowed once with a button (the blend's
    # key, bot/cogs/blend); /forget deletes a member's rows with the rest.
    (
        """CREATE TABLE blend_consent (
            member_id INTEGER NOT NULL,
            scope TEXT NOT NULL,
            allowed INTEGER NOT NULL CHECK (allowed IN (0, 1)),
            saved_at REAL NOT NULL,
            PRIMARY KEY (member_id, scope)
        ) WITHOUT ROWID""",
    ),
    # 5: /radio sessions (presses as a JSON list of [track id, kind]), and a shared radio's
    # votes on the song playing, one per member; both until they expire or are forgotten.
    (
        """CREATE TABLE radio_sessions (
            session_id TEXT PRIMARY KEY,
            owner_id INTEGER NOT NULL,
            channel_id INTEGER NOT NULL DEFAULT 0,
            shared INTEGER NOT NULL DEFAULT 0,
            save_likes INTEGER NOT NULL DEFAULT 0,
            query TEXT NOT NULL,
            presses TEXT NOT NULL DEFAULT '[]',
            current TEXT NOT NULL DEFAULT '',
            expires_at REAL NOT NULL
        ) WITHOUT ROWID""",
        "CREATE INDEX radio_sessions_by_owner ON radio_sessions (owner_id)",
        "CREATE INDEX radio_sessions_by_expiry ON radio_sessions (expires_at)",
        """CREATE TABLE radio_votes (
            session_id TEXT NOT NULL,
            member_id INTEGER NOT NULL,
            step INTEGER NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (session_id, member_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX radio_votes_by_member ON radio_votes (member_id)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA user_version").fetchone()[0]


def migrate(connection: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the file up to `target` steps; returns the version it had. The connection must
    be in autocommit mode (isolation_level=None): the transaction is explicit here."""
    connection.execute("BEGIN IMMEDIATE")  # the write lock first: no other process migrates
    try:
        found = schema_version(connection)
        refuse_newer(found, SCHEMA_VERSION, "DATABASE_PATH")
        for step in MIGRATIONS[found:target]:
            for statement in step:
                connection.execute(statement)
        if target > found:
            connection.execute(f"PRAGMA user_version = {int(target)}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return found

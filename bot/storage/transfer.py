"""`python -m bot migrate-store`: copy an SQLite file's members' data (likes, dislikes,
left-out artists, kept lists) into a PostgreSQL database, for a bot moving to shards on
several hosts.

The SQLite file is only read (any schema version this bot knows; it is not upgraded). The
copy is one PostgreSQL transaction, so a failed run leaves nothing half-copied, and it is
idempotent: a row already there is kept, a song's verdict is replaced only by a newer one
(the bot may have run on PostgreSQL in between), so a second run writes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString

import psycopg

from bot.storage.base import StorageCorrupt, StorageError, StorageTooNew, refuse_newer
from bot.storage.migrations import SCHEMA_VERSION, schema_version
from bot.storage.postgres import PostgresTasteStore, server_name

FEEDBACK = (
    "INSERT INTO feedback (member_id, track_id, verdict, saved_at, label) "
    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (member_id, track_id) DO UPDATE SET "
    "verdict = excluded.verdict, saved_at = excluded.saved_at, label = excluded.label "
    "WHERE feedback.saved_at < excluded.saved_at"
)
ARTISTS = (
    "INSERT INTO left_out_artists (member_id, artist, saved_at) VALUES (%s, %s, %s) "
    "ON CONFLICT DO NOTHING"
)
LISTS = (
    "INSERT INTO kept_lists (token, member_id, query, expires_at) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT DO NOTHING"
)


@dataclass(frozen=True)
class Copied:
    """Per kind of row: how many the SQLite file has, and how many were new (or newer)."""

    read: dict[str, int]
    written: dict[str, int]

    def lines(self) -> list[str]:
        return [
            f"{kind:<17}{self.read[kind]:>8} read, {self.written[kind]:>8} written"
            for kind in self.read
        ]


def read_sqlite(path: Path) -> dict[str, list[tuple]]:
    """Every row worth copying, by kind; kept lists already expired are left behind."""
    if not path.is_file():
        raise StorageError(f"{path}: no such file (give the bot's database with --from)")
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as db:
            version = schema_version(db)
            refuse_newer(version, SCHEMA_VERSION, "--from")
            if version == 0:
                raise StorageCorrupt(f"{path} is not a soundalike database (no schema)")
            label = "label" if version >= 2 else "''"
            songs = db.execute(
                f"SELECT member_id, track_id, verdict, saved_at, {label} FROM feedback"
            ).fetchall()
            artists = (
                db.execute("SELECT member_id, artist, saved_at FROM left_out_artists").fetchall()
                if version >= 2
                else []
            )
            lists = (
                db.execute(
                    "SELECT token, member_id, query, expires_at FROM kept_lists "
                    "WHERE expires_at > ?",
                    (time.time(),),
                ).fetchall()
                if version >= 3
                else []
            )
    except sqlite3.Error as exc:
        raise StorageCorrupt(f"{path} cannot be read as an SQLite database ({exc})") from exc
    return {
        "likes": [row for row in songs if row[2] == 1],
        "dislikes": [row for row in songs if row[2] != 1],
        "left-out artists": artists,
        "kept lists": lists,
    }


async def copy_to_postgres(source: Path, url: str) -> Copied:
    """Copy `source` (an SQLite file) into the database at `url` (migrated first)."""
    rows = read_sqlite(source)
    statements: dict[str, LiteralString] = {
        "likes": FEEDBACK,
        "dislikes": FEEDBACK,
        "left-out artists": ARTISTS,
        "kept lists": LISTS,
    }
    store = PostgresTasteStore(url, statement_ms=600_000)  # a big copy may take minutes
    written: dict[str, int] = {}

    async def copy(db: psycopg.AsyncConnection) -> None:
        for kind, statement in statements.items():
            async with db.cursor() as cursor:  # rowcount: the rows the statements changed
                await cursor.executemany(statement, rows[kind])
                written[kind] = max(cursor.rowcount, 0)

    try:
        await store.run(copy)
    finally:
        await store.close()
    return Copied({kind: len(found) for kind, found in rows.items()}, written)


def main(source: Path, to: str | None, configured: str | None) -> int:
    """The command: prints what it copied; exit 2 for bad input, 1 when the copy failed."""
    from bot.host.settings import SettingsError, database_url

    try:
        url = database_url(to, "--to") if to is not None else configured
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not url:
        print("error: say where to copy to: --to postgresql://… or DATABASE_URL", file=sys.stderr)
        return 2
    try:
        copied = asyncio.run(copy_to_postgres(source, url))
    except (StorageCorrupt, StorageTooNew) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except StorageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2 if not source.is_file() else 1
    print(f"{source} → {server_name(url)}")
    print("\n".join(copied.lines()))
    return 0

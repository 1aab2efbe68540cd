"""The two stores the contract tests run on, each with a way to read its rows straight from
the database (not through the store under test) and to open the store again (a restart)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bot.storage import SQLiteTasteStore, TasteStore
from bot.storage.postgres import PostgresTasteStore


@dataclass
class SQLiteBackend:
    path: Path
    name = "sqlite"

    @property
    def address(self) -> str:
        """What a process given only a string opens (see `open_store` in test subprocesses)."""
        return str(self.path)

    def open(self, **options) -> TasteStore:
        return SQLiteTasteStore(self.path, **options)

    def query(self, sql: str, *args) -> list[tuple]:
        with sqlite3.connect(self.path) as db:
            return [tuple(row) for row in db.execute(sql, args).fetchall()]


@dataclass
class PostgresBackend:
    url: str
    name = "postgres"

    @property
    def address(self) -> str:
        return self.url

    def open(self, **options) -> TasteStore:
        options.pop("busy_seconds", None)  # SQLite's lock wait; the server has its own
        return PostgresTasteStore(self.url, **options)

    def query(self, sql: str, *args) -> list[tuple]:
        with psycopg.connect(self.url, connect_timeout=5) as db:
            cursor = db.execute(sql.replace("?", "%s"), args)  # pyright: ignore[reportArgumentType]
            return [tuple(row) for row in cursor.fetchall()]


Backend = SQLiteBackend | PostgresBackend


def rows(backend: Backend, member_id: int | None = None) -> list[tuple]:
    """Every stored like, dislike and left-out artist (of one member), sorted."""
    where, args = ("WHERE member_id = ?", (member_id,)) if member_id is not None else ("", ())
    songs = backend.query(f"SELECT member_id, track_id, verdict FROM feedback {where}", *args)
    artists = backend.query(f"SELECT member_id, artist FROM left_out_artists {where}", *args)
    return sorted(songs) + sorted(artists)


def kept(backend: Backend, member_id: int | None = None) -> list[tuple]:
    """(member, query text) of every kept list."""
    found = backend.query("SELECT member_id, query FROM kept_lists ORDER BY member_id, query")
    return [row for row in found if member_id is None or row[0] == member_id]

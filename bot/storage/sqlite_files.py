"""Noticing that the SQLite files were deleted or replaced under an open connection.

An open connection keeps writing to the files it opened, even once they are gone from the
directory: after a host deletes `soundalike.db` (to start afresh) a write would be confirmed
into a deleted file and vanish when the bot stops; after the `-wal`/`-shm` files are deleted,
a process that opens the database anew no longer sees what the others commit, and their
checkpoints overwrite each other's pages (a third process writing lost 50 of 350 confirmed
likes). So before each transaction, and again before each commit, the store compares the
files at the path with those it opened (device and inode):

- the database file is gone or another one: the connection is closed (SQLite neither
  checkpoints nor deletes side files of a database that moved) and the file now at the path is
  opened, a new one with a fresh schema if there is none; side files left at the path that are
  still the ones this connection opened belong to the old database and are removed first (an
  old WAL must never be applied to another database), before the close: a closed file's inode
  number is free for the next file created, such as another process's new -wal.
- the database file is the same, a side file is gone or another one: what was committed into
  the WAL this connection still holds is copied into the database file (a checkpoint through
  it), then the database is opened afresh with new side files.
- changed between a write's start and its commit: the write is rolled back and refused
  ("try again"), never confirmed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from bot.storage.base import StorageBusy

log = logging.getLogger("bot.storage")
SIDE_FILES = ("-wal", "-shm")
FileId = tuple[int, int] | None  # (device, inode); None: no file at the path


def file_id(path: Path) -> FileId:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return (found.st_dev, found.st_ino)


@dataclass(frozen=True)
class Files:
    """The database file and its side files, as found at one moment."""

    database: FileId
    wal: FileId
    shm: FileId

    @classmethod
    def at(cls, path: Path) -> Files:
        return cls(*(file_id(Path(f"{path}{suffix}")) for suffix in ("", *SIDE_FILES)))


def remove_stale_side_files(path: Path, opened: Files) -> None:
    """The old database's -wal and -shm, if still at the path: never apply them to another."""
    for suffix, ours in zip(SIDE_FILES, (opened.wal, opened.shm), strict=True):
        side = Path(f"{path}{suffix}")
        if ours is not None and file_id(side) == ours:
            with contextlib.suppress(FileNotFoundError):
                side.unlink()


def save_orphaned_wal(connection: sqlite3.Connection, path: Path, attempts: int = 20) -> None:
    """Copy every frame committed into the (deleted) WAL this connection holds into the
    database file; a reader in another process may hold some back for a moment."""
    for _ in range(attempts):
        busy, frames, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if not busy and copied >= frames:
            return
        time.sleep(0.05)
    raise StorageBusy(
        f"{path}: its -wal/-shm files were removed while the bot had them open, and another "
        "process is still reading them; the changes saved in them are kept, try again shortly"
    )


def reopen_reason(path: Path, opened: Files, now: Files) -> str:
    if now.database != opened.database:
        return f"{path} was {'deleted' if now.database is None else 'replaced'} while open"
    return f"{path}'s -wal/-shm files were removed or replaced while open"


def let_go(connection: sqlite3.Connection, path: Path, opened: Files) -> None:
    """Close a connection whose files changed at the path, keeping what it committed."""
    now = Files.at(path)
    log.warning("%s; opening the file now at that path", reopen_reason(path, opened, now))
    if now.database == opened.database:
        save_orphaned_wal(connection, path)  # raises (and keeps the connection) if it can't
    else:
        # Before closing: while this connection holds its old side files open, no new file
        # can have their inode numbers, so a match is really one of them. Once closed, the
        # numbers are free, and another process's new -wal may get one and be deleted here.
        remove_stale_side_files(path, opened)
    connection.close()

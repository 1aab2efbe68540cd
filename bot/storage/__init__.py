"""What the bot remembers about members: likes, dislikes and left-out artists, and the
queries of the few lists too long for their buttons' custom ids (until they expire).

`TasteStore` is the interface the bot codes against. `SQLiteTasteStore` (one SQLite file,
WAL, safe for several bot processes on one host) is the default; `PostgresTasteStore`
(bot/storage/postgres.py, DATABASE_URL) serves shards on several hosts. `taste_store` picks
one from the settings.
"""

from pathlib import Path

from bot.storage.base import (
    Change,
    Forgotten,
    RadioSession,
    SavedSong,
    StorageBusy,
    StorageCorrupt,
    StorageError,
    StorageReadOnly,
    StorageTooNew,
    StorageUnreachable,
    Taste,
    TasteStore,
    Verdict,
)
from bot.storage.sqlite import SQLiteTasteStore

__all__ = [
    "Change",
    "Forgotten",
    "RadioSession",
    "SQLiteTasteStore",
    "SavedSong",
    "StorageBusy",
    "StorageCorrupt",
    "StorageError",
    "StorageReadOnly",
    "StorageTooNew",
    "StorageUnreachable",
    "Taste",
    "TasteStore",
    "Verdict",
    "taste_store",
]


def taste_store(database_url: str | None, database_file: Path) -> TasteStore:
    """PostgreSQL when a URL is set (psycopg is imported only then), else the SQLite file."""
    if database_url:
        from bot.storage.postgres import PostgresTasteStore

        return PostgresTasteStore(database_url)
    return SQLiteTasteStore(database_file)

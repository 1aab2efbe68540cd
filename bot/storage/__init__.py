"""What the bot remembers about members: likes, dislikes and left-out artists, and the
queries of the few lists too long for their buttons' custom ids (until they expire).

`TasteStore` is the interface the bot codes against; `SQLiteTasteStore` is the one
implementation today (one SQLite file, WAL, safe for several bot processes on one host). A
server database for shards on several hosts would be a second class with the same methods.
"""

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
    "Taste",
    "TasteStore",
    "Verdict",
]

"""Latency of one like (`set_verdict`, a committed transaction) in each member store:
SQLite as the bot runs it (each commit checkpointed into the database file at once, so that
deleting the -wal/-shm files loses nothing), SQLite with SQLite's default checkpointing (the
baseline, in the same run), and PostgreSQL (a throwaway local server, fsync on, unless
--database-url names one). Prints figures; asserts nothing.

    python -m benchmarks.store_writes [--likes 300] [--database-url postgresql://…]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from bot.storage import SQLiteTasteStore, TasteStore, Verdict
from bot.storage.postgres import PostgresTasteStore


async def timed_likes(store: TasteStore, likes: int) -> list[float]:
    await store.open()
    times = []
    for i in range(likes):
        started = time.perf_counter()
        await store.set_verdict(1, f"track-{i}", "Song — Band", Verdict.LIKE)
        times.append(time.perf_counter() - started)
    await store.close()
    return sorted(times)


def line(name: str, times: list[float]) -> str:
    p50, p99 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]
    return f"{name:<44} p50 {p50 * 1000:7.2f} ms   p99 {p99 * 1000:7.2f} ms"


async def main(likes: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as name:
        bot_store = SQLiteTasteStore(Path(name) / "now.db")
        print(line("SQLite, as the bot runs it", await timed_likes(bot_store, likes)))
        baseline = SQLiteTasteStore(Path(name) / "baseline.db")
        await baseline.run(  # in the store's own thread, which holds its connection
            lambda: baseline.database.connect().execute("PRAGMA wal_autocheckpoint = 1000")
        )  # SQLite's default
        print(line("SQLite, default checkpoints (baseline)", await timed_likes(baseline, likes)))
    if url:
        print(line("PostgreSQL", await timed_likes(PostgresTasteStore(url), likes)))
        return
    from tests.support.postgres import running_server

    with running_server(durable=True) as server:
        store = PostgresTasteStore(server.database())
        print(line("PostgreSQL 15 on 127.0.0.1, fsync on", await timed_likes(store, likes)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--likes", type=int, default=300)
    parser.add_argument(
        "--database-url", help="a PostgreSQL database to write to (default: a throwaway one)"
    )
    args = parser.parse_args()
    asyncio.run(main(args.likes, args.database_url))

"""/mix latency for members with 500 likes on the real catalog, beside a single-seed
`similar` list timed in the same run. Prints figures; asserts nothing.

    python -m benchmarks.mix [--members 20] [--likes 500] [--repeats 10] [--index-dir DIR]

Rows:
- `similar`, one liked song as seed (the baseline: what one list costs);
- the mix engine (`recommender.mix.mix`: k-means over the likes, one list per cluster);
- the member's likes read from a real SQLite file (500 rows, through the store's thread);
- the whole /mix reply (read + mix + embed), as the bot runs it, on an asyncio loop.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import numpy as np

from bot.cogs.taste.handlers import TasteReplies
from bot.storage import SQLiteTasteStore, Verdict
from bot.ui.pages import Catalog
from recommender.store.opening import DEFAULT_INDEX_DIR, open_or_build

from .recommender import _stats


def members_likes(rec, members: int, likes: int, rng) -> list[list[str]]:
    """Half the members like songs from a handful of playlists (tastes with a few styles),
    half like songs drawn from the whole catalog (the widest spread, the most clusters)."""
    ids = np.asarray(rec.tracks.ids)
    playlists = rec.catalog["playlists"].fillna("").str.split("|")
    by_playlist: dict[str, list[int]] = {}
    for row, names in enumerate(playlists):
        for name in names:
            by_playlist.setdefault(name, []).append(row)
    names = [n for n, rows in by_playlist.items() if n and len(rows) >= 50]
    out = []
    for m in range(members):
        if m % 2:
            rows = rng.choice(len(ids), likes, replace=False)
        else:
            chosen = rng.choice(len(names), 8, replace=False)
            pool = np.unique(np.concatenate([by_playlist[names[i]] for i in chosen]))
            rows = rng.choice(pool, min(likes, len(pool)), replace=False)
        out.append(ids[rows].tolist())
    return out


def timed(fn, inputs, repeats: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (this thread) seconds per call. On a shared machine the wall clock
    includes waiting for a core; the CPU time is the work itself."""
    wall, cpu = [], []
    for _ in range(repeats):
        for item in inputs:
            c0, t0 = time.thread_time(), time.perf_counter()
            fn(item)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
    return wall, cpu


async def timed_async(fn, inputs, repeats: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per call; the CPU is the whole process's (the store's thread
    and the worker threads do the work), nothing else runs in it meanwhile."""
    wall, cpu = [], []
    for _ in range(repeats):
        for item in inputs:
            c0, t0 = time.process_time(), time.perf_counter()
            await fn(item)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    return wall, cpu


async def store_figures(rec, likes: list[list[str]], repeats: int) -> dict[str, dict]:
    with tempfile.TemporaryDirectory() as directory:
        store = SQLiteTasteStore(Path(directory) / "bench.db")
        for member, liked in enumerate(likes):
            for track_id in liked:
                await store.set_verdict(member, track_id, track_id, Verdict.LIKE)
        services = TasteReplies(rec, store, Catalog(rec.source_name, rec.size))
        members = list(range(len(likes)))
        read = await timed_async(store.taste, members, repeats)

        async def whole(member: int) -> None:
            reply = await services.mix(member, "bench", None, 10)
            assert reply.embed is not None

        reply = await timed_async(whole, members, repeats)
        await store.close()
    return {"read 500 likes (SQLite)": read, "/mix reply (read+mix+embed)": reply}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mix", description=__doc__)
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--likes", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args(argv)
    rec = open_or_build(args.index_dir)
    rng = np.random.default_rng(0)
    likes = members_likes(rec, args.members, args.likes, rng)
    for liked in likes[:2]:  # warm the memory-mapped index and the caches
        rec.mix(liked, k=10)

    seeds = [liked[0] for liked in likes]
    baseline = timed(lambda s: rec.similar(s, k=10), seeds, args.repeats)
    engine = timed(lambda liked: rec.mix(liked, k=10), likes, args.repeats)
    rows = {
        "similar, one seed (baseline)": (_stats(baseline[0]), _stats(baseline[1])),
        "mix engine, 500 likes": (_stats(engine[0]), _stats(engine[1])),
    }
    for name, (wall, cpu) in asyncio.run(store_figures(rec, likes, args.repeats)).items():
        rows[name] = (_stats(wall), _stats(cpu))
    sizes = sorted({len(liked) for liked in likes})
    print(f"catalog: {rec.source_name} ({rec.size:,} tracks); {args.members} members")
    print(f"likes per member: {sizes}; CPU time = the work, without waiting for a core")
    print(f"{'':30} {'n':>5} {'p50 ms':>7} {'p99 ms':>7} {'cpu p50':>8} {'cpu p99':>8}")
    for name, (wall, cpu) in rows.items():
        cpus = f"{cpu['p50_ms']:>8.2f} {cpu['p99_ms']:>8.2f}"
        print(f"{name:30} {wall['n']:>5} {wall['p50_ms']:>7.2f} {wall['p99_ms']:>7.2f} {cpus}")


if __name__ == "__main__":
    main()

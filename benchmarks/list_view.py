"""Benchmark: building and rendering the buttons under one list of songs.

    python -m benchmarks.list_view [--index-dir DIR] [--builds 2000]

Every /similar reply and every press builds one; the custom ids carry the list's query."""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

import discord

from bot.ui.pages import Catalog, SongPages
from bot.ui.song_list import SongListView, StoredLists
from recommender import Query
from recommender.store.opening import DEFAULT_INDEX_DIR, open_or_build


async def measure(index_dir: Path, builds: int) -> dict[str, list[float]]:
    rec = open_or_build(index_dir)

    async def fetch(query: Query):
        return rec.recommend(query)

    catalog = Catalog(rec.source_name, rec.size)
    source = await SongPages.start(Query(seeds=("blinding lights",), k=10), catalog, fetch)
    lists = StoredLists(None)
    view = SongListView(source, 123456789012345678, lists)
    steered = Query(
        seeds=("blinding lights",), mood="calm", popularity="deep", exclude_artists=("Drake",)
    )
    steered_source = await SongPages.start(steered, catalog, fetch)
    return {
        "list view (state in custom ids)": timed(
            lambda: SongListView(source, 123456789012345678, lists).to_components(), builds
        ),
        "steered list (query codec in ids)": timed(
            lambda: SongListView(steered_source, 123456789012345678, lists).to_components(), builds
        ),
        "same components, in-memory ids": timed(lambda: plain_copy(view).to_components(), builds),
    }


def plain_copy(view: SongListView) -> discord.ui.View:
    """The baseline: the same buttons and menu as ordinary items with random ids."""
    plain = discord.ui.View(timeout=180)
    for item in view.children:
        inner = getattr(item, "item", item)
        if isinstance(inner, discord.ui.Select):
            plain.add_item(discord.ui.Select(placeholder=inner.placeholder, options=inner.options))
        else:
            plain.add_item(discord.ui.Button(label=inner.label, url=inner.url, row=0))
    return plain


def timed(build, n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return sorted(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    parser.add_argument("--builds", type=int, default=2000)
    args = parser.parse_args()
    for name, times in asyncio.run(measure(args.index_dir, args.builds)).items():
        p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99)]
        print(f"{name:<34} build + render: p50 {p50 * 1e6:.0f} µs, p99 {p99 * 1e6:.0f} µs")


if __name__ == "__main__":
    main()

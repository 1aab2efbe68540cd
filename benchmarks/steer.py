"""Latency of a steered query (issue #12): two seed songs, a mood and a popularity band,
beside a plain one-seed `similar` timed in the same run. Prints figures; asserts nothing.

    python -m benchmarks.steer [--tracks 1000000] [--queries 500] [--index-dir DIR]

Seeds are track ids, as Discord sends them once a song is picked from the autocomplete list;
typed names add the name lookup that `benchmarks.recommender` times on its own.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from recommender import Query, Recommender
from recommender.ranking.moods import mood_names
from recommender.store import build_index
from recommender.store.opening import DEFAULT_INDEX_DIR, open_or_build
from recommender.store.progress import ProgressBar

from .generated import scaled_catalog
from .recommender import _stats


def timed(fn, inputs) -> dict:
    """Wall-clock p50/p99, and the same for CPU time of this thread: on a shared machine the
    wall-clock tail is mostly waiting for a core, the CPU time is the query's own work."""
    wall, cpu = [], []
    for item in inputs:
        w0, c0 = time.perf_counter(), time.thread_time()
        fn(item)
        cpu.append(time.thread_time() - c0)
        wall.append(time.perf_counter() - w0)
    return {**_stats(wall), "cpu": _stats(cpu)}


def queries(rec: Recommender, count: int, seed: int = 7) -> dict[str, list[Query]]:
    """The same seed songs asked plainly, and steered (a second seed, a mood, a band)."""
    rng = np.random.default_rng(seed)
    ids = rec.tracks.ids
    rows = rng.choice(len(ids), (count, 2), replace=False)
    moods = mood_names()
    steered = [
        Query(
            seeds=(ids[a], ids[b]),
            mood=moods[i % len(moods)],
            popularity=("deep", "mainstream")[i % 2],
            k=10,
        )
        for i, (a, b) in enumerate(rows)
    ]
    return {
        "plain_one_seed": [Query(seeds=(ids[a],), k=10) for a, _ in rows],
        "two_seeds": [Query(seeds=(ids[a], ids[b]), k=10) for a, b in rows],
        "steered_two_seeds_mood_band": steered,
        # One ranking pipeline: the scene leads and a mood weighs the audio part (issue #15).
        "same_scene_one_seed": [Query(seeds=(ids[a],), k=10, scene=True) for a, _ in rows],
        "same_scene_mood_one_seed": [
            Query(seeds=(ids[a],), k=10, scene=True, mood=moods[i % len(moods)])
            for i, (a, _) in enumerate(rows)
        ],
        "mood_and_genre_no_seed": [
            Query(genre=rec.genre_names()[i % len(rec.genre_names())], mood=moods[i % 10], k=10)
            for i in range(count)
        ],
    }


def measure(rec: Recommender, count: int) -> dict:
    asked = queries(rec, count)
    for query in asked["steered_two_seeds_mood_band"][:20]:  # warm the memory map
        rec.recommend(query)
    out: dict = {"tracks": rec.size}
    for name, batch in asked.items():
        out[name] = timed(rec.recommend, batch)
    pairs = [(q.seeds[0], q.seeds[1]) for q in asked["two_seeds"][: max(count // 5, 20)]]
    out["bridge_8_steps"] = timed(lambda p: rec.bridge(*p, steps=8), pairs)
    return out


def run_bench(rec: Recommender, count: int, tracks: int = 0) -> dict:
    report = {"catalog": {"name": rec.source_name, **measure(rec, count)}}
    if tracks:
        generated = scaled_catalog(rec.catalog, tracks)
        with tempfile.TemporaryDirectory() as tmp:
            build_index(generated, Path(tmp), source={"name": f"generated-{tracks}"},
                        progress=ProgressBar())  # fmt: skip
            del generated
            big = Recommender.load(tmp)
            report["generated"] = {"name": f"generated {tracks:,} tracks", **measure(big, count)}
    return report


def format_bench(report: dict) -> str:
    lines = []
    for part in report.values():
        lines.append(f"{part['name']}: {part['tracks']:,} tracks")
        lines.append(
            f"  {'query':<30}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'cpu p50':>10}{'cpu p99':>10}"
        )
        for key, s in part.items():
            if isinstance(s, dict):
                c = s["cpu"]
                lines.append(
                    f"  {key:<30}{s['n']:>6}{s['p50_ms']:>10.3f}{s['p99_ms']:>10.3f}"
                    f"{c['p50_ms']:>10.3f}{c['p99_ms']:>10.3f}"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.steer", description=__doc__)
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    parser.add_argument("--tracks", type=int, default=0, help="also a generated catalog")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rec = open_or_build(args.index_dir, progress=ProgressBar())
    report = run_bench(rec, args.queries, args.tracks)
    print(json.dumps(report, indent=2) if args.json else format_bench(report))
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

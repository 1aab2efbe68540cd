"""A radio step's latency (`Radio.turn`: the course from the presses so far, the next song and
two more, as /radio asks for each press), beside a `similar` list of 10 timed in the same run.
Prints figures; asserts nothing.

    python -m benchmarks.radio [--sessions 50] [--steps 20] [--index-dir DIR] [--tracks N]

Each session starts from a random song and presses like (3 in 10) or skip at random, so later
steps carry up to `steps` presses. `--tracks N` also times a generated catalog of N tracks
(`benchmarks/generated.py`), built in a temporary directory in the same run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from recommender import Press, Query, Radio, Recommender
from recommender.store import build_index
from recommender.store.opening import DEFAULT_INDEX_DIR, open_or_build

from .generated import scaled_catalog
from .mix import timed
from .recommender import _stats


def measure(rec: Recommender, sessions: int, steps: int, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    radio = Radio(rec)
    ids = rec.tracks.ids
    seeds = [ids[int(r)] for r in rng.choice(rec.size, sessions, replace=False)]
    radio.turn(Query(seeds=(seeds[0],)))  # warm the memory-mapped index
    wall, cpu = [], []
    for track_id in seeds:
        query, presses = Query(seeds=(track_id,)), []
        for step in range(steps):
            c0, t0 = time.thread_time(), time.perf_counter()
            turn = radio.turn(query, presses, seed=step)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
            if turn.now is None:
                break
            kind = "like" if rng.random() < 0.3 else "skip"
            presses.append(Press(turn.now.track.track_id, kind))
    baseline = timed(lambda s: rec.similar(s, k=10), seeds, max(1, steps // 2))
    return {
        "similar, k=10 (baseline)": (_stats(baseline[0]), _stats(baseline[1])),
        f"radio step (up to {steps} presses)": (_stats(wall), _stats(cpu)),
    }


def table(name: str, rows: dict) -> str:
    lines = [name, f"{'':34} {'n':>5} {'p50 ms':>7} {'p99 ms':>7} {'cpu p50':>8} {'cpu p99':>8}"]
    for label, (w, c) in rows.items():
        lines.append(
            f"{label:34} {w['n']:>5} {w['p50_ms']:>7.2f} {w['p99_ms']:>7.2f} "
            f"{c['p50_ms']:>8.2f} {c['p99_ms']:>8.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.radio", description=__doc__)
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--tracks", type=int, default=0, help="also a generated catalog")
    args = parser.parse_args(argv)
    rec = open_or_build(args.index_dir)
    print("CPU time = the work, without waiting for a core")
    name = f"{rec.source_name}: {rec.size:,} tracks"
    print(table(name, measure(rec, args.sessions, args.steps)), flush=True)
    if args.tracks:
        generated = scaled_catalog(rec.catalog, args.tracks)
        with tempfile.TemporaryDirectory() as tmp:
            build_index(generated, Path(tmp), source={"name": f"generated-{args.tracks}"})
            del generated
            big = Recommender.load(tmp)
            rows = measure(big, args.sessions, args.steps)
            print(table(f"generated: {big.size:,} tracks", rows))


if __name__ == "__main__":
    main()

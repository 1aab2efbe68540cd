"""/blend latency: five members with 500 likes each on the real catalog, beside the
average-taste baseline (one centroid of everyone's likes) timed in the same run. Prints
figures; asserts nothing.

    python -m benchmarks.blend [--groups 20] [--likes 500] [--repeats 10] [--index-dir DIR]

Rows:
- the average-taste baseline (`evaluation.blend.average_taste`: a centroid, one ranked list);
- the blend engine (`Recommender.blend`: k-means per member, one list per taste group, the
  greedy max-min choice), 10 songs, and 40 (what the bot asks for: four pages of 10).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np

from recommender.evaluation.blend import average_taste
from recommender.store.opening import DEFAULT_INDEX_DIR, open_or_build

from .mix import members_likes, timed
from .recommender import _stats

MEMBERS = 5


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.blend", description=__doc__)
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--likes", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args(argv)
    rec = open_or_build(args.index_dir)
    rng = np.random.default_rng(0)
    likes = members_likes(rec, args.groups * MEMBERS, args.likes, rng)
    order = rng.permutation(len(likes))  # each group mixes playlist tastes and random ones
    groups = [[likes[i] for i in order[g :: args.groups]] for g in range(args.groups)]
    for group in groups[:2]:  # warm the memory-mapped index and the caches
        rec.blend(group, k=10)

    baseline = timed(lambda group: average_taste(rec, group, 10), groups, args.repeats)
    blend10 = timed(lambda group: rec.blend(group, k=10), groups, args.repeats)
    blend40 = timed(lambda group: rec.blend(group, k=40), groups, args.repeats)
    rows = {
        "average taste (baseline), 10": baseline,
        "blend engine, 10 songs": blend10,
        "blend engine, 40 (4 pages)": blend40,
    }
    sizes = sorted({len(liked) for group in groups for liked in group})
    print(f"catalog: {rec.source_name} ({rec.size:,} tracks); {args.groups} groups of {MEMBERS}")
    # Wall time on a shared machine is mostly waiting for a core: say how busy it was.
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"likes per member: {sizes}; CPU time = the work, without waiting for a core")
    print(f"{'':30} {'n':>5} {'p50 ms':>7} {'p99 ms':>7} {'cpu p50':>8} {'cpu p99':>8}")
    for name, (wall, cpu) in rows.items():
        w, c = _stats(wall), _stats(cpu)
        print(
            f"{name:30} {w['n']:>5} {w['p50_ms']:>7.2f} {w['p99_ms']:>7.2f} "
            f"{c['p50_ms']:>8.2f} {c['p99_ms']:>8.2f}"
        )


if __name__ == "__main__":
    main()

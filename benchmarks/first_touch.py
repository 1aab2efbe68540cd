"""What a fresh process pays to touch a big memory-mapped index for the first time: the same
typed names answered twice in one process, p50/p99 of each pass. Asserts nothing.

    python -m benchmarks.first_touch --index-dir /tmp/scale-final/index-10000000 [--queries 300]
        [--warm]

`--warm` calls `Recommender.warm` after loading, as the bot does before its first members:
the first pass then shows what those members wait.

Run it with the index already in the page cache (run it twice, or `cat` the files to
/dev/null first): the first pass then measures mapping the pages into this process, not disk.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from pathlib import Path

import numpy as np

from recommender import Recommender
from recommender.errors import SongNotFoundError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--warm", action="store_true", help="warm the index before the passes")
    args = parser.parse_args(argv)
    rec = Recommender.load(args.index_dir)
    if args.warm:
        warmth = rec.warm()
        print(f"warmed: {warmth.pages:,} pages mapped in {warmth.seconds:.3f} s")
    names = rec.tracks.columns["name"]
    rows = np.random.default_rng(11).integers(0, rec.size, args.queries).tolist()
    typed = [str(names[row]).lower() for row in rows]
    for label in ("first pass", "second pass"):
        ms = []
        for name in typed:
            start = time.perf_counter()
            with contextlib.suppress(SongNotFoundError):
                rec.similar(name, k=10)
            ms.append((time.perf_counter() - start) * 1000)
        p50, p99 = np.percentile(ms, [50, 99])
        print(
            f"{rec.size:,} tracks, {label}: similar by typed name p50 {p50:.2f} / p99 {p99:.2f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

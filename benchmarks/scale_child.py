"""One serving process for `benchmarks.scale`: load an index, report memory, warm it as the bot
does (`Recommender.warm`, where the format has it), answer 1,000 mixed queries, report memory
and latencies, then wait (so a second process can be measured beside it) and report memory
once more. Run as a script, not a module, so that the `recommender` it imports is whichever
PYTHONPATH names: this checkout's, or the previous format's worktree.

    PYTHONPATH=ROOT python benchmarks/scale_child.py INDEX_DIR QUERIES

Prints one JSON object per line. Uses only the API both formats share, and `warm` where it
exists.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np


def smaps() -> dict[str, int]:
    """This process's memory in MiB from /proc/self/smaps_rollup (Linux)."""
    out = {}
    with open("/proc/self/smaps_rollup", encoding="ascii") as fh:
        for line in fh:
            name, _, rest = line.partition(":")
            if name in ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Anonymous"):
                out[name] = round(int(rest.split()[0]) / 1024, 1)
    return out


def stats(seconds: list[float]) -> dict:
    ms = np.asarray(seconds) * 1000
    return {
        "p50_ms": round(float(np.percentile(ms, 50)), 3),
        "p99_ms": round(float(np.percentile(ms, 99)), 3),
    }


def main(directory: str, queries: int) -> None:
    # Run as a script, sys.path[0] is benchmarks/, whose recommender.py would shadow the
    # package: import the one PYTHONPATH names.
    sys.path.remove(str(Path(__file__).resolve().parent))
    from recommender import Query, Recommender

    t0 = time.perf_counter()
    rec = Recommender.load(directory)
    load_s = time.perf_counter() - t0
    after_load = smaps()
    # As the bot does before its first members (the previous format had nothing to warm).
    warm_s = None
    if hasattr(rec, "warm"):
        t0 = time.perf_counter()
        rec.warm()
        warm_s = round(time.perf_counter() - t0, 3)
    print(
        json.dumps({"load_s": round(load_s, 3), "warm_s": warm_s, "after_load": after_load}),
        flush=True,
    )

    rng = np.random.default_rng(7)
    n = rec.size
    names = rec.tracks.columns["name"]
    ids = rec.tracks.ids
    genres = [g.name for g in rec.genres()]
    rows = rng.integers(0, n, queries)
    kinds = ("typed name", "track id", "with a genre", "steered", "autocomplete")
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for i, row in enumerate(rows.tolist()):
        kind = kinds[i % len(kinds)]
        name = str(names[row]).lower()
        t = time.perf_counter()
        try:
            if kind == "typed name":
                rec.similar(name, k=10)
            elif kind == "track id":
                rec.similar(str(ids[row]), k=10)
            elif kind == "with a genre":
                rec.similar(str(ids[row]), k=10, genre=genres[i % len(genres)])
            elif kind == "steered":
                rec.recommend(Query(seeds=(str(ids[row]),), k=10, mood="calm"))
            else:
                rec.autocomplete(name[: 3 + i % 6])
        except Exception as exc:  # a name that resolves to nothing still took its time
            if type(exc).__name__ not in ("SongNotFoundError", "InvalidQueryError"):
                raise
        times[kind].append(time.perf_counter() - t)
    print(
        json.dumps({"after_queries": smaps(), "latency": {k: stats(v) for k, v in times.items()}}),
        flush=True,
    )
    sys.stdin.read()  # until the parent says every process has answered its queries
    print(json.dumps({"beside_another": smaps()}), flush=True)
    time.sleep(1.0)  # stay mapped while the other process reads its figures


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

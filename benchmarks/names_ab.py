"""Name lookup, this tree's matcher against another revision's, in one process: both over the
same loaded index, swapped into the same Recommender, each query timed with both in turn
(alternating which goes first). Prints p50/p99 of each query's fastest of --repeats tries
(waiting for a core on a shared machine only ever adds time) and of all tries, and whether
both rank every query the same. Asserts nothing.

    python -m benchmarks.names_ab [--base main] [--index-dir DIR] [--queries 500] [--repeats 5]

The other revision's `recommender/names/matcher.py` must read the same name arrays.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from recommender import Recommender
from recommender.store.opening import DEFAULT_INDEX_DIR

from .recommender import _resolve_or_miss, _typed_names


def base_matcher(revision: str, new, index):
    """A matcher built by `revision`'s matching module over the index's name arrays."""
    source = subprocess.run(
        ["git", "show", f"{revision}:recommender/names/matcher.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "matching.py"
    path.write_text(source)
    # Named inside the package, so its relative imports (`.text`) resolve.
    spec = importlib.util.spec_from_file_location("recommender._base_matching", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The stored name arrays, as the loader maps them (the other revision must read these).
    arrays = {
        name: np.asarray(np.load(index.directory / entry.file, mmap_mode="r"))
        for key, entry in index.manifest.files.items()
        if key.startswith("names.")
        for name in [key.removeprefix("names.")]
    }
    return module.NameMatcher(new.titles, new.names, new.artists, new.primary, arrays)


def found_while_typing(rec: Recommender, names: list[str], rows) -> str:
    """For labelled typed names (typos and artist forms included): how often the intended
    song is among the 25 autocomplete choices once the whole text is typed, and among the
    first 10 after how many letters (mean)."""
    songs = rec.tracks.song_keys

    def offered(text: str, first: int) -> list[str]:  # the songs of the first choices offered
        return [songs[rec.tracks.row(s.track_id)] for s in rec.autocomplete(text)[:first]]

    in_25, letters = 0, []
    for name, row in zip(names, rows, strict=True):
        wanted = songs[int(row)]
        in_25 += wanted in offered(name, 25)
        typed = next((i for i in range(1, len(name) + 1) if wanted in offered(name[:i], 10)), 0)
        if typed:
            letters.append(typed)
    return (
        f"intended song among 25 choices for the whole text {in_25 / len(names):.1%}; "
        f"among the first 10 at some point {len(letters) / len(names):.1%}, after "
        f"{np.mean(letters) if letters else float('nan'):.2f} letters on average"
    )


def _percentiles(ms: np.ndarray) -> str:
    return f"{np.percentile(ms, 50):7.3f} / {np.percentile(ms, 99):7.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="git revision to compare against")
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    rec = Recommender.load(args.index_dir)
    new = rec.names.matcher
    matchers = {args.base: base_matcher(args.base, new, rec.index), "this tree": new}
    names, intended = _typed_names(rec, np.random.default_rng(1), min(args.queries, rec.size))
    keystrokes = [
        q[:i] for q in names[: max(len(names) // 10, 10)] for i in range(1, 25) if i <= len(q)
    ]
    old = matchers[args.base]
    differ = sum(old.rank(q) != new.rank(q) for q in names) + sum(
        old.rank(q, prefix=True) != new.rank(q, prefix=True) for q in keystrokes
    )
    same = not differ
    print(
        f"{rec.source_name}: {rec.size:,} tracks; {len(names)} typed names, "
        f"{len(keystrokes)} keystrokes; same rankings: "
        f"{'yes' if same else f'NO, {differ} differ'}"
    )
    if not same:  # rankings differ: which finds the song people are typing sooner
        for label, matcher in matchers.items():
            rec.names.matcher = matcher
            print(f"  {label}: {found_while_typing(rec, names, intended)}")
        rec.names.matcher = new
    print(
        f"  {'operation':13s} {'matcher':10s} {'fastest p50 / p99 ms':>22s} {'all p50 / p99 ms':>20s}"
    )
    operations = {
        "resolve": (lambda q: _resolve_or_miss(rec, q), names),
        "autocomplete": (rec.autocomplete, keystrokes),
    }
    for operation, (run, inputs) in operations.items():
        for matcher in matchers.values():  # warm caches and the memory map, as a bot would be
            rec.names.matcher = matcher
            for item in inputs[:20]:
                run(item)
        times = {label: np.zeros((args.repeats, len(inputs))) for label in matchers}
        for repeat in range(args.repeats):
            for i, item in enumerate(inputs):
                order = list(matchers.items())
                for label, matcher in order if (i + repeat) % 2 else order[::-1]:
                    rec.names.matcher = matcher
                    start = time.perf_counter()
                    run(item)
                    times[label][repeat, i] = (time.perf_counter() - start) * 1000
        for label, ms in times.items():
            print(
                f"  {operation:13s} {label:10s} {_percentiles(ms.min(axis=0)):>22s} "
                f"{_percentiles(ms):>20s}"
            )
    rec.names.matcher = new
    return 0


if __name__ == "__main__":
    sys.exit(main())

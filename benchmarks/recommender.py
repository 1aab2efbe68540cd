"""Latency figures (p50/p99) for load, autocomplete, resolve and similar, each beside its
exact or naive counterpart measured in the same run. Prints numbers; asserts nothing.

    python -m benchmarks.recommender [--tracks 1000000] [--queries 500] [--index-dir DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from recommender import Recommender, SongNotFoundError
from recommender.catalog.text import normalize
from recommender.evaluation.lists import exact_neighbours
from recommender.store import build_index
from recommender.store.opening import DEFAULT_INDEX_DIR, open_or_build
from recommender.store.progress import ProgressBar

from .generated import scaled_catalog


def scan_all(query: str, keys: Sequence[str], limit: int = 25) -> list[int]:
    """The naive way (the baseline for autocomplete and resolve): score every key with WRatio."""
    found = process.extract(normalize(query), keys, scorer=fuzz.WRatio, processor=None, limit=limit)
    return [i for _, _, i in found]


def _stats(seconds: list[float]) -> dict:
    ms = np.asarray(seconds) * 1000
    return {
        "n": len(ms),
        "p50_ms": round(float(np.percentile(ms, 50)), 3),
        "p99_ms": round(float(np.percentile(ms, 99)), 3),
    }


def _timed(fn, inputs) -> list[float]:
    times = []
    for item in inputs:
        t0 = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - t0)
    return times


def _typed_names(rec: Recommender, rng, count: int) -> tuple[list[str], np.ndarray]:
    """Names as people type them (lower-case title, a third with the artist, a third with one
    letter dropped), and the rows they were made from."""
    titles = rec.catalog["title_key"]
    typeable = np.flatnonzero(titles.str.len().to_numpy() >= 3)  # a name one can type
    rows = rng.choice(typeable, min(count, len(typeable)), replace=False)
    names = []
    for i, row in enumerate(rows):
        text = str(rec.catalog.at[row, "name"]).lower()
        if i % 3 == 1:
            text += " " + str(rec.catalog.at[row, "artist"]).lower()
        if i % 3 == 2 and len(text) > 4:
            cut = int(rng.integers(1, len(text) - 1))
            text = text[:cut] + text[cut + 1 :]  # drop one letter
        names.append(text)
    return names, rows


def _resolve_or_miss(rec: Recommender, name: str) -> None:
    with contextlib.suppress(SongNotFoundError):
        rec.resolve(name)


def _similar_or_miss(rec: Recommender, name: str, genre: str | None = None) -> None:
    with contextlib.suppress(SongNotFoundError):  # counted by `resolved_as_intended`
        rec.similar(name, k=10, genre=genre)


def resolved_as_intended(rec: Recommender, names: list[str], rows: np.ndarray) -> dict:
    """Share of typed names that resolve to the song they were typed from. A bare title can
    only name the title ("Perfect" is Ed Sheeran's, the more popular), so for those any song
    of that title counts. `ambiguous`: the share that went to another title at least as few
    edits from what was typed as the intended one (no resolver could tell them apart)."""
    cat = rec.catalog
    hits = ambiguous = 0
    for i, (name, row) in enumerate(zip(names, rows, strict=True)):
        with_artist = i % 3 == 1
        try:
            got = rec.tracks.row_of[rec.resolve(name).track.track_id]
        except SongNotFoundError:
            continue
        if with_artist:
            hits += cat.at[got, "song_key"] == cat.at[row, "song_key"]
            continue
        if cat.at[got, "title_key"] == cat.at[row, "title_key"]:
            hits += 1
            continue
        typed = normalize(name)
        near = (
            OSA.distance(typed, cat.at[got, "name_key"]),
            OSA.distance(typed, cat.at[got, "title_key"]),
        )
        ambiguous += min(near) <= OSA.distance(typed, cat.at[row, "name_key"])
    return {
        "right": round(hits / max(len(names), 1), 4),
        "ambiguous": round(ambiguous / max(len(names), 1), 4),
    }


def measure(rec: Recommender, queries: int, seed: int = 1) -> dict:
    rng = np.random.default_rng(seed)
    names, rows = _typed_names(rec, rng, min(queries, rec.size))
    keystrokes = [
        n[:i] for n in names[: max(queries // 10, 10)] for i in range(1, min(len(n), 24) + 1)
    ]
    genres = rec.genre_names()
    out: dict = {"tracks": rec.size}
    for name in names[:20]:  # warm caches and the memory map, as a running bot would be
        _similar_or_miss(rec, name)
    out["resolved_as_intended"] = resolved_as_intended(rec, names, rows)
    out["autocomplete"] = _stats(_timed(rec.autocomplete, keystrokes))
    catalog = rec.catalog
    keys = [f"{n} {a}" for n, a in zip(catalog["name_key"], catalog["artists_key"], strict=True)]
    naive_n = max(10, min(len(keystrokes), 2_000_000 // max(rec.size, 1)))
    out["autocomplete_naive_scan"] = _stats(
        _timed(lambda q: scan_all(q, keys), keystrokes[:naive_n])
    )
    out["resolve"] = _stats(_timed(lambda q: _resolve_or_miss(rec, q), names))
    out["resolve_naive_scan"] = _stats(_timed(lambda q: scan_all(q, keys, 1), names[:naive_n]))
    out["similar"] = _stats(_timed(lambda q: _similar_or_miss(rec, q), names))
    with_genre = [(n, genres[i % len(genres)]) for i, n in enumerate(names)]
    out["similar_with_genre"] = _stats(_timed(lambda p: _similar_or_miss(rec, *p), with_genre))
    out["similar_genre_only"] = _stats(
        _timed(
            lambda g: rec.similar(genre=g, k=10),
            [genres[i % len(genres)] for i in range(len(names))],
        )
    )
    # The ANNOY query alone against exact search over the same vectors, same seeds.
    vectors = np.asarray(rec.vectors)
    seeds = rng.choice(rec.size, min(queries, rec.size), replace=False)
    fetch = 40
    out["ann_query"] = _stats(
        _timed(lambda s: rec.forest.nearest(vectors[s], fetch, "careful"), seeds)
    )
    exact_n = max(20, min(len(seeds), 20_000_000 // max(rec.size, 1)))
    out["exact_query"] = _stats(
        _timed(lambda s: exact_neighbours(vectors, vectors[s : s + 1], fetch), seeds[:exact_n])
    )
    out["ann_speedup_p50"] = round(out["exact_query"]["p50_ms"] / out["ann_query"]["p50_ms"], 1)
    for op in ("autocomplete", "resolve"):
        out[f"{op}_speedup_p50"] = round(out[f"{op}_naive_scan"]["p50_ms"] / out[op]["p50_ms"], 1)
    return out


def _load_time(directory: Path, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        Recommender.load(directory)
        times.append(time.perf_counter() - t0)
    return round(min(times), 3)


def run_bench(rec: Recommender, queries: int = 500, tracks: int = 0, progress=None) -> dict:
    report = {
        "catalog": {
            "name": rec.source_name,
            "load_s": _load_time(rec.index.directory),
            **measure(rec, queries),
        }
    }
    if tracks:
        generated = scaled_catalog(rec.catalog, tracks)
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            kwargs = {"progress": progress} if progress else {}
            build_index(generated, Path(tmp), source={"name": f"generated-{tracks}"}, **kwargs)
            build_s = time.perf_counter() - t0
            del generated
            load_s = _load_time(Path(tmp), repeats=1)
            big = Recommender.load(tmp)
            report["generated"] = {
                "name": f"generated {tracks:,} tracks",
                "build_s": round(build_s, 1),
                "load_s": load_s,
                **measure(big, min(queries, 300)),
            }
    return report


def format_bench(report: dict) -> str:
    lines = []
    for part in report.values():
        lines.append(
            f"{part['name']}: {part['tracks']:,} tracks"
            + (f", build {part['build_s']} s" if "build_s" in part else "")
            + f", load {part['load_s']} s"
        )
        lines.append(f"  {'operation':<28}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}")
        for key in (
            "autocomplete",
            "autocomplete_naive_scan",
            "resolve",
            "resolve_naive_scan",
            "similar",
            "similar_with_genre",
            "similar_genre_only",
            "ann_query",
            "exact_query",
        ):
            s = part[key]
            lines.append(f"  {key:<28}{s['n']:>6}{s['p50_ms']:>10.3f}{s['p99_ms']:>10.3f}")
        lines.append(
            f"  ANNOY vs exact (p50): {part['ann_speedup_p50']}x faster; "
            f"autocomplete / resolve vs full rapidfuzz scan (p50): "
            f"{part['autocomplete_speedup_p50']}x / {part['resolve_speedup_p50']}x faster"
        )
        named = part["resolved_as_intended"]
        lines.append(
            "  typed names (a third with a typo, a third with the artist) resolved to the "
            f"intended song: {named['right']:.1%}; to another title as close to what was "
            f"typed: {named['ambiguous']:.1%}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.recommender", description=__doc__)
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    parser.add_argument(
        "--tracks", type=int, default=0, help="also bench a generated catalog of this many tracks"
    )
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rec = open_or_build(args.index_dir, progress=ProgressBar())
    report = run_bench(rec, queries=args.queries, tracks=args.tracks, progress=ProgressBar())
    print(json.dumps(report, indent=2) if args.json else format_bench(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Nearest-neighbour search on the index's own vectors: genre-filtered candidates as the
engine finds them (a genre's rows and cells, `ranking.candidates`) against exact filtered
search and against a forest of the genre's own (how indexes were built before), and annoy
against faiss's HNSW (bytes per vector, build time, recall@10 vs exact, p50/p99, filtered
queries); first, the index's own forest's recall@10 against exact search. Prints JSON; asserts nothing. faiss is not a dependency: `.venv/bin/uv pip install
--python .venv/bin/python faiss-cpu` to include it (without it, annoy alone; `make setup`
removes it again).

    python -m benchmarks.ann [--index-dir DIR] [--queries 300] [--skip-backends] [--skip-filtered]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from recommender import Recommender
from recommender.ann import annoy_index
from recommender.evaluation.lists import exact_neighbours
from recommender.ranking.candidates import Candidates, Scope
from recommender.store import Forest
from recommender.store.opening import DEFAULT_INDEX_DIR

from .recommender import _stats

FETCH = 40  # what a list of 10 asks the index for (3 × 10 + 10 spares for the filters)
RECALL_AT = 10


def _timed(fn: Callable[[Any], Any], inputs) -> tuple[list[float], list[np.ndarray]]:
    times, out = [], []
    for item in inputs:
        t0 = time.perf_counter()
        rows = fn(item)
        times.append(time.perf_counter() - t0)
        out.append(np.asarray(rows))
    return times, out


def _recall(found: list[np.ndarray], truth: list[np.ndarray], at: int = RECALL_AT) -> float:
    hits = [
        len(set(f[:at].tolist()) & set(t[:at].tolist())) / max(min(at, len(t)), 1)
        for f, t in zip(found, truth, strict=True)
    ]
    return round(float(np.mean(hits)), 4)


# -- genre-filtered lists ----------------------------------------------------------------


def _scopes(rec: Recommender) -> list[tuple[str, str, Scope]]:
    return [
        (column, name, rec.genre_scope(column, name))
        for column, parts in rec.index.partitions.items()
        for name in parts
    ]


def filtered(rec: Recommender, queries: int, seed: int = 1) -> dict:
    """Each genre and subgenre with random seeds (most outside the genre: the hard case) and
    with seeds inside it, through `Candidates`, exact filtered search and the genre's own
    forest (built here, for the largest genre and subgenre only: building all would take as
    long as the index)."""
    rng = np.random.default_rng(seed)
    vectors = np.asarray(rec.vectors)
    found = Candidates(rec.forest, rec.vectors)
    scopes = _scopes(rec)
    out: dict = {}
    for column in ("genres", "subgenres"):
        mine = [(name, scope) for c, name, scope in scopes if c == column]
        if not mine:
            continue
        per = max(queries // len(mine), 4)
        pairs = []
        for _, scope in mine:
            outside = rng.integers(0, len(vectors), per // 2)
            inside = np.asarray(scope.rows)[rng.integers(0, len(scope), per - per // 2)]
            pairs += [(scope, int(s)) for s in np.concatenate([outside, inside])]
        times, got = _timed(
            lambda p: found.nearest(vectors[p[1]], FETCH, "careful", p[0])[0], pairs
        )
        exact_times, truth = _timed(
            lambda p: found.exact(vectors[p[1]], FETCH, p[0].rows)[0], pairs
        )
        rows = [len(scope) for _, scope in mine]
        out[column] = {
            "count": len(mine),
            "rows_min_max": [min(rows), max(rows)],
            "recall_at_10": _recall(got, truth),
            "rows_and_cells": _stats(times),
            "exact_filtered": _stats(exact_times),
            **_own_forest(rec, max(mine, key=lambda m: len(m[1])), rng, per),
        }
    return out


def _own_forest(rec: Recommender, genre: tuple[str, Scope], rng, count: int) -> dict:
    """The largest genre through a forest of its own (the previous format's way)."""
    name, scope = genre
    vectors = np.asarray(rec.vectors)
    rows = np.asarray(scope.rows, dtype=np.int64)
    params = rec.manifest.ann_params
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "genre.ann"
        annoy_index.build(vectors[rows], path, params, rec.manifest.seed)
        own = Forest(annoy_index.open_forest(path, vectors.shape[1], params))
        seeds = rng.integers(0, len(vectors), count)
        times, got = _timed(lambda s: rows[own.nearest(vectors[s], FETCH, "careful")[0]], seeds)
        own.index.close()
    truth = [Candidates(rec.forest, rec.vectors).exact(vectors[s], FETCH, rows)[0] for s in seeds]
    return {
        "own_forest_genre": name,
        "own_forest": _stats(times),
        "own_forest_recall_at_10": _recall(got, truth),
    }


# -- backends ---------------------------------------------------------------------------


def _annoy(vectors: np.ndarray, tmp: Path, params: dict, seed: int):
    path = tmp / "main.ann"
    t0 = time.perf_counter()
    annoy_index.build(vectors, path, params, seed)
    build_s = time.perf_counter() - t0
    forest = annoy_index.open_forest(path, vectors.shape[1], params)
    return build_s, path.stat().st_size, lambda q, k: forest.nearest(q, k, "careful")[0]


def _faiss() -> Any:
    """faiss, when installed (its stubs are not typed well enough to check against)."""
    try:
        return importlib.import_module("faiss")
    except ImportError:
        return None


def _faiss_hnsw(vectors: np.ndarray, tmp: Path, m: int, ef_search: int):
    faiss = _faiss()
    faiss.omp_set_num_threads(1)  # one query at a time, as the bot asks
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    index = faiss.IndexHNSWFlat(data.shape[1], m)
    index.hnsw.efConstruction = 40
    t0 = time.perf_counter()
    faiss.omp_set_num_threads(1)
    index.add(data)
    build_s = time.perf_counter() - t0
    path = tmp / "hnsw.faiss"
    faiss.write_index(index, str(path))
    index.hnsw.efSearch = ef_search

    def nearest(q: np.ndarray, k: int) -> np.ndarray:
        _, found = index.search(np.asarray(q, dtype=np.float32)[None, :], k)
        return found[0]

    return build_s, path.stat().st_size, nearest, index


def forest(rec: Recommender, queries: int, seed: int = 3) -> dict:
    """The index's own forest, searched as a list of 10 searches it (FETCH candidates, the
    "careful" effort), against exact search over every vector: recall@10 at any size, with
    no second index built (exact search 16 queries at a time, to bound its memory at 10M)."""
    rng = np.random.default_rng(seed)
    vectors = np.asarray(rec.vectors, dtype=np.float32)
    seeds = rng.choice(len(vectors), min(queries, len(vectors)), replace=False)
    truth = [
        row
        for start in range(0, len(seeds), 16)
        for row in exact_neighbours(vectors, vectors[seeds[start : start + 16]], RECALL_AT)[0]
    ]
    times, got = _timed(lambda s: rec.index.main.nearest(vectors[s], FETCH)[0], seeds)
    return {"recall_at_10": _recall(got, truth), "query": _stats(times)}


def backends(rec: Recommender, queries: int, seed: int = 2) -> dict:
    rng = np.random.default_rng(seed)
    vectors = np.asarray(rec.vectors, dtype=np.float32)
    seeds = rng.choice(len(vectors), min(queries, len(vectors)), replace=False)
    truth_rows, _ = exact_neighbours(vectors, vectors[seeds], RECALL_AT)
    truth = list(truth_rows)
    exact_times, _ = _timed(
        lambda s: exact_neighbours(vectors, vectors[s : s + 1], RECALL_AT)[0][0], seeds[:50]
    )
    out: dict = {
        "vectors": len(vectors),
        "dimension": vectors.shape[1],
        "exact": _stats(exact_times),
    }
    with tempfile.TemporaryDirectory() as tmp:
        build_s, size, nearest = _annoy(
            vectors, Path(tmp), dict(rec.manifest.ann_params), rec.manifest.seed
        )
        times, got = _timed(lambda s: nearest(vectors[s], FETCH), seeds)
        out["annoy"] = {
            "params": rec.manifest.ann_params,
            "build_s": round(build_s, 1),
            "bytes_per_vector": round(size / len(vectors), 1),
            "recall_at_10": _recall(got, truth),
            "query": _stats(times),
            "filtered": "no (genres: rows and cells, ranking.candidates)",
        }
        if _faiss() is None:
            out["faiss"] = "not installed (uv pip install faiss-cpu)"
            return out
        for m, ef in ((16, FETCH), (32, FETCH)):
            build_s, size, nearest, index = _faiss_hnsw(vectors, Path(tmp), m, ef)
            times, got = _timed(lambda s, near=nearest: near(vectors[s], FETCH), seeds)
            out[f"faiss_hnsw_m{m}"] = {
                "params": {"M": m, "efConstruction": 40, "efSearch": ef},
                "build_s": round(build_s, 1),
                "bytes_per_vector": round(size / len(vectors), 1),
                "recall_at_10": _recall(got, truth),
                "query": _stats(times),
                **_faiss_filtered(rec, index, vectors, rng, queries, ef),
            }
            del index
    return out


def _faiss_filtered(rec: Recommender, index, vectors, rng, queries: int, ef: int) -> dict:
    """faiss's own filtered search (a bitmap of the genre's rows checked while searching)
    on the largest subgenre, against exact filtered search."""
    faiss = _faiss()

    scopes = [s for c, _, s in _scopes(rec) if c == "subgenres"] or [s for _, _, s in _scopes(rec)]
    if not scopes:
        return {}
    scope = max(scopes, key=len)
    bits = np.zeros(len(vectors), dtype=bool)
    bits[np.asarray(scope.rows)] = True
    selector = faiss.IDSelectorBitmap(np.packbits(bits, bitorder="little"))
    seeds = rng.integers(0, len(vectors), queries)
    exact = Candidates(rec.forest, rec.vectors)
    truth = [exact.exact(vectors[s], FETCH, scope.rows)[0] for s in seeds]
    out: dict = {"filtered_subgenre_rows": len(scope)}
    for ef_search in (max(ef, FETCH), 4 * max(ef, FETCH), 16 * max(ef, FETCH)):
        params = faiss.SearchParametersHNSW(sel=selector, efSearch=ef_search)

        def nearest(s: int, params=params) -> np.ndarray:
            _, found = index.search(vectors[s][None, :], FETCH, params=params)
            return found[0]

        times, got = _timed(nearest, seeds)
        out[f"filtered_ef{ef_search}"] = {**_stats(times), "recall_at_10": _recall(got, truth)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ann", description=__doc__)
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--skip-backends", action="store_true")
    parser.add_argument("--skip-filtered", action="store_true")
    args = parser.parse_args(argv)
    rec = Recommender.load(args.index_dir, verify=False)
    report: dict = {"tracks": rec.size, "load": os.fspath(args.index_dir)}
    report["forest"] = forest(rec, args.queries)
    if not args.skip_filtered:
        report["filtered"] = filtered(rec, args.queries)
    if not args.skip_backends:
        report["backends"] = backends(rec, args.queries)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How good are the recommendations? Measured against exact search and simple baselines.

co-playlist precision@10: the share of recommendations that share a human-curated playlist
with the seed (TidyTuesday catalogs carry playlist ids; others report n/a).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from .engine import Recommender
from .features import AUDIO_FEATURES, FeatureSpace
from .index import VectorIndex, build_annoy
from .neighbours import SEARCH_K_PER_RESULT, Filters
from .schema import split_list

K = 10
POOL = 200  # exact neighbours kept per seed; the filters rarely need more than 40


def exact_neighbours(
    vectors: np.ndarray, queries: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Brute-force nearest rows (and distances) for each query vector, nearest first."""
    data = np.asarray(vectors, dtype=np.float32)
    norms = np.einsum("ij,ij->i", data, data)
    rows, dists = [], []
    for start in range(0, len(queries), 256):
        q = np.asarray(queries[start : start + 256], dtype=np.float32)
        d2 = norms[None, :] - 2.0 * q @ data.T + np.einsum("ij,ij->i", q, q)[:, None]
        top = np.argpartition(d2, min(n, len(data) - 1), axis=1)[:, :n]
        order = np.take_along_axis(d2, top, axis=1).argsort(axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        rows.append(top)
        dists.append(np.sqrt(np.maximum(np.take_along_axis(d2, top, axis=1), 0)))
    return np.vstack(rows), np.vstack(dists)


class Judge:
    """Scores lists of recommended rows for a set of seed rows."""

    def __init__(self, rec: Recommender, seeds: np.ndarray) -> None:
        cat = rec.catalog
        self.seeds = seeds
        self.playlists = [frozenset(split_list(p)) for p in cat["playlists"]]
        self.genres = [frozenset(split_list(g)) for g in cat["genres"]]
        self.song_keys = cat["song_key"].tolist()
        self.artists = cat["artist_key"].tolist()
        self.has_playlists = any(self.playlists)

    def score(self, lists: list[list[int]]) -> dict:
        co = ge = dup = 0.0
        worst_artist = 0
        for seed, rows in zip(self.seeds, lists, strict=True):
            rows = rows[:K]
            if not rows:
                continue
            co += sum(bool(self.playlists[r] & self.playlists[seed]) for r in rows) / K
            ge += sum(bool(self.genres[r] & self.genres[seed]) for r in rows) / K
            keys = [self.song_keys[r] for r in rows]
            dup += self.song_keys[seed] in keys or len(set(keys)) < len(keys)
            counts: dict[str, int] = {}
            for r in rows:
                counts[self.artists[r]] = counts.get(self.artists[r], 0) + 1
            worst_artist = max(worst_artist, max(counts.values()))
        n = len(self.seeds)
        return {
            "coplaylist_precision_at_10": round(co / n, 4) if self.has_playlists else None,
            "genre_precision_at_10": round(ge / n, 4),
            "self_duplicate_rate": round(dup / n, 4),
            "max_per_artist": worst_artist,
        }


def _ours(rec: Recommender, seeds: np.ndarray) -> list[list[int]]:
    ids = rec.catalog["track_id"]
    out = []
    for seed in seeds:
        result = rec.similar(ids[seed], k=K)
        out.append([rec.tracks.row_of[r.track.track_id] for r in result.items])
    return out


def _filtered_exact(rec: Recommender, vectors: np.ndarray, seeds: np.ndarray) -> list[list[int]]:
    rows, dists = exact_neighbours(vectors, vectors[seeds], POOL)
    songs = rec.tracks.song_keys
    return [
        [
            r
            for r, _ in rec.neighbours.select(
                rows[i], dists[i], K, Filters(cap=2, skip_rows={int(s)}, skip_songs={songs[s]})
            )
        ]
        for i, s in enumerate(seeds)
    ]


def _naive(rec: Recommender, seeds: np.ndarray, seed: int) -> tuple[list[list[int]], float]:
    """The textbook version: one ANNOY index over playlist rows, 10 trees, default search."""
    cat = rec.catalog
    copies = np.array([max(1, len(split_list(p))) for p in cat["playlists"]])
    row_of_item = np.repeat(np.arange(len(cat)), copies)  # a track once per playlist row
    raw = FeatureSpace(weights={f: 1.0 for f in AUDIO_FEATURES}, extras=())
    vectors = raw.fit_transform(cat.iloc[row_of_item])
    first_item = np.concatenate([[0], np.cumsum(copies)[:-1]])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "naive.ann"
        build_annoy(vectors, path, n_trees=10, seed=seed)
        index = VectorIndex(path, vectors.shape[1], 10)
        lists, with_self = [], 0
        for s in seeds:
            items, _ = index.nearest(vectors[first_item[s]], K + 1)
            rows = [int(row_of_item[i]) for i in items if i != first_item[s]][:K]
            with_self += s in rows
            distinct = list(
                dict.fromkeys(
                    r
                    for r in row_of_item[index.nearest(vectors[first_item[s]], 4 * K)[0]]
                    if r != s
                )
            )
            lists.append([int(r) for r in distinct[:K]])
        index.close()
    return lists, with_self / len(seeds)


def recall_sweep(rec: Recommender, seeds: np.ndarray, factors=(5, 10, 25, 50, 100, 200)) -> list:
    """recall@10 of ANNOY against exact search, and its latency, per search_k setting.

    Ties count: catalogs list one recording under several ids with identical features, and
    any of them is as near as any other, so a result no farther than the exact 10th
    neighbour is a hit (distances recomputed in float64)."""
    vectors = np.asarray(rec.vectors)
    pool, _ = exact_neighbours(vectors, vectors[seeds], 4 * K)

    def distances(seed: int, rows) -> np.ndarray:
        diff = vectors[list(rows)].astype(np.float64) - vectors[seed].astype(np.float64)
        return np.sqrt(np.einsum("ij,ij->i", diff, diff))

    tenth = [
        np.sort(distances(s, [x for x in pool[i] if x != s]))[K - 1] for i, s in enumerate(seeds)
    ]
    fetch = 3 * K + 10  # what `similar` asks for before filtering
    out = []
    for factor in factors:
        hits, times = 0, []
        for i, s in enumerate(seeds):
            t0 = time.perf_counter()
            items, _ = rec.index.main.index.nearest(vectors[s], fetch, search_k=factor * fetch)
            times.append(time.perf_counter() - t0)
            found = [x for x in items if x != s][:K]
            hits += int(np.sum(distances(s, found) <= tenth[i] + 1e-9)) if found else 0
        out.append(
            {
                "search_k_per_result": factor,
                "search_k": factor * fetch,
                "recall_at_10": round(hits / (K * len(seeds)), 4),
                "p50_ms": round(1000 * float(np.percentile(times, 50)), 3),
                "p99_ms": round(1000 * float(np.percentile(times, 99)), 3),
            }
        )
    return out


ABLATION = {
    "11 audio features, equal weights": FeatureSpace(
        weights={f: 1.0 for f in AUDIO_FEATURES}, extras=()
    ),
    "+ key/mode weight 0.3": FeatureSpace(
        extras=(), weights={f: 1.0 for f in AUDIO_FEATURES} | {"key": 0.3, "mode": 0.3}
    ),
    "+ circular key": FeatureSpace(
        extras=("key_circular",), weights={f: 1.0 for f in AUDIO_FEATURES}
    ),
    "+ release year": FeatureSpace(
        extras=("year",), weights={f: 1.0 for f in AUDIO_FEATURES} | {"year": 1.0}
    ),
    "+ popularity": FeatureSpace(
        extras=("popularity",), weights={f: 1.0 for f in AUDIO_FEATURES} | {"popularity": 1.0}
    ),
    "+ year + popularity": FeatureSpace(
        extras=("year", "popularity"),
        weights={f: 1.0 for f in AUDIO_FEATURES} | {"year": 1.0, "popularity": 1.0},
    ),
    "default (year 1.5, popularity 1, speechiness 1.5, key/mode 0.3)": FeatureSpace(),
}


def evaluate(rec: Recommender, seeds: int = 2000, ablation: bool = False, seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    picked = np.sort(rng.choice(rec.size, size=min(seeds, rec.size), replace=False))
    judge = Judge(rec, picked)
    started = time.perf_counter()
    systems = {"soundalike (ANNOY)": judge.score(_ours(rec, picked))}
    systems["soundalike (exact search)"] = judge.score(
        _filtered_exact(rec, np.asarray(rec.vectors), picked)
    )
    naive_lists, naive_self = _naive(rec, picked, seed)
    systems["naive ANNOY, self-duplicates removed"] = judge.score(naive_lists)
    systems["naive ANNOY, self-duplicates removed"]["raw_lists_containing_seed"] = round(
        naive_self, 4
    )
    random_lists = [
        [int(x) for x in rng.choice(rec.size, K + 1, replace=False) if x != s][:K] for s in picked
    ]
    systems["random"] = judge.score(random_lists)
    sweep = recall_sweep(rec, picked[:1000])
    chosen = next(r for r in sweep if r["search_k_per_result"] == SEARCH_K_PER_RESULT)
    report = {
        "catalog": rec.source_name,
        "tracks": rec.size,
        "seeds": len(picked),
        "n_trees": rec.index.manifest.n_trees,
        "recall_at_10": chosen["recall_at_10"],
        "recall_sweep": sweep,
        "systems": systems,
    }
    if ablation:
        rows = []
        for name, space in ABLATION.items():
            vectors = space.fit_transform(rec.catalog)
            rows.append({"features": name, **judge.score(_filtered_exact(rec, vectors, picked))})
        report["ablation"] = rows
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def format_report(report: dict) -> str:
    lines = [
        f"Evaluation on {report['catalog']}: {report['tracks']:,} tracks, "
        f"{report['seeds']:,} seeds, {report['n_trees']} trees ({report['seconds']}s)",
        "",
        f"recall@10 vs exact search (as `similar` queries): {report['recall_at_10']:.4f}",
        "",
        "search_k/result  search_k  recall@10  p50 ms  p99 ms",
    ]
    for r in report["recall_sweep"]:
        lines.append(
            f"{r['search_k_per_result']:>15}  {r['search_k']:>8}  {r['recall_at_10']:>9.4f}"
            f"  {r['p50_ms']:>6.3f}  {r['p99_ms']:>6.3f}"
        )
    lines += ["", _table("system", report["systems"].items())]
    naive = report["systems"]["naive ANNOY, self-duplicates removed"]
    lines.append(
        f"(naive lists that contain the seed track itself before removal: "
        f"{naive['raw_lists_containing_seed']:.1%})"
    )
    if "ablation" in report:
        lines += [
            "",
            "Feature sets (exact search, same filters):",
            _table("features", [(r["features"], r) for r in report["ablation"]]),
        ]
    return "\n".join(lines)


def _table(title: str, rows) -> str:
    def fmt(v):
        return "n/a" if v is None else (f"{v:.4f}" if isinstance(v, float) else str(v))

    rows = list(rows)
    width = max(len(title), *(len(name) for name, _ in rows))
    out = [f"{title:<{width}}  coplaylist@10  genre@10  self-dup  max/artist"]
    for name, m in rows:
        out.append(
            f"{name:<{width}}  {fmt(m['coplaylist_precision_at_10']):>13}  "
            f"{fmt(m['genre_precision_at_10']):>8}  {fmt(m['self_duplicate_rate']):>8}  "
            f"{m['max_per_artist']:>10}"
        )
    return "\n".join(out)

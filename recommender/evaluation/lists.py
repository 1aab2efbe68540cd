"""How good are the recommendations? Measured against exact search and simple baselines.

co-playlist precision@10: the share of recommendations that share a human-curated playlist
with the seed (TidyTuesday catalogs carry playlist ids; others report n/a).

The shipped index learns its playlist scene from every playlist, so judging it by those same
playlists flatters it. The held-out figures split the playlists in two with a fixed seed, fit
the scene on the training half only, and count a hit only when the pair shares a test-half
playlist; seeds are tracks in at least one test playlist.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Collection, Sequence
from pathlib import Path

import numpy as np

from recommender import ann
from recommender.ann.annoy_index import NODES_PER_RESULT
from recommender.catalog.features import AUDIO_FEATURES, FeatureSpace
from recommender.catalog.scene import (
    ALBUM_PREFIX,
    SceneEmbedding,
    fit_scene,
    lists_of,
    playlist_ids,
)
from recommender.catalog.schema import split_list
from recommender.engine import Recommender
from recommender.ranking.neighbours import Filters
from recommender.ranking.pipeline import Aim
from recommender.ranking.scene import POOL as RERANK_POOL
from recommender.store.progress import Progress, Stages, quiet

K = 10
POOL = 200  # exact neighbours kept per seed; the filters rarely need more than 40
SPLIT_SEED = 7  # the playlist split; fixed so every run judges on the same test half
AUDIO_TOP = 50  # "still sounds alike": a pick within the pure-audio top 50
# Row names of the held-out table.
PURE_AUDIO = "pure-audio default"
DEFAULT = f"default (scene re-ranks audio top {RERANK_POOL})"
SAME_SCENE = "same scene"
EQUAL_WEIGHTS = "equal-weight audio (exact)"
AUDIO_ONLY = "soundalike, audio only (no scene)"


def random_lists(rec: Recommender, seeds: np.ndarray, rng: np.random.Generator) -> list:
    """The random baseline: K catalog rows per seed, never the seed (draws from `rng`)."""
    return [
        [int(x) for x in rng.choice(rec.size, K + 1, replace=False) if x != s][:K] for s in seeds
    ]


def _seed_filters(songs: Sequence[str], seed: int, skip_ids: Collection[str] = ()) -> Filters:
    """What a list for `seed` may not hold, as `similar` filters it: the seed, its versions
    (and, for a restricted list, the tracks in `skip_ids`)."""
    return Filters(cap=2, skip_rows={int(seed)}, skip_songs={songs[seed]}, skip_track_ids=skip_ids)


def split_playlists(catalog, seed: int = SPLIT_SEED) -> tuple[set[str], set[str]]:
    """(train, test) halves of the catalog's playlists, drawn with a fixed seed."""
    ids = playlist_ids(catalog)
    order = np.random.default_rng(seed).permutation(len(ids))
    half = len(ids) // 2
    return {ids[i] for i in order[:half]}, {ids[i] for i in order[half:]}


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

    def __init__(self, rec: Recommender, seeds: np.ndarray, playlists=None) -> None:
        """`playlists`: the ones a shared membership counts for (default: all)."""
        cat = rec.catalog
        self.seeds = seeds
        self.playlists = [
            frozenset(p for p in split_list(v) if playlists is None or p in playlists)
            for v in cat["playlists"]
        ]
        self.genres = [frozenset(split_list(g)) for g in cat["genres"]]
        self.song_keys = cat["song_key"].tolist()
        self.artists = cat["artist_key"].tolist()
        self.has_playlists = any(self.playlists)

    def score(self, lists: list[list[int]]) -> dict:
        co = ge = dup = 0.0
        worst_artist = 0
        per_seed = []
        for seed, rows in zip(self.seeds, lists, strict=True):
            rows = rows[:K]
            if not rows:
                per_seed.append(0.0)
                continue
            per_seed.append(sum(bool(self.playlists[r] & self.playlists[seed]) for r in rows) / K)
            co += per_seed[-1]
            ge += sum(bool(self.genres[r] & self.genres[seed]) for r in rows) / K
            keys = [self.song_keys[r] for r in rows]
            dup += self.song_keys[seed] in keys or len(set(keys)) < len(keys)
            counts: dict[str, int] = {}
            for r in rows:
                counts[self.artists[r]] = counts.get(self.artists[r], 0) + 1
            worst_artist = max(worst_artist, max(counts.values()))
        n = len(self.seeds)
        # One standard error of the mean: two figures closer than ~2 of these are noise.
        spread = float(np.std(per_seed, ddof=1) / np.sqrt(n)) if n > 1 else 0.0
        return {
            "coplaylist_precision_at_10": round(co / n, 4) if self.has_playlists else None,
            "coplaylist_standard_error": round(spread, 4) if self.has_playlists else None,
            "genre_precision_at_10": round(ge / n, 4),
            "self_duplicate_rate": round(dup / n, 4),
            "max_per_artist": worst_artist,
        }


def ours(rec: Recommender, seeds: np.ndarray) -> list[list[int]]:
    ids = rec.catalog["track_id"].tolist()
    out = []
    for seed in seeds:
        result = rec.similar(ids[int(seed)], k=K)
        out.append([rec.tracks.row_of[r.track.track_id] for r in result.items])
    return out


def _filtered_exact(rec: Recommender, vectors: np.ndarray, seeds: np.ndarray) -> list[list[int]]:
    rows, dists = exact_neighbours(vectors, vectors[seeds], POOL)
    songs = rec.tracks.song_keys
    return [
        [r for r, _ in rec.neighbours.select(rows[i], dists[i], K, _seed_filters(songs, s))]
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
        annoy = ann.backend("annoy")
        annoy.build(vectors, path, annoy.TEXTBOOK, seed)
        index = annoy.open_forest(path, vectors.shape[1], annoy.TEXTBOOK)
        lists, with_self = [], 0
        for s in seeds:
            items, _ = index.nearest(vectors[first_item[s]], K + 1, annoy.TEXTBOOK_EFFORT)
            rows = [int(row_of_item[i]) for i in items if i != first_item[s]][:K]
            with_self += s in rows
            distinct = list(
                dict.fromkeys(
                    r
                    for r in row_of_item[
                        index.nearest(vectors[first_item[s]], 4 * K, annoy.TEXTBOOK_EFFORT)[0]
                    ]
                    if r != s
                )
            )
            lists.append([int(r) for r in distinct[:K]])
        index.close()
    return lists, with_self / len(seeds)


def ranked_lists(
    rec: Recommender,
    seeds: np.ndarray,
    scene: SceneEmbedding | None,
    same_scene: bool = False,
    skip_ids: Collection[str] = (),
    **choices,
) -> list[list[int]]:
    """Lists as `similar` ranks them (unfiltered by genre), with the given scene and
    pipeline knobs (pool, scene_weight); never a track in `skip_ids`."""
    pipeline = rec.pipeline.variant(scene, **choices)
    songs = rec.tracks.song_keys
    out = []
    for s in seeds:
        target = np.asarray(rec.vectors[s], dtype=np.float32)
        filters = _seed_filters(songs, s, skip_ids)
        picks = pipeline.rank(rec.forest, Aim(target, None, int(s), same_scene), K, filters)
        out.append([p.row for p in picks])
    return out


def audio_share(lists: list[list[int]], audio_top: list[list[int]]) -> float:
    """Share of picks that are among the seed's pure-audio top `AUDIO_TOP`."""
    picks = sum(len(rows[:K]) for rows in lists) or 1
    return round(
        sum(len(set(r[:K]) & set(a)) for r, a in zip(lists, audio_top, strict=True)) / picks, 4
    )


def _seeds_in(rec: Recommender, playlists: set[str], n: int, rng) -> np.ndarray:
    """Up to `n` seed rows, each in at least one of `playlists`."""
    rows = np.flatnonzero([bool(set(split_list(v)) & playlists) for v in rec.catalog["playlists"]])
    return np.sort(rng.choice(rows, size=min(n, len(rows)), replace=False))


def _audio_top(rec: Recommender, seeds: np.ndarray) -> list[list[int]]:
    """Each seed's pure-audio top `AUDIO_TOP`, through the usual filters."""
    songs, audio = rec.tracks.song_keys, rec.pipeline.variant(None)
    return [
        [
            p.row
            for p in audio.rank(rec.forest, Aim(rec.vectors[s]), AUDIO_TOP, _seed_filters(songs, s))
        ]
        for s in seeds
    ]


def tune_ranking(rec: Recommender, n_seeds: int, seed: int) -> list[dict]:
    """How the re-ranking's pool and scene weight were chosen, without the test half: the
    training playlists split again, the scene fitted on one part, judged on the other."""
    train, _ = split_playlists(rec.catalog)
    inner = sorted(train)
    order = np.random.default_rng(seed + 4).permutation(len(inner))
    fit_on = {inner[i] for i in order[: len(inner) // 2]}
    judge_on = set(inner) - fit_on
    seeds = _seeds_in(rec, judge_on, n_seeds, np.random.default_rng(seed))
    column, seen = training_lists(rec, fit_on)
    scene = fit_scene(rec.catalog, np.asarray(rec.vectors), seen, column=column)
    judge, top = Judge(rec, seeds, judge_on), _audio_top(rec, seeds)
    rows = []
    for pool in (100, 150, 200, 300):
        for weight in (0.4, 0.6, 0.8):
            picked = ranked_lists(rec, seeds, scene, pool=pool, scene_weight=weight)
            rows.append(
                {
                    "pool": pool,
                    "scene_weight": weight,
                    **judge.score(picked),
                    "in_audio_top_50": audio_share(picked, top),
                }
            )
    return rows


def training_lists(rec: Recommender, train: set[str]) -> tuple[str, set[str]]:
    """(scene column, the lists a held-out scene may learn from): the training playlists,
    plus every album when the index learns from playlists and albums together."""
    column = rec.scene.column if rec.scene is not None else "playlists"
    if column != "lists":
        return "playlists", train
    albums = {
        x for lists in lists_of(rec.catalog, "lists") for x in lists if x.startswith(ALBUM_PREFIX)
    }
    return column, train | albums


def playlist_source_ids(rec: Recommender) -> set[str] | None:
    """Track ids of the source that has playlists, when the index merges several sources
    (None when it has one): what "songs TidyTuesday knows" means."""
    sources = rec.manifest.source.get("sources") or []
    names = {entry["name"] for entry in sources if entry.get("with_playlists")}
    if len(sources) < 2 or not names:
        return None
    cat = rec.catalog
    known = [bool(names & set(split_list(v))) for v in cat["sources"]]
    return set(cat.loc[known, "track_id"].tolist())


RESTRICTED = "default, only songs the playlist source knows"


def held_out(rec: Recommender, n_seeds: int, seed: int, seed_ids: list[str] | None = None) -> dict:
    """Systems judged on test-half playlists, everything learned from the training half (and,
    for a merged catalog, albums), beside the same seeds judged on all playlists (where the
    shipped scene saw the answers). `seed_ids`: judge these tracks (another index's seeds)."""
    train, test = split_playlists(rec.catalog)
    rng = np.random.default_rng(seed)
    if seed_ids is None:
        seeds = _seeds_in(rec, test, n_seeds, rng)
    else:
        seeds = np.array([rec.tracks.row_of[t] for t in seed_ids], dtype=np.int64)
    started = time.perf_counter()
    column, lists_seen = training_lists(rec, train)
    scene = fit_scene(rec.catalog, np.asarray(rec.vectors), lists_seen, column=column)
    fit_seconds = round(time.perf_counter() - started, 1)
    on_test, on_all = Judge(rec, seeds, test), Judge(rec, seeds)
    equal = FeatureSpace(weights={f: 1.0 for f in AUDIO_FEATURES}, extras=())
    pure = ranked_lists(rec, seeds, None)
    top = _audio_top(rec, seeds)
    lists = {
        "random": random_lists(rec, seeds, rng),
        EQUAL_WEIGHTS: _filtered_exact(rec, equal.fit_transform(rec.catalog), seeds),
        PURE_AUDIO: pure,
        DEFAULT: ranked_lists(rec, seeds, scene),
        SAME_SCENE: ranked_lists(rec, seeds, scene, same_scene=True),
    }
    known = playlist_source_ids(rec)
    if known is not None:  # a song only another source knows can never share a playlist
        others = set(rec.catalog["track_id"].tolist()) - known
        lists[RESTRICTED] = ranked_lists(rec, seeds, scene, skip_ids=others)
    shipped = {  # the index's own scene, learned from every playlist
        DEFAULT: ranked_lists(rec, seeds, rec.scene),
        SAME_SCENE: ranked_lists(rec, seeds, rec.scene, same_scene=True),
    }
    rows = {}
    for name, picked in lists.items():
        rows[name] = {
            **on_test.score(picked),
            "all_playlists": on_all.score(shipped.get(name) or picked)[
                "coplaylist_precision_at_10"
            ],
            "in_audio_top_50": audio_share(picked, top),
        }
    return {
        "catalog": rec.source_name,
        "tracks": rec.size,
        "train_playlists": len(train),
        "test_playlists": len(test),
        "scene_lists": len(lists_seen),
        "seeds": len(seeds),
        "seed_ids": [rec.tracks.ids[int(s)] for s in seeds],
        "cold_rows": int((~scene.warm).sum()) if scene is not None else None,
        "fit_seconds": fit_seconds,
        "systems": rows,
    }


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
            items, _ = rec.forest.nearest(vectors[s], fetch, factor)
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


def evaluate(
    rec: Recommender,
    seeds: int = 2000,
    ablation: bool = False,
    seed: int = 7,
    progress: Progress = quiet,
) -> dict:
    """`progress` hears each stage as it begins (the CLI draws a bar on stderr)."""
    stage = Stages(progress, 8 + (2 if ablation else 0))
    stage("judge")
    rng = np.random.default_rng(seed)
    picked = np.sort(rng.choice(rec.size, size=min(seeds, rec.size), replace=False))
    judge = Judge(rec, picked)
    started = time.perf_counter()
    stage("ours")
    systems = {"soundalike (ANNOY)": judge.score(ours(rec, picked))}
    stage("audio")
    systems[AUDIO_ONLY] = judge.score(ranked_lists(rec, picked, None))
    stage("exact")
    systems["soundalike (exact search)"] = judge.score(
        _filtered_exact(rec, np.asarray(rec.vectors), picked)
    )
    stage("naive")
    naive_lists, naive_self = _naive(rec, picked, seed)
    systems["naive ANNOY, self-duplicates removed"] = judge.score(naive_lists)
    systems["naive ANNOY, self-duplicates removed"]["raw_lists_containing_seed"] = round(
        naive_self, 4
    )
    stage("random")
    systems["random"] = judge.score(random_lists(rec, picked, rng))
    stage("held-out")
    held = held_out(rec, seeds, seed) if judge.has_playlists else None
    stage("recall")
    sweep = recall_sweep(rec, picked[:1000])
    careful = NODES_PER_RESULT["careful"]
    chosen = next(r for r in sweep if r["search_k_per_result"] == careful)
    report = {
        "catalog": rec.source_name,
        "tracks": rec.size,
        "seeds": len(picked),
        "ann": dict(rec.manifest.ann),
        "recall_at_10": chosen["recall_at_10"],
        "recall_sweep": sweep,
        "systems": systems,
        "held_out": held,
    }
    if ablation:
        stage("ablation")
        rows = []
        for name, space in ABLATION.items():
            vectors = space.fit_transform(rec.catalog)
            rows.append({"features": name, **judge.score(_filtered_exact(rec, vectors, picked))})
        report["ablation"] = rows
        stage("ranking")
        if judge.has_playlists:
            report["ranking_choices"] = tune_ranking(rec, seeds, seed)
    report["seconds"] = round(time.perf_counter() - started, 1)
    stage.finish("lists")
    return report


def _forests(ann: dict) -> str:
    """ "annoy forests (n_trees 20, metric euclidean)" """
    params = ", ".join(f"{k} {v}" for k, v in ann.items() if k != "backend")
    return f"{ann['backend']} forests ({params})"


def format_report(report: dict) -> str:
    lines = [
        f"Evaluation on {report['catalog']}: {report['tracks']:,} tracks, "
        f"{report['seeds']:,} seeds, {_forests(report['ann'])} ({report['seconds']}s)",
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
    held = report.get("held_out")
    if held:
        lines += ["", *_held_out_lines(held)]
    naive = report["systems"]["naive ANNOY, self-duplicates removed"]
    lines.append(
        f"(naive lists that contain the seed track itself before removal: "
        f"{naive['raw_lists_containing_seed']:.1%})"
    )
    if report.get("held_out"):
        lines.append(
            "(judged on every playlist, which the shipped scene learned from: optimistic for "
            "soundalike (ANNOY); the held-out table below is the honest one)"
        )
    if report.get("held_out_alone"):
        lines += ["", "The playlist source's index alone, same seed tracks and split:"]
        lines += _held_out_lines(report["held_out_alone"])
    if report.get("label_sets"):
        lines += ["", "Genre precision@10 on each source's own labels (seeds that source labels):"]
        for title, m in report["label_sets"].items():
            lines.append(
                f"  {title}: {m['soundalike']:.4f} (random {m['random']:.4f}; "
                f"{m['seeds']:,} seeds, {m['labels']} labels)"
            )
    if "ablation" in report:
        lines += [
            "",
            "Feature sets (exact search, same filters):",
            _table("features", [(r["features"], r) for r in report["ablation"]]),
        ]
    if "ranking_choices" in report:
        lines += [
            "",
            "Re-ranking choices, training playlists only (scene fitted on half, judged on the rest):",
            "pool  scene weight  coplaylist@10  genre@10  in audio top 50",
        ]
        for r in report["ranking_choices"]:
            lines.append(
                f"{r['pool']:>4}  {r['scene_weight']:>12}  {r['coplaylist_precision_at_10']:>13.4f}"
                f"  {r['genre_precision_at_10']:>8.4f}  {r['in_audio_top_50']:>15.2f}"
            )
    return "\n".join(lines)


def _held_out_lines(held: dict) -> list[str]:
    rows = held["systems"]
    width = max(len(n) for n in rows)
    albums = held.get("scene_lists", held["train_playlists"]) - held["train_playlists"]
    lines = [
        f"Held-out playlists ({held.get('catalog', 'catalog')}, {held.get('tracks', 0):,} "
        f"tracks): scene fitted on {held['train_playlists']} training playlists"
        + (f" + {albums:,} albums" if albums else "")
        + f" ({held['fit_seconds']}s, {held['cold_rows']:,} cold rows), judged on "
        f"{held['test_playlists']} test playlists, {held['seeds']:,} seeds in a test playlist",
        f"{'system':<{width}}  coplaylist@10 test  ± s.e.  all playlists  genre@10  in audio top 50",
    ]
    for name, m in rows.items():
        lines.append(
            f"{name:<{width}}  {m['coplaylist_precision_at_10']:>18.4f}  "
            f"{m['coplaylist_standard_error']:>6.4f}  "
            f"{m['all_playlists']:>13.4f}  {m['genre_precision_at_10']:>8.4f}  "
            f"{m['in_audio_top_50']:>15.2f}"
        )
    return lines


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

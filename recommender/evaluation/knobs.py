"""Does each knob do what it says? Measured on the served catalog, printed by `evaluate`.

- a high (low) target for a feature raises (lowers) the list's mean of it against no target;
- deep cuts lower the mean popularity, mainstream raises it;
- a two-seed list is closer to each seed than the other seed's own list is;
- a bridge's steps each get closer to the destination;
- co-playlist precision: two songs from one playlist as seeds, against the first alone.
"""

from __future__ import annotations

import time
from collections import defaultdict
from itertools import pairwise

import numpy as np

from recommender.catalog.schema import split_list
from recommender.engine import Recommender
from recommender.errors import RecommenderError
from recommender.query import Query
from recommender.store.progress import Progress, Stages, quiet

K = 10
TARGET_FEATURES = ("energy", "valence", "tempo", "danceability", "acousticness")
HIGH, LOW = 90, 10  # the catalog percentiles a "high" and a "low" target sit at
PLAYLISTS = 600  # playlists sampled: precision differences of 0.005 need this many to show


def knob_report(
    rec: Recommender, samples: int = 200, seed: int = 0, progress: Progress = quiet
) -> dict:
    stage = Stages(progress, 5)
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    ids = rec.tracks.ids
    rows = rng.choice(len(ids), min(samples, len(ids)), replace=False)
    seeds = [ids[r] for r in rows]
    pairs = [(ids[a], ids[b]) for a, b in rng.choice(len(ids), (min(samples, 100), 2))]
    report: dict = {"samples": len(seeds)}
    stage("targets")
    report["targets"] = [_target(rec, seeds, name) for name in TARGET_FEATURES]
    stage("band")
    report["popularity"] = _popularity(rec, seeds)
    stage("2 seeds")
    report["two_seeds"] = _two_seeds(rec, pairs)
    stage("bridge")
    report["bridge"] = _bridge(rec, pairs[:50])
    stage("scene")
    report["co_playlist"] = _co_playlist(rec, rng, PLAYLISTS)
    report["seconds"] = round(time.perf_counter() - started, 1)
    stage.finish("knobs")
    return report


def _items(rec: Recommender, **query) -> list[int]:
    """The rows of a list (empty when the query cannot be answered, e.g. a seed's versions)."""
    try:
        result = rec.recommend(Query(k=K, **query))
    except RecommenderError:
        return []
    return [rec.tracks.row_of[r.track.track_id] for r in result.items]


def _mean(rec: Recommender, lists: list[list[int]], name: str) -> float:
    column = rec.tracks.audio[:, rec.tracks.audio_column(name)]
    values = [column[r].mean() for r in lists if r]
    return round(float(np.mean(values)), 4) if values else float("nan")


def _target(rec: Recommender, seeds: list[str], name: str) -> dict:
    column = rec.tracks.audio[:, rec.tracks.audio_column(name)]
    high, low = (float(np.percentile(column, p)) for p in (HIGH, LOW))
    plain = [_items(rec, seeds=(s,)) for s in seeds]
    up = [_items(rec, seeds=(s,), targets={name: high}) for s in seeds]
    down = [_items(rec, seeds=(s,), targets={name: low}) for s in seeds]
    return {
        "feature": name,
        "high_target": round(high, 3),
        "low_target": round(low, 3),
        "mean_no_target": _mean(rec, plain, name),
        "mean_high_target": _mean(rec, up, name),
        "mean_low_target": _mean(rec, down, name),
    }


def _popularity(rec: Recommender, seeds: list[str]) -> dict:
    popularity = np.array(
        [p if p is not None else np.nan for p in rec.tracks.columns["popularity"]]
    )
    out = {}
    for band in ("deep", "any", "mainstream"):
        lists = [_items(rec, seeds=(s,), popularity=band) for s in seeds]
        values = [np.nanmean(popularity[r]) for r in lists if r]
        out[band] = round(float(np.mean(values)), 2) if values else float("nan")
    return out


def _gap(rec: Recommender, rows: list[int], seed: str) -> float:
    """Mean distance from the list's songs to a seed, in the index's units."""
    vectors = np.asarray(rec.vectors[rows], dtype=np.float64)
    point = np.asarray(rec.vectors[rec.tracks.row_of[seed]], dtype=np.float64)
    return float(np.linalg.norm(vectors - point, axis=1).mean())


def _two_seeds(rec: Recommender, pairs: list[tuple[str, str]]) -> dict:
    """Mean distances: blend list to A and B; A's own list to B; B's own list to A."""
    sums: dict[str, list[float]] = defaultdict(list)
    wins = 0
    for a, b in pairs:
        both, only_a, only_b = (
            _items(rec, seeds=(a, b)),
            _items(rec, seeds=(a,)),
            _items(rec, seeds=(b,)),
        )
        if not (both and only_a and only_b):
            continue
        gaps = {
            "blend_to_a": _gap(rec, both, a),
            "blend_to_b": _gap(rec, both, b),
            "a_list_to_b": _gap(rec, only_a, b),
            "b_list_to_a": _gap(rec, only_b, a),
        }
        for key, value in gaps.items():
            sums[key].append(value)
        wins += (
            gaps["blend_to_b"] < gaps["a_list_to_b"] and gaps["blend_to_a"] < gaps["b_list_to_a"]
        )
    pairs_used = len(sums["blend_to_a"])
    out = {key: round(float(np.mean(v)), 3) for key, v in sums.items()}
    out["pairs"] = pairs_used
    out["share_closer_to_both"] = round(wins / pairs_used, 3) if pairs_used else float("nan")
    return out


def _bridge(rec: Recommender, pairs: list[tuple[str, str]], steps: int = 8) -> dict:
    """Share of steps (start -> each step -> destination) that get closer to the destination."""
    closer = total = lengths = bridges = 0
    for a, b in pairs:
        try:
            result = rec.bridge(a, b, steps)
        except RecommenderError:
            continue
        goal = np.asarray(rec.vectors[rec.tracks.row_of[b]], dtype=np.float64)
        path = [a, *(s.track.track_id for s in result.steps)]
        dist = [
            float(np.linalg.norm(np.asarray(rec.vectors[rec.tracks.row_of[t]]) - goal))
            for t in path
        ]
        closer += sum(later < earlier for earlier, later in pairwise(dist))
        total += len(dist) - 1
        lengths += len(result.steps)
        bridges += 1
    return {
        "bridges": bridges,
        "mean_steps": round(lengths / bridges, 2) if bridges else 0.0,
        "share_of_steps_closer": round(closer / total, 4) if total else float("nan"),
    }


def _co_playlist(rec: Recommender, rng: np.random.Generator, samples: int) -> dict | None:
    """Two songs of one playlist as seeds: the share of the list in that playlist, against
    the share in it of the first song's own list. None when the catalog has no playlists."""
    members: dict[str, list[int]] = defaultdict(list)
    for row, cell in enumerate(rec.catalog["playlists"]):
        for playlist in split_list(cell):
            members[playlist].append(row)
    usable = [p for p, rows in members.items() if len(rows) >= 20]
    if not usable:
        return None
    ids = rec.tracks.ids
    two, one = [], []
    for playlist in rng.choice(usable, min(samples, len(usable)), replace=False):
        inside = set(members[playlist])
        a, b = (ids[r] for r in rng.choice(members[playlist], 2, replace=False))
        both, alone = _items(rec, seeds=(a, b)), _items(rec, seeds=(a,))
        if both and alone:
            two.append(sum(r in inside for r in both) / len(both))
            one.append(sum(r in inside for r in alone) / len(alone))
    if not two:
        return None
    return {
        "playlists": len(two),
        "two_seed_precision": round(float(np.mean(two)), 4),
        "single_seed_precision": round(float(np.mean(one)), 4),
        # paired: the same playlist and first seed on both sides
        "difference_standard_error": round(
            float(np.std(np.subtract(two, one)) / np.sqrt(len(two))), 4
        ),
    }


def format_knobs(report: dict) -> str:
    lines = [
        f"Knobs ({report['samples']} seed songs, lists of {K}, {report['seconds']} s):",
        f"  {'target':<14}{'low target':>12}{'no target':>12}{'high target':>13}",
    ]
    for t in report["targets"]:
        lines.append(
            f"  {t['feature']:<14}{t['mean_low_target']:>12.3f}{t['mean_no_target']:>12.3f}"
            f"{t['mean_high_target']:>13.3f}   (mean of the list; targets {t['low_target']:g}"
            f" / {t['high_target']:g})"
        )
    pop = report["popularity"]
    lines.append(
        f"  mean popularity: deep cuts {pop['deep']:.1f} · any {pop['any']:.1f} · "
        f"mainstream {pop['mainstream']:.1f}"
    )
    two = report["two_seeds"]
    if two.get("pairs"):
        lines.append(
            f"  two seeds A+B ({two['pairs']} pairs), mean distance: blend list to A "
            f"{two['blend_to_a']:.2f} vs B's own list to A {two['b_list_to_a']:.2f}; blend to B "
            f"{two['blend_to_b']:.2f} vs A's own list to B {two['a_list_to_b']:.2f}; "
            f"closer to both in {two['share_closer_to_both']:.0%} of pairs"
        )
    bridge = report["bridge"]
    lines.append(
        f"  bridge: {bridge['bridges']} bridges of {bridge['mean_steps']} steps on average; "
        f"steps closer to the destination: {bridge['share_of_steps_closer']:.1%}"
    )
    co = report["co_playlist"]
    if co:
        lines.append(
            f"  co-playlist precision@{K} ({co['playlists']} playlists, two of its songs as "
            f"seeds): two seeds {co['two_seed_precision']:.4f} vs the first seed alone "
            f"{co['single_seed_precision']:.4f} (standard error of the difference "
            f"{co['difference_standard_error']:.4f})"
        )
    else:
        lines.append("  co-playlist precision: n/a (this catalog has no playlists)")
    return "\n".join(lines)

"""Does a fair blend serve every member of a group? Measured on held-out TidyTuesday playlists.

A simulated member is one playlist: a random half of its songs are their likes, the other half
is held out. A group is 2, 3 or 4 members whose playlists share a main genre ("within") or all
differ in it ("across"). Each system lists 10 songs for the group; a member's precision@10 is
the share of those 10 in their held-out half. Per group: the mean over its members, and the
worst member's. Systems:

- *fair blend*: `Recommender.blend` (greedy max-min over each member's taste groups);
- *average taste*: one centroid of everyone's likes, its nearest songs (the baseline);
- *own mix*: each member's own `/mix`, scored for that member alone (what one list per member
  would give them; no single list for the group can be expected to beat it).

Nothing is tuned on the test half: the playlists are split as in `evaluation.lists` (fixed
seed), the playlist scene the lists rank with is fitted on the training half, and the one knob
(the bystander weight) is chosen on members drawn from training playlists, judged with a scene
fitted on the other half of the training playlists (`tune`).
"""

from __future__ import annotations

import copy
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from recommender.catalog.scene import SceneEmbedding, fit_scene
from recommender.catalog.schema import split_list
from recommender.engine import Recommender
from recommender.evaluation.lists import split_playlists
from recommender.ranking.blend import BYSTANDER_WEIGHT, Blender
from recommender.ranking.mix import MAX_CLUSTERS, Mixer
from recommender.ranking.neighbours import Filters
from recommender.ranking.pipeline import Aim
from recommender.store.progress import Progress, Stages, quiet

K = 10
MIN_SONGS = 20  # a playlist smaller than this halves into too few likes and held-out songs
SIZES = (2, 3, 4)
KINDS = ("within", "across")
WEIGHTS = (0.0, 0.1, 0.25, 0.5, 1.0)  # bystander weights tried on the training playlists
GROUPS_TRIED = (1, 2, 3, 4)  # taste groups per member: fewer is faster (docs/blend.md, Speed)
GOAL_WORST, GOAL_MEAN = 1.3, 0.9  # worst member ≥ 1.3× the baseline's, mean ≥ 90% of it


@dataclass(frozen=True)
class Member:
    likes: tuple[str, ...]
    held: frozenset[str]
    genre: str  # the playlist's main genre


def members(rec: Recommender, playlists: set[str], rng: np.random.Generator) -> list[Member]:
    """One member per playlist in `playlists` with at least `MIN_SONGS` catalog tracks."""
    songs: dict[str, list[int]] = {}
    for row, names in enumerate(rec.catalog["playlists"].fillna("")):
        for name in split_list(names):
            if name in playlists:
                songs.setdefault(name, []).append(row)
    genres = [split_list(g)[:1] for g in rec.catalog["genres"].fillna("")]
    ids = rec.tracks.ids
    out = []
    for name in sorted(songs):
        rows = songs[name]
        if len(rows) < MIN_SONGS:
            continue
        order = rng.permutation(len(rows))
        half = len(rows) // 2
        main = Counter(g for r in rows for g in genres[r]).most_common(1)
        out.append(
            Member(
                tuple(ids[rows[i]] for i in order[:half]),
                frozenset(ids[rows[i]] for i in order[half:]),
                main[0][0] if main else "",
            )
        )
    return out


def groups(
    pool: list[Member], size: int, kind: str, count: int, rng: np.random.Generator
) -> list[list[Member]]:
    """`count` groups of `size` distinct members: all of one main genre ("within") or each of
    a different one ("across")."""
    by_genre: dict[str, list[Member]] = {}
    for member in pool:
        by_genre.setdefault(member.genre, []).append(member)
    genres = sorted(g for g in by_genre if kind == "across" or len(by_genre[g]) >= size)
    if (kind == "across" and len(genres) < size) or not genres:
        return []
    out = []
    for _ in range(count):
        if kind == "within":
            genre = genres[int(rng.integers(len(genres)))]
            chosen = rng.choice(len(by_genre[genre]), size, replace=False)
            out.append([by_genre[genre][int(i)] for i in chosen])
        else:
            group = []
            for g in rng.choice(len(genres), size, replace=False):
                options = by_genre[genres[int(g)]]
                group.append(options[int(rng.integers(len(options)))])
            out.append(group)
    return out


def average_taste(rec: Recommender, likes: Sequence[Sequence[str]], k: int = K) -> list[str]:
    """The baseline: the songs nearest one centroid of everyone's likes, no like listed, at
    most two per artist (as every list)."""
    row_of = rec.tracks.row_of
    liked = {t for ids in likes for t in ids}
    rows = [row_of[t] for t in liked if t in row_of]
    centroid = np.asarray(rec.vectors[rows], dtype=np.float64).mean(axis=0)
    filters = Filters(cap=2, skip_rows=set(rows), skip_track_ids=liked)
    picks = rec.pipeline.rank(rec.forest, Aim(centroid.astype(np.float32)), k, filters)
    return [rec.tracks.ids[p.row] for p in picks]


def with_scene(rec: Recommender, scene: SceneEmbedding | None) -> Recommender:
    """`rec` ranking with another playlist scene (fitted without the playlists it is judged
    on); the index itself is shared, not copied."""
    held = copy.copy(rec)
    held.pipeline = rec.pipeline.variant(scene)
    return held


@dataclass
class Systems:
    """The three ways to list songs for a group, over one recommender."""

    rec: Recommender
    weight: float = BYSTANDER_WEIGHT
    max_clusters: int = MAX_CLUSTERS  # taste groups per member, at most

    def __post_init__(self) -> None:
        rec = self.rec
        self.blender = Blender(rec.ranked, rec.tracks, rec.vectors, rec.describer.similarity)
        self.mixer = Mixer(rec.recommend, rec.tracks, rec.vectors)

    def fair(self, group: list[Member]) -> list[list[str]]:
        made = self.blender.blend(
            [m.likes for m in group],
            K,
            bystander_weight=self.weight,
            max_clusters=self.max_clusters,
        )
        ids = [p.recommendation.track.track_id for p in made.picks]
        return [ids] * len(group)

    def average(self, group: list[Member]) -> list[list[str]]:
        return [average_taste(self.rec, [m.likes for m in group])] * len(group)

    def own_mix(self, group: list[Member]) -> list[list[str]]:
        return [
            [p.recommendation.track.track_id for p in self.mixer.mix(m.likes, K).picks]
            for m in group
        ]


def precisions(group: list[Member], lists: list[list[str]]) -> np.ndarray:
    """Each member's precision@10 on their held-out half (songs another member liked are
    never listed, so they are not counted as missed)."""
    liked = {t for m in group for t in m.likes}
    return np.array(
        [len(set(ids[:K]) & (m.held - liked)) / K for m, ids in zip(group, lists, strict=True)]
    )


def score(groups_: list[list[Member]], system: Callable) -> tuple[np.ndarray, np.ndarray]:
    """(mean member precision, worst member precision), one per group."""
    found = [precisions(g, system(g)) for g in groups_]
    return np.array([f.mean() for f in found]), np.array([f.min() for f in found])


def interval(values: np.ndarray, rng: np.random.Generator, rounds: int = 2000) -> list[float]:
    """95% bootstrap interval of the mean over groups."""
    if not len(values):
        return [0.0, 0.0]
    means = values[rng.integers(len(values), size=(rounds, len(values)))].mean(axis=1)
    return [round(float(np.percentile(means, 2.5)), 4), round(float(np.percentile(means, 97.5)), 4)]


def ratio_interval(
    a: np.ndarray, b: np.ndarray, rng: np.random.Generator, rounds: int = 2000
) -> list[float | None]:
    """95% paired-bootstrap interval of mean(a) / mean(b) over groups (None: b's mean is 0)."""
    draws = rng.integers(len(a), size=(rounds, len(a)))
    top, bottom = a[draws].mean(axis=1), b[draws].mean(axis=1)
    ratios = top[bottom > 0] / bottom[bottom > 0]
    if len(ratios) < rounds // 2:
        return [None, None]
    return [
        round(float(np.percentile(ratios, 2.5)), 3),
        round(float(np.percentile(ratios, 97.5)), 3),
    ]


def tune(rec: Recommender, per_cell: int, seed: int) -> tuple[dict[float, float], dict[int, float]]:
    """(Worst + mean member precision@10) / 2 per bystander weight, and per number of taste
    groups a member's likes may form (the shipped weight), on training playlists only: the
    scene fitted on half of them, members drawn from the other half."""
    train, _ = split_playlists(rec.catalog)
    inner = sorted(train)
    order = np.random.default_rng(seed + 4).permutation(len(inner))
    fit_on = {inner[i] for i in order[: len(inner) // 2]}
    scene = fit_scene(rec.catalog, np.asarray(rec.vectors), fit_on)
    held = with_scene(rec, scene)
    rng = np.random.default_rng(seed + 1)
    pool = members(rec, set(inner) - fit_on, rng)
    tried = [g for s in SIZES for kind in KINDS for g in groups(pool, s, kind, per_cell, rng)]
    out = {}
    for weight in WEIGHTS:
        means, worst = score(tried, Systems(held, weight).fair)
        out[weight] = round(float(worst.mean() + means.mean()) / 2, 4)
    by_groups = {}
    for most in GROUPS_TRIED:
        means, worst = score(tried, Systems(held, max_clusters=most).fair)
        by_groups[most] = round(float(worst.mean() + means.mean()) / 2, 4)
    return out, by_groups


def evaluate_blend(
    rec: Recommender, per_cell: int = 100, seed: int = 7, progress: Progress = quiet
) -> dict:
    """Mean and worst member precision@10 of the fair blend, the average-taste baseline and
    each member's own mix, per group size and kind, with bootstrap intervals over groups."""
    stage = Stages(progress, 4)
    started = time.perf_counter()
    stage("tune")
    tuned, by_groups = tune(rec, max(10, per_cell // 3), seed)
    stage("scene")
    train, test = split_playlists(rec.catalog)
    held = with_scene(rec, fit_scene(rec.catalog, np.asarray(rec.vectors), train))
    rng = np.random.default_rng(seed)
    pool = members(rec, test, rng)
    systems = Systems(held)
    named = {
        "fair blend": systems.fair,
        "average taste": systems.average,
        "own mix": systems.own_mix,
    }
    stage("groups")
    cells: dict[str, dict] = {}
    pooled_means: dict[str, list[np.ndarray]] = {name: [] for name in named}
    pooled_worst: dict[str, list[np.ndarray]] = {name: [] for name in named}
    ci_rng = np.random.default_rng(seed + 11)
    for size in SIZES:
        for kind in KINDS:
            drawn = groups(pool, size, kind, per_cell, rng)
            if not drawn:
                continue
            row: dict[str, dict] = {}
            for name, system in named.items():
                means, worst = score(drawn, system)
                pooled_means[name].append(means)
                pooled_worst[name].append(worst)
                row[name] = _summary(means, worst, ci_rng)
            cells[f"{size} members, {kind}"] = {"groups": len(drawn), "systems": row}
    stage("summary")
    everything = {
        name: (np.concatenate(pooled_means[name]), np.concatenate(pooled_worst[name]))
        for name in named
    }
    total = {name: _summary(m, w, ci_rng) for name, (m, w) in everything.items()}
    fair, base = everything["fair blend"], everything["average taste"]
    goal = {
        "worst_ratio": _ratio(fair[1], base[1]),
        "worst_ratio_interval": ratio_interval(fair[1], base[1], ci_rng),
        "mean_ratio": _ratio(fair[0], base[0]),
        "mean_ratio_interval": ratio_interval(fair[0], base[0], ci_rng),
    }
    goal["met"] = bool(
        goal["worst_ratio"] is not None
        and goal["worst_ratio"] >= GOAL_WORST
        and goal["mean_ratio"] is not None
        and goal["mean_ratio"] >= GOAL_MEAN
    )
    stage.finish("blend")
    return {
        "catalog": rec.source_name,
        "test_playlists": len(test),
        "members": len(pool),
        "bystander_weight": BYSTANDER_WEIGHT,
        "tuning": {str(w): v for w, v in tuned.items()},
        "max_clusters": MAX_CLUSTERS,
        "groups_tried": {str(g): v for g, v in by_groups.items()},
        "cells": cells,
        "all": {"groups": len(fair[0]), "systems": total},
        "goal": goal,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _ratio(a: np.ndarray, b: np.ndarray) -> float | None:
    return round(float(a.mean() / b.mean()), 3) if b.mean() > 0 else None


def _summary(means: np.ndarray, worst: np.ndarray, rng: np.random.Generator) -> dict:
    return {
        "mean": round(float(means.mean()), 4),
        "mean_interval": interval(means, rng),
        "worst": round(float(worst.mean()), 4),
        "worst_interval": interval(worst, rng),
    }


def format_blend_report(report: dict) -> str:
    lines = [
        f"Blend on {report['catalog']}: {report['members']} members from "
        f"{report['test_playlists']} test playlists (half of each playlist liked, scored on the "
        f"other half); precision@{K} per member, mean and worst member per group "
        f"({report['seconds']}s)",
        "",
        "bystander weight, chosen on training playlists (score: (worst + mean) / 2): "
        + ", ".join(f"{w}: {v:.4f}" for w, v in report["tuning"].items())
        + f"; shipped {report['bystander_weight']}",
        "taste groups per member, on the same training members (same score): "
        + ", ".join(f"{g}: {v:.4f}" for g, v in report["groups_tried"].items())
        + f"; shipped {report['max_clusters']}",
        "",
        f"{'groups':<22} {'system':<14} {'mean p@10':>9} {'95% interval':>17} "
        f"{'worst p@10':>10} {'95% interval':>17}",
    ]
    for title, cell in [*report["cells"].items(), ("all", report["all"])]:
        label = f"{title} ({cell['groups']})"
        for name, m in cell["systems"].items():
            lines.append(
                f"{label:<22} {name:<14} {m['mean']:>9.4f} {_pair(m['mean_interval']):>17} "
                f"{m['worst']:>10.4f} {_pair(m['worst_interval']):>17}"
            )
            label = ""
    goal = report["goal"]
    lines += [
        "",
        f"fair blend / average taste, all groups: worst member {_num(goal['worst_ratio'])}× "
        f"{_pair(goal['worst_ratio_interval'])} (goal ≥ {GOAL_WORST}×), mean "
        f"{_num(goal['mean_ratio'])}× {_pair(goal['mean_ratio_interval'])} "
        f"(goal ≥ {GOAL_MEAN}×): {'met' if goal['met'] else 'NOT met'}",
    ]
    return "\n".join(lines)


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _pair(pair: Sequence[float | None]) -> str:
    return f"[{_num(pair[0])}, {_num(pair[1])}]"

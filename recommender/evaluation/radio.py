"""Does the radio learn? A simulated listener per held-out playlist presses every song.

The TidyTuesday playlists are split as for the list figures (`lists.split_playlists`): the
radio's scene is fitted on the training half only, and each test playlist is one listener
who likes a song if it is in their playlist and skips it otherwise, starting from one of its
songs, for `STEPS` songs. Three systems hear the same listener: the adaptive radio, a static
list (the seed's `similar` list in order, same scene) and random songs. Reported: the share
liked per window of steps with bootstrap 95% intervals (resampling listeners), and the
adaptive radio's gain over the static list on steps 6-20.

`tune_radio` chooses the radio's knobs without the test half: the training playlists split
again, the scene fitted on one part, listeners from the other.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace

import numpy as np

from recommender.catalog.scene import SceneEmbedding, fit_scene
from recommender.catalog.schema import split_list
from recommender.engine import Recommender
from recommender.evaluation.lists import split_playlists
from recommender.query import Query
from recommender.ranking.neighbours import Filters
from recommender.ranking.pipeline import Aim
from recommender.ranking.radio import Knobs, Press, Radio
from recommender.store.progress import Progress, Stages, quiet

STEPS = 20
WINDOWS = {"1-5": (0, 5), "6-10": (5, 10), "11-20": (10, 20), "6-20": (5, 20)}
BOOTSTRAP = 2000
LISTENERS_PER_PLAYLIST = 3  # more listeners, narrower intervals (each from another seed)
GOAL = 1.25  # adaptive over static on steps 6-20
SYSTEMS = ("adaptive radio", "static list", "random")


def listeners(rec: Recommender, playlists: Iterable[str], rng) -> list[tuple[str, int]]:
    """(playlist, seed row) pairs: `LISTENERS_PER_PLAYLIST` listeners per playlist with at
    least two songs, each starting from another of its songs, drawn from `rng`."""
    members: dict[str, list[int]] = {}
    wanted = set(playlists)
    for row, value in enumerate(rec.catalog["playlists"]):
        for playlist in split_list(value):
            if playlist in wanted:
                members.setdefault(playlist, []).append(row)
    return [
        (p, int(seed))
        for p, rows in sorted(members.items())
        if len(rows) >= 2
        for seed in rng.choice(rows, min(LISTENERS_PER_PLAYLIST, len(rows)), replace=False)
    ]


def _in_playlist(rec: Recommender):
    sets = [frozenset(split_list(v)) for v in rec.catalog["playlists"]]
    return lambda playlist, row: playlist in sets[row]


def adaptive_hits(radio: Radio, playlist: str, seed: int, liked) -> list[bool]:
    """One listener on the radio: a like if the song is in their playlist, else a skip."""
    ids = radio.rec.tracks.ids
    query = Query(seeds=(ids[seed],))
    presses: list[Press] = []
    hits = []
    for _ in range(STEPS):
        turn = radio.turn(query, presses, seed=seed, preview=0)
        if turn.now is None:
            break
        row = radio.rec.tracks.row_of[turn.now.track.track_id]
        hit = liked(playlist, row)
        hits.append(hit)
        presses.append(Press(ids[row], "like" if hit else "skip"))
    return hits + [False] * (STEPS - len(hits))


def static_hits(rec: Recommender, scene, playlist: str, seed: int, liked) -> list[bool]:
    """The seed's `similar` list (with the training scene), in order."""
    pipeline = rec.pipeline.variant(scene)
    target = np.asarray(rec.vectors[seed], dtype=np.float32)
    filters = Filters(cap=2, skip_rows={seed}, skip_songs={rec.tracks.song_keys[seed]})
    picks = pipeline.rank(rec.forest, Aim(target, None, seed), STEPS, filters)
    hits = [liked(playlist, p.row) for p in picks]
    return hits + [False] * (STEPS - len(hits))


def random_hits(rec: Recommender, playlist: str, seed: int, liked, rng) -> list[bool]:
    rows = [int(r) for r in rng.choice(rec.size, STEPS + 1, replace=False) if r != seed]
    return [liked(playlist, r) for r in rows[:STEPS]]


def run(rec, scene: SceneEmbedding | None, people, knobs: Knobs, rng) -> dict[str, np.ndarray]:
    """Hits (listeners x steps) per system."""
    liked = _in_playlist(rec)
    radio = Radio(rec, rec.pipeline.variant(scene), knobs)
    return {
        "adaptive radio": np.array([adaptive_hits(radio, p, s, liked) for p, s in people]),
        "static list": np.array([static_hits(rec, scene, p, s, liked) for p, s in people]),
        "random": np.array([random_hits(rec, p, s, liked, rng) for p, s in people]),
    }


def window_share(hits: np.ndarray, window: str) -> np.ndarray:
    """Per listener, the share liked in `window`."""
    start, end = WINDOWS[window]
    return hits[:, start:end].mean(axis=1)


def interval(values: np.ndarray, rng, statistic=np.mean) -> tuple[float, float, float]:
    """(estimate, low, high): the statistic and its bootstrap 95% interval over listeners."""
    n = len(values)
    draws = rng.integers(0, n, size=(BOOTSTRAP, n))
    boot = np.array([statistic(values[d]) for d in draws]) if values.ndim > 1 else None
    if boot is None:
        boot = values[draws].mean(axis=1)
    low, high = np.percentile(boot, [2.5, 97.5])
    return float(statistic(values)), float(low), float(high)


def compare(adaptive: np.ndarray, static: np.ndarray, rng) -> dict:
    """Steps 6-20: the difference adaptive - static and the ratio, each with its interval
    (the same resampled listeners for both systems)."""
    a, s = window_share(adaptive, "6-20"), window_share(static, "6-20")
    draws = rng.integers(0, len(a), size=(BOOTSTRAP, len(a)))
    diffs = a[draws].mean(axis=1) - s[draws].mean(axis=1)
    ratios = a[draws].mean(axis=1) / np.maximum(s[draws].mean(axis=1), 1e-9)
    ratio = float(a.mean() / max(s.mean(), 1e-9))
    return {
        "difference": round(float(a.mean() - s.mean()), 4),
        "difference_95": [round(float(x), 4) for x in np.percentile(diffs, [2.5, 97.5])],
        "ratio": round(ratio, 3),
        "ratio_95": [round(float(x), 3) for x in np.percentile(ratios, [2.5, 97.5])],
        "goal_met": bool(ratio >= GOAL and np.percentile(diffs, 2.5) > 0),
    }


def summarise(hits: dict[str, np.ndarray], seed: int) -> dict:
    rng = np.random.default_rng(seed)
    rows = {}
    for name, matrix in hits.items():
        rows[name] = {}
        for window in WINDOWS:
            mean, low, high = interval(window_share(matrix, window), rng)
            rows[name][window] = [round(mean, 4), round(low, 4), round(high, 4)]
    return {
        "systems": rows,
        "adaptive_vs_static": compare(hits["adaptive radio"], hits["static list"], rng),
    }


def evaluate_radio(
    rec: Recommender, seed: int = 7, knobs: Knobs | None = None, progress: Progress = quiet
) -> dict:
    """The radio on every test playlist, its knobs as shipped (or `knobs`)."""
    stage = Stages(progress, 2)
    stage("scene")
    started = time.perf_counter()
    train, test = split_playlists(rec.catalog)
    scene = fit_scene(rec.catalog, np.asarray(rec.vectors), train)
    rng = np.random.default_rng(seed)
    people = listeners(rec, test, rng)
    stage("listeners")
    hits = run(rec, scene, people, knobs or Knobs(), rng)
    stage.finish("radio")
    return {
        "catalog": rec.source_name,
        "train_playlists": len(train),
        "listeners": len(people),
        "steps": STEPS,
        **summarise(hits, seed),
        "seconds": round(time.perf_counter() - started, 1),
    }


def tune_radio(rec: Recommender, variants: dict[str, Knobs], seed: int = 7) -> list[dict]:
    """Each variant's steps 6-20 share, on the training half only: its playlists split again,
    the scene fitted on one part, listeners from the other."""
    train, _ = split_playlists(rec.catalog)
    inner = sorted(train)
    order = np.random.default_rng(seed + 4).permutation(len(inner))
    fit_on = {inner[i] for i in order[: len(inner) // 2]}
    scene = fit_scene(rec.catalog, np.asarray(rec.vectors), fit_on)
    people = listeners(rec, set(inner) - fit_on, np.random.default_rng(seed))
    liked = _in_playlist(rec)
    static = np.array([static_hits(rec, scene, p, s, liked) for p, s in people])
    rows = [
        {"variant": "static list", "6-20": round(float(window_share(static, "6-20").mean()), 4)}
    ]
    for name, knobs in variants.items():
        radio = Radio(rec, rec.pipeline.variant(scene), knobs)
        hits = np.array([adaptive_hits(radio, p, s, liked) for p, s in people])
        rows.append(
            {
                "variant": name,
                **{w: round(float(window_share(hits, w).mean()), 4) for w in WINDOWS},
            }
        )
    return rows


def format_radio_report(report: dict) -> str:
    lines = [
        f"Radio on {report['catalog']}: {report['listeners']} held-out playlists as listeners "
        f"(scene fitted on {report['train_playlists']} training playlists), "
        f"{report['steps']} steps each ({report['seconds']}s)",
        "share liked per step window, mean [bootstrap 95% interval]:",
        f"{'system':<15}" + "".join(f"  {w:>21}" for w in WINDOWS),
    ]
    for name, windows in report["systems"].items():
        cells = "".join(f"  {m:.3f} [{lo:.3f}, {hi:.3f}]" for m, lo, hi in windows.values())
        lines.append(f"{name:<15}{cells}")
    c = report["adaptive_vs_static"]
    lines += [
        "",
        f"steps 6-20, adaptive - static: {c['difference']:+.4f} "
        f"[{c['difference_95'][0]:+.4f}, {c['difference_95'][1]:+.4f}]; "
        f"adaptive / static: {c['ratio']:.2f}x [{c['ratio_95'][0]:.2f}, {c['ratio_95'][1]:.2f}]",
        f"goal (>= {GOAL:.2f}x with the difference's interval above 0): "
        + ("met" if c["goal_met"] else "NOT met"),
    ]
    return "\n".join(lines)


def knob_variants(base: Knobs) -> dict[str, Knobs]:
    """The variants `tune_radio` compares (docs/radio.md)."""
    return {
        "shipped": base,
        "no presses (static course)": replace(base, adaptive=False),
        "no exploration": replace(base, explore=1),
        "like pull 0.3": replace(base, like_pull=0.3),
        "like pull 0.8": replace(base, like_pull=0.8),
        "skip push 0": replace(base, skip_push=0.0),
        "skip push 0.5": replace(base, skip_push=0.5),
        "no exclusion radius": replace(base, exclusion_penalty=0.0),
        "exclusion radius 1.0": replace(base, exclusion_radius=1.0),
    }

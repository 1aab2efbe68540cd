"""The mix study: does a mix built from a member's likes find songs that share playlists with
those likes more often than a list from one liked song? Prints a table; asserts nothing.

    python -m benchmarks.mix_study [--playlists 300] [--tune 150] [--index-dir DIR]

A simulated member is one playlist of the real catalog: a random half of its songs are their
likes, the other half is held out. Each method lists 10 songs (never a liked one); its score is
the share of those 10 that are in the held-out half (co-playlist precision@10), and the share
of members who got at least one held-out song. `--tune` playlists choose the number of
clusters; the figures that count come from the other `--playlists`, seen only once.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from recommender import Query, Recommender
from recommender.ranking.mix import MAX_CLUSTERS
from recommender.store.opening import DEFAULT_INDEX_DIR, open_or_build

K = 10
MIN_SONGS = 20  # a playlist smaller than this halves into too few likes to cluster


def members(rec: Recommender, rng) -> list[tuple[list[str], set[str]]]:
    """(likes, held-out songs) per playlist with at least MIN_SONGS catalog tracks, shuffled."""
    by_playlist: dict[str, list[str]] = {}
    for track_id, names in zip(
        rec.catalog["track_id"], rec.catalog["playlists"].fillna(""), strict=True
    ):
        for name in names.split("|"):
            if name:
                by_playlist.setdefault(name, []).append(track_id)
    out = []
    for name in sorted(by_playlist):
        songs = by_playlist[name]
        if len(songs) >= MIN_SONGS:
            order = rng.permutation(len(songs))
            half = len(songs) // 2
            out.append(([songs[i] for i in order[:half]], {songs[i] for i in order[half:]}))
    rng.shuffle(out)
    return out


def two_style_members(rec: Recommender, single, rng) -> list[tuple[list[str], list[set[str]]]]:
    """Members whose likes span two styles: the likes of two playlists whose songs' main
    genres differ, held-out halves kept apart so a list can be scored on each."""
    genre = dict(zip(rec.catalog["track_id"], rec.catalog["genres"].fillna(""), strict=True))

    def main_genre(songs) -> str:
        names = [genre[t].split("|")[0] for t in songs]
        return max(set(names), key=names.count)

    out = []
    order = rng.permutation(len(single))
    for a, b in zip(order[::2], order[1::2], strict=False):
        (likes_a, held_a), (likes_b, held_b) = single[a], single[b]
        if main_genre(likes_a) != main_genre(likes_b):
            out.append((likes_a + likes_b, [held_a - set(likes_b), held_b - set(likes_a)]))
    return out


def bootstrap(a: np.ndarray, b: np.ndarray, rng, rounds: int = 2000) -> tuple[float, float]:
    """95% interval of mean(a - b) over members (paired bootstrap)."""
    diff = a - b
    means = [diff[rng.integers(len(diff), size=len(diff))].mean() for _ in range(rounds)]
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def single_seed(rec: Recommender, likes: list[str], rng) -> list[str]:
    seed = likes[int(rng.integers(len(likes)))]
    query = Query(seeds=(seed,), k=K, exclude_tracks=frozenset(likes))
    return [r.track.track_id for r in rec.recommend(query).items]


def mixed(rec: Recommender, likes: list[str], max_clusters: int) -> list[str]:
    return [
        p.recommendation.track.track_id for p in rec.mix(likes, K, max_clusters=max_clusters).picks
    ]


def random_songs(rec: Recommender, likes: list[str], rng) -> list[str]:
    liked = set(likes)
    picks = [rec.tracks.ids[i] for i in rng.choice(rec.size, 3 * K, replace=False)]
    return [t for t in picks if t not in liked][:K]


def hits(lists: list[list[str]], held: list[set[str]]) -> np.ndarray:
    return np.array([len(set(found) & h) / K for found, h in zip(lists, held, strict=True)])


def score(lists: list[list[str]], held: list[set[str]]) -> tuple[float, float]:
    found = hits(lists, held)
    return float(found.mean()), float((found > 0).mean())


def both_styles(lists: list[list[str]], held: list[list[set[str]]]) -> float:
    """Share of two-style members whose list holds a held-out song of each style."""
    return float(np.mean([all(set(f) & h for h in hs) for f, hs in zip(lists, held, strict=True)]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mix_study", description=__doc__)
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    parser.add_argument("--playlists", type=int, default=300)
    parser.add_argument("--tune", type=int, default=150)
    args = parser.parse_args(argv)
    rec = open_or_build(args.index_dir)
    rng = np.random.default_rng(2026)
    everyone = members(rec, rng)
    tune = everyone[: args.tune]
    test = everyone[args.tune : args.tune + args.playlists]
    print(f"catalog: {rec.source_name}; {len(everyone)} playlists with >= {MIN_SONGS} songs")
    print(f"tuning on {len(tune)}, testing on {len(test)}; k = {K}\n")

    print("tuning: max clusters -> precision@10 (one-playlist, two-style members, mean)")
    tune_held = [h for _, h in tune]
    tune_pairs = two_style_members(rec, tune, np.random.default_rng(3))
    tune_merged = [set().union(*hs) for _, hs in tune_pairs]
    tuned = {}
    for clusters in (1, 2, 3, 4, 5, 8):
        one = score([mixed(rec, likes, clusters) for likes, _ in tune], tune_held)[0]
        two = score([mixed(rec, likes, clusters) for likes, _ in tune_pairs], tune_merged)[0]
        tuned[clusters] = (one + two) / 2
        print(f"  {clusters}: {one:.4f}  {two:.4f}  {tuned[clusters]:.4f}")
    best = max(tuned, key=tuned.get)
    print(f"  best on the tuning set: {best} (shipped default MAX_CLUSTERS = {MAX_CLUSTERS})\n")

    held = [h for _, h in test]
    method_rng = np.random.default_rng(7)
    methods = {
        f"mix (clusters, up to {MAX_CLUSTERS})": lambda liked: mixed(rec, liked, MAX_CLUSTERS),
        "mix, one cluster (most central like)": lambda liked: mixed(rec, liked, 1),
        "single seed (a random liked song)": lambda liked: single_seed(rec, liked, method_rng),
        "random songs": lambda liked: random_songs(rec, liked, method_rng),
    }
    rows = {name: [method(likes) for likes, _ in test] for name, method in methods.items()}
    sizes = [len(likes) for likes, _ in test]
    print(f"test set: {len(test)} members, likes per member median {int(np.median(sizes))}")
    print(f"{'method':40} {'precision@10':>12} {'any hit':>8}")
    for name, lists in rows.items():
        precision, any_hit = score(lists, held)
        print(f"{name:40} {precision:>12.4f} {any_hit:>8.1%}")
    names = list(rows)
    ci_rng = np.random.default_rng(11)
    for other in names[1:3]:
        low, high = bootstrap(hits(rows[names[0]], held), hits(rows[other], held), ci_rng)
        print(f"  mix minus {other}: 95% interval [{low:+.4f}, {high:+.4f}]")

    pairs = two_style_members(rec, test, np.random.default_rng(5))
    merged = [set().union(*hs) for _, hs in pairs]
    print(f"\ntwo-style members (two test playlists of different main genres): {len(pairs)}")
    print(f"{'method':40} {'precision@10':>12} {'any hit':>8} {'both styles':>12}")
    two_rows = {name: [method(likes) for likes, _ in pairs] for name, method in methods.items()}
    for name, lists in two_rows.items():
        precision, any_hit = score(lists, merged)
        covered = both_styles(lists, [hs for _, hs in pairs])
        print(f"{name:40} {precision:>12.4f} {any_hit:>8.1%} {covered:>12.1%}")
    for other in names[1:3]:
        mine, theirs = hits(two_rows[names[0]], merged), hits(two_rows[other], merged)
        low, high = bootstrap(mine, theirs, ci_rng)
        print(f"  mix minus {other}: 95% interval [{low:+.4f}, {high:+.4f}]")


if __name__ == "__main__":
    main()

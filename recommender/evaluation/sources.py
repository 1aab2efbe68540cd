"""Measures for an index merged from several catalogs: genre precision on each source's own
labels, and the held-out co-playlist figures beside an index of the playlist source alone,
built in the same run (`python -m recommender evaluate` adds both when the index merges)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from recommender.catalog.schema import split_list
from recommender.engine import Recommender
from recommender.evaluation import lists

K = lists.K


def label_sets(rec: Recommender) -> dict[str, tuple[frozenset[str], np.ndarray]]:
    """{source title: (its genre vocabulary as the merged catalog names it, rows it knows)}
    for each source that has genres."""
    cat = rec.catalog
    out = {}
    for entry in rec.manifest.source.get("sources") or []:
        vocabulary = frozenset(entry.get("genres") or ())
        if not vocabulary:
            continue
        known = np.flatnonzero([entry["name"] in split_list(v) for v in cat["sources"]])
        out[entry.get("title") or entry["name"]] = (vocabulary, known)
    return out


def genre_precision_by_source(rec: Recommender, n_seeds: int, seed: int) -> dict[str, dict]:
    """Per source: genre precision@10 of `similar`'s lists for seeds that source labels,
    a hit being a listed song that carries one of the seed's labels from that source (genre
    or subgenre: a label the merge read as a subgenre is judged as one); random beside it."""
    cat = rec.catalog
    labels = [
        frozenset((*split_list(g), *split_list(s)))
        for g, s in zip(cat["genres"], cat["subgenres"], strict=True)
    ]
    rng = np.random.default_rng(seed)
    out = {}
    for title, (vocabulary, known) in label_sets(rec).items():
        labelled = np.array([r for r in known if labels[r] & vocabulary], dtype=np.int64)
        seeds = np.sort(rng.choice(labelled, size=min(n_seeds, len(labelled)), replace=False))

        def precision(picked: list[list[int]], seeds=seeds, vocabulary=vocabulary) -> float:
            hits = [
                sum(bool(labels[r] & labels[s] & vocabulary) for r in rows[:K]) / K
                for s, rows in zip(seeds, picked, strict=True)
            ]
            return round(float(np.mean(hits)), 4)

        out[title] = {
            "labels": len(vocabulary),
            "seeds": len(seeds),
            "soundalike": precision(lists.ours(rec, seeds)),
            "random": precision(lists.random_lists(rec, seeds, rng)),
        }
    return out


def single_source_comparison(
    rec: Recommender, held: dict, n_trees: int, seed: int = 7
) -> dict | None:
    """The held-out figures of an index built from the playlist source alone, on the same
    seed tracks and the same playlist split; None unless `rec` merges several sources."""
    sources = rec.manifest.source.get("sources") or []
    with_playlists = [e for e in sources if e.get("with_playlists")]
    if len(sources) < 2 or not with_playlists:
        return None
    from recommender.store.opening import build  # the evaluator builds; serving never does

    entry = with_playlists[0]
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "index"
        build(entry["path"], directory, columns=entry.get("columns") or None, n_trees=n_trees)
        alone = Recommender.load(directory)
        return lists.held_out(alone, len(held["seed_ids"]), seed, seed_ids=held["seed_ids"])


def merged_figures(rec: Recommender, report: dict, seeds: int, seed: int = 7) -> dict:
    """What `evaluate` adds for a merged index: `label_sets` and `held_out_alone` (none for an
    index of one catalog)."""
    if len(rec.manifest.source.get("sources") or []) < 2:
        return {}
    held = report.get("held_out")
    return {
        "label_sets": genre_precision_by_source(rec, seeds, seed),
        "held_out_alone": held and single_source_comparison(rec, held, rec.manifest.n_trees, seed),
    }

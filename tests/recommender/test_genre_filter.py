"""Lists within a genre come from the one forest of the whole catalog, filtered by the genre's
rows (over-fetching, or scanning the genre exactly when that is cheaper), and hold the same
songs as an exact search of the genre would."""

import numpy as np
import pytest

from recommender import Recommender
from recommender.ranking.candidates import Candidates

FETCH = 40  # what a list of 10 asks for


def exact_top(rec: Recommender, target: np.ndarray, rows: np.ndarray, n: int) -> list[int]:
    """The genre's n nearest rows to `target`, by brute force over every row of it."""
    gaps = np.linalg.norm(np.asarray(rec.vectors, dtype=np.float64)[rows] - target, axis=1)
    return np.asarray(rows)[np.argsort(gaps, kind="stable")[:n]].tolist()


def scopes(rec: Recommender):
    return [
        (column, name, rec.genre_scope(column, name))
        for column, parts in rec.index.partitions.items()
        for name in parts
    ]


@pytest.mark.parametrize("node_cost", [0.0, None], ids=["over-fetch first", "as configured"])
def test_genre_candidates_are_the_genres_nearest_songs(real_rec, node_cost):
    """Every genre and subgenre of the real catalog, seeds inside and far outside it:
    recall@10 against exact filtered search is at least 0.99, and nothing outside the genre
    comes back."""
    rng = np.random.default_rng(7)
    found = Candidates(
        real_rec.forest, real_rec.vectors, *([] if node_cost is None else [node_cost])
    )
    vectors = np.asarray(real_rec.vectors)
    hits = total = 0
    for _, _, scope in scopes(real_rec):
        members = set(np.asarray(scope.rows).tolist())
        inside = np.asarray(scope.rows)[rng.integers(0, len(scope), 5)]
        for seed in [*inside.tolist(), *rng.integers(0, len(vectors), 5).tolist()]:
            rows, dists = found.nearest(vectors[seed], FETCH, "careful", scope)
            assert set(rows.tolist()) <= members
            assert list(dists) == sorted(dists)
            truth = exact_top(real_rec, vectors[seed], scope.rows, 10)
            hits += len(set(rows[:10].tolist()) & set(truth))
            total += 10
    assert hits / total >= 0.99


def test_a_genre_costs_its_rows_not_a_forest_of_its_own(synthetic_index, synthetic_rec):
    assert [p.name.split("-")[0] for p in synthetic_index.glob("*.ann")] == ["main"]
    assert synthetic_rec.genre_names()  # the genres are all still there
    rock = synthetic_rec.similar(genre="rock", k=10).items
    assert rock and all("rock" in r.track.genres for r in rock)


def test_a_list_in_a_subgenre_far_from_the_seed_is_still_full(real_rec):
    """A rap song's list within a rock subgenre: few of the song's neighbours are in it, so
    the search must look further, not return a short list."""
    items = real_rec.similar("Lose Yourself", k=25, genre="hard rock").items
    assert len(items) == 25 and all("hard rock" in r.track.subgenres for r in items)

"""Lists within a genre need no forest of their own: a small genre's rows are scanned, a large
one's cells (the rows nearest few centroids), and either holds the songs an exact search of
the genre would."""

import numpy as np
import pytest

from recommender import Recommender
from recommender.ann.cells import Scope, build_cells
from recommender.ranking.candidates import Candidates

FETCH = 40  # what a list of 10 asks for


def exact_top(rec: Recommender, target: np.ndarray, rows: np.ndarray, n: int) -> list[int]:
    """The genre's n nearest rows to `target`, by brute force over every row of it."""
    gaps = np.linalg.norm(np.asarray(rec.vectors, dtype=np.float64)[rows] - target, axis=1)
    return np.asarray(rows)[np.argsort(gaps, kind="stable")[:n]].tolist()


def scopes(rec: Recommender, cells: bool) -> list[Scope]:
    """The catalog's genres and subgenres as loaded, or each with cells even if small."""
    loaded = [s for parts in rec.index.partitions.values() for s in parts.values()]
    if not cells:
        return loaded
    return [Scope(s.rows, build_cells(rec.vectors, s.rows, seed=1, min_rows=0)) for s in loaded]


@pytest.mark.parametrize("cells", [True, False], ids=["cells", "as loaded"])
def test_genre_candidates_are_the_genres_nearest_songs(real_rec, cells):
    """Every genre and subgenre of the real catalog, seeds inside and far outside it:
    recall@10 against exact filtered search is at least 0.99, and nothing outside the genre
    comes back."""
    rng = np.random.default_rng(7)
    found = Candidates(real_rec.forest, real_rec.vectors)
    vectors = np.asarray(real_rec.vectors)
    hits = total = 0
    for scope in scopes(real_rec, cells):
        assert (scope.cells is not None) == cells
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


def test_cells_find_the_nearest_songs_of_a_large_genre(real_rec):
    """The whole real catalog as one genre: 110 cells of which 16 are scanned per query."""
    rows = np.arange(real_rec.size)
    scope = Scope(rows, build_cells(real_rec.vectors, rows, seed=1))
    assert scope.cells is not None and len(scope.cells.centroids) > 100
    found = Candidates(real_rec.forest, real_rec.vectors)
    vectors = np.asarray(real_rec.vectors)
    seeds = np.random.default_rng(3).integers(0, real_rec.size, 200)
    hits = sum(
        len(
            set(found.nearest(vectors[s], FETCH, "careful", scope)[0][:10].tolist())
            & set(exact_top(real_rec, vectors[s], rows, 10))
        )
        for s in seeds.tolist()
    )
    assert hits / (10 * len(seeds)) >= 0.99


def test_the_same_catalog_gets_the_same_cells(real_rec):
    rows = np.arange(real_rec.size)
    one, two = (build_cells(real_rec.vectors, rows, seed=1) for _ in range(2))
    assert one is not None and two is not None
    assert np.array_equal(one.rows, two.rows) and np.array_equal(one.centroids, two.centroids)


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

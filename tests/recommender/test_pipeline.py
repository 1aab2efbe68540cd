"""Every list goes through one ranking pipeline: the scene combines with moods and targets,
and the percentage shown means the same on every list, so it never rises down a list."""

import numpy as np
import pytest

from recommender import Query, render

FIRST_ROCK = "0000xxxxxxxxxxxxxxxxxx"
WEEKND = "0sf12qNH5qcw8qpgymFOqD"  # Blinding Lights
ADELE = "Someone Like You"

SYNTHETIC_LISTS = {
    "single seed": Query(seeds=(FIRST_ROCK,), k=20),
    "same scene": Query(seeds=(FIRST_ROCK,), k=20, scene=True),
    "steered": Query(seeds=(FIRST_ROCK,), k=20, mood="calm"),
    "steered, same scene": Query(seeds=(FIRST_ROCK,), k=20, mood="calm", scene=True),
    "genre only": Query(genre="pop", k=20),
    "multi-seed": Query(seeds=(FIRST_ROCK, "golden heart 01"), k=20),
    "artist seed": Query(artists=("Band 1-1",), k=20),
    "second page": Query(seeds=(FIRST_ROCK,), k=10, offset=10),
}
REAL_LISTS = {
    "single seed": Query(seeds=(WEEKND,), k=25),
    "same scene": Query(seeds=(WEEKND,), k=25, scene=True),
    "steered": Query(seeds=(ADELE,), k=25, targets=["energy=0.9"]),
    "steered, same scene": Query(seeds=(WEEKND,), k=25, mood="calm", scene=True),
    "genre only": Query(genre="rock", k=25),
    "multi-seed": Query(seeds=(WEEKND, ADELE), k=25),
    "artist seed": Query(artists=("Drake",), k=25),
    "deep cuts in a genre": Query(seeds=(WEEKND,), genre="pop", popularity="deep", k=25),
}


def scores_of(rec, query: Query) -> list[float]:
    return [r.score for r in rec.recommend(query).items]


@pytest.mark.parametrize("kind", SYNTHETIC_LISTS)
def test_the_percentage_never_rises_down_a_synthetic_list(synthetic_rec, kind):
    scores = scores_of(synthetic_rec, SYNTHETIC_LISTS[kind])
    assert scores and all(0 < s <= 1 for s in scores)
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("kind", REAL_LISTS)
def test_the_percentage_never_rises_down_a_real_list(real_rec, kind):
    scores = scores_of(real_rec, REAL_LISTS[kind])
    assert len(scores) == 25 and all(0 < s <= 1 for s in scores)
    assert scores == sorted(scores, reverse=True)


def ids(rec, query: Query) -> list[str]:
    return [r.track.track_id for r in rec.recommend(query).items]


def test_same_scene_changes_a_calm_list_on_the_synthetic_catalog(synthetic_rec):
    calm = Query(seeds=(FIRST_ROCK,), mood="calm", k=10)
    with_scene = Query(seeds=(FIRST_ROCK,), mood="calm", k=10, scene=True)
    assert ids(synthetic_rec, with_scene) != ids(synthetic_rec, calm)


def test_same_scene_changes_a_calm_list_and_keeps_it_calmer_than_the_scene_alone(real_rec):
    calm = Query(seeds=(WEEKND,), mood="calm", k=10)
    calm_scene = Query(seeds=(WEEKND,), mood="calm", k=10, scene=True)
    scene = Query(seeds=(WEEKND,), k=10, scene=True)
    assert ids(real_rec, calm_scene) != ids(real_rec, calm)

    def energy(query: Query) -> float:
        items = real_rec.recommend(query).items
        return float(np.mean([real_rec.audio(r.track.track_id)["energy"] for r in items]))

    assert energy(calm_scene) < energy(scene)


def test_a_calm_same_scene_list_still_names_the_playlists_that_lifted_its_songs(real_rec):
    default = real_rec.recommend(Query(seeds=(WEEKND,), k=10, scene=True)).items
    assert any(render(r.reason).startswith("often in playlists with The Weeknd") for r in default)


def test_a_list_without_a_seed_song_ignores_the_scene_flag_rather_than_failing(synthetic_rec):
    plain = Query(genre="pop", k=10)
    assert ids(synthetic_rec, Query(genre="pop", k=10, scene=True)) == ids(synthetic_rec, plain)

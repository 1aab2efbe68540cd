"""The real TidyTuesday catalog: names resolve as people type them, answers are sane."""

import numpy as np
import pytest

from recommender import SongNotFoundError
from recommender.evaluation.lists import (
    DEFAULT,
    EQUAL_WEIGHTS,
    PURE_AUDIO,
    SAME_SCENE,
    Judge,
    evaluate,
    ranked_lists,
)

WEEKND = "0sf12qNH5qcw8qpgymFOqD"
ESTRADA = "7JAo7wy8BzmP9smtTJ3fuU"


@pytest.mark.parametrize(
    "typed",
    [
        "Blinding Lights",
        "blinding lights weeknd",
        "The Weeknd - Blinding Lights",
        "blindng lights",
        WEEKND,
        f"spotify:track:{WEEKND}",
    ],
)
def test_blinding_lights_resolves_to_the_weeknd_however_it_is_typed(real_rec, typed):
    assert real_rec.resolve(typed).track.track_id == WEEKND


def test_an_ambiguous_title_names_the_other_song_it_could_mean(real_rec):
    resolution = real_rec.resolve("Blinding Lights")
    assert resolution.ambiguous
    assert ESTRADA in [a.track_id for a in resolution.alternatives]


def test_similar_to_blinding_lights_has_ten_distinct_other_songs(real_rec):
    result = real_rec.similar("Blinding Lights", k=10)
    ids = [r.track.track_id for r in result.items]
    names = [(r.track.name.lower(), r.track.artist) for r in result.items]
    assert len(ids) == 10 and len(set(names)) == 10
    assert WEEKND not in ids
    assert all(
        "blinding lights" not in r.track.name.lower() or r.track.artist != "The Weeknd"
        for r in result.items
    )


def test_a_genre_filter_on_the_real_catalog_only_returns_that_genre(real_rec):
    result = real_rec.similar("Blinding Lights", k=10, genre="Rock")
    assert len(result.items) == 10
    assert all("rock" in r.track.genres for r in result.items)


def test_autocomplete_offers_the_weeknd_first_while_typing(real_rec):
    for prefix in ("blinding", "blinding l", "blinding lights"):
        suggestions = real_rec.autocomplete(prefix)
        assert suggestions[0].track_id == WEEKND
        assert len(suggestions) <= 25


def test_gibberish_is_not_found_and_comes_with_suggestions(real_rec):
    with pytest.raises(SongNotFoundError) as err:
        real_rec.resolve("qqqqxz wwvv")
    assert 0 < len(err.value.suggestions) <= 5


def test_profile_of_blinding_lights_reads_like_a_person_would(real_rec):
    prof = real_rec.profile("Blinding Lights")
    assert prof.key_name == "C♯ major"
    assert prof.get("tempo").display == "171 BPM"
    assert prof.duration == "3:22"
    assert prof.get("tempo").percentile > 90


@pytest.fixture(scope="module")
def report(real_rec):
    """One evaluation run (2,000 seeds, as `evaluate` prints it) shared by the tests below."""
    return evaluate(real_rec, seeds=2000)


@pytest.mark.slow
def test_evaluation_meets_its_goals_and_beats_the_baselines(report):
    ours = report["systems"]["soundalike (ANNOY)"]
    naive = report["systems"]["naive ANNOY, self-duplicates removed"]
    random = report["systems"]["random"]
    assert report["recall_at_10"] >= 0.99
    assert ours["coplaylist_precision_at_10"] >= 0.045
    assert ours["coplaylist_precision_at_10"] > 1.5 * naive["coplaylist_precision_at_10"]
    assert naive["coplaylist_precision_at_10"] > 3 * random["coplaylist_precision_at_10"]
    assert ours["self_duplicate_rate"] == 0
    assert ours["max_per_artist"] <= 2
    assert naive["raw_lists_containing_seed"] > 0.05  # the textbook version repeats the seed


@pytest.mark.slow
def test_on_held_out_playlists_the_scene_lifts_precision_and_the_default_still_sounds_alike(
    report,
):
    held = report["held_out"]
    assert held["train_playlists"] + held["test_playlists"] == 471
    rows = held["systems"]
    co = {name: m["coplaylist_precision_at_10"] for name, m in rows.items()}
    assert co["random"] < co[EQUAL_WEIGHTS] < co[PURE_AUDIO]
    assert co[DEFAULT] >= 0.065  # issue #10's goal; pure audio is about 0.051
    assert co[SAME_SCENE] >= 0.10
    assert rows[DEFAULT]["in_audio_top_50"] >= 0.60  # the default still "sounds alike"
    assert rows[DEFAULT]["genre_precision_at_10"] > rows[PURE_AUDIO]["genre_precision_at_10"] + 0.05
    # Judged on the playlists its scene was learned from, the shipped index looks far better:
    # the reason the goals above are measured on playlists it never saw.
    assert rows[DEFAULT]["all_playlists"] > 2 * co[DEFAULT]


def test_the_114k_catalog_serves_its_own_genres_and_names(rec_114k):
    # 24 "Blinding Lights" rows in this catalog; The Weeknd's album release is the most popular
    resolution = rec_114k.resolve("blinding lights")
    assert resolution.track.artist == "The Weeknd"
    assert resolution.track.track_id == "0VjIjW4GlUZAMYd2vXMi3b"
    assert len(rec_114k.genres()) == 114
    items = rec_114k.similar("blinding lights", k=10, genre="K-Pop").items
    assert len(items) == 10 and all("k-pop" in r.track.genres for r in items)
    assert all(r.track.name.lower() != "blinding lights" for r in items)
    assert rec_114k.profile("Comedy Gen Hoshino").track.year is None  # no dates in this layout


def test_on_the_114k_catalog_albums_that_pair_artists_lift_genre_precision(rec_114k):
    # No playlists there: the scene comes from albums shared by several artists, and genre
    # labels (never used to fit it) judge it. 1,000 seeds keep this test quick.
    seeds = np.sort(np.random.default_rng(7).choice(rec_114k.size, 1000, replace=False))
    judge = Judge(rec_114k, seeds)
    assert rec_114k.index.scene.where == "on albums"
    audio = judge.score(ranked_lists(rec_114k, seeds, None))["genre_precision_at_10"]
    scene = judge.score(ranked_lists(rec_114k, seeds, rec_114k.index.scene))[
        "genre_precision_at_10"
    ]
    assert scene >= 0.22 and scene > audio + 0.03  # issue #10: 0.195 before

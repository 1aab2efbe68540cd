"""Behaviour of `Recommender` on the synthetic catalog, where the right answers are known."""

import subprocess
import sys

import pytest

from recommender import (
    InvalidQueryError,
    Query,
    RecommenderError,
    SongNotFoundError,
    UnknownGenreError,
    render,
)
from tests.support import synthetic
from tests.support.synthetic import PER_CLUSTER, cluster_of

FIRST_ROCK = "0000xxxxxxxxxxxxxxxxxx"
REMASTER = "0000remasterxxxxxxxxxx"


@pytest.mark.parametrize("cluster", range(len(synthetic.GENRES)))
def test_similar_songs_come_from_the_seed_songs_cluster(synthetic_rec, cluster):
    seed = f"{cluster:02d}05".ljust(22, "x")
    result = synthetic_rec.similar(seed, k=10)
    assert result.seed.track_id == seed
    assert len(result.items) == 10
    assert {cluster_of(r.track.track_id) for r in result.items} == {cluster}


def test_similar_never_returns_the_seed_song_or_another_release_of_it(synthetic_rec):
    for seed in (FIRST_ROCK, REMASTER):
        ids = [r.track.track_id for r in synthetic_rec.similar(seed, k=25).items]
        assert FIRST_ROCK not in ids and REMASTER not in ids
        assert len(ids) == len(set(ids))


def test_similar_caps_songs_per_artist_at_two_by_default(synthetic_rec):
    items = synthetic_rec.similar(FIRST_ROCK, k=20).items
    artists = [r.track.artist for r in items]
    assert max(artists.count(a) for a in artists) == 2
    one_each = synthetic_rec.similar(FIRST_ROCK, k=5, max_per_artist=1).items
    assert len({r.track.artist for r in one_each}) == 5


def test_results_are_ranked_by_a_similarity_between_0_and_1_with_a_reason(synthetic_rec):
    items = synthetic_rec.similar(FIRST_ROCK, k=10).items
    scores = [r.score for r in items]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)
    assert scores[0] > 0.9  # a same-cluster neighbour is nearly identical
    assert all(
        render(r.reason).startswith("close in ") and "; same key" in render(r.reason) for r in items
    )


def test_a_genre_filter_keeps_only_that_genre_even_for_a_seed_from_elsewhere(synthetic_rec):
    result = synthetic_rec.similar(FIRST_ROCK, k=10, genre="rap")
    assert result.genre == "rap"
    assert all("rap" in r.track.genres for r in result.items)
    assert len(result.items) == 10


def test_a_subgenre_works_as_a_filter_too(synthetic_rec):
    items = synthetic_rec.similar(genre="Neo Soul", k=5).items
    assert all("neo soul" in r.track.subgenres for r in items)


def test_a_genre_alone_gives_typical_songs_of_it_one_per_artist(synthetic_rec):
    result = synthetic_rec.similar(genre="edm", k=10)
    assert result.seed is None
    assert {cluster_of(r.track.track_id) for r in result.items} == {3}
    assert len({r.track.artist for r in result.items}) == 10
    assert render(result.items[0].reason).startswith("typical edm in")


@pytest.mark.parametrize("typed", ["R&B", "rnb", "r & b", "RnB", "R and B"])
def test_genre_names_forgive_case_and_common_spellings(synthetic_rec, typed):
    assert synthetic_rec.similar(genre=typed, k=3).genre == "r&b"


def test_an_unknown_genre_lists_the_valid_ones(synthetic_rec):
    with pytest.raises(UnknownGenreError) as err:
        synthetic_rec.similar(genre="polka", k=3)
    assert set(err.value.valid) >= set(synthetic.GENRES)


def test_an_unknown_song_raises_with_suggestions(synthetic_rec):
    with pytest.raises(SongNotFoundError) as err:
        synthetic_rec.similar("zzzz qqqq", k=3)
    assert err.value.query == "zzzz qqqq"
    with pytest.raises(SongNotFoundError) as err:
        synthetic_rec.resolve("Golden Hart 01 xylophone quartet")
    assert err.value.suggestions  # near misses are offered


def test_asking_for_nothing_is_an_error_not_a_crash(synthetic_rec):
    with pytest.raises(RecommenderError):
        synthetic_rec.similar()
    with pytest.raises(ValueError):
        synthetic_rec.similar(FIRST_ROCK, k=0)


def test_asking_for_more_songs_than_a_genre_has_returns_what_there_is(synthetic_rec):
    items = synthetic_rec.similar(FIRST_ROCK, k=100, genre="rock").items
    # 30 rock songs, minus the seed and its remaster, at most 2 per artist of 10 artists
    assert 0 < len(items) <= PER_CLUSTER - 1
    assert len({r.track.track_id for r in items}) == len(items)


def test_names_resolve_despite_typos_and_word_order(synthetic_rec):
    assert synthetic_rec.resolve("silent summer 02").track.track_id.startswith("0002")
    assert synthetic_rec.resolve("silnt sumer 02").track.track_id.startswith("0002")
    assert synthetic_rec.resolve("Band 0-2 - Silent Summer 02").track.track_id.startswith("0002")
    link = "https://open.spotify.com/track/0002xxxxxxxxxxxxxxxxxx?si=abc"
    assert synthetic_rec.resolve(link).exact


def test_autocomplete_gives_at_most_25_distinct_songs_with_short_labels(synthetic_rec):
    suggestions = synthetic_rec.autocomplete("blue")
    assert 0 < len(suggestions) <= 25
    assert all(s.label.startswith("Blue ") for s in suggestions[:5])
    assert all(len(s.label) <= 100 for s in suggestions)
    # the remaster is the same song as the original: offered once
    labels = [s.label for s in synthetic_rec.autocomplete("blue river 00")]
    assert sum("Blue River 00" in label for label in labels) == 1


def test_autocomplete_of_nothing_offers_popular_songs(synthetic_rec):
    assert len(synthetic_rec.autocomplete("")) == 25


def test_a_profile_gives_percentiles_key_name_and_units(synthetic_rec):
    prof = synthetic_rec.profile(FIRST_ROCK)
    assert prof.key_name == "C minor"  # cluster 0: key 0, mode 0
    assert prof.get("tempo").display.endswith("BPM")
    assert prof.get("loudness").display.endswith("dB")
    assert prof.duration == "3:20"
    # rock has the lowest danceability of all clusters: bottom of the catalog
    assert prof.get("danceability").percentile < 20
    assert prof.get("energy").percentile > 75
    assert prof.get("danceability").unit_interval and not prof.get("tempo").unit_interval


def test_genres_list_counts_and_places_subgenres_under_their_genre(synthetic_rec):
    infos = {g.name: g for g in synthetic_rec.genres()}
    assert infos["rock"].tracks == PER_CLUSTER + 1  # + the remaster
    assert dict(infos["rock"].subgenres) == {"hard rock": PER_CLUSTER + 1}


def test_a_query_carries_the_resolved_seed_its_alternatives_and_a_summary(synthetic_rec):
    result = synthetic_rec.recommend(Query(seeds=["golden heart 01"], k=3))
    assert result.seed.track_id == "0001".ljust(22, "x")
    assert result.seeds[0].score >= 90
    assert "BPM" in render(result.summary)
    assert len(result.items) == 3


def test_an_offset_continues_the_same_list(synthetic_rec):
    whole = synthetic_rec.recommend(Query(seeds=[FIRST_ROCK], k=8)).items
    second = synthetic_rec.recommend(Query(seeds=[FIRST_ROCK], k=4, offset=4)).items
    assert [r.track.track_id for r in second] == [r.track.track_id for r in whole[4:]]


def test_excluded_tracks_and_artists_never_appear(synthetic_rec):
    first = synthetic_rec.recommend(Query(seeds=[FIRST_ROCK], k=10)).items
    banned_track, banned_artist = first[0].track.track_id, first[1].track.artist
    again = synthetic_rec.recommend(
        Query(
            seeds=[FIRST_ROCK],
            k=10,
            exclude_tracks=[banned_track],
            exclude_artists=[banned_artist.upper()],
        )
    ).items
    assert len(again) == 10
    assert banned_track not in {r.track.track_id for r in again}
    assert banned_artist not in {r.track.artist for r in again}


@pytest.mark.parametrize(
    "bad",
    [{"k": 0}, {"k": -1}, {"k": 10_000}, {"offset": -1}, {"max_per_artist": 0}, {"seeds": ()}],
)
def test_an_impossible_query_is_refused_with_a_message(bad):
    fields = {"seeds": ["x"], **bad}
    with pytest.raises(InvalidQueryError):
        Query(**fields)


def test_the_serving_path_imports_neither_scikit_learn_scipy_nor_matplotlib(synthetic_index):
    code = f"""
import sys
from recommender import Query, Recommender
rec = Recommender.load({str(synthetic_index)!r})
assert rec.index.scene is not None  # the playlist scene is loaded and used, never re-fitted
rec.similar("golden heart 01", k=5)
rec.recommend(Query(seeds=("golden heart 01",), k=5, scene=True))
rec.similar(genre="rock", k=5)
rec.profile("blue river 00")
rec.autocomplete("gold")
import bot.services, bot.app
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & {{"sklearn", "scipy", "matplotlib"}})
print(",".join(heavy) or "none")
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "none"


def test_a_list_from_one_artist_says_it_is_close_to_that_artists_sound(synthetic_rec):
    artist = synthetic_rec.recommend(Query(artists=("band 0-1",), k=5))
    assert artist.items
    for item in artist.items:
        assert item.reason.kind == "artist_sound" and item.reason.artist == "Band 0-1"
        assert render(item.reason).startswith("close to Band 0-1's sound in ")
    # With a song beside the artist it is a blend again.
    blend = synthetic_rec.recommend(Query(("golden heart 01",), artists=("band 0-2",), k=5))
    assert {item.reason.kind for item in blend.items} == {"blend"}

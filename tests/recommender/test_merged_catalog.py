"""The default catalog: TidyTuesday 2020 and the 114k set merged (real data, built once per
session). Lists never repeat a song, a hit is never a deep cut, both sets' genre names answer,
and the figures the issue set hold on the merged index."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recommender import Query
from recommender.catalog.text import song_key
from recommender.evaluation.lists import DEFAULT, RESTRICTED, held_out
from recommender.evaluation.names import evaluate_names
from recommender.evaluation.sources import genre_precision_by_source
from tests.support.data import SONGS_CSV, TRACKS_114K, real_data

SEEDS = 300


def seed_ids(rec, n: int = SEEDS, seed: int = 17) -> list[str]:
    rows = np.random.default_rng(seed).choice(rec.size, size=n, replace=False)
    return [rec.tracks.ids[int(r)] for r in rows]


def test_the_default_catalog_holds_both_sets_as_one(merged_rec):
    catalog = merged_rec.catalog
    assert catalog["track_id"].nunique() == merged_rec.size >= 110_000
    assert merged_rec.source_name == "TidyTuesday 2020 + Spotify Tracks 114k"
    sources = {s for v in catalog["sources"] for s in v.split("|")}
    assert sources == {SONGS_CSV.name, TRACKS_114K.name}
    # The scene learns from TidyTuesday's playlists and the 114k set's albums together.
    assert merged_rec.manifest.scene["column"] == "lists"
    assert merged_rec.manifest.scene["lists"] > 10_000


@pytest.mark.parametrize("typed", ["rap", "hip-hop", "Hip Hop", "R&B", "r-n-b", "edm", "latin"])
def test_either_sets_name_for_a_genre_answers(merged_rec, typed):
    result = merged_rec.recommend(Query(genre=typed, k=10))
    assert len(result.items) == 10


@pytest.mark.parametrize("typed", ["rap", "hip-hop"])
def test_on_the_114k_catalog_alone_rap_reaches_its_hip_hop(rec_114k, typed):
    assert len(rec_114k.recommend(Query(genre=typed, k=5)).items) == 5


def test_no_list_holds_the_seed_another_version_of_it_or_a_song_twice(merged_rec):
    repeats = 0
    for track_id in seed_ids(merged_rec):
        seed = merged_rec.resolve(track_id).track
        items = [r.track for r in merged_rec.similar(track_id, k=10).items]
        keys = [song_key(t.name, t.artist) for t in items]
        repeats += song_key(seed.name, seed.artist) in keys or len(set(keys)) < len(keys)
    assert repeats == 0


def best_release_popularity() -> dict[str, int]:
    """Each song's highest popularity over every release in the raw files, computed from
    the files themselves rather than the index."""
    tidy = pd.read_csv(
        real_data(SONGS_CSV), usecols=["track_name", "track_artist", "track_popularity"]
    )
    big = pd.read_csv(real_data(TRACKS_114K), usecols=["track_name", "artists", "popularity"])
    rows = pd.concat(
        [
            tidy.set_axis(["name", "artist", "popularity"], axis=1),
            big.assign(artists=big["artists"].str.replace(";", ", ")).set_axis(
                ["artist", "name", "popularity"], axis=1
            ),
        ]
    ).dropna()
    keys = [song_key(n, a) for n, a in zip(rows["name"], rows["artist"], strict=True)]
    return rows.assign(song=keys).groupby("song")["popularity"].max().to_dict()


def test_a_deep_cut_list_never_holds_a_song_with_a_popular_release(merged_rec):
    best = best_release_popularity()
    listed = 0
    for track_id in seed_ids(merged_rec, seed=23):
        result = merged_rec.recommend(Query(seeds=[track_id], popularity="deep", k=10))
        for item in result.items:
            listed += 1
            assert best[song_key(item.track.name, item.track.artist)] < 50, item.track.label
    assert listed >= 10 * SEEDS * 0.9


def test_no_explicit_keeps_out_what_the_114k_set_marks_explicit(merged_rec):
    explicit = merged_rec.catalog.loc[merged_rec.catalog["explicit"] == 1, "track_id"]
    result = merged_rec.recommend(Query(seeds=[explicit.iloc[0]], no_explicit=True, k=25))
    assert result.items and not any(r.track.explicit for r in result.items)


def test_names_on_the_merged_catalog_are_right_and_absent_songs_refused(merged_rec):
    held = evaluate_names(merged_rec)["held_out"]
    assert held["typed_right"] >= 0.98
    assert held["absent_refused"] >= 0.9


def test_genre_precision_on_each_sets_own_labels_meets_its_goal(merged_rec):
    figures = genre_precision_by_source(merged_rec, 1000, 7)
    assert figures["TidyTuesday 2020"]["soundalike"] >= 0.55
    assert figures["Spotify Tracks 114k"]["soundalike"] >= 0.25
    assert all(m["soundalike"] > 2 * m["random"] for m in figures.values())


def test_held_out_co_playlist_restricted_to_tidytuesday_songs_matches_tidytuesday_alone(
    merged_rec, real_rec
):
    merged = held_out(merged_rec, 1000, 7)
    alone = held_out(real_rec, 1000, 7, seed_ids=merged["seed_ids"])
    restricted = merged["systems"][RESTRICTED]
    baseline = alone["systems"][DEFAULT]
    noise = 2 * np.hypot(
        restricted["coplaylist_standard_error"], baseline["coplaylist_standard_error"]
    )
    assert restricted["coplaylist_precision_at_10"] >= 0.075
    assert (
        restricted["coplaylist_precision_at_10"] >= baseline["coplaylist_precision_at_10"] - noise
    )

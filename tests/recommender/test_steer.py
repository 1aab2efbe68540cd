"""Steering a list (issue #12): several seeds, artists, moods and targets, popularity bands,
exclusions and a bridge — on the real catalogs, asserting what a listener would notice."""

import csv
import io
from itertools import pairwise

import numpy as np
import pytest

from recommender import InvalidQueryError, Query, UnknownGenreError, render
from recommender.export import export_files, spotify_links, tracks_csv, write_export
from recommender.ranking.moods import MOODS

WEEKND = "0sf12qNH5qcw8qpgymFOqD"  # Blinding Lights
ADELE = "Someone Like You"
PAIRS = [("Blinding Lights", ADELE), ("bad guy", "Mr. Brightside"), ("Despacito", "Hallelujah")]


def vector(rec, track_id):
    return np.asarray(rec.vectors[rec.tracks.row_of[track_id]], dtype=np.float64)


def mean_gap(rec, items, track_id):
    point = vector(rec, track_id)
    return np.mean([np.linalg.norm(vector(rec, r.track.track_id) - point) for r in items])


def mean_of(rec, items, feature):
    return np.mean([rec.audio(r.track.track_id)[feature] for r in items])


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_a_two_seed_list_is_closer_to_each_seed_than_the_other_seeds_own_list(
    real_rec, first, second
):
    blend = real_rec.recommend(Query(seeds=(first, second), k=10))
    a, b = (s.track.track_id for s in blend.seeds)
    only_a = real_rec.recommend(Query(seeds=(first,), k=10)).items
    only_b = real_rec.recommend(Query(seeds=(second,), k=10)).items
    assert mean_gap(real_rec, blend.items, b) < mean_gap(real_rec, only_a, b)
    assert mean_gap(real_rec, blend.items, a) < mean_gap(real_rec, only_b, a)


def test_a_blend_is_one_list_and_each_song_names_its_closest_seed(real_rec):
    result = real_rec.recommend(Query(seeds=("Blinding Lights", ADELE), k=10))
    labels = {s.track.label for s in result.seeds}
    assert {r.closest_seed for r in result.items} <= labels
    for r in result.items:  # the named seed really is the nearer one
        gaps = {
            s.track.label: np.linalg.norm(
                vector(real_rec, r.track.track_id) - vector(real_rec, s.track.track_id)
            )
            for s in result.seeds
        }
        assert r.closest_seed == min(gaps, key=gaps.get)
    ids = [r.track.track_id for r in result.items]
    assert len(set(ids)) == 10 and WEEKND not in ids


def test_an_artist_seed_lists_other_artists_that_sound_like_them(real_rec):
    result = real_rec.recommend(Query(artists=("radiohead",), k=10))
    assert result.artists == ("Radiohead",)
    assert len(result.items) == 10
    assert all(r.track.artist != "Radiohead" for r in result.items)
    assert real_rec.autocomplete_artist("radioh")[0].label == "Radiohead"


def test_an_unknown_artist_is_refused_by_name(real_rec):
    with pytest.raises(InvalidQueryError, match="I don't know the artist 'qqxqzv zzkq'"):
        real_rec.recommend(Query(artists=("qqxqzv zzkq",)))


def test_more_than_five_seeds_is_refused_saying_how_many():
    with pytest.raises(InvalidQueryError, match="At most 5 seeds .* got 6; leave some out"):
        Query(seeds=("a", "b", "c", "d"), artists=("e", "f"))


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ({"energy": 1.5}, "energy must be from 0 to 1, got 1.5"),
        ({"tempo": 900}, "tempo must be from 30 to 250 BPM"),
        ({"energy": float("nan")}, "energy must be from 0 to 1"),
        ({"duration": 3}, "I can't target 'duration'"),
        (["valence=very"], "give a number or one of low"),
        (["energy"], "Write a target as FEATURE=VALUE"),
    ],
)
def test_a_target_outside_its_range_is_refused_with_the_range(targets, message):
    with pytest.raises(InvalidQueryError, match=message):
        Query(seeds=("x",), targets=targets)


def test_an_unknown_mood_is_refused_with_the_moods():
    with pytest.raises(
        InvalidQueryError, match="I don't know the mood 'grumpy'. Try one of: happy"
    ):
        Query(mood="grumpy")


@pytest.mark.parametrize("feature", ["energy", "valence", "danceability", "acousticness"])
@pytest.mark.parametrize("goal", [0.95, 0.05])
def test_a_target_pulls_the_lists_mean_toward_it(real_rec, feature, goal):
    """Never meaningfully further from the target than without it (a list already at the
    floor stays there: the plain list is ranked with the playlist scene, the steered one by
    fit, so near the floor they may trade a hundredth or two), and clearly closer over the
    seeds together."""
    plain_gaps, steered_gaps = [], []
    for seed in ("Blinding Lights", ADELE, "Mr. Brightside"):
        plain = real_rec.recommend(Query(seeds=(seed,), k=10)).items
        steered = real_rec.recommend(Query(seeds=(seed,), targets={feature: goal}, k=10)).items
        plain_gaps.append(abs(mean_of(real_rec, plain, feature) - goal))
        steered_gaps.append(abs(mean_of(real_rec, steered, feature) - goal))
        assert steered_gaps[-1] <= plain_gaps[-1] + 0.02
    assert sum(steered_gaps) < sum(plain_gaps) - 0.1


def test_low_and_high_are_the_catalogs_own_tenth_and_ninetieth_percentiles(real_rec):
    valence = real_rec.tracks.audio[:, real_rec.tracks.audio_column("valence")]
    low = real_rec.recommend(Query(targets=["valence=low"], k=10)).items
    high = real_rec.recommend(Query(targets=["valence=high"], k=10)).items
    assert abs(mean_of(real_rec, low, "valence") - np.percentile(valence, 10)) < 0.03
    assert abs(mean_of(real_rec, high, "valence") - np.percentile(valence, 90)) < 0.03


def test_a_tempo_target_pulls_the_list_toward_that_tempo(real_rec):
    items = real_rec.recommend(Query(seeds=(ADELE,), targets=["tempo=150"], k=10)).items
    plain = real_rec.recommend(Query(seeds=(ADELE,), k=10)).items
    assert abs(mean_of(real_rec, items, "tempo") - 150) < abs(
        mean_of(real_rec, plain, "tempo") - 150
    )
    assert all(render(r.reason).startswith("tempo ") and "BPM" in render(r.reason) for r in items)


def test_a_mood_with_a_genre_and_no_song_is_a_mood_list_of_that_genre(real_rec):
    calm = real_rec.recommend(Query(genre="rock", mood="calm", k=10))
    typical = real_rec.recommend(Query(genre="rock", k=10))
    assert len(calm.items) == 10 and all("rock" in r.track.genres for r in calm.items)
    assert (
        mean_of(real_rec, calm.items, "energy") < mean_of(real_rec, typical.items, "energy") - 0.2
    )
    assert render(calm.steering) == "mood calm"


def test_a_mood_alone_ranks_the_whole_catalog_by_fit(real_rec):
    items = real_rec.recommend(Query(mood="happy", k=10)).items
    assert len(items) == 10
    assert mean_of(real_rec, items, "valence") > 0.75


def test_popularity_bands_hold_the_catalogs_top_and_bottom_quarters(real_rec):
    songs = dict(zip(real_rec.tracks.song_keys, real_rec.tracks.columns["popularity"], strict=True))
    popularity = np.array([p for p in songs.values() if p is not None])  # one number per song
    low, high = np.quantile(popularity, 0.25), np.quantile(popularity, 0.75)
    deep = real_rec.recommend(Query(seeds=("Blinding Lights",), popularity="deep", k=20))
    mainstream = real_rec.recommend(Query(seeds=(ADELE,), popularity="mainstream", k=20))
    assert len(deep.items) == 20 and all(r.track.popularity <= low for r in deep.items)
    assert all(r.track.popularity >= high for r in mainstream.items)
    assert "deep cuts (popularity 0-" in render(deep.steering)


def test_two_seeds_a_mood_and_a_band_together_still_fill_the_list(real_rec):
    query = Query(seeds=("Blinding Lights", "bad guy"), mood="dance", popularity="deep", k=25)
    result = real_rec.recommend(query)
    assert len(result.items) == 25
    assert len({r.track.track_id for r in result.items}) == 25


def test_excluded_artists_and_genres_never_appear(real_rec):
    query = Query(
        seeds=("Blinding Lights",),
        exclude_artists=("Imagine Dragons", "the weeknd"),
        exclude_genres=("rock", "R&B"),
        k=30,
    )
    items = real_rec.recommend(query).items
    assert len(items) == 30
    assert not {"Imagine Dragons", "The Weeknd"} & {r.track.artist for r in items}
    assert not any({"rock", "r&b"} & set(r.track.genres) for r in items)


def test_an_unknown_excluded_genre_is_refused_with_the_genres(real_rec):
    with pytest.raises(UnknownGenreError):
        real_rec.recommend(Query(seeds=("Blinding Lights",), exclude_genres=("polka",)))


def test_the_114k_catalog_keeps_explicit_and_no_explicit_leaves_it_out(rec_114k):
    assert rec_114k.catalog["explicit"].notna().all()
    plain = rec_114k.recommend(Query(seeds=("HUMBLE. Kendrick Lamar",), k=20)).items
    clean = rec_114k.recommend(
        Query(seeds=("HUMBLE. Kendrick Lamar",), no_explicit=True, k=20)
    ).items
    assert any(r.track.explicit for r in plain)  # rap neighbours are often explicit
    assert len(clean) == 20 and all(r.track.explicit is False for r in clean)
    assert render(rec_114k.recommend(Query(genre="k-pop", no_explicit=True)).steering) == (
        "no explicit"
    )


def test_the_tidytuesday_catalog_does_not_claim_to_know_explicit(real_rec):
    assert real_rec.track(WEEKND).explicit is None
    result = real_rec.recommend(Query(seeds=(WEEKND,), no_explicit=True))
    assert render(result.steering) == "explicit unknown in this catalog"


def test_a_bridge_moves_closer_to_the_destination_at_every_step(real_rec):
    result = real_rec.bridge("Blinding Lights", ADELE, steps=10)
    goal = vector(real_rec, result.end.track.track_id)
    path = [result.start.track, *(s.track for s in result.steps)]
    gaps = [np.linalg.norm(vector(real_rec, t.track_id) - goal) for t in path]
    assert len(result.steps) >= 5
    assert all(later < earlier for earlier, later in pairwise(gaps))
    songs = [real_rec.tracks.song_keys[real_rec.tracks.row_of[t.track_id]] for t in result.tracks]
    assert len(set(songs)) == len(songs)  # no song twice, ends included
    artists = [
        real_rec.tracks.artist_keys[real_rec.tracks.row_of[t.track_id]] for t in result.tracks
    ]
    assert max(artists.count(a) for a in artists) <= 2
    assert render(result.steps[-1].reason).endswith(f"of the way to {ADELE}")


def test_a_bridge_between_the_same_song_says_to_pick_two(real_rec):
    with pytest.raises(InvalidQueryError, match="pick two different songs"):
        real_rec.bridge("Blinding Lights", WEEKND)


def test_an_export_holds_title_artist_and_link_and_a_plain_link_list(real_rec, tmp_path):
    tracks = [r.track for r in real_rec.similar("Blinding Lights", k=5).items]
    tracks.append(real_rec.track("0qcr5FMsEO85NAQjrlDRKo"))  # a title with quotes
    table = list(csv.reader(io.StringIO(tracks_csv(tracks))))
    assert table[0] == ["title", "artist", "spotify_url"]
    assert table[1:] == [[t.name, t.artist, t.url] for t in tracks]
    links = spotify_links(tracks).splitlines()
    assert links == [f"https://open.spotify.com/track/{t.track_id}" for t in tracks]
    assert set(export_files(tracks, "mix")) == {"mix.csv", "mix-links.txt"}
    written = write_export(tracks, tmp_path / "mix.csv")
    assert [p.name for p in written] == ["mix.csv", "mix-links.txt"]
    assert written[1].read_text().splitlines() == links


def test_an_exported_name_a_spreadsheet_would_run_as_a_formula_starts_with_a_quote():
    from recommender import Track

    names = ['=HYPERLINK("http://x")', "+", "-M-", "@ ME", "\tTab", "Plain - Title"]
    tracks = [Track(track_id=f"id{i}", name=n, artist=n) for i, n in enumerate(names)]
    rows = list(csv.reader(io.StringIO(tracks_csv(tracks))))[1:]
    assert [row[0] for row in rows] == [
        '\'=HYPERLINK("http://x")',
        "'+",
        "'-M-",
        "'@ ME",
        "'\tTab",
        "Plain - Title",
    ]
    assert [row[1] for row in rows] == [row[0] for row in rows]
    assert spotify_links(tracks).splitlines()[0] == "https://open.spotify.com/track/id0"


def test_docs_moods_lists_every_mood_with_its_targets():
    from pathlib import Path

    from recommender.ranking.moods import describe_targets
    from recommender.words import targets_text

    text = (Path(__file__).resolve().parents[2] / "docs" / "moods.md").read_text()
    for name, targets in MOODS.items():
        assert f"| `{name}` | {targets_text(describe_targets(targets))} |" in text


def test_the_knob_report_shows_every_knob_moving_its_figure_the_stated_way(real_rec):
    from recommender.evaluation.knobs import format_knobs, knob_report

    report = knob_report(real_rec, samples=40)
    for t in report["targets"]:
        assert t["mean_low_target"] < t["mean_no_target"] < t["mean_high_target"], t
    pop = report["popularity"]
    assert pop["deep"] < pop["any"] < pop["mainstream"]
    two = report["two_seeds"]
    assert two["blend_to_b"] < two["a_list_to_b"] and two["blend_to_a"] < two["b_list_to_a"]
    assert report["bridge"]["share_of_steps_closer"] == 1.0
    assert report["co_playlist"]["playlists"] > 100
    text = format_knobs(report)
    assert "mean popularity: deep cuts" in text and "co-playlist precision@10" in text


def test_the_114k_catalog_keeps_each_tracks_explicit_flag_from_the_source(rec_114k):
    import pandas as pd

    from tests.support.data import TRACKS_114K

    source = pd.read_csv(TRACKS_114K, usecols=["track_id", "explicit"]).drop_duplicates("track_id")
    stored = rec_114k.catalog.set_index("track_id")["explicit"]
    flags = source.set_index("track_id")["explicit"].reindex(stored.index)
    assert (stored == flags.astype(int)).all()
    assert int(stored.sum()) == int(flags.sum()) > 5000


def test_an_index_stored_before_explicit_existed_still_loads_with_it_unknown(tmp_path):
    from recommender.catalog.schema import STORED_COLUMNS, read_stored_catalog
    from tests.support import synthetic

    old = synthetic.frame().rename(columns={"track_name": "name", "track_artist": "artist"})
    old = old.reindex(columns=[c for c in STORED_COLUMNS if c != "explicit"])  # gaps: empty
    old.to_csv(tmp_path / "catalog.csv", index=False)
    frame = read_stored_catalog(tmp_path / "catalog.csv")
    assert frame["explicit"].isna().all() and len(frame) == len(old)

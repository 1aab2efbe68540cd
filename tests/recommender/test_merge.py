"""Several catalogs built as one: tracks by id, songs across releases, genres as one
vocabulary, the first source winning where they disagree."""

from __future__ import annotations

import pandas as pd
import pytest

from recommender import CatalogError, Query, Recommender
from recommender.catalog.defaults import default_sources
from recommender.catalog.merge import MIN_SHARED_TRACKS, merge_catalogs
from recommender.catalog.reader import catalog_from_frame, load_catalog
from recommender.catalog.schema import split_list
from recommender.cli.commands import main, make_parser
from recommender.store.opening import build, source_list
from tests.support import synthetic
from tests.support.data import TRACKS_114K, real_data

FEATURES = list(synthetic.centre(0))


def as_114k(tidy: pd.DataFrame, genre_of: dict[str, str] | None = None) -> pd.DataFrame:
    """The TidyTuesday-layout rows rewritten in the 114k layout (one genre per row)."""
    genre_of = genre_of or {}
    return pd.DataFrame(
        {
            "track_id": tidy["track_id"],
            "artists": tidy["track_artist"],
            "album_name": tidy["track_album_name"],
            "track_name": tidy["track_name"],
            "popularity": tidy["track_popularity"],
            "duration_ms": tidy["duration_ms"],
            "explicit": "True",
            **{f: tidy[f] for f in FEATURES},
            "track_genre": [genre_of.get(g, g) for g in tidy["playlist_genre"]],
        }
    )


def loaded(name: str, frame: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    return name, catalog_from_frame(frame, source_name=name)[0]


def test_a_track_in_both_sources_is_one_row_with_the_first_sources_audio_and_both_genres():
    tidy = synthetic.frame().drop_duplicates("track_id").head(40)
    other = as_114k(tidy.head(10), {"rock": "alt-rock"})
    other["tempo"] = other["tempo"] + 5  # the second source disagrees on every track
    merged, report = merge_catalogs([loaded("a.csv", tidy), loaded("b.csv", other)])
    assert len(merged) == merged["track_id"].nunique() == 40
    assert report.shared == 10 and report.conflicting == 10
    first = merged.set_index("track_id").loc[tidy["track_id"].iloc[0]]
    assert first["tempo"] == pytest.approx(tidy["tempo"].iloc[0])
    assert set(split_list(first["genres"])) == {"rock", "alt-rock"}
    assert first["explicit"] == 1  # only the second source knows, so it is taken from there
    assert split_list(first["sources"]) == ("a.csv", "b.csv")
    assert "10 with different audio features" in str(report)


def test_every_release_of_a_song_has_the_songs_popularity_and_the_best_known_comes_first():
    tidy = synthetic.frame().drop_duplicates("track_id")
    catalog, _ = merge_catalogs([loaded("a.csv", tidy)])
    song = catalog[catalog["name"].str.startswith(tidy["track_name"].iloc[0])]
    assert len(song) == 2  # the song and its "- Remastered 2009" release
    assert song["popularity"].nunique() == 1
    assert song["popularity"].iloc[0] == song["release_popularity"].max()
    assert song["release_popularity"].iloc[0] == song["release_popularity"].max()


def test_a_hit_released_again_without_listeners_is_never_a_deep_cut(tmp_path):
    tidy = synthetic.frame().drop_duplicates("track_id").copy()
    tidy["track_popularity"] = [5 + (i * 37) % 90 for i in range(len(tidy))]
    hit = tidy.iloc[1].copy()  # a well-known song ...
    tidy.loc[tidy.index[1], "track_popularity"] = 95
    copy = hit.copy()  # ... and a compilation copy of it nobody streams
    copy["track_id"], copy["track_name"], copy["track_popularity"] = (
        "compilationcopyxxxxxxx",
        f"{hit['track_name']} - Radio Edit",
        0,
    )
    path = tmp_path / "songs.csv"
    pd.concat([tidy, copy.to_frame().T]).to_csv(path, index=False)
    build(str(path), tmp_path / "index", n_trees=5)
    rec = Recommender.load(tmp_path / "index")
    deep = rec.recommend(Query(seeds=[tidy["track_name"].iloc[2]], popularity="deep", k=25))
    names = [r.track.name for r in deep.items]
    assert deep.items and all(r.track.popularity <= deep.steering.band_range[1] for r in deep.items)
    assert not any(n.startswith(str(hit["track_name"])) for n in names)


def shared_genre_sources(label: str, count: int) -> list[tuple[str, pd.DataFrame]]:
    """A TidyTuesday-like source and a later one that calls its rap `label` on `count`
    shared tracks (and has edm itself)."""
    tidy = synthetic.frame().drop_duplicates("track_id")
    rap = tidy[tidy["playlist_genre"] == "rap"]
    shared = as_114k(rap.head(count), {"rap": label})
    own = as_114k(tidy[tidy["playlist_genre"] == "edm"].head(5))
    own["track_id"] = [f"own{i}".ljust(22, "y") for i in range(len(own))]
    electronic = own.assign(track_genre="electronic")
    electronic["track_id"] = [f"el{i}".ljust(22, "y") for i in range(len(own))]
    frame = pd.concat([shared, own, electronic], ignore_index=True)
    return [loaded("tidy.csv", tidy), loaded("later.csv", frame)]


def test_two_names_for_one_genre_become_one_when_the_shared_tracks_agree():
    merged, report = merge_catalogs(shared_genre_sources("hip-hop", MIN_SHARED_TRACKS))
    genres = {g for v in merged["genres"] for g in split_list(v)}
    assert "hip-hop" not in genres and "rap" in genres
    assert [(a.label, a.becomes) for a in report.aliases if a.column == "genres"] == [
        ("hip-hop", "rap")
    ]
    # "electronic" is a synonym of edm, but the later source has its own edm: two genres there.
    assert {"edm", "electronic"} <= genres


def test_too_few_shared_tracks_leave_two_genres_apart():
    merged, report = merge_catalogs(shared_genre_sources("hip-hop", MIN_SHARED_TRACKS - 1))
    assert not [a for a in report.aliases if a.column == "genres"]
    assert "hip-hop" in {g for v in merged["genres"] for g in split_list(v)}


def test_a_second_source_without_the_needed_columns_is_refused_naming_file_and_columns(
    tmp_path,
):
    good = tmp_path / "songs.csv"
    synthetic.frame().to_csv(good, index=False)
    bad = tmp_path / "their_songs.csv"
    synthetic.frame().rename(columns={"track_name": "title", "energy": "power"}).to_csv(
        bad, index=False
    )
    with pytest.raises(CatalogError) as caught:
        build([str(good), str(bad)], tmp_path / "index", n_trees=2)
    message = str(caught.value)
    assert "their_songs.csv" in message and "name" in message and "energy" in message


def test_the_114k_file_as_kaggle_publishes_it_with_an_index_column_loads(tmp_path):
    kaggle = pd.read_csv(real_data(TRACKS_114K), nrows=300)
    path = tmp_path / "dataset.csv"
    kaggle.to_csv(path, index=True)  # Kaggle's dataset.csv: an unnamed first column
    assert path.read_text().startswith(",track_id,")
    catalog, report = load_catalog(path)
    assert report.layout == "spotify-114k"
    assert len(catalog) == kaggle["track_id"].nunique()


def test_each_columns_option_maps_the_source_before_it():
    args = make_parser().parse_args(
        ["build", "--source", "a.csv", "--source", "b.csv", "--columns", "name=title"]
    )
    assert args.source == ["a.csv", "b.csv"]
    assert args.columns == [None, {"name": "title"}]
    shared = make_parser().parse_args(["build", "--columns", "name=title", "--source", "a.csv"])
    assert shared.columns == {"name": "title"}


def test_build_merges_two_sources_given_on_the_command_line(tmp_path, capsys):
    tidy = synthetic.frame()
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    tidy.to_csv(first, index=False)
    extra = tidy.drop_duplicates("track_id").head(20).copy()
    extra["track_id"] = [f"new{i}".ljust(22, "z") for i in range(len(extra))]
    extra["track_name"] = [f"Other Song {i}" for i in range(len(extra))]
    extra.rename(columns={"track_name": "title"}).to_csv(second, index=False)
    index = tmp_path / "index"
    argv = ["build", "--index-dir", str(index), "--n-trees", "2", "--source", str(first)]
    assert main([*argv, "--source", str(second), "--columns", "name=title"]) == 0
    assert "from first.csv + second.csv" in capsys.readouterr().out
    rec = Recommender.load(index)
    assert rec.size == tidy["track_id"].nunique() + 20
    assert rec.resolve("Other Song 3").track.track_id == extra["track_id"].iloc[3]


def test_without_a_source_the_two_public_catalogs_are_merged_in_order():
    assert source_list(None) == default_sources()
    first, second = default_sources()
    assert first.endswith("spotify_songs.csv") and "spotify-tracks-dataset" in second

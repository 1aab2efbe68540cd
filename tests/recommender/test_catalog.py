import gzip
import logging

import numpy as np
import pandas as pd
import pytest

from recommender import Recommender
from recommender.catalog.features import AUDIO_FEATURES
from recommender.catalog.reader import load_catalog, parse_column_mapping
from recommender.catalog.schema import split_list
from recommender.errors import CatalogError
from recommender.query import Query
from recommender.store.opening import build
from tests.support import synthetic
from tests.support.data import SONGS_CSV, TRACKS_114K, real_data


def test_a_track_in_several_playlists_becomes_one_row_with_every_genre(synthetic_csv):
    catalog, report = load_catalog(synthetic_csv)
    assert report.rows == len(synthetic.rows())
    assert catalog["track_id"].is_unique
    pop_song = catalog[catalog.track_id == "0100xxxxxxxxxxxxxxxxxx"].iloc[0]
    assert split_list(pop_song.genres) == ("latin", "pop")
    assert split_list(pop_song.playlists) == ("playlist1", "playlistX")


def test_rows_missing_a_name_or_a_feature_are_dropped_and_counted(tmp_path):
    frame = synthetic.frame()
    frame.loc[3, "track_name"] = None
    frame["energy"] = frame["energy"].astype(object)
    frame.loc[4, "energy"] = "loud"
    path = tmp_path / "songs.csv"
    frame.to_csv(path, index=False)
    catalog, report = load_catalog(path)
    assert report.dropped == {
        "missing id, name or artist": 1,
        "missing or non-numeric audio features": 1,
    }
    assert "dropped 2 rows" in str(report)
    assert frame.loc[4, "track_id"] not in set(catalog.track_id)


def test_a_csv_without_required_columns_is_refused_with_their_names(tmp_path):
    path = tmp_path / "songs.csv"
    synthetic.frame().drop(columns=["tempo", "valence"]).to_csv(path, index=False)
    with pytest.raises(CatalogError, match="missing required column.*valence, tempo"):
        load_catalog(path)


@pytest.mark.parametrize("content", [b"\x00\x01\x02\xff\xfe", b"", b'a,b\n"1,2\n3,4,5,6\n'])
def test_malformed_files_raise_catalog_error_not_a_traceback(tmp_path, content):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CatalogError):
        load_catalog(path)


def test_a_custom_layout_loads_through_an_explicit_column_mapping(tmp_path):
    frame = synthetic.frame().rename(
        columns={"track_name": "title", "track_artist": "singer", "track_id": "id"}
    )
    path = tmp_path / "mine.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        frame.to_csv(fh, index=False)
    with pytest.raises(CatalogError, match="track_id, name, artist"):
        load_catalog(path)
    catalog, report = load_catalog(path, {"track_id": "id", "name": "title", "artist": "singer"})
    assert report.layout == "custom"
    assert "Blue River 00" in set(catalog.name)


def test_the_real_tidytuesday_catalog_has_one_row_per_distinct_track():
    catalog, report = load_catalog(real_data(SONGS_CSV))
    assert report.rows == 32_833
    assert report.dropped_total == 5  # the rows whose name is NA
    assert len(catalog) == 28_352  # 28,356 ids, 4 of them only on NA rows
    weeknd = catalog[catalog.track_id == "0sf12qNH5qcw8qpgymFOqD"].iloc[0]
    assert weeknd["name"] == "Blinding Lights" and weeknd.popularity == 98
    assert set(split_list(weeknd.genres)) == {"pop", "latin", "r&b", "edm"}
    assert weeknd.year == 2019


def test_the_real_114k_catalog_loads_in_its_own_layout():
    catalog, report = load_catalog(real_data(TRACKS_114K))
    assert report.layout == "spotify-114k"
    assert report.rows == 114_000 and report.dropped_total == 1
    assert len(catalog) == 89_740
    comedy = catalog[catalog.track_id == "5SuOikwiRyPMVoIQDJUgSV"].iloc[0]
    assert comedy.artist == "Gen Hoshino"
    assert "j-pop" in split_list(comedy.genres)
    assert pd.isna(comedy.year)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("tempo", "inf"),
        ("tempo", "-inf"),
        ("loudness", "1e308"),
        ("tempo", "-120"),
        ("energy", "1.7"),
        ("valence", "-0.2"),
        ("key", "12"),
    ],
)
def test_a_non_finite_or_out_of_range_feature_drops_its_row_and_is_counted(tmp_path, column, value):
    frame = synthetic.frame().astype({column: object})
    frame.loc[[5, 6], column] = value
    path = tmp_path / "songs.csv"
    frame.to_csv(path, index=False)
    catalog, report = load_catalog(path)
    assert report.dropped == {"non-finite or out-of-range audio features": 2}
    assert "dropped 2 rows" in str(report)
    assert not set(frame.loc[[5, 6], "track_id"]) & set(catalog.track_id)
    assert np.isfinite(catalog[list(AUDIO_FEATURES)].to_numpy()).all()


def test_a_poisoned_catalog_still_builds_an_index_whose_scores_are_numbers(tmp_path):
    frame = synthetic.frame().astype({"loudness": object, "tempo": object})
    frame.loc[[1, 2, 3], "loudness"] = "1e308"
    frame.loc[4, "tempo"] = "inf"
    path = tmp_path / "songs.csv"
    frame.to_csv(path, index=False)
    build(str(path), tmp_path / "index", n_trees=5)
    rec = Recommender.load(tmp_path / "index")
    scores = [r.score for r in rec.recommend(Query(seeds=(frame.track_id[10],), k=10)).items]
    assert len(scores) == 10 and all(0 <= s <= 1 for s in scores)


def test_conflicting_duplicate_ids_are_reported_and_the_first_row_kept(tmp_path, caplog):
    frame = synthetic.frame()
    twin = frame.iloc[[7]].assign(energy=0.01, playlist_id="other")
    path = tmp_path / "songs.csv"
    pd.concat([frame, twin]).to_csv(path, index=False)
    with caplog.at_level(logging.WARNING):
        catalog, report = load_catalog(path)
    assert report.conflicting == 1
    assert "1 track ids repeat with different audio features" in str(report)
    assert "different audio features" in caplog.text
    kept = catalog[catalog.track_id == frame.track_id[7]].iloc[0]
    assert kept.energy == pytest.approx(frame.energy[7])


def test_identical_duplicates_are_not_reported_as_conflicts(synthetic_csv):
    _, report = load_catalog(synthetic_csv)
    assert report.conflicting == 0


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_the_delimiter_is_detected_from_the_header(tmp_path, sep):
    frame = synthetic.frame()
    frame.loc[0, "track_name"] = "Hello, Goodbye; Again"  # the other delimiters in a title
    path = tmp_path / "songs.csv"
    frame.to_csv(path, index=False, sep=sep)
    catalog, report = load_catalog(path)
    assert report.tracks == 181 and not report.dropped
    assert "Hello, Goodbye; Again" in set(catalog.name)


def test_column_names_match_whatever_their_case(tmp_path):
    frame = synthetic.frame().rename(columns=lambda c: c.upper())
    frame = frame.rename(columns={"TRACK_NAME": "Title"})
    path = tmp_path / "songs.csv"
    frame.to_csv(path, index=False)
    catalog, report = load_catalog(path, {"Name": "TITLE"})
    assert report.tracks == 181
    assert catalog.name.iloc[0] == frame.Title.iloc[0]


def test_a_byte_order_mark_does_not_hide_the_first_column(tmp_path):
    path = tmp_path / "songs.csv"
    path.write_bytes(b"\xef\xbb\xbf" + synthetic.frame().to_csv(index=False).encode())
    _, report = load_catalog(path)
    assert report.tracks == 181


@pytest.mark.parametrize(
    ("text", "expected"),
    [("name=title, artist=singer", {"name": "title", "artist": "singer"}), ("", {})],
)
def test_a_column_mapping_parses_from_text(text, expected):
    assert parse_column_mapping(text) == expected


@pytest.mark.parametrize("text", ["name", "name=", "=title"])
def test_a_malformed_column_mapping_says_how_to_write_it(text):
    with pytest.raises(ValueError, match="CANONICAL=COLUMN"):
        parse_column_mapping(text)


@pytest.mark.parametrize(
    ("column", "field", "value"),
    [
        ("track_popularity", "popularity", "inf"),
        ("track_popularity", "popularity", "1e308"),
        ("track_popularity", "popularity", "250"),
        ("duration_ms", "duration_ms", "-inf"),
        ("duration_ms", "duration_ms", "1e30"),
    ],
)
def test_an_impossible_optional_number_is_left_blank_and_counted(tmp_path, column, field, value):
    frame = synthetic.frame().astype({column: object})
    frame.loc[3, column] = value
    path = tmp_path / "songs.csv"
    frame.to_csv(path, index=False)
    catalog, report = load_catalog(path)
    assert report.tracks == 181 and not report.dropped
    assert report.cleared == {field: 1}
    assert f"out-of-range values left blank: 1 {field}" in str(report)
    assert pd.isna(catalog.loc[catalog.track_id == frame.track_id[3], field].iloc[0])


def test_a_gzip_that_inflates_past_the_limit_is_refused_naming_the_file_and_limit(tmp_path):
    path = tmp_path / "bomb.csv.gz"
    header = ",".join(synthetic.frame().columns) + "\n"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(header + "0" * (3 << 20))  # 3 MB of text in a few kilobytes
    assert path.stat().st_size < 100_000
    with pytest.raises(CatalogError, match=r"bomb\.csv\.gz inflates to more than 1 MB"):
        load_catalog(path, max_inflated_mb=1)


def test_a_gzip_within_the_limit_loads_as_before(synthetic_csv, tmp_path):
    path = tmp_path / "ok.csv.gz"
    path.write_bytes(gzip.compress(synthetic_csv.read_bytes()))
    assert len(load_catalog(path, max_inflated_mb=1)[0]) == len(load_catalog(synthetic_csv)[0])

import gzip

import pandas as pd
import pytest

from recommender.catalog import load_catalog
from recommender.errors import CatalogError
from recommender.schema import split_list

from . import synthetic
from .conftest import SONGS_CSV, TRACKS_114K, real_data


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

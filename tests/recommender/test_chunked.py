"""A large catalog is read in chunks, and the chunks make the same catalog as the whole file."""

from __future__ import annotations

import pandas as pd

from recommender.catalog.chunked import catalog_chunks, load_catalog_chunked
from recommender.catalog.reader import load_catalog
from tests.support.data import SONGS_CSV, real_data


def as_text(frame: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its categories (repeating text, kept compact in chunks) as `like`'s text."""
    categories = [c for c in frame if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: like[c].dtype for c in categories})


def test_reading_the_real_catalog_in_chunks_gives_the_same_tracks_as_reading_it_whole():
    # TidyTuesday repeats a track per playlist, so many tracks have rows in several chunks:
    # their genres and playlists must be gathered across chunks as within one.
    path = real_data(SONGS_CSV)
    whole, whole_report = load_catalog(path)
    chunked, chunked_report = load_catalog_chunked(path, chunk_rows=4000)
    assert as_text(chunked, whole).dtypes.tolist() != chunked.dtypes.tolist()  # compacted
    pd.testing.assert_frame_equal(whole, as_text(chunked, whole))
    assert str(chunked_report) == str(whole_report)
    assert whole["playlists"].str.contains("|", regex=False).any()  # the test can fail


def test_chunks_come_one_at_a_time_in_file_order(synthetic_csv):
    chunks = [frame for frame, _ in catalog_chunks(synthetic_csv, chunk_rows=50)]
    whole, _ = load_catalog(synthetic_csv)
    assert len(chunks) == -(-len(pd.read_csv(synthetic_csv)) // 50)
    assert chunks[0]["track_id"].iloc[0] == whole["track_id"].iloc[0]
    chunked = load_catalog_chunked(synthetic_csv, chunk_rows=50)[0]
    pd.testing.assert_frame_equal(as_text(chunked, whole), whole)

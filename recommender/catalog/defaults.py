"""The catalogs an index is built from when the host names none: both public sets, merged.

One function, so the default list (and later how each file is fetched) changes in one place.
"""

from __future__ import annotations

from recommender.catalog.source import DEFAULT_URL

# The Kaggle / Hugging Face "Spotify Tracks Dataset" (114,000 rows, BSD licence), as
# Hugging Face serves Kaggle's `dataset.csv` (with its unnamed index column).
TRACKS_114K_URL = (
    "https://huggingface.co/datasets/maharshipandya/spotify-tracks-dataset/resolve/main/dataset.csv"
)


def default_sources() -> list[str]:
    """TidyTuesday 2020 first (its playlists, genres and audio win where both list a track),
    then the 114k set; each is fetched by `source.catalog_path`."""
    return [DEFAULT_URL, TRACKS_114K_URL]

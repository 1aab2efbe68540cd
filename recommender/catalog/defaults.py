"""The catalogs an index is built from when the host names none: both public sets, merged.

One function, so the default list changes in one place; each address is a published file's
first (commit-pinned) address, which `source.catalog_path` fetches through its mirrors, or
finds already in data/ with no network at all (`catalog.published`).
"""

from __future__ import annotations

from recommender.catalog import published


def default_sources() -> list[str]:
    """TidyTuesday 2020 first (its playlists, genres and audio win where both list a track),
    then the 114k set."""
    return [file.addresses[0] for file in published.DEFAULT_FILES]  # read now: tests swap it

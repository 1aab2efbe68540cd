"""The real catalogs in ../shared/data, which CI always has."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
SONGS_CSV = SHARED / "spotify_songs.csv"
TRACKS_114K = SHARED / "spotify_tracks_114k.csv.gz"


def real_data(path: Path) -> Path:
    """The real catalog, which CI always has; only a local checkout without it may skip."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI must run the real-data tests")
        pytest.skip(f"{path} not present")
    return path

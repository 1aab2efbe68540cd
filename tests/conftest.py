from __future__ import annotations

import os
from pathlib import Path

import pytest

from recommender import Recommender
from recommender.store.opening import build

from . import synthetic

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SONGS_CSV = SHARED / "spotify_songs.csv"
TRACKS_114K = SHARED / "spotify_tracks_114k.csv.gz"


def real_data(path: Path) -> Path:
    """The real catalog, which CI always has; only a local checkout without it may skip."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI must run the real-data tests")
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def synthetic_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "songs.csv"
    synthetic.frame().to_csv(path, index=False)
    return path


def built_index(tmp_path_factory, name: str, source: Path, **options) -> Path:
    directory = tmp_path_factory.mktemp(name) / "index"
    build(str(source), directory, **options)
    return directory


@pytest.fixture(scope="session")
def synthetic_index(tmp_path_factory, synthetic_csv) -> Path:
    return built_index(tmp_path_factory, "synthetic-index", synthetic_csv, n_trees=10)


@pytest.fixture(scope="session")
def synthetic_rec(synthetic_index) -> Recommender:
    return Recommender.load(synthetic_index)


@pytest.fixture(scope="session")
def real_index(tmp_path_factory) -> Path:
    return built_index(tmp_path_factory, "real-index", real_data(SONGS_CSV))


@pytest.fixture(scope="session")
def real_rec(real_index) -> Recommender:
    return Recommender.load(real_index)


@pytest.fixture(scope="session")
def rec_114k(tmp_path_factory) -> Recommender:
    return Recommender.load(built_index(tmp_path_factory, "index-114k", real_data(TRACKS_114K)))

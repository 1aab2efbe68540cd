"""Fixtures every test package shares: synthetic and real indexes, a started bot, and the
recording adapter that stands in for Discord's HTTP API."""

from __future__ import annotations

from pathlib import Path

import pytest

from recommender import Recommender
from recommender.store.opening import build
from tests.support import synthetic
from tests.support.bot import started_bot
from tests.support.data import SONGS_CSV, TRACKS_114K, real_data
from tests.support.discord_driver import RecordingAdapter, install
from tests.support.postgres import running_server
from tests.support.stores import Backend, PostgresBackend, SQLiteBackend


@pytest.fixture(scope="session")
def synthetic_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "songs.csv"
    synthetic.frame().to_csv(path, index=False)
    return path


def built_index(tmp_path_factory, name: str, source: Path | list[Path], **options) -> Path:
    directory = tmp_path_factory.mktemp(name) / "index"
    build(
        [str(s) for s in source] if isinstance(source, list) else str(source), directory, **options
    )
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test on the 114k catalog is slow (building its index is most of its time), whatever
    its module: `make test-fast` (`-m "not slow"`) leaves it out."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        looked_up = callspec.params.values() if callspec else ()
        asked = [*getattr(item, "fixturenames", ()), *looked_up]
        if any(name in asked for name in ("rec_114k", "merged_rec")):  # or a parameter
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def rec_114k(tmp_path_factory) -> Recommender:
    return Recommender.load(built_index(tmp_path_factory, "index-114k", real_data(TRACKS_114K)))


@pytest.fixture(scope="session")
def merged_rec(tmp_path_factory) -> Recommender:
    """The default catalog: TidyTuesday and the 114k set merged, built once per session."""
    sources = [real_data(SONGS_CSV), real_data(TRACKS_114K)]
    return Recommender.load(built_index(tmp_path_factory, "index-merged", sources))


@pytest.fixture
async def bot(synthetic_rec, tmp_path):
    client = await started_bot(synthetic_rec, tmp_path, cooldown_rate=0)  # no rate limit
    yield client
    await client.close()


@pytest.fixture
async def limited_bot(synthetic_rec, tmp_path):
    client = await started_bot(synthetic_rec, tmp_path, cooldown_rate=5)
    yield client
    await client.close()


@pytest.fixture
def adapter():
    recorder = RecordingAdapter()
    install(recorder)
    return recorder


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL 15 cluster for the whole run (tests/support/postgres.py)."""
    with running_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path) -> Backend:
    """Each store test runs on both stores: a fresh SQLite file, a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return SQLiteBackend(tmp_path / "data" / "soundalike.db")
    return PostgresBackend(request.getfixturevalue("postgres_server").database())

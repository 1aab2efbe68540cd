"""Fetching the catalog: verified, atomic, with clear errors (served from 127.0.0.1 only)."""

import hashlib

import pytest

from recommender import Recommender, SourceError
from recommender import source as source_module
from recommender.pipeline import build

from .http_server import serve


@pytest.fixture
def csv_bytes(synthetic_csv):
    return synthetic_csv.read_bytes()


def test_the_default_catalog_is_downloaded_once_verified_and_reused(
    tmp_path, csv_bytes, monkeypatch
):
    with serve({"/spotify_songs.csv": (200, csv_bytes, {})}) as (base, requests):
        monkeypatch.setattr(source_module, "DEFAULT_URL", f"{base}/spotify_songs.csv")
        monkeypatch.setattr(source_module, "DEFAULT_SHA256", hashlib.sha256(csv_bytes).hexdigest())
        first = source_module.catalog_path(None, tmp_path, timeout=5)
        second = source_module.catalog_path(None, tmp_path, timeout=5)
    assert first == second == tmp_path / "spotify_songs.csv"
    assert first.read_bytes() == csv_bytes
    assert requests == ["/spotify_songs.csv"]  # the second call used the file on disk
    assert not list(tmp_path.glob(".*.part"))


def test_a_download_with_the_wrong_checksum_is_discarded_and_the_old_file_kept(tmp_path, csv_bytes):
    dest = tmp_path / "songs.csv"
    dest.write_bytes(b"previous good copy")
    with serve({"/songs.csv": (200, csv_bytes, {})}) as (base, _):
        with pytest.raises(SourceError, match="SHA-256"):
            source_module.download(f"{base}/songs.csv", dest, sha256="0" * 64, timeout=5)
    assert dest.read_bytes() == b"previous good copy"
    assert not list(tmp_path.glob(".*.part"))


def test_a_missing_file_on_the_server_fails_at_once_with_the_url(tmp_path):
    with serve({}) as (base, requests):
        with pytest.raises(SourceError, match="404|Not Found|--source PATH"):
            source_module.download(f"{base}/nope.csv", tmp_path / "x.csv", timeout=5)
    assert len(requests) == 1  # a 404 is not retried


def test_a_download_cut_short_is_retried_a_bounded_number_of_times(tmp_path, csv_bytes):
    routes = {"/cut.csv": (200, csv_bytes[:100], {"Content-Length": str(len(csv_bytes))})}
    with serve(routes) as (base, requests):
        with pytest.raises(SourceError, match="after 2 attempts"):
            source_module.download(f"{base}/cut.csv", tmp_path / "cut.csv", timeout=2, attempts=2)
    assert len(requests) == 2
    assert not (tmp_path / "cut.csv").exists()


def test_an_unreachable_server_gives_a_clear_error(tmp_path):
    with serve({}) as (base, _):
        pass  # closed: nothing listens on that port now
    with pytest.raises(SourceError, match="Could not download"):
        source_module.download(f"{base}/x.csv", tmp_path / "x.csv", timeout=2, attempts=1)


def test_an_index_can_be_built_from_a_url(tmp_path, csv_bytes):
    with serve({"/mine.csv": (200, csv_bytes, {})}) as (base, _):
        manifest = build(f"{base}/mine.csv", tmp_path / "index", n_trees=5)
    assert manifest.source["url"].endswith("/mine.csv")
    rec = Recommender.load(tmp_path / "index")
    assert rec.size == 181


def test_a_local_path_that_does_not_exist_is_named(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        source_module.catalog_path(str(tmp_path / "missing.csv"), tmp_path)

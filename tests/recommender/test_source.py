"""Fetching the catalog: verified, atomic, with clear errors (served from 127.0.0.1 only)."""

import hashlib

import pytest

from recommender import Recommender, SourceError
from recommender.catalog import source as source_module
from recommender.disk import DiskError
from recommender.store.opening import build
from tests.support.http_server import serve
from tests.support.mounts import tmpfs


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
    assert not list(tmp_path.glob(".*"))  # no partial download left


def test_a_download_with_the_wrong_checksum_is_discarded_and_the_old_file_kept(tmp_path, csv_bytes):
    dest = tmp_path / "songs.csv"
    dest.write_bytes(b"previous good copy")
    with serve({"/songs.csv": (200, csv_bytes, {})}) as (base, _):
        with pytest.raises(SourceError, match="SHA-256"):
            source_module.download(f"{base}/songs.csv", dest, sha256="0" * 64, timeout=5)
    assert dest.read_bytes() == b"previous good copy"
    assert not list(tmp_path.glob(".*"))  # no partial download left


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


def test_the_cache_is_keyed_by_url_so_two_files_of_the_same_name_never_mix(tmp_path, csv_bytes):
    lines = csv_bytes.splitlines(keepends=True)
    smaller = b"".join(lines[:51])
    routes = {"/a/songs.csv": (200, csv_bytes, {}), "/b/songs.csv": (200, smaller, {})}
    with serve(routes) as (base, requests):
        first = build(f"{base}/a/songs.csv", tmp_path / "index-a", n_trees=5)
        second = build(f"{base}/b/songs.csv", tmp_path / "index-b", n_trees=5)
        again = source_module.catalog_path(f"{base}/a/songs.csv", tmp_path, timeout=5)
    assert (first.items, second.items) == (181, 50)
    assert second.source["url"] == f"{base}/b/songs.csv"
    assert again.read_bytes() == csv_bytes
    assert requests == ["/a/songs.csv", "/b/songs.csv"]  # the third call used the cache


def test_an_html_page_served_with_200_is_refused_and_not_cached(tmp_path, csv_bytes):
    page = b"<!DOCTYPE html><html><body>Rate limited, try later</body></html>\n"
    routes = {"/songs.csv": (200, page, {})}
    with serve(routes) as (base, requests):
        with pytest.raises(SourceError, match="not a usable catalog.*discarded"):
            build(f"{base}/songs.csv", tmp_path / "index", n_trees=5)
        assert [p.name for p in tmp_path.iterdir() if p.is_file()] == []
        routes["/songs.csv"] = (200, csv_bytes, {})  # the server is fixed
        manifest = build(f"{base}/songs.csv", tmp_path / "index", n_trees=5)
    assert manifest.items == 181
    assert len(requests) == 2


@pytest.mark.parametrize("announced", [True, False], ids=["content-length", "no-length"])
def test_a_body_over_the_size_limit_is_refused_and_nothing_stays(tmp_path, announced):
    body = b"x" * (3 << 20)
    headers = {} if announced else {"Content-Length": None}
    with serve({"/huge.csv": (200, body, headers)}) as (base, requests):
        with pytest.raises(SourceError, match=r"larger than the download limit.*DOWNLOAD_LIMIT_MB"):
            source_module.download(f"{base}/huge.csv", tmp_path / "huge.csv", max_bytes=1 << 20)
    assert list(tmp_path.iterdir()) == []
    assert len(requests) == 1  # too large is not retried


def test_a_body_without_a_length_under_the_limit_is_kept(tmp_path, csv_bytes):
    with serve({"/songs.csv": (200, csv_bytes, {"Content-Length": None})}) as (base, _):
        path = source_module.download(f"{base}/songs.csv", tmp_path / "songs.csv", timeout=5)
    assert path.read_bytes() == csv_bytes


def test_a_full_disk_during_a_download_names_the_directory_and_leaves_no_partial_file(tmp_path):
    body = b"track_id,track_name\n" + b"x" * (2 << 20)
    with tmpfs(tmp_path / "data", size="1m") as data:
        with serve({"/songs.csv": (200, body, {})}) as (base, requests):
            with pytest.raises(DiskError, match=r"in .*data: the disk is full\. To fix"):
                source_module.catalog_path(f"{base}/songs.csv", data, timeout=5)
        assert list(data.iterdir()) == []
    assert len(requests) == 1  # a full disk is not a network fault: no retry


def test_a_read_only_data_directory_says_so_instead_of_a_traceback(tmp_path, csv_bytes):
    with tmpfs(tmp_path / "data", read_only=True) as data:
        with serve({"/songs.csv": (200, csv_bytes, {})}) as (base, _):
            with pytest.raises(DiskError, match="read-only. To fix: mount it read-write"):
                source_module.catalog_path(f"{base}/songs.csv", data, timeout=5)


def test_a_gzipped_catalog_url_is_checked_decompressed_and_built(tmp_path, csv_bytes):
    import gzip

    with serve({"/songs.csv.gz": (200, gzip.compress(csv_bytes), {})}) as (base, _):
        manifest = build(f"{base}/songs.csv.gz", tmp_path / "index", n_trees=5)
    assert manifest.items == 181
    assert [p.name.endswith(".csv.gz") for p in tmp_path.iterdir() if p.is_file()] == [True]

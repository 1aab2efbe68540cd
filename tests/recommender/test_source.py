"""Fetching the catalog: the published defaults through their mirrors, a host's own URL,
verified and atomic, with clear errors; the offline route makes no connection at all.
Every server here is a real one on 127.0.0.1."""

import csv
import gzip
import hashlib
import io
import logging
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from recommender import ProgressBar, Recommender, SourceError
from recommender.catalog import published
from recommender.catalog import source as source_module
from recommender.catalog.download import download
from recommender.catalog.published import (
    TIDYTUESDAY,
    TRACKS_114K,
    PublishedFile,
    check_content,
    default_catalog_paths,
    published_path,
)
from recommender.disk import DiskError
from recommender.store.opening import build, open_or_build
from recommender.store.progress import log_progress
from tests.support.data import SONGS_CSV, real_data
from tests.support.data import TRACKS_114K as TRACKS_114K_GZ
from tests.support.http_server import serve, silent_listener
from tests.support.mounts import tmpfs

HTML = b"<!DOCTYPE html><html><body>Rate limited, try later</body></html>\n"


@pytest.fixture
def csv_bytes(synthetic_csv):
    return synthetic_csv.read_bytes()


def spec(body: bytes, base: str, *paths: str, known: bool = True, **more) -> PublishedFile:
    """A published file served by the test server at `paths`, in that order; `known`: with
    its size and SHA-256 (as TidyTuesday), else checked by content (as the 114k set)."""
    header = next(csv.reader(io.StringIO(body.decode())))
    return PublishedFile(
        name="songs.csv",
        title="the test catalog",
        homepage="https://example.org/songs",
        addresses=tuple(f"{base}{path}" for path in paths),
        columns=frozenset(header),
        min_rows=body.count(b"\n") - 1,
        size=len(body) if known else None,
        sha256=hashlib.sha256(body).hexdigest() if known else None,
        **more,
    )


def no_partial_files(directory: Path) -> bool:
    return not list(directory.glob(".part-*"))


def test_a_published_file_is_downloaded_once_verified_and_reused(tmp_path, csv_bytes):
    with serve({"/songs.csv": (200, csv_bytes, {})}) as (base, requests):
        file = spec(csv_bytes, base, "/songs.csv")
        first = published_path(file, tmp_path, timeout=5)
        second = published_path(file, tmp_path, timeout=5)
    assert first == second == tmp_path / "songs.csv"
    assert first.read_bytes() == csv_bytes
    assert requests == ["/songs.csv"]  # the second call used the file on disk
    assert no_partial_files(tmp_path)


CUT = {"Content-Length": None}  # no length: only the content check can tell it was cut


@pytest.mark.parametrize(
    ("first", "known"),
    [
        ("missing", True),  # 404
        ("html", True),  # an error page served with 200
        ("html", False),
        ("wrong", True),  # the right size, another checksum
        ("cut", True),  # a body shorter than its Content-Length
        ("cut-unannounced", False),  # fewer rows than the published file, no length told
        ("refused", True),  # nothing listens there
    ],
)
def test_a_bad_first_address_is_discarded_and_the_mirror_used(tmp_path, csv_bytes, first, known):
    swapped = csv_bytes.replace(b"0.5", b"0.4", 1)
    half = csv_bytes[: len(csv_bytes) // 2].rsplit(b"\n", 1)[0] + b"\n"
    routes = {
        "/html.csv": (200, HTML, {}),
        "/wrong.csv": (200, swapped, {}),
        "/cut.csv": (200, csv_bytes[:100], {"Content-Length": str(len(csv_bytes))}),
        "/cut-unannounced.csv": (200, half, CUT),
        "/mirror.csv": (200, csv_bytes, {}),
    }
    with serve({}) as (closed, _):
        pass  # nothing listens on that port now
    with serve(routes) as (base, requests):
        file = spec(csv_bytes, base, f"/{first}.csv", "/mirror.csv", known=known)
        if first == "refused":
            file = replace(file, addresses=(f"{closed}/songs.csv", *file.addresses[1:]))
        path = published_path(file, tmp_path, timeout=5, attempts=1)
    assert path.read_bytes() == csv_bytes
    assert requests[-1] == "/mirror.csv"
    assert no_partial_files(tmp_path)


def test_a_stalled_server_costs_one_timeout_then_the_mirror_is_used(tmp_path, csv_bytes):
    with (
        silent_listener() as (stalled, connections),
        serve({"/songs.csv": (200, csv_bytes, {})}) as (base, _),
    ):
        file = spec(csv_bytes, base, "/songs.csv")
        file = replace(file, addresses=(f"{stalled}/songs.csv", *file.addresses))
        path = published_path(file, tmp_path, timeout=0.5)
    assert path.read_bytes() == csv_bytes
    assert len(connections) == 1  # a stall is not retried: the next address is


def test_when_every_address_fails_the_error_names_each_one_and_the_offline_route(
    tmp_path, csv_bytes
):
    with silent_listener() as (stalled, _), serve({"/page.csv": (200, HTML, {})}) as (base, _):
        addresses = (f"{stalled}/songs.csv", f"{base}/gone.csv", f"{base}/page.csv")
        file = replace(spec(csv_bytes, base), addresses=addresses)
        with pytest.raises(SourceError) as failed:
            published_path(file, tmp_path / "data", timeout=0.5)
    message = str(failed.value)
    assert "from any of its 3 addresses" in message
    assert f"{stalled}/songs.csv: no answer within 0.5 s" in message
    assert f"{base}/gone.csv: HTTP 404" in message
    assert f"{base}/page.csv: it is {len(HTML)} bytes, the published file {len(csv_bytes):,}" in (
        message
    )
    assert f"put a copy of songs.csv (from https://example.org/songs) in {tmp_path / 'data'}" in (
        message
    )
    assert "CATALOG_SOURCE" in message
    assert not (tmp_path / "data" / "songs.csv").exists()


def test_files_already_in_the_data_directory_are_used_without_any_connection(tmp_path, csv_bytes):
    data = tmp_path / "data"
    data.mkdir()
    (data / "songs.csv").write_bytes(csv_bytes)
    (data / "tracks.csv.gz").write_bytes(gzip.compress(csv_bytes))  # its other name
    with silent_listener() as (base, connections):
        first = spec(csv_bytes, base, "/songs.csv")
        second = replace(
            spec(csv_bytes, base, "/tracks.csv", known=False),
            name="tracks.csv",
            also_named=("tracks.csv.gz",),
        )
        paths = default_catalog_paths(data, files=[first, second], timeout=0.5)
    assert paths == [data / "songs.csv", data / "tracks.csv.gz"]
    assert connections == []


def test_the_bot_builds_offline_from_the_files_in_place_and_says_so(
    tmp_path, csv_bytes, monkeypatch, capsys
):
    from bot.__main__ import load_recommender
    from bot.host.settings import Settings

    data = tmp_path / "data"
    data.mkdir()
    (data / "songs.csv").write_bytes(csv_bytes)
    with silent_listener() as (base, connections):
        monkeypatch.setattr(published, "DEFAULT_FILES", (spec(csv_bytes, base, "/songs.csv"),))
        settings = Settings(index_dir=data / "index", download_timeout=0.5)
        rec = load_recommender(settings, console=True)
    assert connections == []
    assert rec.size == 181
    said = capsys.readouterr().err
    assert f"No index in {data / 'index'} yet: building it once." in said
    assert f"using {data / 'songs.csv'} (already here: nothing to download)" in said


def test_a_host_copy_with_other_bytes_but_the_same_rows_is_used_as_it_is(tmp_path, csv_bytes):
    crlf = csv_bytes.replace(b"\n", b"\r\n")  # as a spreadsheet on Windows saves it
    (tmp_path / "songs.csv").write_bytes(crlf)
    with silent_listener() as (base, connections):
        path = published_path(spec(csv_bytes, base, "/songs.csv"), tmp_path, timeout=0.5)
    assert path.read_bytes() == crlf
    assert connections == []


def test_a_broken_copy_in_place_is_replaced_by_a_verified_download(tmp_path, csv_bytes):
    (tmp_path / "songs.csv").write_bytes(csv_bytes[:500])  # an interrupted copy by hand
    with serve({"/songs.csv": (200, csv_bytes, {})}) as (base, requests):
        path = published_path(spec(csv_bytes, base, "/songs.csv"), tmp_path, timeout=5)
    assert path.read_bytes() == csv_bytes
    assert requests == ["/songs.csv"]


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda b: HTML, "HTML page"),
        (lambda b: b.replace(b"track_id", b"id", 1), "header lacks track_id"),
        (lambda b: b[: b.rindex(b",")] + b"\n", "fields, the header"),  # last row cut
        (
            lambda b: b"\n".join(b.split(b"\n")[:-20]) + b"\n",
            r"has 1\d\d rows, the published file 18\d",
        ),
    ],
    ids=["html", "columns", "cut-mid-row", "cut-at-a-row"],
)
def test_a_copy_without_a_known_checksum_is_checked_by_its_content(
    tmp_path, csv_bytes, damage, said
):
    file = spec(csv_bytes, "http://127.0.0.1:9", "/x.csv", known=False)
    path = tmp_path / "songs.csv"
    path.write_bytes(damage(csv_bytes))
    with pytest.raises(SourceError, match=said):
        check_content(file, path)


def test_an_extra_unnamed_index_column_as_in_kaggles_file_passes_the_content_check(
    tmp_path, csv_bytes
):
    lines = csv_bytes.decode().splitlines(keepends=True)
    indexed = "".join([f",{lines[0]}", *(f"{i},{line}" for i, line in enumerate(lines[1:]))])
    path = tmp_path / "songs.csv"
    path.write_text(indexed)
    check_content(spec(csv_bytes, "http://127.0.0.1:9", known=False), path)


def test_the_published_specs_match_the_real_files():
    """The size and SHA-256 written for TidyTuesday, and the content rules for the 114k set,
    accept the real files: a wrong constant would refuse every good download."""
    songs = real_data(SONGS_CSV)
    published.verify_published(TIDYTUESDAY, songs)
    check_content(TRACKS_114K, real_data(TRACKS_114K_GZ))
    assert all("/master/" not in url for url in TIDYTUESDAY.addresses)
    assert all(published.TIDYTUESDAY_COMMIT in url for url in TIDYTUESDAY.addresses)
    assert all(published.TRACKS_114K_REVISION in url for url in TRACKS_114K.addresses)


def test_an_index_recorded_with_the_old_master_url_rebuilds_from_the_file_in_place(tmp_path):
    """Indexes built before recorded tidytuesday/master (which GitHub no longer serves); a
    rebuild maps it to the published file, here already in place, with no download."""
    shutil.copyfile(real_data(SONGS_CSV), tmp_path / "spotify_songs.csv")
    path = source_module.catalog_path(TIDYTUESDAY.former_addresses[0], tmp_path, timeout=0.5)
    assert path == tmp_path / "spotify_songs.csv"


def test_download_progress_shows_the_file_the_host_and_megabytes(tmp_path, caplog):
    body = b"track_id,name\n" + b"x,y\n" * (1 << 19)  # 2 MB
    stream = io.StringIO()
    caplog.set_level(logging.INFO, logger="recommender.store.progress")
    with serve({"/big.csv": (200, body, {})}) as (base, _):
        host = base.removeprefix("http://")
        download(f"{base}/big.csv", tmp_path / "a.csv", progress=ProgressBar(stream), timeout=5)
        download(f"{base}/big.csv", tmp_path / "b.csv", progress=log_progress, timeout=5)
    shown = stream.getvalue()
    assert f"downloading a.csv from {host}: 0.0 MB / 2.0 MB" in shown
    assert f"downloading a.csv from {host}: 2.0 MB / 2.0 MB (done)" in shown
    assert f"downloading b.csv from {host}: 2.0 MB / 2.0 MB (done)" in caplog.text


def test_a_wrong_checksum_from_a_host_url_is_discarded_and_the_old_file_kept(tmp_path, csv_bytes):
    dest = tmp_path / "songs.csv"
    dest.write_bytes(b"previous good copy")
    with serve({"/songs.csv": (200, csv_bytes, {})}) as (base, _):
        with pytest.raises(SourceError, match="SHA-256"):
            download(f"{base}/songs.csv", dest, sha256="0" * 64, timeout=5)
    assert dest.read_bytes() == b"previous good copy"
    assert no_partial_files(tmp_path)


def test_a_missing_file_on_the_server_fails_at_once_with_the_url(tmp_path):
    with serve({}) as (base, requests):
        with pytest.raises(SourceError, match=rf"{base}/nope.csv \(HTTP 404.*--source PATH"):
            download(f"{base}/nope.csv", tmp_path / "x.csv", timeout=5)
    assert len(requests) == 1  # a 404 is not retried


def test_a_download_cut_short_is_retried_a_bounded_number_of_times(tmp_path, csv_bytes):
    routes = {"/cut.csv": (200, csv_bytes[:100], {"Content-Length": str(len(csv_bytes))})}
    with serve(routes) as (base, requests):
        with pytest.raises(SourceError, match="after 2 attempts: the body ended early"):
            download(f"{base}/cut.csv", tmp_path / "cut.csv", timeout=2, attempts=2)
    assert len(requests) == 2
    assert not (tmp_path / "cut.csv").exists()


def test_an_unreachable_server_gives_a_clear_error(tmp_path):
    with serve({}) as (base, _):
        pass  # closed: nothing listens on that port now
    with pytest.raises(SourceError, match="Could not download.*connection refused"):
        download(f"{base}/x.csv", tmp_path / "x.csv", timeout=2)


def test_an_index_can_be_built_from_a_url(tmp_path, csv_bytes):
    with serve({"/mine.csv": (200, csv_bytes, {})}) as (base, _):
        manifest = build(f"{base}/mine.csv", tmp_path / "index", n_trees=5)
    assert manifest.source["url"].endswith("/mine.csv")
    rec = Recommender.load(tmp_path / "index")
    assert rec.size == 181


def test_the_default_build_records_the_first_address_and_rebuilds_through_the_mirrors(
    tmp_path, csv_bytes, monkeypatch
):
    with serve({"/mirror.csv": (200, csv_bytes, {})}) as (base, requests):
        file = replace(spec(csv_bytes, base, "/gone.csv", "/mirror.csv"), name="songs.csv")
        monkeypatch.setattr(published, "DEFAULT_FILES", (file,))
        manifest = build(None, tmp_path / "index", n_trees=5)
        (tmp_path / "songs.csv").unlink()
        (tmp_path / "index" / "manifest.json").write_text("{}")  # damaged: rebuilt
        rec = open_or_build(tmp_path / "index")
    assert manifest.source["url"] == f"{base}/gone.csv"
    assert rec.size == 181
    assert requests == ["/gone.csv", "/mirror.csv"] * 2


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
    routes = {"/songs.csv": (200, HTML, {})}
    with serve(routes) as (base, requests):
        with pytest.raises(SourceError, match="not a usable catalog|could not be|discarded"):
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
            download(f"{base}/huge.csv", tmp_path / "huge.csv", max_bytes=1 << 20)
    assert list(tmp_path.iterdir()) == []
    assert len(requests) == 1  # too large is not retried


def test_a_body_without_a_length_under_the_limit_is_kept(tmp_path, csv_bytes):
    with serve({"/songs.csv": (200, csv_bytes, {"Content-Length": None})}) as (base, _):
        path = download(f"{base}/songs.csv", tmp_path / "songs.csv", timeout=5)
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
    with serve({"/songs.csv.gz": (200, gzip.compress(csv_bytes), {})}) as (base, _):
        manifest = build(f"{base}/songs.csv.gz", tmp_path / "index", n_trees=5)
    assert manifest.items == 181
    assert [p.name.endswith(".csv.gz") for p in tmp_path.iterdir() if p.is_file()] == [True]

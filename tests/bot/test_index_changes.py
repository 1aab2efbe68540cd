"""Index files changed under a running bot: noticed by a cheap poll, then reloaded or
rebuilt before a query can touch a file that was cut short (which would be a SIGBUS)."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import time

import pytest

from bot.cogs.similar import SimilarCog
from bot.host import reload
from bot.host.settings import Settings
from bot.services import Services
from recommender import Recommender
from recommender.store.opening import build
from recommender.store.watch import ALTERED, REBUILT, REMOVED, IndexWatch
from tests.support.mounts import tmpfs

SEED = "0105xxxxxxxxxxxxxxxxxx"
TOKEN = "MTAx.fake-token-for-tests.abc"


def ids(rec):
    return [r.track.track_id for r in rec.similar(SEED, k=10).items]


@pytest.fixture
def serving(tmp_path, synthetic_csv):
    """A bot's logic over its own index, built from its own copy of the catalog."""
    source = tmp_path / "songs.csv"
    shutil.copy(synthetic_csv, source)
    build(str(source), tmp_path / "index", n_trees=10)
    settings = Settings(token=TOKEN, index_dir=tmp_path / "index")
    services = Services(Recommender.load(settings.index_dir), settings)

    async def stop():
        raise AssertionError("the bot was stopped")

    return services, reload.IndexReloader(services, settings, stop=stop), source


def footer(reply) -> str:
    return reply.embed.footer.text


async def test_an_unchanged_index_is_left_alone(serving):
    services, reloader, _ = serving
    before = services.recommender
    assert reloader.watch.check() is None
    await reloader.poll()
    assert services.recommender is before


async def test_a_rebuild_beside_the_running_bot_is_loaded_and_answered_from(
    serving, tmp_path, caplog
):
    services, reloader, source = serving
    smaller = tmp_path / "smaller.csv"
    smaller.write_text("".join(source.read_text().splitlines(keepends=True)[:61]))
    build(str(smaller), services.recommender.index.directory, n_trees=5)  # the host's CLI run
    assert reloader.watch.check().kind == REBUILT
    with caplog.at_level(logging.INFO, logger="bot.host.reload"):
        await reloader.poll()
    # Warmed before it was swapped in: its first members wait no longer than later ones.
    assert "index warm:" in caplog.text and "pages mapped" in caplog.text
    reply = await SimilarCog(services).answer("silent summer 02", None, 3, owner_id=1)
    assert "smaller.csv" in footer(reply) and "60 tracks" in footer(reply)
    assert reloader.watch.check() is None


async def test_an_index_file_truncated_in_place_is_rebuilt_before_it_is_used(
    serving, synthetic_rec, caplog
):
    services, reloader, _ = serving
    main_ann = next(services.recommender.index.directory.glob("main-*.ann"))
    os.truncate(main_ann, main_ann.stat().st_size // 2)  # what `> file` or a failing cp does
    change = reloader.watch.check()
    assert change.kind == ALTERED and main_ann.name in change.detail
    with caplog.at_level(logging.INFO):
        await reloader.poll()  # the old, truncated map is never queried again
    assert f"index file {main_ann.name}" in caplog.text and "rebuilding" in caplog.text
    assert ids(services.recommender) == ids(synthetic_rec)
    reply = await SimilarCog(services).answer("silent summer 02", None, 3, owner_id=1)
    assert "Silent Summer 02" in reply.embed.title


async def test_a_file_deleted_under_the_bot_is_reported_once_and_still_served(
    serving, synthetic_rec, caplog
):
    services, reloader, _ = serving
    before = services.recommender
    next(before.index.directory.glob("vectors-*.npy")).unlink()
    assert reloader.watch.check().kind == REMOVED
    with caplog.at_level(logging.WARNING):
        await reloader.poll()
        await reloader.poll()
    assert caplog.text.count("still serving the loaded copy") == 1
    assert services.recommender is before and ids(before) == ids(synthetic_rec)


async def test_a_truncated_index_that_cannot_be_rebuilt_stops_the_bot_with_a_message(
    tmp_path, synthetic_csv, monkeypatch, caplog
):
    from bot import __main__ as entry
    from bot.app import RecommenderBot

    source = tmp_path / "songs.csv"
    shutil.copy(synthetic_csv, source)
    build(str(source), tmp_path / "index", n_trees=5)
    rec = Recommender.load(tmp_path / "index")
    source.unlink()  # nothing to rebuild from

    async def login(self, token):
        await self.setup_hook()

    async def connect(self, reconnect=True):  # the gateway stand-in: run until closed
        while not self.is_closed():
            await asyncio.sleep(0.01)

    async def no_sync(self):
        pass

    monkeypatch.setattr(RecommenderBot, "login", login)
    monkeypatch.setattr(RecommenderBot, "connect", connect)
    monkeypatch.setattr(RecommenderBot, "sync_commands", no_sync)
    monkeypatch.setattr(reload, "POLL_SECONDS", 0.05)
    settings = Settings(token=TOKEN, index_dir=tmp_path / "index", health_file=tmp_path / "h")
    with caplog.at_level(logging.INFO):
        running = asyncio.create_task(entry.serve(settings, rec))
        await asyncio.sleep(0.2)
        assert "index warm:" in caplog.text  # warmed at the start, while connecting
        main_ann = next((tmp_path / "index").glob("main-*.ann"))
        os.truncate(main_ann, 100)
        code = await asyncio.wait_for(running, timeout=20)
    assert code == 1
    assert "stopping: the index changed under the bot and cannot be rebuilt" in caplog.text
    assert "Catalog file not found" in caplog.text


def test_an_untouched_index_shows_no_change_and_the_poll_cost_is_printed(synthetic_index):
    watch = IndexWatch(synthetic_index)
    started = time.perf_counter()
    for _ in range(100):
        assert watch.check() is None
    print(f"IndexWatch.check: {(time.perf_counter() - started) * 10:.2f} ms per poll")


async def test_a_read_only_data_directory_does_not_stop_the_bot_over_the_sync_marker(
    tmp_path, synthetic_index, synthetic_rec, monkeypatch, caplog
):
    from bot.app import RecommenderBot

    async def discord_sync(self, *, guild=None):  # Discord's HTTP answer, nothing more
        return []

    monkeypatch.setattr("discord.app_commands.CommandTree.sync", discord_sync)
    with tmpfs(tmp_path / "data", size="20m", fill_from=synthetic_index.parent, read_only=True):
        settings = Settings(token=TOKEN, index_dir=tmp_path / "data" / "index")
        bot = RecommenderBot(settings=settings, recommender=synthetic_rec)
        async with bot:
            await bot.add_feature_cogs()
            with caplog.at_level(logging.INFO):
                await bot.sync_commands()
    assert "synced" in caplog.text
    assert "cannot record the command sync" in caplog.text
    assert "Read-only file system" in caplog.text


def test_a_bus_error_in_the_bot_process_is_logged_not_silent(synthetic_index, tmp_path):
    """A truncated memory map kills with SIGBUS, which Python cannot catch; the bot's log (its
    stderr) must at least say so and where. The signal here is real, sent to a real bot."""
    import signal
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "CATALOG_SOURCE")}
    env |= {"INDEX_DIR": str(synthetic_index), "PYTHONPATH": str(Path(__file__).parents[2])}
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        bot.stdin.write("/genres\n")
        bot.stdin.flush()
        for _ in range(2000):  # bounded: the reply comes within seconds
            if "Genres in the catalog" in bot.stdout.readline():
                break
        else:
            pytest.fail("the console never answered")
        os.kill(bot.pid, signal.SIGBUS)
        # Wait with stdin left open: closing it (as communicate() does) lets the console end
        # on its own, racing the signal.
        bot.wait(timeout=30)
        err = bot.stderr.read()
    finally:
        bot.kill()
    assert bot.returncode == -signal.SIGBUS
    assert "Fatal Python error: Bus error" in err


async def test_between_polls_a_truncated_file_gets_a_short_answer_not_a_crash(
    serving, synthetic_rec, monkeypatch
):
    services, reloader, _ = serving
    monkeypatch.setattr(reload, "CHECK_SECONDS", 0.0)
    assert (
        "Silent Summer 02"
        in (await SimilarCog(services).answer("silent summer 02", None, 3, 1)).embed.title
    )
    vectors = next(services.recommender.index.directory.glob("vectors-*.npy"))
    os.truncate(vectors, 128)  # no poll yet: the next query would touch the cut map
    refused = await SimilarCog(services).answer("silent summer 02", None, 3, owner_id=1)
    assert "being repaired" in refused.content and refused.ephemeral
    await reloader.poll()
    assert ids(services.recommender) == ids(synthetic_rec)


async def test_a_rebuild_that_cannot_be_loaded_is_reported_once_and_the_old_index_served(
    serving, synthetic_rec, caplog
):
    services, reloader, source = serving
    directory = services.recommender.index.directory
    before = services.recommender
    build(str(source), directory, n_trees=5)  # a new build beside the bot...
    names = next(directory.glob("catalog.col.name.blob-*.npy"))  # ...damaged before loading
    names.write_bytes(names.read_bytes()[:-5])
    with caplog.at_level(logging.INFO):
        await reloader.poll()
        await reloader.poll()
    assert caplog.text.count("cannot load the new index") == 1
    assert services.recommender is before and ids(before) == ids(synthetic_rec)

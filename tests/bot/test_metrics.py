"""The Prometheus endpoint (METRICS_PORT): real interactions through discord.py's command tree
move the counters by exactly what happened, scraped over HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import shutil
import socket
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from recommender import Recommender
from recommender.store.opening import build
from tests.support.bot import button, run, started_bot
from tests.support.discord_driver import command_payload, component_payload, dispatch

Sample = tuple[str, frozenset]


async def settled(bot, timeout: float = 5.0) -> None:
    """Wait (boundedly) until every interaction's handling has ended: each is counted then,
    a moment after its answer went out."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while bot.services.backlog.in_flight and loop.time() < deadline:
        await asyncio.sleep(0.01)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scrape(port: int) -> dict[Sample, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: dict[Sample, float], name: str, **labels: str) -> float:
    """The sum of `name` over the samples carrying `labels` (0 when there are none)."""
    wanted = set(labels.items())
    return sum(v for (n, got), v in samples.items() if n == name and wanted <= got)


def moved(before, after, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


@pytest.fixture
def own_index(tmp_path, synthetic_csv):
    """An index of the bot's own, so a rebuild under it disturbs no other test."""
    shutil.copy(synthetic_csv, tmp_path / "songs.csv")
    build(str(tmp_path / "songs.csv"), tmp_path / "index", n_trees=10)
    return tmp_path / "index"


@pytest.fixture
async def measured(own_index, tmp_path):
    port = free_port()
    client = await started_bot(
        Recommender.load(own_index),
        tmp_path,
        cooldown_rate=0,
        metrics_port=port,
        shard_id=3,
        shard_count=4,
    )
    yield client, port
    await client.close()


async def test_interactions_are_counted_by_command_and_outcome(measured, adapter, monkeypatch):
    bot, port = measured
    before = scrape(port)
    for song in ("golden heart 01", "blue heart 10", "silent heart 21"):
        first = (await run(bot, adapter, command_payload("similar", song=song, count=3)))[0]
    for typed in ("gold", "blu"):
        await run(bot, adapter, command_payload("similar", focused="song", song=typed))
    await run(bot, adapter, command_payload("similar", song="qqqq zzzz xxxx"))  # explained
    late = command_payload("similar", song="golden heart 01", age=3.0)  # Discord gave up
    await dispatch(bot, late)
    press = component_payload(first.message_id, button(first, "Next ▶")["custom_id"])
    await run(bot, adapter, press)
    await run(bot, adapter, component_payload(first.message_id, "old-bot:button"))  # stale

    def broken(*args, **kwargs):
        raise RuntimeError("index gone")

    monkeypatch.setattr(bot.services.recommender, "recommend", broken)
    await run(bot, adapter, command_payload("similar", song="golden heart 01"))
    await settled(bot)
    after = scrape(port)

    count = "soundalike_interactions_total"
    shard = {"shard": "3"}
    assert (
        moved(before, after, count, command="similar", kind="command", outcome="answered", **shard)
        == 4
    )
    assert moved(before, after, count, command="similar", kind="autocomplete", **shard) == 2
    assert moved(before, after, count, command="similar", outcome="skipped") == 1
    assert moved(before, after, count, command="similar", outcome="error") == 1
    assert moved(before, after, count, command="PageButton", outcome="answered") == 1
    assert moved(before, after, count, command="stale", outcome="stale") == 1
    assert moved(before, after, count) == 10
    # Latencies: every interaction that got a response, and none of the skipped one.
    assert moved(before, after, "soundalike_acknowledgement_seconds_count", kind="command") == 5
    assert moved(before, after, "soundalike_answer_seconds_count", kind="autocomplete") == 2
    assert moved(before, after, "soundalike_answer_seconds_bucket", kind="command", le="+Inf") == 5
    assert value(after, "soundalike_backlog", **shard) == 0  # nothing left waiting
    assert value(after, "soundalike_in_flight", **shard) == 0


async def test_store_errors_and_index_reloads_are_counted(measured, adapter, own_index, tmp_path):
    bot, port = measured
    before = scrape(port)
    bot.settings.database_file.write_bytes(b"garbage, not sqlite " * 200)
    said = (await run(bot, adapter, command_payload("like", song="golden heart 01")))[0]
    assert said.ephemeral  # the member is told; the host sees it counted
    smaller = tmp_path / "smaller.csv"
    smaller.write_text("".join((tmp_path / "songs.csv").read_text().splitlines(True)[:61]))
    build(str(smaller), own_index, n_trees=5)  # the host rebuilds beside the running bot
    await bot.reloader.poll()
    await settled(bot)
    after = scrape(port)
    assert moved(before, after, "soundalike_store_errors_total", shard="3") >= 1
    assert moved(before, after, "soundalike_index_reloads_total", result="loaded") == 1
    assert moved(before, after, "soundalike_index_reloads_total", result="failed") == 0


async def test_without_a_port_nothing_listens(bot):
    assert bot.metrics._server is None

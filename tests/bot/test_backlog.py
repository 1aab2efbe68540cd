"""Under a crowd: commands are acknowledged inside Discord's 3-second window and answered after;
interactions that can no longer be answered in time are skipped without work."""

from __future__ import annotations

import asyncio
import threading

from bot.host.backlog import Backlog
from tests.support.discord_driver import command_payload, dispatch, wait_for

DEFERRED = 5


async def test_a_command_arriving_while_the_workers_are_busy_is_deferred_then_answered(
    bot,
    adapter,
):
    bot.services.backlog = Backlog(workers=1)
    release = threading.Event()
    blocker = asyncio.create_task(bot.services.off_loop(release.wait, 10))
    await asyncio.sleep(0.05)
    payload = command_payload("similar", song="golden heart 01", count=3)
    await dispatch(bot, payload)
    first = await wait_for(adapter, payload, count=1)
    assert first[0].payload["type"] == DEFERRED  # "thinking…" within the window
    release.set()
    await blocker
    sent = await wait_for(adapter, payload, count=2)
    assert sent[1].embeds[0]["title"] == "Songs like Golden Heart 01"


async def test_a_command_already_a_second_old_is_acknowledged_before_the_work(bot, adapter):
    payload = command_payload("similar", song="golden heart 01", count=3, age=1.5)
    await dispatch(bot, payload)
    sent = await wait_for(adapter, payload, count=2)
    assert sent[0].payload["type"] == DEFERRED
    assert sent[1].embeds[0]["title"] == "Songs like Golden Heart 01"


async def test_interactions_too_old_to_answer_are_skipped_without_work(bot, adapter, caplog):
    calls = []
    real = bot.recommender.autocomplete
    bot.recommender.autocomplete = lambda *a: calls.append(a) or real(*a)
    late_choices = command_payload("similar", focused="song", song="golden", age=2.8)
    late_command = command_payload("similar", song="golden heart 01", age=2.9)
    fresh = command_payload("similar", focused="song", song="golden")
    for payload in (late_choices, late_command, fresh):
        await dispatch(bot, payload)
    await wait_for(adapter, fresh)  # answered, so the late ones had their turn before it
    await asyncio.sleep(0.1)
    assert adapter.responses_to(late_choices) == []
    assert adapter.responses_to(late_command) == []
    assert len(calls) == 1  # only the fresh autocomplete did a lookup
    assert bot.services.backlog.skipped == 2
    assert "skipped 1 interaction(s) that arrived too late" in caplog.text


async def test_waiting_autocompletes_go_before_waiting_commands():
    backlog = Backlog(workers=1)
    release, order = threading.Event(), []
    blocker = asyncio.create_task(backlog.run(release.wait, 10))
    await asyncio.sleep(0.01)
    command = asyncio.create_task(backlog.run(order.append, "command"))
    await asyncio.sleep(0.01)
    choices = asyncio.create_task(backlog.run(order.append, "choices", urgent=True))
    await asyncio.sleep(0.01)
    assert backlog.pending == 3 and backlog.busy
    release.set()
    await asyncio.gather(blocker, command, choices)
    assert order == ["choices", "command"]
    assert backlog.pending == 0

"""One bot process as a shard runs it, driven through discord.py's command tree (no gateway):
`python -m tests.support.shard_process INDEX_DIR DATABASE_URL SHARD_ID SHARD_COUNT PLAN`.

PLAN is JSON: [[member_id, [track_id, ...]], ...], the likes to send, all at once, as `/like`
interactions. Prints JSON: the (member, track) pairs the bot confirmed to the member, the
answers that confirmed nothing, and the seconds it took.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from bot.app import RecommenderBot
from bot.host.settings import Settings
from recommender import Recommender
from tests.support.discord_driver import (
    RecordingAdapter,
    command_payload,
    dispatch,
    install,
    prepare,
)

CONFIRMING = ("Liked ", "You already like ")
DEFERRED = 5  # the "thinking…" acknowledgement: the answer follows


async def answer_to(adapter: RecordingAdapter, payload: dict, timeout: float = 120) -> str:
    """The text of the bot's answer (not its acknowledgement) to one interaction."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for sent in adapter.responses_to(payload):
            if sent.payload.get("type") != DEFERRED:
                return sent.content
        await asyncio.sleep(0.01)
    raise TimeoutError(f"no answer to interaction {payload['id']} within {timeout} s")


async def main(index: str, url: str, shard: int, count: int, plan: list) -> dict:
    settings = Settings(
        token="t",
        index_dir=Path(index),
        database_url=url,
        shard_id=shard,
        shard_count=count,
        cooldown_rate=0,
        health_file=Path(f"/tmp/soundalike-test-shard-{shard}-{time.time_ns()}.health"),
    )
    adapter = RecordingAdapter()
    install(adapter)
    bot = RecommenderBot(settings=settings, recommender=Recommender.load(index))
    await bot.__aenter__()
    await bot.add_feature_cogs()
    prepare(bot)
    await bot.tastes.open()
    started = time.perf_counter()
    payloads = [
        (member, track, command_payload("like", user_id=member, song=track))
        for member, tracks in plan
        for track in tracks
    ]
    for *_, payload in payloads:
        await dispatch(bot, payload)
    confirmed, other = [], []
    for member, track, payload in payloads:
        answer = await answer_to(adapter, payload)
        (confirmed if answer.startswith(CONFIRMING) else other).append([member, track, answer])
    seconds = time.perf_counter() - started
    await bot.close()
    Path(settings.health_file).unlink(missing_ok=True)
    return {"confirmed": [c[:2] for c in confirmed], "other": other, "seconds": seconds}


if __name__ == "__main__":
    index, url, shard, count, plan = sys.argv[1:6]
    print(json.dumps(asyncio.run(main(index, url, int(shard), int(count), json.loads(plan)))))

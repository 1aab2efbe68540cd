"""Benchmark: a burst of interactions arriving at once, through the real command tree.

    python -m benchmarks.bot_burst [--interactions 200] [--index-dir DIR]


Half are /similar, half song autocomplete, each from a different member. Reports how long
each waited for its first response (Discord allows 3 s) and how far the event loop fell
behind meanwhile (the gateway heartbeat needs the loop)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import time
from pathlib import Path

import numpy as np

from bot.client import RecommenderBot
from bot.settings import Settings
from recommender.pipeline import DEFAULT_INDEX_DIR, open_or_build
from tests.discord_driver import RecordingAdapter, command_payload, dispatch, install, prepare


async def _loop_lag(stop: asyncio.Event, lags: list[float], tick: float = 0.005) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(tick)
        lags.append(time.perf_counter() - start - tick)


def burst_payloads(names: list[str], count: int, seed: int = 5) -> list[dict]:
    rng = random.Random(seed)
    payloads = []
    for i in range(count):
        name = rng.choice(names)
        if i % 2:
            payloads.append(
                command_payload(
                    "similar",
                    user_id=10_000 + i,
                    focused="song",
                    song=name[: rng.randint(1, max(1, len(name)))],
                )
            )
        else:
            payloads.append(command_payload("similar", user_id=10_000 + i, song=name, count=10))
    return payloads


async def run_burst(settings: Settings, recommender, interactions: int = 200) -> dict:
    settings = dataclasses.replace(settings, cooldown_rate=0)
    bot = RecommenderBot(settings=settings, recommender=recommender)
    names = [s.label.split(" — ")[0].lower() for s in recommender.autocomplete("", 25)]
    sample = recommender.catalog["name"].sample(200, random_state=0)
    names += [str(name).lower() for name in sample]
    async with bot:
        await bot.add_feature_cogs()
        prepare(bot)
        adapter = RecordingAdapter()
        install(adapter)
        payloads = burst_payloads(names, interactions)
        stop, lags = asyncio.Event(), []
        probe = asyncio.create_task(_loop_lag(stop, lags))
        await asyncio.sleep(0.05)
        started = time.perf_counter()
        for payload in payloads:
            await dispatch(bot, payload)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            first = {}
            for sent in adapter.sent:
                if "callback" in sent.path:
                    first.setdefault(sent.path.split("/")[3], sent.at)
            if len(first) >= len(payloads):
                break
            await asyncio.sleep(0.01)
        stop.set()
        await probe
    waits = np.array([first[p["token"]] - started for p in payloads if p["token"] in first])
    return {
        "interactions": len(payloads),
        "answered": len(waits),
        "ack_p50_ms": round(float(np.percentile(waits, 50)) * 1000, 1),
        "ack_p99_ms": round(float(np.percentile(waits, 99)) * 1000, 1),
        "ack_max_ms": round(float(waits.max()) * 1000, 1),
        "within_3s": int((waits <= 3.0).sum()),
        "loop_lag_max_ms": round(max(lags) * 1000, 1) if lags else 0.0,
        "loop_lag_p99_ms": round(float(np.percentile(lags, 99)) * 1000, 1) if lags else 0.0,
    }


def format_burst(r: dict) -> str:
    return (
        f"burst of {r['interactions']} interactions (half /similar, half autocomplete): "
        f"{r['answered']} answered, {r['within_3s']} within 3 s\n"
        f"  first response p50 {r['ack_p50_ms']} ms, p99 {r['ack_p99_ms']} ms, "
        f"max {r['ack_max_ms']} ms\n"
        f"  event-loop lag p99 {r['loop_lag_p99_ms']} ms, max {r['loop_lag_max_ms']} ms "
        f"(the gateway heartbeat interval is ~41 s)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bot_burst", description=__doc__)
    parser.add_argument("--interactions", type=int, default=200)
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    args = parser.parse_args(argv)
    recommender = open_or_build(args.index_dir)
    report = asyncio.run(
        run_burst(Settings(index_dir=args.index_dir), recommender, args.interactions)
    )
    print(format_burst(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

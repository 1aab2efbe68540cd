"""Benchmark: interactions arriving at once or at a steady rate, through the real command tree.

    python -m benchmarks.bot_burst [--interactions 200] [--index-dir DIR]
    python -m benchmarks.bot_burst --rate 100 --seconds 30

Half are /similar with a typed name, half song autocomplete, each from a different member.
Reports, per interaction, when its first response went out (Discord's 3-second window: a
"thinking…" deferral counts) and when its answer did; how many were skipped as too late to
answer; and how far the event loop fell behind (the gateway heartbeat needs the loop)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import time
from pathlib import Path

import numpy as np

from bot.app import RecommenderBot
from bot.host.settings import Settings
from recommender.store.opening import DEFAULT_INDEX_DIR, open_or_build
from tests.support.discord_driver import (
    RecordingAdapter,
    command_payload,
    dispatch,
    install,
    prepare,
)

DEFERRED = 5  # interaction callback type: "thinking…", the answer follows


async def _loop_lag(stop: asyncio.Event, lags: list[float], tick: float = 0.005) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(tick)
        lags.append(time.perf_counter() - start - tick)


def make_payload(names: list[str], i: int, rng: random.Random) -> dict:
    name = rng.choice(names)
    if i % 2:
        typed = name[: rng.randint(1, max(1, len(name)))]
        return command_payload("similar", user_id=10_000 + i, focused="song", song=typed)
    return command_payload("similar", user_id=10_000 + i, song=name, count=10)


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50_ms": None, "p99_ms": None, "max_ms": None}
    ms = np.asarray(values) * 1000
    return {
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p99_ms": round(float(np.percentile(ms, 99)), 1),
        "max_ms": round(float(ms.max()), 1),
    }


async def run_burst(
    settings: Settings,
    recommender,
    interactions: int = 200,
    rate: float | None = None,
    drain: float = 30.0,
) -> dict:
    """`interactions` at once, or at `rate` per second; waits up to `drain` s for answers."""
    settings = dataclasses.replace(settings, cooldown_rate=0)
    bot = RecommenderBot(settings=settings, recommender=recommender)
    names = [s.label.split(" — ")[0].lower() for s in recommender.autocomplete("", 25)]
    sample = recommender.catalog["name"].sample(200, random_state=0)
    names += [str(name).lower() for name in sample]
    rng = random.Random(5)
    async with bot:
        await bot.add_feature_cogs()
        prepare(bot)
        adapter = RecordingAdapter()
        install(adapter)
        stop, lags = asyncio.Event(), []
        probe = asyncio.create_task(_loop_lag(stop, lags))
        await asyncio.sleep(0.05)
        arrived: dict[str, tuple[float, dict]] = {}
        started = time.perf_counter()
        for i in range(interactions):
            if rate:  # a steady stream: each payload is minted when it arrives
                await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
            payload = make_payload(names, i, rng)
            arrived[payload["token"]] = (time.perf_counter(), payload)
            await dispatch(bot, payload)
        deadline = time.monotonic() + drain
        while time.monotonic() < deadline:
            answered = {s.path.split("/")[3] for s in adapter.sent if _is_answer(s)}
            if len(answered) + bot.services.backlog.skipped >= interactions:
                break
            await asyncio.sleep(0.02)
        stop.set()
        await probe
        skipped = bot.services.backlog.skipped
    first: dict[str, float] = {}
    answer: dict[str, float] = {}
    for sent in adapter.sent:
        token = sent.path.split("/")[3]
        first.setdefault(token, sent.at)
        if _is_answer(sent):
            answer.setdefault(token, sent.at)
    acks = [first[t] - at for t, (at, _) in arrived.items() if t in first]
    answers = [answer[t] - at for t, (at, _) in arrived.items() if t in answer]
    commands = [t for t, (_, p) in arrived.items() if p["type"] == 2]
    return {
        "interactions": interactions,
        "rate_per_s": rate,
        "acknowledged": len(acks),
        "acknowledged_within_3s": sum(a <= 3.0 for a in acks),
        "commands": len(commands),
        "commands_acknowledged_within_3s": sum(
            first[t] - arrived[t][0] <= 3.0 for t in commands if t in first
        ),
        "answered": len(answers),
        "answered_within_15s": sum(a <= 15.0 for a in answers),
        "skipped_too_late": skipped,
        "ack": _percentiles(acks),
        "answer": _percentiles(answers),
        "loop_lag": _percentiles(lags),
    }


def _is_answer(sent) -> bool:
    """A request that shows the member something (not a bare "thinking…")."""
    return sent.payload.get("type") != DEFERRED


def format_burst(r: dict) -> str:
    how = f"at {r['rate_per_s']:g}/s" if r["rate_per_s"] else "at once"
    a, b, lag = r["ack"], r["answer"], r["loop_lag"]
    return (
        f"{r['interactions']} interactions {how} (half /similar, half autocomplete): "
        f"{r['acknowledged']} acknowledged, {r['acknowledged_within_3s']} within 3 s "
        f"(commands: {r['commands_acknowledged_within_3s']} of {r['commands']}); "
        f"{r['answered']} answered, {r['answered_within_15s']} within 15 s; "
        f"{r['skipped_too_late']} skipped as too late\n"
        f"  first response p50 {a['p50_ms']} ms, p99 {a['p99_ms']} ms, max {a['max_ms']} ms\n"
        f"  answer p50 {b['p50_ms']} ms, p99 {b['p99_ms']} ms, max {b['max_ms']} ms\n"
        f"  event-loop lag p50 {lag['p50_ms']} ms, p99 {lag['p99_ms']} ms, max {lag['max_ms']} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bot_burst", description=__doc__)
    parser.add_argument("--interactions", type=int, default=200)
    parser.add_argument("--rate", type=float, help="arrivals per second (default: all at once)")
    parser.add_argument("--seconds", type=float, help="with --rate: how long to keep sending")
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    args = parser.parse_args(argv)
    count = int(args.rate * args.seconds) if args.rate and args.seconds else args.interactions
    recommender = open_or_build(args.index_dir)
    settings = Settings(index_dir=args.index_dir)
    print(format_burst(asyncio.run(run_burst(settings, recommender, count, args.rate))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

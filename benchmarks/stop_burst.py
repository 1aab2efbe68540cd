"""Benchmark: SIGTERM in the middle of a burst — is every acknowledged interaction answered,
and how soon does the process exit?

    python -m benchmarks.stop_burst [--interactions 200] [--signal-after 0.2] [--index-dir DIR]

A child process runs the bot's own stop path (`RecommenderBot.run_until_stopped`: the signal
handlers, the drain, the store closing, the exit code) over discord.py's real command tree,
with a burst driven as in `benchmarks.bot_burst` in place of Discord's gateway; after the
burst it keeps sending one interaction every 20 ms, as members would, until the bot closes.
This process sends it a real SIGTERM and times its exit. The child reports each interaction:
acknowledged, answered (a message the member can read), told to try again, or neither."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.app import RecommenderBot
from bot.host.backlog import RESTARTING
from bot.host.settings import Settings
from recommender import Recommender
from recommender.store.opening import DEFAULT_INDEX_DIR
from tests.support.discord_driver import RecordingAdapter, dispatch, install, prepare

STARTED = "burst started"
DEFERRED = 5  # "thinking…": an acknowledgement, not an answer
ROOT = Path(__file__).resolve().parents[1]


async def child(index_dir: Path, interactions: int, database: Path, grace: float) -> int:
    from benchmarks.bot_burst import make_payload

    recommender = Recommender.load(index_dir)
    settings = Settings(
        index_dir=index_dir,
        cooldown_rate=0,
        database_path=database,
        health_file=database.with_suffix(".health"),
        shutdown_grace=grace,
    )
    bot = RecommenderBot(settings=settings, recommender=recommender)
    names = [s.label.split(" — ")[0].lower() for s in recommender.autocomplete("", 25)]
    rng = random.Random(5)
    adapter = RecordingAdapter()
    sent: dict[str, dict] = {}  # token -> {"type", "after_signal"}

    async def members() -> None:
        await bot.add_feature_cogs()
        prepare(bot)
        for i in range(interactions):
            payload = make_payload(names, i, rng)
            sent[payload["token"]] = {"type": payload["type"], "late": False}
            await dispatch(bot, payload)
        print(STARTED, flush=True)

        i = interactions
        while not bot.is_closed():  # members keep coming while the bot drains
            payload = make_payload(names, i, rng)
            sent[payload["token"]] = {"type": payload["type"], "late": bot.services.backlog.closing}
            await dispatch(bot, payload)
            i += 1
            await asyncio.sleep(0.02)

    install(adapter)  # here: the signal handler's task answers through it too
    code = await bot.run_until_stopped(members)
    for token, facts in sent.items():
        replies = [s for s in adapter.sent if s.path.split("/")[3] == token]
        facts["acknowledged"] = bool(replies)
        facts["answered"] = any(s.payload.get("type") != DEFERRED for s in replies)
        facts["restarting"] = any(RESTARTING in s.content for s in replies)
    print(json.dumps({"exit_code": code, "interactions": list(sent.values())}), flush=True)
    return code


def measure(
    index_dir: Path,
    interactions: int = 200,
    signal_after: float = 0.2,
    grace: float = Settings.shutdown_grace,
    work: Path | None = None,
) -> dict:
    """Run the child, SIGTERM it `signal_after` s into the burst; what it reported, with the
    exit code and the seconds from the signal to the exit."""
    work = work or Path(os.environ.get("TMPDIR", "/tmp"))
    database = work / f"stop-burst-{os.getpid()}.db"
    command = [
        sys.executable,
        "-m",
        "benchmarks.stop_burst",
        "--child",
        "--index-dir",
        str(index_dir),
    ]
    command += ["--interactions", str(interactions), "--database", str(database)]
    command += ["--grace", str(grace)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if line.strip() != STARTED:
            raise RuntimeError(f"the child did not start its burst: {line!r}")
        time.sleep(signal_after)
        signalled = time.monotonic()
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=60)
        stopped = time.monotonic() - signalled
    finally:
        if process.poll() is None:
            process.kill()
    report = json.loads(out.strip().splitlines()[-1])
    report["returncode"] = process.returncode
    report["seconds_to_exit"] = round(stopped, 2)
    return summarise(report)


def summarise(report: dict) -> dict:
    seen = report.pop("interactions")
    commands = [i for i in seen if i["type"] == 2]
    late = [i for i in seen if i["late"]]
    return {
        **report,
        "interactions": len(seen),
        "commands": len(commands),
        "acknowledged": sum(i["acknowledged"] for i in commands),
        "acknowledged_unanswered": sum(i["acknowledged"] and not i["answered"] for i in commands),
        "told_to_retry": sum(i["restarting"] for i in commands),
        "arrived_while_stopping": len(late),
        "late_commands_told_to_retry": sum(i["restarting"] for i in late if i["type"] == 2),
        "late_commands": sum(i["type"] == 2 for i in late),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stop_burst", description=__doc__)
    parser.add_argument("--interactions", type=int, default=200)
    parser.add_argument("--signal-after", type=float, default=0.2)
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    parser.add_argument("--grace", type=float, default=Settings.shutdown_grace)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return asyncio.run(child(args.index_dir, args.interactions, args.database, args.grace))
    report = measure(args.index_dir, args.interactions, args.signal_after, args.grace)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

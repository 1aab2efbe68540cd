"""Shards on several hosts share one PostgreSQL: four bot processes, each driven through
discord.py's command tree, members liking songs through all of them at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.stores import PostgresBackend

ROOT = Path(__file__).resolve().parents[3]
SHARDS, MEMBERS_PER_SHARD, LIKES = 4, 10, 10
MEMBER_BASE = 345_678_901_234_567_000  # ids as long as Discord's


def track(i: int) -> str:
    """The synthetic catalog's track ids (tests/support/synthetic.py): 6 clusters of 30."""
    return f"{i // 30:02d}{i % 30:02d}".ljust(22, "x")


def plan(shard: int) -> list:
    """Each shard's members overlap with the next shard's: half of them are liking the same
    songs through two processes at once."""
    members = [MEMBER_BASE + shard * MEMBERS_PER_SHARD // 2 + k for k in range(MEMBERS_PER_SHARD)]
    return [[member, [track((member + j) % 180) for j in range(LIKES)]] for member in members]


def test_four_shard_processes_liking_at_once_lose_no_like_and_write_none_twice(
    postgres_server, synthetic_index
):
    target = PostgresBackend(postgres_server.database())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    shards = [
        subprocess.Popen(
            [
                *(sys.executable, "-m", "tests.support.shard_process", str(synthetic_index)),
                *(target.url, str(shard), str(SHARDS), json.dumps(plan(shard))),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for shard in range(SHARDS)
    ]
    reports = []
    for shard in shards:
        out, errors = shard.communicate(timeout=300)
        assert shard.returncode == 0, errors[-3000:]
        reports.append(json.loads(out.splitlines()[-1]))
    sent = {(m, t) for shard in range(SHARDS) for m, tracks in plan(shard) for t in tracks}
    confirmed = [tuple(pair) for report in reports for pair in report["confirmed"]]
    assert [r["other"] for r in reports] == [[]] * SHARDS  # every like was confirmed
    assert len(confirmed) == SHARDS * MEMBERS_PER_SHARD * LIKES == 400
    assert set(confirmed) == sent  # 250 pairs: most members came through two shards at once
    stored = target.query("SELECT member_id, track_id FROM feedback WHERE verdict = 1")
    assert len(stored) == len(set(stored)) == len(sent)  # none lost, none twice
    assert set(stored) == sent
    took = ", ".join(f"{report['seconds']:.2f}" for report in reports)
    print(  # the figures docs/scaling.md records (pytest -s shows them)
        f"\n{SHARDS} shard processes, {len(confirmed)} likes sent at once, {len(stored)} rows; "
        f"each process answered all of its likes within {took} s"
    )

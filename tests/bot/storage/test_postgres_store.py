"""What only the PostgreSQL store has: chosen by DATABASE_URL, a bounded pool, and a server
restarted under a running bot (members get the short "can't reach your likes" answer
meanwhile, recommendations keep working, and the bot reconnects by itself)."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.host.settings import Settings, SettingsError
from bot.storage import SQLiteTasteStore, Verdict, taste_store
from bot.storage.postgres import PostgresTasteStore
from tests.support.bot import started_bot
from tests.support.discord_driver import command_payload, dispatch
from tests.support.shard_process import answer_to
from tests.support.stores import PostgresBackend

MEMBER = 345_678_901_234_567_890
UNREACHABLE = "I can't reach your likes right now"


async def ask(bot, adapter, name: str, **options) -> tuple[str, list, float]:
    """(answer text, embeds, seconds to the answer) of one interaction."""
    payload = command_payload(name, user_id=MEMBER, **options)
    started = time.monotonic()
    await dispatch(bot, payload)
    text = await answer_to(adapter, payload, timeout=30)
    sent = [s for s in adapter.responses_to(payload) if s.payload.get("type") != 5]
    return text, sent[0].embeds, time.monotonic() - started


async def test_a_restart_of_postgresql_is_survived_without_restarting_the_bot(
    postgres_server, synthetic_rec, tmp_path, adapter
):
    target = PostgresBackend(postgres_server.database())
    bot = await started_bot(synthetic_rec, tmp_path, cooldown_rate=0, database_url=target.url)
    try:
        await bot.tastes.open()
        assert (await ask(bot, adapter, "like", song="golden heart 01"))[0].startswith("Liked")

        postgres_server.stop()
        try:
            during, _, waited = await ask(bot, adapter, "like", song="blue heart 10")
            assert during.startswith(UNREACHABLE)
            assert waited < 3.0  # inside Discord's window for a first response
            _, embeds, _ = await ask(bot, adapter, "similar", song="golden heart 01", count=3)
            assert embeds[0]["title"].startswith("Songs like Golden Heart")  # still served
        finally:
            postgres_server.start()

        back = time.monotonic()
        deadline, after = back + 20, ""
        while time.monotonic() < deadline:  # the pool's reconnect, no restart of the bot
            after = (await ask(bot, adapter, "like", song="blue heart 10"))[0]
            if not after.startswith(UNREACHABLE):
                break
        assert after.startswith("Liked")
        print(
            f"\nwhile down: answered in {waited:.2f} s; liked again {time.monotonic() - back:.2f} s after the server was back"
        )
        likes = target.query("SELECT track_id FROM feedback WHERE member_id = ?", MEMBER)
        assert len(likes) == 2  # the like before the restart and the one after
    finally:
        await bot.close()


def test_database_url_chooses_postgresql_and_its_password_is_never_shown(tmp_path):
    url = "postgresql://bot:s3cret@db.internal:5432/soundalike"
    settings = Settings.from_env({"DATABASE_URL": url}, dotenv_path=None, require_token=False)
    assert "s3cret" not in repr(settings)
    store = taste_store(settings.database_url, settings.database_file)
    assert isinstance(store, PostgresTasteStore)
    assert store.where == "postgresql://bot@db.internal:5432/soundalike"  # what the log names
    unset = Settings.from_env({}, dotenv_path=None, require_token=False)
    assert isinstance(taste_store(unset.database_url, unset.database_file), SQLiteTasteStore)
    with pytest.raises(SettingsError, match="DATABASE_URL must be a postgresql://") as refused:
        Settings.from_env(
            {"DATABASE_URL": "mysql://bot:s3cret@db/x"}, dotenv_path=None, require_token=False
        )
    assert "s3cret" not in str(refused.value)


async def test_a_burst_uses_no_more_connections_than_the_pool_holds(postgres_server):
    target = PostgresBackend(postgres_server.database())
    store = PostgresTasteStore(target.url, pool_size=3)
    likes = [store.set_verdict(m, f"t{i}", "T", Verdict.LIKE) for m in range(10) for i in range(10)]
    await asyncio.gather(*likes)
    connections = target.query(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'soundalike' "
        "AND datname = current_database()"
    )
    await store.close()
    assert 1 <= connections[0][0] <= 3
    assert len(target.query("SELECT 1 FROM feedback")) == 100

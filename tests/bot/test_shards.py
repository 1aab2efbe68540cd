"""Several bot processes on one host, one shard each: settings, identity, and one command sync."""

from __future__ import annotations

import pytest

from bot.app import RecommenderBot
from bot.host.settings import Settings, SettingsError

TOKEN = "MTAx.fake-token-for-tests.abc"


def settings(**values: str) -> Settings:
    return Settings.from_env({"DISCORD_TOKEN": TOKEN, **values}, dotenv_path=None)


def test_a_process_runs_the_shard_its_settings_name(synthetic_rec, tmp_path):
    chosen = settings(SHARD_COUNT="4", SHARD_ID="2", INDEX_DIR=str(tmp_path / "index"))
    bot = RecommenderBot(settings=chosen, recommender=synthetic_rec)
    assert (bot.shard_id, bot.shard_count) == (2, 4)
    assert settings().shard_count is None  # one process, as Discord decides by default


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"SHARD_COUNT": "2"}, "SHARD_ID"),
        ({"SHARD_ID": "0"}, "SHARD_COUNT"),
        ({"SHARD_COUNT": "2", "SHARD_ID": "2"}, "SHARD_ID"),
        ({"SHARD_COUNT": "0", "SHARD_ID": "0"}, "SHARD_COUNT"),
        ({"SHARD_COUNT": "two", "SHARD_ID": "0"}, "SHARD_COUNT"),
    ],
)
def test_impossible_shard_settings_stop_the_start_naming_the_setting(values, named):
    with pytest.raises(SettingsError, match=named):
        settings(**values)


async def test_only_shard_zero_registers_the_commands(synthetic_rec, tmp_path, monkeypatch):
    calls = []

    for shard in (1, 0):
        chosen = settings(SHARD_COUNT="2", SHARD_ID=str(shard), INDEX_DIR=str(tmp_path / "i"))
        bot = RecommenderBot(settings=chosen, recommender=synthetic_rec)
        await bot.add_feature_cogs()

        async def sync(guild=None, shard=shard):
            calls.append(shard)
            return []

        monkeypatch.setattr(bot.tree, "sync", sync)
        await bot.sync_commands()
    assert calls == [0]
    assert (tmp_path / ".commands-synced").is_file()

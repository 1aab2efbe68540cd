"""What the host sees: settings, start-up errors, the health check, the console."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import time

import discord
import pytest

from bot import __main__ as entry
from bot.console import Console, parse
from bot.logs import RedactToken
from bot.replies import Replies
from bot.settings import ENVIRONMENT, Settings, SettingsError

TOKEN = "MTAx.fake-token-for-tests.abc"


def test_settings_come_from_dotenv_and_the_environment_wins(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        f"DISCORD_TOKEN={TOKEN}\nINDEX_DIR=/srv/index\nLOG_LEVEL=debug\nDISCORD_DEV_GUILD_ID=123\n"
    )
    settings = Settings.from_env({"LOG_LEVEL": "warning"}, dotenv_path=dotenv)
    assert settings.token == TOKEN
    assert str(settings.index_dir) == "/srv/index"
    assert settings.log_level == "WARNING"
    assert settings.dev_guild_id == 123


def test_the_token_never_shows_in_the_settings_repr():
    settings = Settings.from_env({"DISCORD_TOKEN": TOKEN}, dotenv_path=None)
    assert TOKEN not in repr(settings)


def test_a_missing_token_says_what_to_do(tmp_path):
    with pytest.raises(SettingsError, match=r"DISCORD_TOKEN is not set.*\.env\.example"):
        Settings.from_env({}, dotenv_path=tmp_path / "absent.env")


@pytest.mark.parametrize(
    ("name", "value"),
    [("DISCORD_DEV_GUILD_ID", "my-server"), ("LOG_LEVEL", "loud"), ("COOLDOWN_SECONDS", "soon")],
)
def test_a_malformed_setting_is_named(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({"DISCORD_TOKEN": TOKEN, name: value}, dotenv_path=None)


def test_starting_without_a_token_exits_2_with_a_message_and_no_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: DISCORD_TOKEN is not set")
    assert "Traceback" not in result.stderr


async def test_a_rejected_token_exits_1_with_a_message_that_hides_the_token(
    synthetic_rec, monkeypatch, caplog, tmp_path
):
    async def reject(self, token, **kwargs):
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr("bot.client.RecommenderBot.start", reject)
    settings = Settings(token=TOKEN, index_dir=tmp_path / "index")
    with caplog.at_level(logging.INFO):
        code = await entry.serve(settings, synthetic_rec)
    assert code == 1
    assert "Discord rejected DISCORD_TOKEN" in caplog.text
    assert TOKEN not in caplog.text


def test_log_lines_never_carry_the_token():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "connecting with %s", (TOKEN,), None)
    RedactToken(TOKEN).filter(record)
    assert TOKEN not in record.getMessage() and "[token]" in record.getMessage()


def test_the_health_check_passes_only_while_the_heartbeat_is_fresh(tmp_path):
    settings = Settings(health_file=tmp_path / "health")
    assert entry.healthcheck(settings) == 1  # never connected
    settings.health_file.write_text(str(time.time()))
    assert entry.healthcheck(settings) == 0
    settings.health_file.write_text(str(time.time() - 600))
    assert entry.healthcheck(settings) == 1


def test_console_options_parse_like_discord_shows_them():
    assert parse("/similar song:blinding lights genre:r&b count:5") == (
        "similar",
        {"song": "blinding lights", "genre": "r&b", "count": "5"},
    )


async def test_the_console_pages_and_pivots_like_the_buttons(synthetic_rec):
    out = io.StringIO()
    console = Console(Replies(synthetic_rec, Settings()), out=out)
    await console.handle("/similar song:golden heart 01 count:3")
    await console.handle("next")
    await console.handle("like 5")
    await console.handle("/features song:nothing like this at all qqq")
    text = out.getvalue()
    assert "╭ Songs like Golden Heart 01  <https://open.spotify.com/track/0001" in text
    assert "│ 4. " in text and "page 2/" in text
    assert text.count("╭ Songs like") == 3
    assert "(only you can see this)\nI couldn't find a song matching" in text


def test_console_mode_runs_end_to_end_without_a_token(synthetic_index, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["INDEX_DIR"] = str(synthetic_index)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "console",
            "/similar song:silent sumer 02 genre:rock count:2",
            "/genres",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "╭ Songs like Silent Summer 02 in rock" in result.stdout
    assert "│ 1. " in result.stdout and "│ 3. " not in result.stdout
    assert "[◀ Previous (disabled)] [Next ▶]" in result.stdout
    assert "╭ Genres in the catalog" in result.stdout


def test_env_example_documents_every_setting_the_bot_reads():
    import re
    from pathlib import Path

    read = set(ENVIRONMENT)
    example = Path(__file__).resolve().parents[1].joinpath(".env.example").read_text()
    documented = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    assert read == documented


async def test_no_network_gives_a_message_not_a_traceback(
    synthetic_rec, monkeypatch, caplog, tmp_path
):
    async def offline(self, token, **kwargs):
        raise OSError("Temporary failure in name resolution")

    monkeypatch.setattr("bot.client.RecommenderBot.start", offline)
    code = await entry.serve(Settings(token=TOKEN, index_dir=tmp_path / "i"), synthetic_rec)
    assert code == 1 and "Cannot reach Discord" in caplog.text


async def test_sigterm_closes_the_bot_cleanly(synthetic_rec, monkeypatch, caplog, tmp_path):
    import asyncio
    import signal

    from bot.client import RecommenderBot

    async def login(self, token):
        pass

    async def connect(self, reconnect=True):
        # stands in for the gateway: runs until close() marks the client closed
        while not self.is_closed():
            await asyncio.sleep(0.01)

    monkeypatch.setattr(RecommenderBot, "login", login)
    monkeypatch.setattr(RecommenderBot, "connect", connect)
    settings = Settings(token=TOKEN, index_dir=tmp_path / "i", health_file=tmp_path / "health")
    settings.health_file.write_text(str(time.time()))
    with caplog.at_level(logging.INFO):
        running = asyncio.create_task(entry.serve(settings, synthetic_rec))
        await asyncio.sleep(0.2)
        os.kill(os.getpid(), signal.SIGTERM)
        code = await asyncio.wait_for(running, timeout=10)
    assert code == 0 and "shut down cleanly" in caplog.text
    assert not settings.health_file.exists()  # no longer reported healthy


def test_a_placeholder_token_does_not_garble_log_lines():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "no index in data/index", (), None)
    RedactToken("x").filter(record)
    assert record.getMessage() == "no index in data/index"


@pytest.mark.parametrize("name", ["COOLDOWN_RATE", "COOLDOWN_SECONDS"])
def test_a_cooldown_setting_of_zero_disables_the_cooldown_as_documented(name):
    settings = Settings.from_env({"DISCORD_TOKEN": TOKEN, name: "0"}, dotenv_path=None)
    assert getattr(settings, name.lower()) == 0
    from bot.cogs import user_cooldown

    class Interaction:
        client = type("Client", (), {"settings": settings})

    assert user_cooldown(Interaction()) is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("COOLDOWN_RATE", "-1"),
        ("COOLDOWN_RATE", "2.5"),
        ("COOLDOWN_SECONDS", "nan"),
        ("COOLDOWN_SECONDS", "inf"),
        ("COOLDOWN_SECONDS", "-3"),
    ],
)
def test_a_negative_nan_or_fractional_limit_stops_the_start_naming_the_setting(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({"DISCORD_TOKEN": TOKEN, name: value}, dotenv_path=None)


def test_unset_settings_take_the_one_default_written_on_the_settings_fields():
    settings = Settings.from_env({"DISCORD_TOKEN": TOKEN}, dotenv_path=None)
    assert settings == Settings(token=TOKEN)


def test_a_token_pasted_into_another_setting_is_not_echoed():
    token = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789"
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"DISCORD_TOKEN": TOKEN, "DISCORD_DEV_GUILD_ID": token}, dotenv_path=None)
    assert "DISCORD_DEV_GUILD_ID" in str(err.value) and token not in str(err.value)

"""What the host sees: settings, start-up errors, the health check, the console."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import discord
import pytest

from bot import __main__ as entry
from bot.app import RecommenderBot
from bot.console import Console, parse
from bot.host import health
from bot.host.logs import RedactToken
from bot.host.settings import ENVIRONMENT, Settings, SettingsError
from bot.services import Services
from tests.support import synthetic

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
    [
        ("DISCORD_DEV_GUILD_ID", "my-server"),
        ("DISCORD_DEV_GUILD_ID", "²"),
        ("DISCORD_DEV_GUILD_ID", "-5"),
        ("LOG_LEVEL", "loud"),
        ("COOLDOWN_SECONDS", "soon"),
    ],
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

    monkeypatch.setattr("bot.app.RecommenderBot.start", reject)
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


async def test_the_health_check_follows_the_gateway_events_discord_py_dispatches(
    synthetic_rec, tmp_path
):
    settings = Settings(token=TOKEN, index_dir=tmp_path / "i", health_file=tmp_path / "health")
    settings.health_file.write_text(json.dumps({"state": "connected", "at": time.time()}))
    bot = RecommenderBot(settings=settings, recommender=synthetic_rec)  # after a crash

    async def state_after(event: str) -> tuple[bool, str]:
        bot.dispatch(event)  # as discord.py's gateway handling does
        for _ in range(100):  # listeners run as tasks: let them
            await asyncio.sleep(0)
        return health.check(settings.health_file)

    assert health.check(settings.health_file) == (False, "the bot is starting (since 0 s)")
    async with bot:  # sets up the client's loop, as `serve` does
        assert await state_after("connect") == (False, "the bot is connecting (since 0 s)")
        assert await state_after("ready") == (True, "connected")
        bot._ready.set()  # discord.py keeps is_ready() through a reconnect; the check must not
        assert (await state_after("disconnect"))[1].startswith("the bot is disconnected")
        assert await state_after("resumed") == (True, "connected")
    assert not settings.health_file.exists()  # closed: no longer reported healthy


def test_a_connected_bot_whose_heartbeat_stopped_is_unhealthy(tmp_path):
    beats = health.Health(tmp_path / "health")
    beats.connected = True
    beats.beat()
    assert health.check(beats.path) == (True, "connected")
    assert health.check(beats.path, now=time.time() + 600)[1].startswith("last heartbeat")


def run_healthcheck(cwd, env_extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "HEALTH_FILE"} | env_extra
    env["PYTHONPATH"] = str(Path(entry.__file__).parents[1])  # this checkout, from any cwd
    code = (
        "import json, sys, time; t = time.perf_counter(); from bot.__main__ import main; "
        "rc = main(['healthcheck']); "
        "heavy = sorted(m for m in ('discord', 'aiohttp', 'recommender', 'pandas', 'numpy', "
        "'sklearn', 'dotenv') if m in sys.modules); "
        "print(json.dumps([rc, heavy, time.perf_counter() - t]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=30
    )


def test_the_healthcheck_command_imports_only_the_standard_library(tmp_path):
    (tmp_path / ".env").write_text(f"HEALTH_FILE='{tmp_path / 'from-dotenv'}'\n")
    beats = health.Health(tmp_path / "from-dotenv")
    beats.connected = True
    beats.beat()
    result = run_healthcheck(tmp_path, {})
    rc, heavy, seconds = json.loads(result.stdout)
    assert (rc, heavy) == (0, []), result.stderr
    print(f"healthcheck: {seconds * 1000:.0f} ms after interpreter start-up")
    result = run_healthcheck(tmp_path, {"HEALTH_FILE": str(tmp_path / "absent")})
    assert json.loads(result.stdout)[:2] == [1, []]
    assert "unhealthy: the bot has not connected" in result.stderr


def test_console_options_parse_like_discord_shows_them():
    assert parse("/similar song:blinding lights genre:r&b count:5") == (
        "similar",
        {"song": "blinding lights", "genre": "r&b", "count": "5"},
    )


async def test_the_console_pages_and_pivots_like_the_buttons(synthetic_rec):
    out = io.StringIO()
    console = Console(Services(synthetic_rec, Settings()), out=out)
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


def test_a_first_build_stopped_by_sigterm_leaves_no_partial_files(tmp_path):
    synthetic.slow_to_build().to_csv(tmp_path / "big.csv", index=False)
    index = tmp_path / "index"
    index.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env |= {"INDEX_DIR": str(index), "CATALOG_SOURCE": str(tmp_path / "big.csv")}
    command = [sys.executable, "-m", "bot", "console", "/genres"]
    with subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL) as bot:
        try:
            deadline = time.monotonic() + 120
            while len(list(index.iterdir())) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)  # until the build's first file is on disk beside its lock
            assert len(list(index.iterdir())) >= 2 and bot.poll() is None
            bot.send_signal(signal.SIGTERM)
            code = bot.wait(timeout=120)
        finally:
            bot.kill()
    assert code != 0
    assert [p.name for p in index.iterdir()] == [".build.lock"]


def test_env_example_documents_every_setting_the_bot_reads():
    import re
    from pathlib import Path

    read = set(ENVIRONMENT)
    example = Path(__file__).resolve().parents[2].joinpath(".env.example").read_text()
    documented = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    assert read == documented


async def test_no_network_gives_a_message_not_a_traceback(
    synthetic_rec, monkeypatch, caplog, tmp_path
):
    async def offline(self, token, **kwargs):
        raise OSError("Temporary failure in name resolution")

    monkeypatch.setattr("bot.app.RecommenderBot.start", offline)
    code = await entry.serve(Settings(token=TOKEN, index_dir=tmp_path / "i"), synthetic_rec)
    assert code == 1 and "Cannot reach Discord" in caplog.text


async def test_sigterm_closes_the_bot_cleanly(synthetic_rec, monkeypatch, caplog, tmp_path):
    import asyncio
    import signal

    from bot.app import RecommenderBot

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
    from bot.ui.sending import user_cooldown

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


def test_console_options_keep_a_pasted_spotify_link_whole():
    link = "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=x"
    assert parse(f"/similar song:{link} genre:pop") == ("similar", {"song": link, "genre": "pop"})
    uri = "spotify:track:4uLU6hMCjMI75M1A2tKUQC"
    assert parse(f"/features song:{uri}") == ("features", {"song": uri})

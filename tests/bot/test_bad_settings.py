"""Every setting, and every console option, with values a careless host types: each one is
refused in one line naming itself (a SettingsError or a usage error), never a traceback,
and a wrong value is never quietly taken for something else."""

from __future__ import annotations

import pytest

from bot.__main__ import main as bot_main
from bot.host.settings import ENVIRONMENT, Settings, SettingsError

LONG = "x" * 5000  # longer than any file name the file system takes
# Values no setting takes (a pasted newline, a NUL byte): every setting refuses them.
UNREADABLE = ["a\nb", "x\x00y", "\x1b[31m"]
# Setting -> values it must refuse, besides UNREADABLE.
BAD = {
    "DISCORD_TOKEN": ["tok en", "🎵token", "tök"],
    "DISCORD_DEV_GUILD_ID": ["²", "-1", "abc", "1.5"],
    "CATALOG_SOURCE": [],
    "CATALOG_COLUMNS": ["title", "=x", "name="],
    "DOWNLOAD_LIMIT_MB": ["0", "-1", "²", "1e999", "lots"],
    "DOWNLOAD_TIMEOUT_SECONDS": ["0", "-1", "nan", "inf", "soon"],
    "INDEX_DIR": ["/", "~", LONG],
    "LOG_LEVEL": ["LOUD", "²"],
    "LOG_FORMAT": ["xml"],
    "COOLDOWN_RATE": ["-1", "²", "1.5"],
    "COOLDOWN_SECONDS": ["-1", "nan", "inf", "²"],
    "HEALTH_FILE": ["/", "/tmp", LONG],
    "DATABASE_PATH": ["/", "/tmp", LONG],
    "DATABASE_URL": ["mysql://u:p@h/db", "localhost:5432", "http://x"],
    "RADIO_KEEP_HOURS": ["0", "-1", "nan", "inf", "²"],
    "SHARD_COUNT": ["0", "-1", "²"],
    "SHARD_ID": ["-1", "²"],
    "METRICS_PORT": ["-1", "65536", "²", "http"],
    "METRICS_HOST": [],
    "SHUTDOWN_GRACE": ["-1", "nan", "inf", "²"],
}
CASES = [(name, value) for name in ENVIRONMENT for value in BAD[name] + UNREADABLE]


def test_the_table_covers_every_setting():
    assert set(BAD) == set(ENVIRONMENT)


@pytest.mark.parametrize(("name", "value"), CASES, ids=[f"{n}={v[:12]!r}" for n, v in CASES])
def test_a_bad_setting_is_refused_in_one_line_naming_itself(name, value):
    environ = {"DISCORD_TOKEN": "token", "SHARD_COUNT": "2", "SHARD_ID": "0", name: value}
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(environ, dotenv_path=None)
    message = str(refused.value)
    assert name in message and "\n" not in message and len(message) < 400


@pytest.mark.parametrize("name", sorted(ENVIRONMENT))
def test_bad_settings_reach_the_host_as_one_line_and_exit_2(name, monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)  # no .env
    for variable in ENVIRONMENT:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv(name, "x\x00y".replace("\x00", "\n"))
    assert bot_main(["console", "/genres"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {name} ")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--user="], "argument --user: is empty"),
        (["--out="], "argument --out: is empty"),
        (["--out", "{file}"], "is a file; give a folder for charts and exports"),
    ],
)
def test_a_bad_console_option_is_a_usage_error_before_any_work(argv, said, tmp_path, capsys):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    argv = [a.replace("{file}", str(afile)) for a in argv]
    with pytest.raises(SystemExit) as stop:
        bot_main(["console", *argv, "/genres"])
    assert stop.value.code == 2
    assert said in capsys.readouterr().err.strip().splitlines()[-1]
    assert afile.read_text() == "mine"

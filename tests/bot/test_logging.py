"""What a host reads in the log: plain or JSON lines, colour only on a terminal, each line
once, build progress under the recommender's logger, never the token."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot import __main__ as entry
from bot.host.logs import setup_logging
from bot.host.settings import Settings, SettingsError

TOKEN = "MTAx.fake-token-for-tests.abcdefgh"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def root_logging():
    """setup_logging replaces the root handlers; give pytest's back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_plain_logs_to_a_pipe_carry_no_colour_codes(root_logging):
    stream = io.StringIO()
    setup_logging("INFO", "plain", stream=stream)
    logging.getLogger("bot.test").warning("catalog ready")
    line = stream.getvalue()
    assert "\x1b[" not in line
    assert line.rstrip().endswith("WARNING  bot.test: catalog ready")


def test_a_terminal_gets_colour_unless_no_color_is_set(root_logging, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = Terminal()
    setup_logging("INFO", "plain", stream=terminal)
    logging.getLogger("bot.test").warning("hello")
    assert "\x1b[33;1mWARNING" in terminal.getvalue()

    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Terminal()
    setup_logging("INFO", "plain", stream=terminal)
    logging.getLogger("bot.test").warning("hello")
    assert "\x1b[" not in terminal.getvalue()


def test_json_logs_are_one_object_per_line_with_the_traceback_and_no_token(root_logging):
    stream = io.StringIO()
    setup_logging("INFO", "json", token=TOKEN, stream=stream)
    logging.getLogger("bot.test").info("logging in with %s", TOKEN)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("bot.ui.tree").exception("/similar failed")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(e["level"], e["logger"]) for e in lines] == [
        ("INFO", "bot.test"),
        ("ERROR", "bot.ui.tree"),
    ]
    assert lines[0]["message"] == "logging in with [token]"
    assert "RuntimeError: boom" in lines[1]["traceback"]
    assert TOKEN not in stream.getvalue()


def test_log_format_is_a_setting_and_a_wrong_one_is_named():
    assert Settings.from_env({"LOG_FORMAT": "JSON"}, None, require_token=False).log_format == "json"
    with pytest.raises(SettingsError, match="LOG_FORMAT must be plain or json"):
        Settings.from_env({"LOG_FORMAT": "xml"}, None, require_token=False)


def test_a_first_start_logs_the_catalog_once_and_build_progress_under_the_recommender(
    root_logging, synthetic_csv, tmp_path
):
    stream = io.StringIO()
    setup_logging("INFO", "json", stream=stream)
    settings = Settings(index_dir=tmp_path / "index", catalog_source=str(synthetic_csv))
    entry.load_recommender(settings)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    catalog_lines = [e for e in lines if "rows (" in e["message"] and "tracks" in e["message"]]
    assert len(catalog_lines) == 1, catalog_lines
    progress = [e for e in lines if e["message"].startswith("building index:")]
    assert progress and {e["logger"] for e in progress} == {"recommender.store.progress"}
    assert not any(e["logger"].startswith("bot") for e in lines)

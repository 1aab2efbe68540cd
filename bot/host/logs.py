"""Log output as hosts expect it: one handler on the root logger, `plain` or `json` lines,
colour only on a terminal, and never the token.

discord.py's own `setup_logging` is not used: it turns colour on whenever it detects Docker,
which leaves escape codes in `docker logs` and in every log collector reading the pipe.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import TextIO

LOG_FORMATS = ("plain", "json")
PLAIN = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"
DATE = "%Y-%m-%d %H:%M:%S"
# Level -> ANSI colour, used only when writing to a terminal.
COLOURS = {
    logging.DEBUG: "\x1b[40;1m",
    logging.INFO: "\x1b[34;1m",
    logging.WARNING: "\x1b[33;1m",
    logging.ERROR: "\x1b[31m",
    logging.CRITICAL: "\x1b[41m",
}
RESET = "\x1b[0m"


class RedactToken(logging.Filter):
    """Belt and braces: no log line may carry the token, whoever formats it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        # Real tokens are ~70 characters; redacting a placeholder like "x" would garble logs.
        self.token = token if len(token) >= 16 else ""

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "[token]"), ()
        return True


class ColourFormatter(logging.Formatter):
    """The plain format with the level name coloured, for a person watching a terminal."""

    def __init__(self) -> None:
        super().__init__(PLAIN, DATE)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        name = f"{record.levelname:<8}"
        colour = COLOURS.get(record.levelno, "")
        return line.replace(name, f"{colour}{name}{RESET}", 1) if colour else line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the traceback, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def wants_colour(stream: TextIO) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def formatter_for(log_format: str, stream: TextIO) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter()
    return ColourFormatter() if wants_colour(stream) else logging.Formatter(PLAIN, DATE)


def setup_logging(
    level: str, log_format: str = "plain", token: str = "", stream: TextIO | None = None
) -> logging.Handler:
    """Replace the root logger's handlers with one; returns it (tests read what it wrote)."""
    out = stream or sys.stderr
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter_for(log_format, out))
    handler.addFilter(RedactToken(token))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level))
    return handler

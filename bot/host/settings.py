"""Settings from the environment and `.env`; the token never appears in a repr or a log.

Each default is written once, on the dataclass field; `from_env` only parses what is set.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from bot.host.health import (
    DEFAULT_HEALTH_FILE,  # also read, without this module, by the health check
)
from bot.host.logs import LOG_FORMATS
from recommender import (
    DEFAULT_DOWNLOAD_TIMEOUT,
    DEFAULT_INDEX_DIR,  # the CLI's default too
    DEFAULT_MAX_DOWNLOAD_MB,
    index_dir_problem,
    parse_column_mapping,
)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Discord bot tokens: three base64url parts joined by dots.
_TOKEN_SHAPE = re.compile(r"[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}")


class SettingsError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    token: str = field(default="", repr=False)
    dev_guild_id: int | None = None
    catalog_source: str | None = None
    catalog_columns: Mapping[str, str] | None = None  # like `--columns name=title,...`
    download_limit_mb: int = DEFAULT_MAX_DOWNLOAD_MB  # a larger download is refused
    download_timeout: float = DEFAULT_DOWNLOAD_TIMEOUT  # seconds a catalog server may be silent
    index_dir: Path = DEFAULT_INDEX_DIR
    log_level: str = "INFO"
    log_format: str = "plain"  # or "json": one object per line, for log collectors
    cooldown_rate: int = 5  # commands per member ... (0 disables the cooldown)
    cooldown_seconds: float = 10.0  # ... per this many seconds
    view_timeout: float = 180.0
    health_file: Path = DEFAULT_HEALTH_FILE
    database_path: Path | None = None  # None: beside the index (see `database_file`)
    # postgresql://…: members' likes on a PostgreSQL server (shards on several hosts) instead
    # of the SQLite file. Not in a repr: it may hold a password.
    database_url: str | None = field(default=None, repr=False)
    radio_keep_hours: float = 24.0  # a /radio session answers presses this long after its last
    # Several processes on one host, each running one shard of `shard_count` (docs/scaling.md).
    shard_count: int | None = None
    shard_id: int | None = None
    # Prometheus metrics on http://METRICS_HOST:METRICS_PORT/metrics (bot/host/metrics.py);
    # 0: none. Loopback unless the host opens it (a container: 0.0.0.0 on its own network).
    metrics_port: int = 0
    metrics_host: str = "127.0.0.1"
    # On SIGTERM: how long work under way may take to finish before it is told to try again.
    shutdown_grace: float = 8.0

    @property
    def database_file(self) -> Path:
        """Members' likes: DATABASE_PATH, or soundalike.db beside the index directory."""
        return self.database_path or self.index_dir.parent / "soundalike.db"

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        dotenv_path: str | Path | None = ".env",
        require_token: bool = True,
    ) -> Settings:
        """Environment variables win over `.env`, which wins over the field defaults."""
        values: dict[str, str] = {}
        if dotenv_path and Path(dotenv_path).is_file():
            values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
        values.update(os.environ if environ is None else environ)

        parsed: dict[str, Any] = {}
        for variable, (name, parse) in ENVIRONMENT.items():
            raw = (values.get(variable) or "").strip()
            if any(ord(ch) < 32 or ord(ch) == 127 for ch in raw):  # NUL, a pasted newline...
                raise SettingsError(f"{variable} holds a control character; set it on one line.")
            if raw:
                parsed[name] = parse(raw, variable)
        if require_token and not parsed.get("token"):
            raise SettingsError(
                "DISCORD_TOKEN is not set. Copy .env.example to .env and paste your bot's token "
                "(Discord Developer Portal → your application → Bot → Reset Token). "
                "To try the bot without Discord, run: make console"
            )
        _check_shards(parsed.get("shard_count"), parsed.get("shard_id"))
        return cls(**parsed)


def shown(value: str) -> str:
    """A setting's value for an error message, unless it looks like a secret."""
    if _TOKEN_SHAPE.search(value):
        return "(a value shaped like a bot token; not shown)"
    return repr(value if len(value) <= 60 else value[:57] + "...")


def unshown(value: str) -> str:
    """What a secret-holding setting's wrong value was, without repeating it."""
    return shown(value) if _TOKEN_SHAPE.search(value) else "a value that is not a URL"


def _check_shards(count: int | None, shard: int | None) -> None:
    if (count is None) != (shard is None):
        raise SettingsError(
            "SHARD_COUNT and SHARD_ID go together: set both (this process runs shard SHARD_ID "
            "of SHARD_COUNT) or neither."
        )
    if count is not None and shard is not None and not 0 <= shard < count:
        raise SettingsError(
            f"SHARD_ID must be from 0 to SHARD_COUNT - 1 ({count - 1}), got {shard}."
        )


def _shard_count(value: str, name: str) -> int:
    count = _count(value, name)
    if count < 1:
        raise SettingsError(f"{name} must be 1 or more, got {count}.")
    return count


def _text(value: str, name: str) -> str:
    return value


def _path(value: str, name: str) -> Path:
    return Path(value).expanduser()


def _file(value: str, name: str) -> Path:
    """A file the bot writes (its health file, its database): never an existing folder."""
    path = _path(value, name)
    try:
        folder = path.is_dir()
    except OSError as exc:  # a name too long for the file system
        raise SettingsError(f"{name} can't be used: {exc.strerror}, got {shown(value)}.") from None
    if folder:
        raise SettingsError(f"{name} is a directory ({value}); give a file path in it.")
    return path


def _token(value: str, name: str) -> str:
    if not value.isascii() or any(ch.isspace() for ch in value):
        raise SettingsError(
            f"{name} has spaces or characters a bot token never has; paste the token alone "
            "(Discord Developer Portal → your application → Bot → Reset Token)."
        )
    return value


def _index_dir(value: str, name: str) -> Path:
    path = _path(value, name)
    problem = index_dir_problem(path)
    if problem:
        raise SettingsError(f"{name}: {problem}.")
    return path


def _id(value: str, name: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1  # '²' passes str.isdigit() yet is no number
    if number < 0:
        raise SettingsError(f"{name} must be a numeric id (a snowflake), got {shown(value)}.")
    return number


def _count(value: str, name: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {shown(value)}.") from None
    if number < 0:
        raise SettingsError(f"{name} must be 0 or more (0 disables it), got {number}.")
    return number


def _seconds(value: str, name: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {shown(value)}.") from None
    if not math.isfinite(number) or number < 0:
        raise SettingsError(f"{name} must be a finite number, 0 or more, got {shown(value)}.")
    return number


def _wait(value: str, name: str) -> float:
    number = _seconds(value, name)
    if number == 0:
        raise SettingsError(f"{name} must be more than 0 seconds (0 would never wait).")
    return number


def _port(value: str, name: str) -> int:
    number = _count(value, name)
    if number > 65535:
        raise SettingsError(f"{name} must be a TCP port, 1 to 65535 (0: off), got {number}.")
    return number


def _hours(value: str, name: str) -> float:
    number = _seconds(value, name)  # the same checks; the unit is only in the name
    if number <= 0:
        raise SettingsError(f"{name} must be a number of hours above 0, got {shown(value)}.")
    return number


def _megabytes(value: str, name: str) -> int:
    number = _count(value, name)
    if number < 1:
        raise SettingsError(f"{name} must be at least 1 (megabytes), got {number}.")
    return number


def _columns(value: str, name: str) -> dict[str, str]:
    try:
        return parse_column_mapping(value)
    except ValueError:
        raise SettingsError(
            f"{name} must be CANONICAL=COLUMN pairs such as name=title,artist=singer; "
            f"got {shown(value)}."
        ) from None


def database_url(value: str, name: str) -> str:
    """A PostgreSQL URL (DATABASE_URL, or migrate-store's --to)."""
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme not in ("postgresql", "postgres"):
        # Only the scheme is repeated: the rest may hold a password.
        raise SettingsError(
            f"{name} must be a postgresql://USER:PASSWORD@HOST:PORT/DATABASE URL, got "
            f"{'a ' + repr(scheme + '://') + ' URL' if scheme else unshown(value)}. "
            "Leave it empty to keep members' likes in the SQLite file (DATABASE_PATH)."
        )
    return value


def _level(value: str, name: str) -> str:
    level = value.upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"{name} must be DEBUG, INFO, WARNING or ERROR, got {shown(value)}.")
    return level


def _log_format(value: str, name: str) -> str:
    if value.lower() not in LOG_FORMATS:
        raise SettingsError(f"{name} must be plain or json, got {shown(value)}.")
    return value.lower()


# Environment variable -> (Settings field, parser).
ENVIRONMENT: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "DISCORD_TOKEN": ("token", _token),
    "DISCORD_DEV_GUILD_ID": ("dev_guild_id", _id),
    "CATALOG_SOURCE": ("catalog_source", _text),
    "CATALOG_COLUMNS": ("catalog_columns", _columns),
    "DOWNLOAD_LIMIT_MB": ("download_limit_mb", _megabytes),
    "DOWNLOAD_TIMEOUT_SECONDS": ("download_timeout", _wait),
    "INDEX_DIR": ("index_dir", _index_dir),
    "LOG_LEVEL": ("log_level", _level),
    "LOG_FORMAT": ("log_format", _log_format),
    "COOLDOWN_RATE": ("cooldown_rate", _count),
    "COOLDOWN_SECONDS": ("cooldown_seconds", _seconds),
    "HEALTH_FILE": ("health_file", _file),
    "DATABASE_PATH": ("database_path", _file),
    "DATABASE_URL": ("database_url", database_url),
    "RADIO_KEEP_HOURS": ("radio_keep_hours", _hours),
    "SHARD_COUNT": ("shard_count", _shard_count),
    "SHARD_ID": ("shard_id", _count),
    "METRICS_PORT": ("metrics_port", _port),
    "METRICS_HOST": ("metrics_host", _text),
    "SHUTDOWN_GRACE": ("shutdown_grace", _seconds),
}

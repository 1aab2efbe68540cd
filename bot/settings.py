"""Settings from the environment and `.env`; the token never appears in a repr or a log."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

DEFAULT_INDEX_DIR = Path("data/index")  # the same default as `python -m recommender`


class SettingsError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    token: str = field(default="", repr=False)
    dev_guild_id: int | None = None
    catalog_source: str | None = None
    index_dir: Path = DEFAULT_INDEX_DIR
    log_level: str = "INFO"
    cooldown_rate: int = 5  # commands per user ...
    cooldown_seconds: float = 10.0  # ... per this many seconds
    view_timeout: float = 180.0
    health_file: Path = Path("/tmp/soundalike-bot.health")

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        dotenv_path: str | Path | None = ".env",
        require_token: bool = True,
    ) -> Settings:
        """Environment variables win over `.env`, which wins over the defaults."""
        values: dict[str, str] = {}
        if dotenv_path and Path(dotenv_path).is_file():
            values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
        values.update(os.environ if environ is None else environ)

        def get(name: str) -> str | None:
            value = (values.get(name) or "").strip()
            return value or None

        token = get("DISCORD_TOKEN") or ""
        if require_token and not token:
            raise SettingsError(
                "DISCORD_TOKEN is not set. Copy .env.example to .env and paste your bot's token "
                "(Discord Developer Portal → your application → Bot → Reset Token). "
                "To try the bot without Discord, run: python -m bot console"
            )
        return cls(
            token=token,
            dev_guild_id=_int(get("DISCORD_DEV_GUILD_ID"), "DISCORD_DEV_GUILD_ID"),
            catalog_source=get("CATALOG_SOURCE"),
            index_dir=Path(get("INDEX_DIR") or DEFAULT_INDEX_DIR),
            log_level=_level(get("LOG_LEVEL") or "INFO"),
            cooldown_rate=_int(get("COOLDOWN_RATE"), "COOLDOWN_RATE") or 5,
            cooldown_seconds=_float(get("COOLDOWN_SECONDS"), "COOLDOWN_SECONDS") or 10.0,
            health_file=Path(get("HEALTH_FILE") or "/tmp/soundalike-bot.health"),
        )


def _int(value: str | None, name: str) -> int | None:
    return _number(value, name, int, "a whole number")


def _float(value: str | None, name: str) -> float | None:
    return _number(value, name, float, "a number")


def _number(value, name, kind, described):
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        raise SettingsError(f"{name} must be {described}, got {value!r}.") from None


def _level(value: str) -> str:
    level = value.upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise SettingsError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {value!r}.")
    return level

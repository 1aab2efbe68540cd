"""Is the bot connected to Discord? Followed from the gateway's events, kept in a small file
that `python -m bot healthcheck` (Docker's HEALTHCHECK) reads.

Standard library only: the check runs every 30 s in a fresh interpreter with a 5 s timeout,
and importing discord.py or the recommender would cost seconds and a hundred megabytes.
`Client.is_ready()` is no guide, as discord.py keeps it set through a reconnect; the events
are: ready or resumed (connected), disconnect (not), and connect (a new session under way).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_HEALTH_FILE = Path("/tmp/soundalike-bot.health")
MAX_AGE = 90.0  # seconds without a heartbeat before the bot counts as stuck (beat: 30 s)


class Health:
    """The gateway state, written to `path` at each change and on every heartbeat."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connected = False
        self._warned = False
        # A bot killed outright (SIGKILL, SIGBUS) left "connected" behind; a new one is not.
        self._write("starting")

    def listeners(self) -> dict:
        """Event name -> coroutine, for `Client.add_listener`."""

        async def up() -> None:
            self._set(True, "connected")

        async def down() -> None:
            self._set(False, "disconnected")

        async def connecting() -> None:
            self._set(False, "connecting")

        return {"on_ready": up, "on_resumed": up, "on_disconnect": down, "on_connect": connecting}

    def beat(self) -> None:
        """Refresh the file while connected; a blocked event loop stops the beats."""
        if self.connected:
            self._write("connected")

    def stop(self) -> None:
        self.connected = False
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)

    def _set(self, connected: bool, state: str) -> None:
        if connected != self.connected:
            log.info("gateway %s", state)
        self.connected = connected
        self._write(state)

    def _write(self, state: str) -> None:
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        try:
            tmp.write_text(json.dumps({"state": state, "at": time.time()}))
            os.replace(tmp, self.path)
        except OSError as exc:
            if not self._warned:  # once: the bot keeps serving, only Docker loses sight of it
                log.warning("cannot write the health file %s (%s)", self.path, exc.strerror)
                self._warned = True


def check(path: Path, now: float | None = None, max_age: float = MAX_AGE) -> tuple[bool, str]:
    """(healthy, why) from the file the running bot writes."""
    now = time.time() if now is None else now
    try:
        data = json.loads(path.read_text())
        state, at = str(data["state"]), float(data["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return False, "the bot has not connected"
    if state != "connected":
        return False, f"the bot is {state} (since {now - at:.0f} s)"
    if now - at > max_age:
        return False, f"last heartbeat {now - at:.0f} s ago"
    return True, "connected"


def health_file(environ=os.environ, dotenv_path: str | Path = ".env") -> Path:
    """HEALTH_FILE as the bot's settings read it: the environment, then `.env`, then the
    default; parsed here because python-dotenv is not in the standard library."""
    value = (environ.get("HEALTH_FILE") or "").strip() or _dotenv_value(dotenv_path, "HEALTH_FILE")
    return Path(value).expanduser() if value else DEFAULT_HEALTH_FILE


def _dotenv_value(path: str | Path, name: str) -> str:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    for line in lines:
        key, sep, value = line.strip().removeprefix("export ").partition("=")
        if sep and key.strip() == name:
            value = value.strip()
            if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1:
                return value[1:-1]
            return value.split(" #", 1)[0].strip()
    return ""


def main() -> int:
    healthy, why = check(health_file())
    if not healthy:
        print(f"unhealthy: {why}", file=sys.stderr)
    return 0 if healthy else 1

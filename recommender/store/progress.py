"""Build progress: a dependency-free bar for the terminal (stderr; plain lines when not a
terminal), or log lines for a service."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import TextIO

log = logging.getLogger(__name__)

# (stage, done, total): what a long job reports; `ProgressBar` and `log_progress` draw it.
Progress = Callable[[str, int, int], None]


def quiet(stage: str, done: int, total: int) -> None:
    """Progress nobody watches (a library call, a test)."""


class Stages:
    """A job of `total` named stages, told to `progress` as each begins: `stages("recall")`
    draws `recall [###...] 3/8`; `stages.finish()` fills the bar."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def __call__(self, stage: str) -> None:
        self.progress(stage, self.done, self.total)
        self.done += 1

    def finish(self, stage: str = "done") -> None:
        self.progress(stage, self.total, self.total)


class ProgressBar:
    """Call with (stage, done, total); draws `stage [#####.....] 12/31 3.2s, about 5s to go`."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.perf_counter()
        self.tty = self.stream.isatty()
        self._last_line = ""
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        fraction = done / total if total else 0.0
        filled = int(self.width * fraction)
        bar = "#" * filled + "." * (self.width - filled)
        count = f"{done:,}/{total:,}" if total else f"{done:,}"
        elapsed = time.perf_counter() - self.started
        line = f"{stage:<8} [{bar}] {count} {elapsed:5.1f}s"
        if total and 0 < done < total:  # a straight-line guess from the share done so far
            line += f", about {elapsed / done * (total - done):.0f}s to go"
        if self.tty:  # padded: a shorter line must cover the longer one it replaces
            padded = line.ljust(len(self._last_line))
            self.stream.write("\r" + padded + ("\n" if total and done >= total else ""))
            self._last_line = line
        elif stage != self._stage or (total and done >= total):
            self.stream.write(line + "\n")  # logs get a line per stage, not per tick
        self._stage = stage
        self.stream.flush()


def log_progress(stage: str, done: int, total: int) -> None:
    """Progress for a service's log (a build's stages at quarters), under this package's logger
    so a host can filter build chatter apart from the service's own lines."""
    if total and (done == total or done % max(1, total // 4) == 0):
        log.info("building index: %s %d/%d", stage, done, total)

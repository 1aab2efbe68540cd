"""Build progress: a dependency-free bar for the terminal (stderr; plain lines when not a
terminal), or log lines for a service.

A download is a stage named by `downloading(...)`, counted in bytes: both draw it as
"downloading spotify_songs.csv from host: 3.1 MB / 7.6 MB (ETA 2 s)". `say` shows a line of
text (what is about to happen, a mirror that failed) through whichever of them is watching."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import TextIO

log = logging.getLogger(__name__)

# (stage, done, total): what a long job reports; `ProgressBar` and `log_progress` draw it.
Progress = Callable[[str, int, int], None]
DOWNLOADING = "downloading "
MB = 1 << 20
LOG_EVERY = 2.0  # seconds between two lines about one download in a log (or a pipe)


def downloading(name: str, host: str) -> str:
    """The stage of fetching `name` from `host`; its counts are bytes."""
    return f"{DOWNLOADING}{name} from {host}"


def transfer_line(stage: str, done: int, total: int, seconds: float) -> str:
    """ "downloading x from y: 3.1 MB / 7.6 MB (ETA 2 s)"; without a total, what came so far."""
    got = f"{done / MB:,.1f} MB"
    if not total:
        return f"{stage}: {got} so far"
    line = f"{stage}: {got} / {total / MB:,.1f} MB"
    if done >= total:
        return line + " (done)"
    if done and seconds > 0.5:
        return line + f" (ETA {(total - done) * seconds / done:,.0f} s)"
    return line


def say(progress: Progress | None, text: str) -> None:
    """Show `text` to whoever watches `progress` (its `note`), else to this module's log."""
    note = getattr(progress, "note", None)
    if callable(note):
        note(text)
    else:
        log.info("%s", text)


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
        self._stage = ""
        self._stage_started = self.started
        self._shown = 0.0  # when a download's line was last written
        self._open = False  # a terminal line drawn with \r and not ended yet

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        new = stage != self._stage
        if new:
            self._stage, self._stage_started, self._shown = stage, now, 0.0
            if self._open and self.tty:  # keep the last state of the stage before
                self._write("")
        finished = bool(total) and done >= total
        if stage.startswith(DOWNLOADING):
            line = transfer_line(stage, done, total, now - self._stage_started)
            every = 0.1 if self.tty else LOG_EVERY
            if not (new or finished or now - self._shown >= every):
                return
            self._shown = now
            if not self.tty:
                self._write(line + "\n")  # a pipe gets a line every few seconds
                return
        else:
            filled = int(self.width * (done / total if total else 0.0))
            bar = "#" * filled + "." * (self.width - filled)
            count = f"{done:,}/{total:,}" if total else f"{done:,}"
            elapsed = now - self.started
            line = f"{stage:<8} [{bar}] {count} {elapsed:5.1f}s"
            if total and 0 < done < total:  # a straight-line guess from the share done so far
                line += f", about {elapsed / done * (total - done):.0f}s to go"
            if not self.tty:
                if new or finished:
                    self._write(line + "\n")  # logs get a line per stage, not per tick
                return
        self.stream.write("\r" + line + "\x1b[K")  # \x1b[K: clear what a longer line left
        self._open = not finished
        if finished:
            self.stream.write("\n")
        self.stream.flush()

    def note(self, text: str) -> None:
        """A line of its own: what is about to happen, or what went wrong and what next."""
        self._write(text + "\n")

    def _write(self, text: str) -> None:
        if self._open:
            self.stream.write("\n")
            self._open = False
        self.stream.write(text)
        self.stream.flush()


class LogProgress:
    """Progress for a service's log, under this package's logger so a host can filter build
    chatter apart from the service's own lines: a build's stages at quarters, a download
    every few seconds, and notes as they come."""

    def __init__(self) -> None:
        self._stage = ""
        self._started = 0.0
        self._shown = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not stage.startswith(DOWNLOADING):
            if total and (done == total or done % max(1, total // 4) == 0):
                log.info("building index: %s %d/%d", stage, done, total)
            return
        now = time.perf_counter()
        if stage != self._stage:
            self._stage, self._started, self._shown = stage, now, 0.0
        if now - self._shown >= LOG_EVERY or (total and done >= total):
            self._shown = now
            log.info("%s", transfer_line(stage, done, total, now - self._started))

    def note(self, text: str) -> None:
        log.info("%s", text)


log_progress = LogProgress()

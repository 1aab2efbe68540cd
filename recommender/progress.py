"""A dependency-free progress bar for long builds (stderr; plain lines when not a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Call with (stage, done, total); draws `stage [#####.....] 12/31 3.2s`."""

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
        line = f"{stage:<8} [{bar}] {count} {time.perf_counter() - self.started:5.1f}s"
        if self.tty:
            self.stream.write("\r" + line + ("\n" if total and done >= total else ""))
        elif stage != self._stage or (total and done >= total):
            self.stream.write(line + "\n")  # logs get a line per stage, not per tick
        self._stage = stage
        self.stream.flush()

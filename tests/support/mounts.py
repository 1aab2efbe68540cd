"""Real filesystem faults for tests: a tmpfs that fills up, a mount that is read-only.

Tests run as root, where chmod does not stop writes, so a read-only directory has to be a
read-only mount. Mounting needs CAP_SYS_ADMIN; without it the fault tests skip and say so.
"""

from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=30)


@contextmanager
def tmpfs(directory: Path, size: str = "4m", fill_from: Path | None = None, read_only=False):
    """Mount a tmpfs of `size` on `directory`, optionally copy `fill_from` into it, optionally
    remount it read-only; always unmounted afterwards."""
    directory.mkdir(parents=True, exist_ok=True)
    try:
        _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(directory))
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here ({exc}); this fault needs a real filesystem")
    try:
        if fill_from is not None:
            shutil.copytree(fill_from, directory, dirs_exist_ok=True)
        if read_only:
            _run("mount", "-o", "remount,ro", str(directory))
        yield directory
    finally:
        subprocess.run(["umount", "-l", str(directory)], capture_output=True, timeout=30)

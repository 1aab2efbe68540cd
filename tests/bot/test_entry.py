"""`soundalike-bot` and `python -m bot` name themselves as they were run, with a version."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("command", "name"),
    [
        ([str(Path(sys.executable).with_name("soundalike-bot"))], "soundalike-bot"),
        ([sys.executable, "-m", "bot"], "python -m bot"),
    ],
)
def test_help_and_version_name_the_bot_as_it_was_typed(command, name):
    shown = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and shown.stdout == f"{name} {version('soundalike')}\n"
    helped = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60)
    assert helped.stdout.startswith(f"usage: {name} [-h] [--version]")

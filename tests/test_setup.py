"""`make setup` on a machine a newcomer brings: an unsupported Python is refused in one line,
before a venv is made."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def interpreter(tmp_path: Path, version: str) -> Path:
    """A stand-in `python` that reports `version`, as `python3 --version` prints it."""
    stub = tmp_path / f"python{version}"
    stub.write_text(f'#!/bin/sh\necho "Python {version}"\n')
    stub.chmod(0o755)
    return stub


def make(directory: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(directory), *arguments],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_setup_with_python_3_10_stops_with_one_line_and_makes_no_venv(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / name, project / name)
    old = interpreter(tmp_path, "3.10.12")
    done = make(project, "setup", f"PYTHON={old}")
    assert done.returncode != 0
    said = [line for line in done.stderr.splitlines() if not line.startswith("make")]
    assert said == [
        f"soundalike needs Python 3.11 or newer, and PYTHON={old} is Python 3.10.12: install "
        "one, or run make PYTHON=python3.12 (or use Docker)"
    ]
    assert not (project / ".venv").exists()


@pytest.mark.parametrize("version", ["3.11.0", "3.12.3", "3.13.1", "4.0.0"])
def test_supported_pythons_pass_the_check(tmp_path, version):
    done = make(ROOT, "python-check", f"PYTHON={interpreter(tmp_path, version)}")
    assert done.returncode == 0 and not done.stderr


def test_the_python_running_these_tests_passes_the_check():
    assert make(ROOT, "python-check", f"PYTHON={sys.executable}").returncode == 0


@pytest.mark.parametrize("version", ["3.9.18", "2.7.18"])
def test_older_pythons_are_refused(tmp_path, version):
    done = make(ROOT, "python-check", f"PYTHON={interpreter(tmp_path, version)}")
    assert done.returncode != 0 and f"is Python {version}:" in done.stderr

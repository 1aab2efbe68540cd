"""Where soundalike keeps its data (the downloaded catalog and the index) by default.

Run from a source checkout (`make run`, the tests), that is the checkout's `data/`, as before.
Installed as a package (`pip install soundalike`, the Docker image), it is a per-user data
directory, so the index does not land in whatever directory the command was started from.
`INDEX_DIR` and `--index-dir` still override either.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP = "soundalike"
# The directory holding the `recommender` package: a checkout's root, or site-packages.
PACKAGE_PARENT = Path(__file__).resolve().parents[2]


def is_checkout(root: Path) -> bool:
    """A source tree (editable install or a plain clone), not site-packages."""
    return (root / "pyproject.toml").is_file() and (root / "recommender").is_dir()


def user_data_dir(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The platform's per-user data directory for this app (what `platformdirs` would say)."""
    environ = os.environ if environ is None else environ
    platform = platform or sys.platform
    home = Path(environ.get("HOME") or Path.home())
    if platform == "win32":
        base = environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP
    if platform == "darwin":
        return home / "Library" / "Application Support" / APP
    base = environ.get("XDG_DATA_HOME") or ""
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    return (Path(base) if os.path.isabs(base) else home / ".local" / "share") / APP


def default_data_dir(
    root: Path = PACKAGE_PARENT,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> Path:
    if is_checkout(root):
        return root / "data"
    return user_data_dir(environ, platform)


DATA_DIR = default_data_dir()

"""Disk faults as errors a host can act on: which path, what went wrong, what to do.

A read-only volume or a full disk shows up as an OSError deep inside pandas, numpy or annoy;
each place that writes turns it into a DiskError here, so the CLI and the bot print one
sentence instead of a traceback.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from recommender.errors import RecommenderError

NEARLY_FULL = 1 << 20  # bytes free under which an unexplained write error means "disk full"
_WHAT = {
    errno.EROFS: ("the filesystem is read-only", "mount it read-write or choose another path"),
    errno.ENOSPC: ("the disk is full", "free some space or choose a path on another disk"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or choose another path"),
    errno.EACCES: ("permission denied", "give this user access to it or choose another path"),
    errno.EPERM: ("permission denied", "give this user access to it or choose another path"),
}


class DiskError(RecommenderError):
    """Files could not be read or written (read-only, full, no permission); `path` is where."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def disk_error(exc: OSError, doing: str, path: Path, where: str = "") -> DiskError:
    """`doing` says what failed ("write the index"); `where` names the setting or option that
    chooses the path ("--index-dir; INDEX_DIR")."""
    code = _errno_of(exc, Path(path))
    fallback = (exc.strerror or str(exc), "check the path")
    problem, advice = _WHAT.get(code, fallback) if code is not None else fallback
    if where:
        advice += f" ({where})"
    return DiskError(f"Cannot {doing} in {path}: {problem}. To fix: {advice}.", path)


def _errno_of(exc: OSError, path: Path) -> int | None:
    """The errno, or a best guess when a library dropped it: annoy puts the reason in its text
    only, numpy says "1048577 requested and 199664 written", which on a full disk means ENOSPC."""
    if exc.errno is not None:
        return exc.errno
    text = str(exc)
    named = next((code for code in _WHAT if os.strerror(code) in text), None)
    if named is not None:
        return named
    try:
        stat = os.statvfs(next(p for p in (path, *path.parents) if p.exists()))
    except (OSError, StopIteration):
        return None
    if stat.f_flag & os.ST_RDONLY:
        return errno.EROFS
    if stat.f_bavail * stat.f_frsize < NEARLY_FULL:
        return errno.ENOSPC
    return None

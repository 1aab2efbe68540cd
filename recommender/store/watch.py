"""Noticing that the index files under a running process changed.

The index is memory-mapped. A file replaced by rename (a rebuild) leaves the mapping on the
old, intact inode; a file written or truncated *in place* changes the mapped pages under the
reader, and touching a page past the new end kills the process with SIGBUS, which Python
cannot catch. So a server polls `IndexWatch.check()` (a few stat calls, no reading) and
reloads or stops before it answers from such a file.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from recommender.errors import IndexFileError
from recommender.store.manifest import MANIFEST, Manifest, read_manifest

log = logging.getLogger(__name__)

REBUILT = "rebuilt"  # a new manifest names another build: reload it
ALTERED = "altered"  # a file in use was truncated or written in place: unsafe to serve
REMOVED = "removed"  # a file in use was deleted or replaced: the mapping is still intact
GONE = (-1, -1, -1)


@dataclass(frozen=True)
class Change:
    kind: str  # REBUILT, ALTERED or REMOVED
    detail: str  # one sentence for the log


class IndexWatch:
    """What the index directory looked like when it was loaded, and what changed since."""

    def __init__(self, directory: Path, manifest: Manifest | None = None) -> None:
        """`manifest`: the one the running index was loaded with (else read it now)."""
        self.directory = Path(directory)
        self._manifest_stat = _stamp(self.directory / MANIFEST)
        # The last manifest stamp read and what it meant; (-1, -1, -1): nothing read yet.
        self._last_read: tuple[tuple[int, int, int] | None, Change | None] = ((-1, -1, -1), None)
        self.manifest = manifest or read_manifest(self.directory)
        self._files = {
            entry.file: (_stamp(self.directory / entry.file) or GONE, entry.bytes)
            for entry in self.manifest.file_entries()
        }

    @property
    def build_id(self) -> str:
        return self.manifest.build_id

    def check(self) -> Change | None:
        """The most urgent change since loading, or None; a few stat calls per file."""
        return self.altered() or self._rebuilt() or self._removed()

    def altered(self) -> Change | None:
        """A file in use written or truncated in place (same inode, other size or mtime): the
        one change that makes the loaded index unsafe to touch."""
        for name, (stamp, size) in self._files.items():
            now = _stamp(self.directory / name)
            if now is not None and now[0] == stamp[0] and (now[1], now[2]) != (size, stamp[2]):
                return Change(
                    ALTERED,
                    f"index file {name} ({now[1]:,} bytes, was {size:,}) was changed in place "
                    "while in use",
                )
        return None

    def _removed(self) -> Change | None:
        for name, (stamp, _) in self._files.items():
            now = _stamp(self.directory / name)
            if now is None or now[0] != stamp[0]:  # deleted, or another file under the name
                return Change(REMOVED, f"index file {name} was removed or replaced while in use")
        return None

    def _rebuilt(self) -> Change | None:
        stamp = _stamp(self.directory / MANIFEST)
        if stamp == self._manifest_stat:
            return None
        if stamp == self._last_read[0]:  # read already: no need to parse it again
            return self._last_read[1]
        try:
            manifest = read_manifest(self.directory)
        except IndexFileError as exc:
            change = Change(REMOVED, f"the manifest is no longer readable ({exc})")
        else:
            change = None
            if manifest.build_id != self.build_id:
                change = Change(
                    REBUILT, f"build {manifest.build_id} replaced build {self.build_id}"
                )
        self._last_read = (stamp, change)
        return change


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, mtime_ns), or None when the file is gone."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns

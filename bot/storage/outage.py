"""A database fault goes to the host's log once, not on every request, and its end once too:
shared by every store, so the log reads the same whichever database the host chose."""

from __future__ import annotations

import logging

from bot.storage.base import StorageError

log = logging.getLogger("bot.storage")


class Outage:
    """Tracks whether the database is failing, and logs each change (not each request)."""

    def __init__(self, where: str) -> None:
        self.where = where  # what the log names: a path, or a server without its password
        self.failing: type[StorageError] | None = None

    def failed(self, error: StorageError) -> None:
        if self.failing is not type(error):
            log.error("member database unavailable: %s", error)
            self.failing = type(error)

    def worked(self) -> None:
        if self.failing is not None:
            log.warning("member database %s works again", self.where)
            self.failing = None

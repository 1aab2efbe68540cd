"""Queries too long for a button's custom id, kept with the member's data under a short token
(the store's `kept_lists`), so their buttons outlive a restart too."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time

from bot.storage import StorageError, TasteStore
from bot.ui.query_codec import decode, encode
from recommender import Query

log = logging.getLogger(__name__)

KEPT_FOR = 30 * 24 * 3600.0  # seconds a stored list answers presses (a message lives on)


class StoredLists:
    """Queries too long for a custom id, kept with the member's data under a short token for
    `kept_for` seconds. Without a store (or when it fails) the list is still shown; its
    buttons then answer that it expired."""

    def __init__(self, store: TasteStore | None, kept_for: float = KEPT_FOR) -> None:
        self.store = store
        self.kept_for = kept_for
        self.writing: dict[str, asyncio.Task] = {}  # token -> its write, until done

    def keep(self, owner_id: int, query: Query) -> str:
        """A token for `query`. The write runs in the background, so the list is sent without
        waiting on the disk; a press that comes first waits for it (`get`)."""
        token = secrets.token_urlsafe(6)
        if self.store is None:
            return token
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # built outside the bot's loop: nowhere to run the write
            return token
        task = loop.create_task(self._write(self.store, owner_id, token, encode(query)))
        self.writing[token] = task
        task.add_done_callback(lambda _: self.writing.pop(token, None))
        return token

    async def _write(self, store: TasteStore, owner_id: int, token: str, text: str) -> None:
        try:
            await store.keep_list(owner_id, token, text, time.time() + self.kept_for)
        except StorageError:
            pass  # the store has logged it; the buttons will say the list expired
        except Exception:
            log.exception("could not keep a list for member %s", owner_id)

    async def settle(self) -> None:
        """Wait for the writes under way (a /forget must not be overtaken by one)."""
        if self.writing:
            await asyncio.gather(*map(asyncio.shield, list(self.writing.values())))

    async def get(self, owner_id: int, token: str) -> Query | None:
        """The query kept under `token` for `owner_id`; None once expired or forgotten, or
        when the store cannot be read."""
        if token in self.writing:
            await asyncio.shield(self.writing[token])
        if self.store is None:
            return None
        try:
            text = await self.store.kept_list(owner_id, token)
        except StorageError:
            return None
        return decode(text) if text is not None else None

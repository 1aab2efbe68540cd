"""Stopping without dropping a press: SIGTERM (Docker's stop, a rolling restart) or Ctrl-C.

The bot stays connected while it drains: interactions arriving from then on get a short
private "I'm restarting — try again in a moment" (another shard cannot take them: Discord
sends each guild's interactions to one shard), while those under way finish, for up to
SHUTDOWN_GRACE seconds. Whatever is still running then is stopped and its member told to try
again — an acknowledged interaction is never left on "thinking…". Then the gateway and the
store close and the process exits 0. A second signal cuts the wait short.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Iterator

from bot.host.backlog import Backlog, answer_restarting

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)


async def drain(backlog: Backlog, grace: float, hurry: asyncio.Event) -> int:
    """Stop admitting work; wait up to `grace` s (or until `hurry`) for the interactions under
    way; stop those left and tell their members to try again. Returns how many were left."""
    backlog.closing = True
    loop = asyncio.get_running_loop()
    deadline = loop.time() + grace
    me = asyncio.current_task()
    hurried = loop.create_task(hurry.wait())
    try:
        while not hurry.is_set():
            running = [task for task in backlog.in_flight if task is not me]
            left = deadline - loop.time()
            if not running or left <= 0:
                break
            # New arrivals are answered at once; look again whenever one ends.
            await asyncio.wait([*running, hurried], timeout=left, return_when="FIRST_COMPLETED")
    finally:
        hurried.cancel()
    cut = {task: i for task, i in backlog.in_flight.items() if task is not me and not task.done()}
    for task in cut:
        task.cancel()
    await asyncio.gather(*cut, return_exceptions=True)
    await asyncio.gather(*(answer_restarting(i, "cut short") for i in cut.values()))
    if cut:
        log.warning("stopped %d interaction(s) still running after %.0f s", len(cut), grace)
    return len(cut)


@contextlib.contextmanager
def stop_on_signals(stop: Callable[[], Awaitable[None]], hurry: asyncio.Event) -> Iterator[None]:
    """SIGTERM or SIGINT starts `stop()` (once); another one sets `hurry`."""
    loop = asyncio.get_running_loop()
    stopping: list[asyncio.Future] = []

    def on_signal(number: int) -> None:
        if stopping:
            log.info("%s again: not waiting for work under way", signal.Signals(number).name)
            hurry.set()
            return
        log.info("%s: finishing work under way, then stopping", signal.Signals(number).name)
        stopping.append(asyncio.ensure_future(stop()))

    for sig in SIGNALS:
        loop.add_signal_handler(sig, on_signal, sig)
    try:
        yield
    finally:
        for sig in SIGNALS:
            loop.remove_signal_handler(sig)

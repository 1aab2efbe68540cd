"""Keeping Discord's 3-second promise under a crowd.

Discord drops an interaction that gets no first response within 3 s. Work runs in worker
threads; when they are all taken, a command waits behind the others. So: a command that
arrives while the workers are busy (or is already late) is acknowledged first — "thinking…"
— and answered when its turn comes (a deferred reply may follow for 15 minutes); an
autocomplete or command that can no longer be acknowledged in time is skipped without work,
so it does not lengthen the queue for the ones that still can be.

Every interaction is followed from the moment it is admitted to the end of the task that
handles it (`Backlog.in_flight`): the metrics count each one's outcome when it ends, and a
shutdown waits for those under way while new ones are told to try again (bot/host/shutdown.py).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

import discord

from bot.i18n import t

log = logging.getLogger(__name__)
T = TypeVar("T")

# An answer needs time to travel: later than this, an autocomplete's choices would arrive
# after Discord stopped waiting, and a command can no longer be acknowledged safely.
AUTOCOMPLETE_DEADLINE = 2.5
COMMAND_DEADLINE = 2.5
# Older than this, a command is acknowledged first even when the workers look free.
DEFER_AFTER = 1.0
RESTARTING = "I'm restarting — try again in a moment."
# Where an interaction's own facts are kept (`Interaction.extras`, discord.py's slot for them).
OUTCOME, ACKNOWLEDGED_AT, HANDLER = "soundalike.outcome", "soundalike.acked_at", "soundalike.by"
# What happened to an interaction, as the metrics count it: answered (an error message
# written for the member is an answer too), error (the apology with an error id), skipped
# (too late to answer), restarting (arrived during a shutdown: told to try again), cut short
# (still running when the shutdown's grace ran out: told to try again), unanswered.
Ended = Callable[[discord.Interaction, str], None]


class Backlog:
    """Work for the worker threads, run `workers` at a time; waiting work starts urgent first
    (autocomplete: its answer is only useful within 3 s; a deferred command can wait)."""

    def __init__(self, workers: int | None = None) -> None:
        # Work that holds the GIL gains nothing from more threads than cores, and each extra
        # thread takes turns from the event loop: 6 workers (asyncio's default here) gave an
        # event-loop lag p99 of 88 ms at 100 interactions/s, 3 workers 39 ms (docs/benchmarks.md).
        self.workers = workers or (os.cpu_count() or 1) + 1
        self.running = 0
        self.waiting: list[tuple[int, int, asyncio.Future]] = []  # a heap: (rank, order, gate)
        self.order = itertools.count()
        self.skipped = 0
        self.closing = False  # a shutdown began: new interactions are told to try again
        self.in_flight: dict[asyncio.Task, discord.Interaction] = {}
        self.ended: list[Ended] = []  # called as each followed interaction ends (metrics)

    @property
    def pending(self) -> int:
        return self.running + len(self.waiting)

    @property
    def busy(self) -> bool:
        return self.pending >= self.workers

    async def run(self, fn: Callable[..., T], *args: Any, urgent: bool = False) -> T:
        """`fn(*args)` in a worker thread once a worker is free; the event loop keeps serving."""
        if self.running < self.workers:
            self.running += 1
        else:  # wait for a finishing job to hand over its worker
            gate = asyncio.get_running_loop().create_future()
            heapq.heappush(self.waiting, (0 if urgent else 1, next(self.order), gate))
            await gate
        try:
            return await asyncio.to_thread(fn, *args)
        finally:
            self._hand_over()

    def _hand_over(self) -> None:
        while self.waiting:
            _, _, gate = heapq.heappop(self.waiting)
            if not gate.done():  # a cancelled waiter gives up its turn
                gate.set_result(None)
                return
        self.running -= 1

    def follow(self, interaction: discord.Interaction, handler: str) -> None:
        """Count `interaction` in flight until the task handling it (this one) ends."""
        task = asyncio.current_task()
        if task is None or HANDLER in interaction.extras:
            return
        interaction.extras[HANDLER] = handler
        self.in_flight[task] = interaction
        task.add_done_callback(self._end)

    def _end(self, task: asyncio.Task) -> None:
        interaction = self.in_flight.pop(task)
        outcome = interaction.extras.get(OUTCOME)
        if outcome is None:
            outcome = "answered" if interaction.response.is_done() else "unanswered"
        for ended in self.ended:
            ended(interaction, outcome)

    def skip(self, interaction: discord.Interaction, age: float) -> bool:
        """Count (and now and then log) an interaction dropped as too late; returns False."""
        interaction.extras[OUTCOME] = "skipped"
        self.skipped += 1
        if self.skipped == 1 or self.skipped % 100 == 0:
            log.warning(
                "skipped %d interaction(s) that arrived too late to answer (latest %.1f s old); "
                "the bot is overloaded — see docs/benchmarks.md for scaling out with shards",
                self.skipped,
                age,
            )
        return False


def age_of(interaction: discord.Interaction) -> float:
    """Seconds since Discord created the interaction (read from its snowflake id)."""
    return (discord.utils.utcnow() - interaction.created_at).total_seconds()


def too_late_for_choices(interaction: discord.Interaction) -> bool:
    return age_of(interaction) >= AUTOCOMPLETE_DEADLINE


def handler_name(interaction: discord.Interaction) -> str:
    """The command an interaction runs, as the tree knows it (a metrics label)."""
    command = interaction.command
    return command.qualified_name if command is not None else "unknown"


async def admit(
    interaction: discord.Interaction, backlog: Backlog, handler: str | None = None
) -> bool:
    """Whether to work on `interaction`; acknowledges a command first when it would wait.
    During a shutdown, answers instead that the bot is restarting. `handler` names what
    handles it (default: its command)."""
    backlog.follow(interaction, handler or handler_name(interaction))
    if backlog.closing:
        await answer_restarting(interaction)
        return False
    if interaction.type is discord.InteractionType.autocomplete:
        age = age_of(interaction)
        return age < AUTOCOMPLETE_DEADLINE or backlog.skip(interaction, age)
    if interaction.type is not discord.InteractionType.application_command:
        return True
    age = age_of(interaction)
    if age >= COMMAND_DEADLINE:
        return backlog.skip(interaction, age)
    if backlog.busy or age > DEFER_AFTER:
        await defer_once(interaction)
    return True


async def defer_once(interaction: discord.Interaction) -> None:
    """Show "thinking…" unless a first response was already sent."""
    if not interaction.response.is_done():
        await interaction.response.defer(thinking=True)
        interaction.extras[ACKNOWLEDGED_AT] = time.time()


async def answer_restarting(interaction: discord.Interaction, outcome: str = "restarting") -> None:
    """Tell the member to try again in a moment (no choices for an autocomplete), privately;
    a member whose interaction was already acknowledged gets it as the follow-up."""
    interaction.extras[OUTCOME] = outcome
    text = t(RESTARTING)
    try:
        if interaction.type is discord.InteractionType.autocomplete:
            if not interaction.response.is_done():
                await interaction.response.autocomplete([])
        elif interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except Exception:  # a shutdown must go on: the member's retry will find the next process
        log.warning("could not tell a member the bot is restarting", exc_info=True)

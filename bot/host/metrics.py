"""What a host's Prometheus sees of one bot process (METRICS_PORT; off by default).

Every series has the process's shard as its `shard` label, so several processes (shards) on
one dashboard stay apart. Each bot has its own registry: two bots in one interpreter (tests,
the console beside a bot) never share or clash over a series. Served by prometheus_client's
own small HTTP server, in a thread of its own, so a scrape never waits on the event loop.

    soundalike_interactions_total{kind, command, outcome}   every interaction, once, as it ends
    soundalike_acknowledgement_seconds{kind}   interaction created -> first response
    soundalike_answer_seconds{kind}            interaction created -> handled (answer sent)
    soundalike_backlog                          work running or waiting for a worker thread
    soundalike_in_flight                        interactions being handled
    soundalike_store_errors_total{operation}    members' store calls that failed
    soundalike_index_reloads_total{result}      index swaps: loaded, repaired, failed
"""

from __future__ import annotations

import inspect
import logging
import time
from typing import Any, cast

import discord
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

from bot.host.backlog import ACKNOWLEDGED_AT, HANDLER, Backlog
from bot.storage import StorageError, TasteStore

log = logging.getLogger(__name__)

KINDS = {
    discord.InteractionType.application_command: "command",
    discord.InteractionType.autocomplete: "autocomplete",
    discord.InteractionType.component: "component",
}
# Discord's windows: 3 s for a first response, 15 min for the answer after "thinking…".
ACK_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0)
ANSWER_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0, 300.0)


class Metrics:
    """The series of one bot process; `serve` opens the endpoint."""

    def __init__(self, shard_id: int | None) -> None:
        self.registry = CollectorRegistry()
        self.shard = str(shard_id or 0)  # one process without shards is Discord's shard 0
        r, shard = self.registry, ["shard"]
        self.interactions = Counter(
            "soundalike_interactions",
            "Interactions handled, by kind, command (or control) and outcome",
            [*shard, "kind", "command", "outcome"],
            registry=r,
        )
        self.acknowledgement = Histogram(
            "soundalike_acknowledgement_seconds",
            "From an interaction's creation to its first response (Discord waits 3 s)",
            [*shard, "kind"],
            buckets=ACK_BUCKETS,
            registry=r,
        )
        self.answer = Histogram(
            "soundalike_answer_seconds",
            "From an interaction's creation to the end of its handling (the answer sent)",
            [*shard, "kind"],
            buckets=ANSWER_BUCKETS,
            registry=r,
        )
        self.backlog = Gauge(
            "soundalike_backlog", "Work running or waiting for a worker", shard, registry=r
        )
        self.in_flight = Gauge(
            "soundalike_in_flight", "Interactions being handled", shard, registry=r
        )
        self.store_errors = Counter(
            "soundalike_store_errors",
            "Calls to the members' store that failed, by operation",
            [*shard, "operation"],
            registry=r,
        )
        self.index_reloads = Counter(
            "soundalike_index_reloads",
            "Index swaps while running: loaded (a rebuild), repaired, failed",
            [*shard, "result"],
            registry=r,
        )
        self._server: Any = None

    def follow(self, backlog: Backlog) -> None:
        """Count `backlog`'s interactions as they end, and show its depth."""
        backlog.ended.append(self.interaction_ended)
        self.backlog.labels(self.shard).set_function(lambda: backlog.pending)
        self.in_flight.labels(self.shard).set_function(lambda: len(backlog.in_flight))

    def interaction_ended(self, interaction: discord.Interaction, outcome: str) -> None:
        kind = KINDS.get(interaction.type, "other")
        handler = str(interaction.extras.get(HANDLER, "unknown"))
        self.interactions.labels(self.shard, kind, handler, outcome).inc()
        created = interaction.created_at.timestamp()
        now = time.time()
        if interaction.response.is_done():
            acked = interaction.extras.get(ACKNOWLEDGED_AT, now)  # else: the answer was first
            self.acknowledgement.labels(self.shard, kind).observe(max(0.0, acked - created))
            self.answer.labels(self.shard, kind).observe(max(0.0, now - created))

    def index_reloaded(self, result: str) -> None:
        self.index_reloads.labels(self.shard, result).inc()

    def counted(self, store: TasteStore) -> TasteStore:
        """`store` with each failed call counted by operation (the store logs the fault)."""
        return cast(TasteStore, _CountedStore(store, self))

    def serve(self, host: str, port: int) -> bool:
        """Serve /metrics on host:port; False (logged, naming the settings) when it can't."""
        try:
            self._server, _ = start_http_server(port, addr=host, registry=self.registry)
        except OSError as exc:
            log.error(
                "cannot serve metrics on METRICS_HOST=%s METRICS_PORT=%d (%s); serving without",
                host,
                port,
                exc.strerror or exc,
            )
            return False
        log.info("metrics on http://%s:%d/metrics", host, port)
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class _CountedStore:
    """A TasteStore whose coroutine methods count the StorageErrors they raise."""

    def __init__(self, store: TasteStore, metrics: Metrics) -> None:
        self.store = store
        self.metrics = metrics

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.store, name)
        if not inspect.iscoroutinefunction(value):
            return value

        async def counted(*args: Any, **kwargs: Any) -> Any:
            try:
                return await value(*args, **kwargs)
            except StorageError:
                self.metrics.store_errors.labels(self.metrics.shard, name).inc()
                raise

        return counted

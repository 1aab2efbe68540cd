"""The Discord client: gets its settings and recommender through the constructor."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.client import SoundalikeClient
from bot.cogs.blend.cog import BlendCog
from bot.cogs.blend.handlers import BlendReplies
from bot.cogs.blend.view import BLEND_CONTROLS
from bot.cogs.bridge.cog import BridgeCog
from bot.cogs.genres import GenresCog
from bot.cogs.help.cog import HelpCog
from bot.cogs.message_menu.cog import SongsLikeThisCog
from bot.cogs.profile.cog import FeaturesCog
from bot.cogs.radio.cog import RadioCog
from bot.cogs.radio.desk import RadioDesk
from bot.cogs.radio.view import RadioButton
from bot.cogs.similar import SimilarCog
from bot.cogs.taste.cog import TasteCog
from bot.cogs.taste.handlers import TasteReplies
from bot.host.backlog import OUTCOME
from bot.host.health import Health
from bot.host.metrics import Metrics
from bot.host.reload import IndexReloader, warm_index
from bot.host.settings import Settings
from bot.host.shutdown import drain, stop_on_signals
from bot.i18n import Translator
from bot.services import Services
from bot.storage import StorageError, TasteStore, taste_store
from bot.ui.song_list import CONTROLS
from bot.ui.stale import answer_stale, unclaimed
from bot.ui.tree import SafeCommandTree
from recommender import Recommender

log = logging.getLogger(__name__)

# Every command works wherever a member is: the app added to a server, or to a member's own
# account (then usable in any server, DM and group DM). Defaults for the whole tree, so a
# command added later is everywhere too unless it narrows itself.
EVERY_INSTALL = app_commands.AppInstallationType(guild=True, user=True)
EVERY_CONTEXT = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)

# This bot never joins voice; don't warn hosts about missing voice libraries.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


def feature_cogs(
    services: Services, taste: TasteReplies | None = None, radio: RadioDesk | None = None
) -> list[commands.Cog]:
    """Every command's cog; the console lists the same commands in its /help. The likes
    commands and /radio need a member's database (`taste`; `radio` is the desk the client
    answers the radio's buttons with)."""
    cogs: list[commands.Cog] = [
        SimilarCog(services),
        BridgeCog(services),
        FeaturesCog(services),
        GenresCog(services),
        SongsLikeThisCog(services),
        HelpCog(services),
    ]
    if taste is not None:
        cogs.append(TasteCog(taste, services))
        cogs.append(BlendCog(BlendReplies(taste)))
        cogs.append(RadioCog(radio or RadioDesk(services, taste)))
    return cogs


def cog_commands(
    cog: commands.Cog,
) -> list[app_commands.Command | app_commands.Group | app_commands.ContextMenu]:
    """A cog's slash commands, and its message menu (a menu lives outside the cog's body)."""
    menu = [cog.menu] if isinstance(cog, SongsLikeThisCog) else []
    commands_: list[app_commands.Command | app_commands.Group | app_commands.ContextMenu]
    commands_ = [*cog.get_app_commands(), *menu]
    return commands_


def read_marker(path: Path) -> dict:
    """The last global sync: {"digest": ..., "ids": {name: id}}; {} when absent or unreadable
    (an older plain-digest marker too: one extra sync, then the new form)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class RecommenderBot(SoundalikeClient):
    def __init__(
        self, *, settings: Settings, recommender: Recommender, tastes: TasteStore | None = None
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # slash commands need nothing privileged
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            tree_cls=SafeCommandTree,
            allowed_mentions=discord.AllowedMentions.none(),  # echoed names never ping
            allowed_installs=EVERY_INSTALL,
            allowed_contexts=EVERY_CONTEXT,
            shard_id=settings.shard_id,  # None, None: one process, Discord's default
            shard_count=settings.shard_count,
        )
        self.settings = settings
        self.recommender = recommender
        self.metrics = Metrics(settings.shard_id)  # served only with METRICS_PORT
        # SQLite, or PostgreSQL with DATABASE_URL; either connects on first use.
        self.tastes = self.metrics.counted(
            tastes or taste_store(settings.database_url, settings.database_file)
        )
        self.services = Services(recommender, settings, self.tastes)
        self.metrics.follow(self.services.backlog)
        self.likes = TasteReplies(  # through `services`: a reloaded index reaches it too
            recommender, self.tastes, self.services.catalog, settings.view_timeout, self.services
        )
        self.taste = self.likes  # what the controls under every list record verdicts with
        self.blends = BlendReplies(self.likes)  # what "Allow this blend" answers with
        self.radio_desk = RadioDesk(self.services, self.likes)
        self.radio = self.radio_desk  # what the radio's buttons do
        self.health = Health(settings.health_file)
        for event, listener in self.health.listeners().items():
            self.add_listener(listener, event)
        self.reloader = IndexReloader(
            self.services, settings, stop=self.close, reloaded=self.metrics.index_reloaded
        )
        self.command_ids = {}
        self._stale_answers: set[asyncio.Task[None]] = set()
        self.hurry = asyncio.Event()  # a second SIGTERM: stop without waiting (shutdown.py)
        self._closing: asyncio.Future[None] | None = None
        self._warming: asyncio.Task[None] | None = None

    async def __aenter__(self) -> RecommenderBot:
        await super().__aenter__()
        if self.settings.metrics_port:
            self.metrics.serve(self.settings.metrics_host, self.settings.metrics_port)
        return self

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        """Every event, as discord.py dispatches it; a press no control claims is answered
        (checked here, synchronously: by then discord.py's view store has had its turn and
        no control has run yet)."""
        if event_name == "interaction" and args and unclaimed(self, args[0]):
            task = asyncio.create_task(self._answer_stale(args[0]))
            self._stale_answers.add(task)  # held until done: a loop keeps only weak refs
            task.add_done_callback(self._stale_answers.discard)
        super().dispatch(event_name, *args, **kwargs)

    async def _answer_stale(self, interaction: discord.Interaction) -> None:
        self.services.backlog.follow(interaction, "stale")
        interaction.extras[OUTCOME] = "stale"
        await answer_stale(interaction)

    async def setup_hook(self) -> None:
        try:
            await self.tastes.open()  # migrate before serving; a fault is logged once
        except StorageError:
            log.warning("serving without members' likes until the database can be used")
        await self.add_feature_cogs()
        await self.sync_commands()
        self.health_beat.start()
        self.reloader.start()
        # While the gateway connects; held, as the loop keeps only weak references to tasks.
        self._warming = asyncio.create_task(warm_index(self.services.recommender))

    async def add_feature_cogs(self) -> None:
        await self.tree.set_translator(Translator())  # Spanish names and descriptions
        for cog in feature_cogs(self.services, self.likes, self.radio_desk):
            await self.add_cog(cog)
            if isinstance(cog, SongsLikeThisCog):
                self.tree.add_command(cog.menu)
        # List, radio and blend buttons answer on any message, after any restart.
        self.add_dynamic_items(*CONTROLS, RadioButton, *BLEND_CONTROLS)

    async def sync_commands(self) -> None:
        """Dev guild: sync there (instant). Otherwise sync globally only when the commands
        changed since the last sync, to stay clear of Discord's rate limits."""
        if self.settings.dev_guild_id:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            self.command_ids = {c.name: c.id for c in synced}
            log.info("synced %d commands to dev guild %s", len(synced), guild.id)
            return
        # Keyed by application too: a new token for another application must sync afresh.
        # Translated, as sent: a changed translation is a change to sync.
        translator = self.tree.translator or Translator()
        payloads = [
            await c.get_translated_payload(self.tree, translator) for c in self.tree.get_commands()
        ]
        schema = json.dumps([self.application_id, payloads], sort_keys=True)
        digest = hashlib.sha256(schema.encode()).hexdigest()
        marker = self.settings.index_dir.parent / ".commands-synced"
        last = read_marker(marker)
        if last.get("digest") == digest:
            # The ids Discord gave at that sync: /help's mentions need no request.
            self.command_ids = {name: int(i) for name, i in last.get("ids", {}).items()}
            log.info("slash commands unchanged since the last sync")
            return
        if self.settings.shard_id:  # commands are global: shard 0 alone registers them
            self.command_ids = {name: int(i) for name, i in last.get("ids", {}).items()}
            log.info("shard %d leaves command sync to shard 0", self.settings.shard_id)
            return
        synced = await self.tree.sync()
        self.command_ids = {c.name: c.id for c in synced}
        log.info("synced %d global commands (may take a while to appear)", len(synced))
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(json.dumps({"digest": digest, "ids": self.command_ids}))
        except OSError as exc:  # a read-only data volume still serves; it only syncs again
            log.warning(
                "cannot record the command sync in %s (%s); the commands will be synced "
                "again at the next start",
                marker,
                exc.strerror,
            )

    async def on_ready(self) -> None:
        log.info(
            "connected as %s to %d servers; catalog %s with %s tracks",
            self.user,
            len(self.guilds),
            self.recommender.source_name,
            f"{self.recommender.size:,}",
        )

    @tasks.loop(seconds=30)
    async def health_beat(self) -> None:
        """Refresh the health file while the gateway is connected (bot/host/health.py)."""
        self.health.beat()

    async def run_until_stopped(self, connect: Callable[[], Awaitable[None]]) -> int:
        """Run `connect()` (the gateway session) until SIGTERM or SIGINT stops the bot; the
        process's exit code: 0 after a clean stop, 1 when a broken index stopped it (logged
        then; a supervisor restarts the bot, which rebuilds)."""
        with stop_on_signals(self.close, self.hurry):
            async with self:
                await connect()
        if self.reloader.failed:
            return 1
        log.info("shut down cleanly")
        return 0

    async def close(self) -> None:
        """Finish the work under way (bot/host/shutdown.py), then disconnect and close the
        store. Called again (the signal, then `async with`'s exit), it waits for the first."""
        if self._closing is None:
            self._closing = asyncio.ensure_future(self._close())
        await asyncio.shield(self._closing)

    async def _close(self) -> None:
        await drain(self.services.backlog, self.settings.shutdown_grace, self.hurry)
        self.health_beat.cancel()
        self.reloader.stop()
        self.health.stop()
        await super().close()
        await self.tastes.close()
        self.metrics.close()

"""The Discord client: gets its settings and recommender through the constructor."""

from __future__ import annotations

import hashlib
import json
import logging

import discord
from discord.ext import commands, tasks

from recommender import Recommender

from .cogs.bridge import BridgeCog
from .cogs.features import FeaturesCog
from .cogs.genres import GenresCog
from .cogs.similar import SimilarCog
from .cogs.taste import TasteCog
from .health import Health
from .reload import IndexReloader
from .replies import Replies
from .settings import Settings
from .storage import SQLiteTasteStore, StorageError, TasteStore
from .taste import TasteReplies
from .tree import SafeCommandTree

log = logging.getLogger(__name__)

# This bot never joins voice; don't warn hosts about missing voice libraries.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


class RecommenderBot(commands.Bot):
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
        )
        self.settings = settings
        self.recommender = recommender
        # The file opens on first use, in the store's own thread.
        self.tastes = tastes or SQLiteTasteStore(settings.database_file)
        self.replies = Replies(recommender, settings, self.tastes)
        self.taste = TasteReplies(
            recommender, self.tastes, self.replies.catalog, settings.view_timeout
        )
        self.health = Health(settings.health_file)
        for event, listener in self.health.listeners().items():
            self.add_listener(listener, event)
        self.reloader = IndexReloader(self.replies, settings, stop=self.close)

    async def setup_hook(self) -> None:
        try:
            await self.tastes.open()  # migrate before serving; a fault is logged once
        except StorageError:
            log.warning("serving without members' likes until the database can be used")
        await self.add_feature_cogs()
        await self.sync_commands()
        self.health_beat.start()
        self.reloader.start()

    async def add_feature_cogs(self) -> None:
        replies = self.replies
        for cog in (
            SimilarCog(replies),
            BridgeCog(replies),
            FeaturesCog(replies),
            GenresCog(replies),
        ):
            await self.add_cog(cog)
        await self.add_cog(TasteCog(self.taste, self.replies))

    async def sync_commands(self) -> None:
        """Dev guild: sync there (instant). Otherwise sync globally only when the commands
        changed since the last sync, to stay clear of Discord's rate limits."""
        if self.settings.dev_guild_id:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to dev guild %s", len(synced), guild.id)
            return
        # Keyed by application too: a new token for another application must sync afresh.
        schema = json.dumps(
            [self.application_id, [c.to_dict(self.tree) for c in self.tree.get_commands()]],
            sort_keys=True,
        )
        digest = hashlib.sha256(schema.encode()).hexdigest()
        marker = self.settings.index_dir.parent / ".commands-synced"
        if marker.is_file() and marker.read_text().strip() == digest:
            log.info("slash commands unchanged since the last sync")
            return
        synced = await self.tree.sync()
        log.info("synced %d global commands (may take a while to appear)", len(synced))
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(digest)
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
        """Refresh the health file while the gateway is connected (bot/health.py)."""
        self.health.beat()

    async def close(self) -> None:
        self.health_beat.cancel()
        self.reloader.stop()
        self.health.stop()
        await super().close()
        await self.tastes.close()

"""The Discord client: gets its settings and recommender through the constructor."""

from __future__ import annotations

import hashlib
import json
import logging
import time

import discord
from discord import app_commands
from discord.ext import commands, tasks

from recommender import Recommender

from .cogs.features import FeaturesCog
from .cogs.genres import GenresCog
from .cogs.similar import SimilarCog
from .replies import Replies
from .settings import Settings
from .tree import SafeCommandTree

log = logging.getLogger(__name__)

# Every command works wherever a member is: the app added to a server, or to a member's own
# account (then usable in any server, DM and group DM). Defaults for the whole tree, so a
# command added later is everywhere too unless it narrows itself.
EVERY_INSTALL = app_commands.AppInstallationType(guild=True, user=True)
EVERY_CONTEXT = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)

# This bot never joins voice; don't warn hosts about missing voice libraries.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


class RecommenderBot(commands.Bot):
    def __init__(self, *, settings: Settings, recommender: Recommender) -> None:
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
        )
        self.settings = settings
        self.recommender = recommender
        self.replies = Replies(recommender, settings)

    async def setup_hook(self) -> None:
        await self.add_feature_cogs()
        await self.sync_commands()
        self.health_beat.start()

    async def add_feature_cogs(self) -> None:
        for cog in (SimilarCog(self.replies), FeaturesCog(self.replies), GenresCog(self.replies)):
            await self.add_cog(cog)

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
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(digest)
        log.info("synced %d global commands (may take a while to appear)", len(synced))

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
        """Touch the health file while connected; Docker's HEALTHCHECK reads its age."""
        if self.is_ready() and not self.is_closed():
            self.settings.health_file.write_text(str(time.time()))

    async def close(self) -> None:
        self.health_beat.cancel()
        self.settings.health_file.unlink(missing_ok=True)
        await super().close()

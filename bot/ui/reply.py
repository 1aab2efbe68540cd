"""What a command answers (`Reply`), and sending it: the cogs send replies to Discord, the
console prints the same objects."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from bot.i18n import t
from bot.ui.owned import OwnedView

MAX_COUNT = 25  # songs per page: one embed's worth of lines


@dataclass
class Reply:
    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    attachment: tuple[str, bytes] | None = None  # (filename, PNG); a File is single-use
    ephemeral: bool = False

    def send_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"ephemeral": self.ephemeral}
        if self.content:
            kwargs["content"] = self.content
        if self.embed:
            kwargs["embed"] = self.embed
        if self.view:
            kwargs["view"] = self.view
        if self.attachment:
            name, data = self.attachment
            kwargs["file"] = discord.File(io.BytesIO(data), filename=name)
        return kwargs


def oops(text: str) -> Reply:
    """A short private answer: what went wrong and what to do."""
    return Reply(content=text, ephemeral=True)


def count_out_of_range() -> str:
    return t("count must be a whole number from 1 to {most}.", most=MAX_COUNT)


async def send(interaction: discord.Interaction, reply: Reply) -> None:
    """Answer once: the first response, or a follow-up when the interaction was deferred."""
    kwargs = reply.send_kwargs()
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)
    if isinstance(reply.view, OwnedView):
        reply.view.origin = interaction  # lets the view switch itself off on timeout


def user_cooldown(interaction: discord.Interaction) -> app_commands.Cooldown | None:
    """Per-member rate limit, from the bot's settings (a rate of 0 disables it)."""
    settings = getattr(interaction.client, "settings", None)
    if settings is None or settings.cooldown_rate <= 0 or settings.cooldown_seconds <= 0:
        return None
    return app_commands.Cooldown(settings.cooldown_rate, settings.cooldown_seconds)

"""What a command answers (`Reply`): the cogs send replies to Discord (`ui.sending`), the
console prints the same objects."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import discord

from bot.i18n import t

MAX_COUNT = 25  # songs per page: one embed's worth of lines
# Every message says it may ping no one (the client's default says so too): a name a member
# typed and the bot echoes cannot reach @everyone, whoever builds the client.
NO_PINGS = discord.AllowedMentions.none()


@dataclass
class Reply:
    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    attachment: tuple[str, bytes] | None = None  # (filename, PNG); a File is single-use
    ephemeral: bool = False
    # Embeds after `embed` in the same message (a guide too long for one description);
    # Discord allows ten, 6,000 characters in all.
    more_embeds: tuple[discord.Embed, ...] = ()

    def send_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"ephemeral": self.ephemeral, "allowed_mentions": NO_PINGS}
        if self.content:
            kwargs["content"] = self.content
        if self.embed and self.more_embeds:
            kwargs["embeds"] = [self.embed, *self.more_embeds]
        elif self.embed:
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

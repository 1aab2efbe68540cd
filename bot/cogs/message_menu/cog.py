from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Interaction
from bot.cogs.message_menu.menu import MENU_NAME, songs_like_this
from bot.services import Services
from bot.ui.sending import send, user_cooldown


def message_text(message: discord.Message) -> str:
    """The message's words and its link previews' (a pasted link's embed names the song)."""
    parts = [message.content]
    for embed in message.embeds:
        parts += [embed.url or "", embed.title or "", embed.description or ""]
    return "\n".join(p for p in parts if p)


class SongsLikeThisCog(commands.Cog):
    """The message menu. A context menu cannot be declared in a cog's body, so the cog owns
    one (`menu`) and the client adds it to the tree."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.menu = app_commands.ContextMenu(name=MENU_NAME, callback=self.songs_like_this)
        app_commands.checks.dynamic_cooldown(user_cooldown)(self.menu)

    async def songs_like_this(self, interaction: Interaction, message: discord.Message) -> None:
        reply = await songs_like_this(
            self.services,
            message_text(message),
            owner_id=interaction.user.id,
        )
        await send(interaction, reply)

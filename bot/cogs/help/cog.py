from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import Interaction
from bot.cogs.help.guide import help_embeds
from bot.services import Services
from bot.ui.reply import Reply
from bot.ui.sending import send


class HelpCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="help")
    async def help(self, interaction: Interaction) -> None:
        """What each command does, with examples, and which catalog is loaded."""
        client = interaction.client
        first, *more = help_embeds(
            client.tree.get_commands(),
            client.command_ids,
            self.services.catalog,
        )
        await send(interaction, Reply(embed=first, more_embeds=tuple(more), ephemeral=True))

"""The command tree's error handler: short ephemeral answers, tracebacks only in the log."""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from bot.client import Interaction, SoundalikeClient
from bot.host.backlog import OUTCOME, admit
from bot.i18n import speak_to, t
from bot.ui.reply import NO_PINGS

log = logging.getLogger(__name__)


async def reply_privately(interaction: discord.Interaction, text: str) -> None:
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
    except discord.HTTPException:
        log.warning("could not tell the user about an error (interaction expired?)")


class SafeCommandTree(app_commands.CommandTree[SoundalikeClient]):
    async def interaction_check(self, interaction: Interaction, /) -> bool:
        speak_to(interaction)  # every answer to this command in the member's language
        return await admit(interaction, interaction.client.services.backlog)

    async def on_error(
        self, interaction: Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        await apologise(interaction, error)


async def apologise(interaction: discord.Interaction, error: Exception) -> None:
    """The member's answer to a failed command or control: a short private line (a cooldown,
    a bad option, or an apology with an error id that the log repeats beside the traceback)."""
    if isinstance(error, app_commands.CommandOnCooldown):
        interaction.extras[OUTCOME] = "cooldown"
        await reply_privately(
            interaction,
            t("You're going fast — try again in {seconds:.0f} s.", seconds=error.retry_after),
        )
        return
    if isinstance(error, app_commands.TransformerError | app_commands.CheckFailure):
        interaction.extras[OUTCOME] = "refused"
        await reply_privately(interaction, t("That option doesn't look right; please check it."))
        return
    error_id = secrets.token_hex(4)
    interaction.extras[OUTCOME] = "error"
    command = interaction.command.qualified_name if interaction.command else "component"
    original = getattr(error, "original", error)
    log.error(
        "/%s failed [error id %s]",
        command,
        error_id,
        exc_info=(type(original), original, original.__traceback__),
    )
    await reply_privately(
        interaction,
        t(
            "Sorry, something went wrong on my side. If it keeps happening, tell the bot's "
            "host this error id: `{error_id}`.",
            error_id=error_id,
        ),
    )

"""Sending a `Reply` to Discord, and the per-member rate limit every command shares."""

from __future__ import annotations

from discord import app_commands

from bot.client import Interaction
from bot.ui.owned import OwnedView
from bot.ui.reply import Reply


async def send(interaction: Interaction, reply: Reply) -> None:
    """Answer once: the first response, or a follow-up when the interaction was deferred."""
    kwargs = reply.send_kwargs()
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)
    if isinstance(reply.view, OwnedView):
        reply.view.origin = interaction  # lets the view switch itself off on timeout


def user_cooldown(interaction: Interaction) -> app_commands.Cooldown | None:
    """Per-member rate limit, from the bot's settings (a rate of 0 disables it)."""
    settings = interaction.client.settings
    if settings.cooldown_rate <= 0 or settings.cooldown_seconds <= 0:
        return None
    return app_commands.Cooldown(settings.cooldown_rate, settings.cooldown_seconds)

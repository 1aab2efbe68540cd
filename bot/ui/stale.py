"""Presses no control claims: a button or menu from an older version of the bot, from a
view that has timed out, or a forged id. discord.py drops them silently, and Discord then
shows the member "This interaction failed"; the bot answers them privately instead."""

from __future__ import annotations

import logging

import discord

from bot.i18n import speak_to, t
from bot.ui.tree import reply_privately

log = logging.getLogger(__name__)

STALE = "This button is from an older message — run the command again."


def unclaimed(client: discord.Client, interaction: discord.Interaction) -> bool:
    """Whether no live view and no registered control template takes this component
    interaction. Asked while the gateway event is handled, right after discord.py's view
    store had its turn, before any control ran (a control may stop its view when pressed)."""
    if interaction.type is not discord.InteractionType.component:
        return False
    data = interaction.data or {}
    custom_id, kind = data.get("custom_id"), data.get("component_type")
    # discord.py keeps no public record of what it dispatched; its view store does. If a
    # future discord.py moves it, every press counts as claimed: the old silence, no harm.
    store = getattr(getattr(client, "_connection", None), "_view_store", None)
    views, templates = getattr(store, "_views", None), getattr(store, "_dynamic_items", None)
    if not isinstance(custom_id, str) or views is None or templates is None:
        return False
    if any(pattern.fullmatch(custom_id) for pattern in templates):
        return False
    message = interaction.message.id if interaction.message else None
    key = (kind, custom_id)
    return all(key not in views.get(owner, {}) for owner in (message, None))


async def answer_stale(interaction: discord.Interaction) -> None:
    speak_to(interaction)
    if not interaction.response.is_done():
        log.info(
            "answered a press no control claims: %r", (interaction.data or {}).get("custom_id")
        )
        await reply_privately(interaction, t(STALE))

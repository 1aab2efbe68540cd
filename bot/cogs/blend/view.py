"""The "Allow this blend" button under a blend that waits for members' consent. Its custom id
carries the whole request (`sa:Ba<asker>.<member>…:<count>:<mood>`, ids in base 62), so it
keeps working after the bot restarts; any member may press it, and it counts only for a
member the blend waits for."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.client import client_of
from bot.cogs.blend.ask import BlendAsk, decode_ask, encode_ask
from bot.i18n import speak_to, t
from bot.ui.reply import NO_PINGS
from bot.ui.song_list import GARBLED
from bot.ui.tree import apologise, reply_privately


def mention_of(interaction: discord.Interaction):
    """How to name a member by id: a mention on Discord (shown as their name, pinging no one),
    the console's own names there."""
    named = getattr(interaction.client, "mention_of", None)
    return named if callable(named) else (lambda member: f"<@{member}>")


class AllowButton(discord.ui.DynamicItem[discord.ui.Button], template=r"sa:Ba(?P<ask>.*)"):
    def __init__(self, ask: BlendAsk | None) -> None:
        super().__init__(
            discord.ui.Button(
                label=t("Allow this blend"),
                style=discord.ButtonStyle.success,
                custom_id=f"sa:Ba{encode_ask(ask)}" if ask else "sa:Ba",
            )
        )
        self.ask = ask

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str]
    ) -> AllowButton:
        return cls(decode_ask(match["ask"]))

    async def callback(self, interaction: discord.Interaction) -> Any:
        speak_to(interaction)
        blends = getattr(client_of(interaction), "blends", None)
        if self.ask is None or blends is None:
            await reply_privately(interaction, t(GARBLED))
            return
        try:
            name = mention_of(interaction)
            mention = {m: name(m) for m in self.ask.members}
            reply = await blends.allow(interaction.user.id, self.ask, mention)
            if reply.ephemeral:
                await reply_privately(interaction, reply.content or "")
                return
            await interaction.response.edit_message(
                content=reply.content, embed=reply.embed, view=reply.view, allowed_mentions=NO_PINGS
            )
        except Exception as exc:  # discord.py would only log it; the member gets an answer
            await apologise(interaction, exc)


class AllowView(discord.ui.View):
    """Holds the button; stateless, so it needs no timeout."""

    def __init__(self, ask: BlendAsk) -> None:
        super().__init__(timeout=None)
        self.add_item(AllowButton(ask))

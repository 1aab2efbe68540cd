"""The buttons under a /radio card. Each is a discord.py `DynamicItem` whose custom id is
`sa:r<action><step>:<session id>`, so any running bot answers a press on any card, before or
after a restart, by reading the session from the store (`RadioDesk.press`)."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.client import client_of
from bot.i18n import speak_to, t
from bot.storage import RadioSession
from bot.ui.tree import apologise, reply_privately
from recommender import RadioTurn

GONE = "This radio has ended or expired — start a new one with `/radio`."


class RadioButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"sa:r(?P<action>[msnxtl])(?P<step>[0-9]{1,6}):(?P<session>[\w-]{1,16})",
):
    """More like this (m), Skip (s), Never (n), Stop (x), the save-likes toggle (t), Loosen (l)."""

    def __init__(
        self, action: str, step: int, session_id: str, label: str = "", **kwargs: Any
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label or action,
                custom_id=f"sa:r{action}{step}:{session_id}",
                **kwargs,
            )
        )
        self.action, self.step, self.session_id = action, step, session_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str]
    ) -> RadioButton:
        return cls(match["action"], int(match["step"]), match["session"])

    async def callback(self, interaction: discord.Interaction) -> Any:
        speak_to(interaction)
        try:
            desk = client_of(interaction).radio
            if desk is None:
                await reply_privately(interaction, t(GONE))
                return
            channel = interaction.channel_id or 0
            reply = await desk.press(
                self.session_id, self.step, self.action, interaction.user.id, channel
            )
            if reply.ephemeral:
                await reply_privately(interaction, reply.content or "")
            else:
                await interaction.response.edit_message(embed=reply.embed, view=reply.view)
        except Exception as exc:  # discord.py would only log it; the member gets an answer
            await apologise(interaction, exc)


def radio_view(session: RadioSession, turn: RadioTurn) -> discord.ui.View:
    """The card's buttons for this step (a view with no timeout: presses keep working)."""
    view = discord.ui.View(timeout=None)
    sid, step = session.session_id, turn.step
    green, grey = discord.ButtonStyle.success, discord.ButtonStyle.secondary
    if turn.now is not None:
        view.add_item(RadioButton("m", step, sid, t("More like this"), emoji="♥", style=green))
        view.add_item(RadioButton("s", step, sid, t("Skip"), emoji="⏭", style=grey))
        view.add_item(
            RadioButton("n", step, sid, t("Never"), emoji="✕", style=discord.ButtonStyle.danger)
        )
        view.add_item(discord.ui.Button(label=t("Open on Spotify"), url=turn.now.track.url))
    else:
        view.add_item(RadioButton("l", step, sid, t("Loosen"), emoji="🔓", style=green))
    view.add_item(RadioButton("x", step, sid, t("Stop"), emoji="⏹", style=grey, row=1))
    toggle = t("Saving likes: on") if session.save_likes else t("Saving likes: off")
    view.add_item(RadioButton("t", step, sid, toggle, style=grey, row=1))
    return view

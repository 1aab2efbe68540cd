"""Short-lived views kept in memory (a member's likes, the /forget question, a bridge): only
the member who asked may press them, and they switch themselves off when they time out.
Lists of songs use the restart-proof controls in `views` instead."""

from __future__ import annotations

import logging

import discord

from bot.client import client_of
from bot.host.backlog import admit
from bot.i18n import speak_to, t
from bot.ui.tree import apologise

log = logging.getLogger(__name__)


class OwnedView(discord.ui.View):
    """A view one member may press; disables itself (links aside) on timeout."""

    def __init__(self, owner_id: int, timeout: float = 180.0) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        # The interaction that posted the view: its token (valid 15 min) edits the message on
        # timeout without keeping a Message around or fetching one. Set by `cogs.send`.
        self.origin: discord.Interaction | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        speak_to(interaction)  # this press's answers in the presser's language
        if not await admit(
            interaction, client_of(interaction).services.backlog, type(self).__name__
        ):
            return False
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            t("These buttons belong to someone else's request — run the command for your own."),
            ephemeral=True,
        )
        return False

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Select) or (
                isinstance(item, discord.ui.Button) and not item.url
            ):
                item.disabled = True
        if self.origin is not None:
            try:
                await self.origin.edit_original_response(view=self)
            except discord.HTTPException:
                log.debug("could not disable an expired view (message gone?)")

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await apologise(interaction, error)

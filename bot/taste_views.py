"""Views for what the bot remembers: paging through your likes, confirming /forget. Like every
view here, only the member who asked may press them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from .owned import OwnedView

Render = Callable[[int], discord.Embed]


class LikesView(OwnedView):
    """◀ ▶ over a member's liked songs; `render(page)` draws a page."""

    def __init__(self, render: Render, pages: int, owner_id: int, timeout: float) -> None:
        super().__init__(owner_id, timeout)
        self.render, self.pages, self.page = render, pages, 0
        self.previous = discord.ui.Button(label="◀ Previous", style=discord.ButtonStyle.secondary)
        self.following = discord.ui.Button(label="Next ▶", style=discord.ButtonStyle.secondary)
        self.previous.callback = self.on_previous
        self.following.callback = self.on_next
        self.add_item(self.previous)
        self.add_item(self.following)
        self.turn(0)

    def turn(self, delta: int) -> discord.Embed:
        self.page = max(0, min(self.pages - 1, self.page + delta))
        self.previous.disabled = self.page == 0
        self.following.disabled = self.page >= self.pages - 1
        return self.render(self.page)

    async def on_previous(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(embed=self.turn(-1), view=self)

    async def on_next(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(embed=self.turn(+1), view=self)


class ForgetView(OwnedView):
    """ "Delete everything" or "Cancel"; either answer replaces the question and the buttons."""

    def __init__(
        self, confirm: Callable[[], Awaitable[str]], owner_id: int, timeout: float
    ) -> None:
        super().__init__(owner_id, timeout)
        self.confirm = confirm
        delete = discord.ui.Button(label="Delete everything", style=discord.ButtonStyle.danger)
        cancel = discord.ui.Button(label="Cancel", style=discord.ButtonStyle.secondary)
        delete.callback = self.on_delete
        cancel.callback = self.on_cancel
        self.add_item(delete)
        self.add_item(cancel)

    async def answer(self, confirmed: bool) -> str:
        """What pressing says (also called by the console); the view is done either way."""
        self.stop()
        return await self.confirm() if confirmed else "Cancelled: nothing was deleted."

    async def on_delete(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(content=await self.answer(True), view=None)

    async def on_cancel(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(content=await self.answer(False), view=None)

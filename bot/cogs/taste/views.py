"""Views for what the bot remembers: paging through your likes, confirming /forget. Like every
view here, only the member who asked may press them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.i18n import t
from bot.ui.limits import text_files
from bot.ui.owned import OwnedView

Render = Callable[[int], discord.Embed]


class LikesView(OwnedView):
    """◀ ▶ over a member's liked songs (`render(page)` draws a page), and Export: `files()`
    gives them as files to take away, like any list."""

    def __init__(
        self,
        render: Render,
        pages: int,
        owner_id: int,
        timeout: float,
        files: Callable[[], dict[str, str]] | None = None,
        export_note: str | None = None,
    ) -> None:
        """`export_note`: what Export says with its files (default: about liked songs)."""
        super().__init__(owner_id, timeout)
        self.render, self.pages, self.page, self.files = render, pages, 0, files
        self.export_note = export_note
        secondary = discord.ButtonStyle.secondary
        self.previous = discord.ui.Button(label=t("◀ Previous"), style=secondary)
        self.following = discord.ui.Button(label=t("Next ▶"), style=secondary)
        self.previous.callback = self.on_previous
        self.following.callback = self.on_next
        if pages > 1:
            self.add_item(self.previous)
            self.add_item(self.following)
        if files is not None:
            export = discord.ui.Button(
                label=t("Export"), emoji="📄", style=discord.ButtonStyle.secondary
            )
            export.callback = self.on_export
            self.add_item(export)
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

    async def on_export(self, interaction: discord.Interaction) -> None:
        made = self.files() if self.files else {}
        attached = text_files(made)
        await interaction.response.send_message(
            self.export_note
            or t(
                "Your liked songs: a table (title, artist, link) and the links alone — paste "
                "those into a Spotify playlist in the desktop app."
            ),
            files=attached,
            ephemeral=True,
        )


class ForgetView(OwnedView):
    """ "Delete everything" or "Cancel"; either answer replaces the question and the buttons."""

    def __init__(
        self, confirm: Callable[[], Awaitable[str]], owner_id: int, timeout: float
    ) -> None:
        super().__init__(owner_id, timeout)
        self.confirm = confirm
        delete = discord.ui.Button(label=t("Delete everything"), style=discord.ButtonStyle.danger)
        cancel = discord.ui.Button(label=t("Cancel"), style=discord.ButtonStyle.secondary)
        delete.callback = self.on_delete
        cancel.callback = self.on_cancel
        self.add_item(delete)
        self.add_item(cancel)

    async def answer(self, confirmed: bool) -> str:
        """What pressing says (also called by the console); the view is done either way."""
        self.stop()
        return await self.confirm() if confirmed else t("Cancelled: nothing was deleted.")

    async def on_delete(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(content=await self.answer(True), view=None)

    async def on_cancel(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(content=await self.answer(False), view=None)

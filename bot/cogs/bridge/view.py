"""The menu under a /bridge: "Find songs like…" any song on the way turns the message into
that song's list, with its own pages and restart-proof buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.i18n import t
from bot.ui.limits import SELECT_DESCRIPTION, SELECT_LABEL, clip
from bot.ui.owned import OwnedView
from bot.ui.pages import SongPages
from bot.ui.song_list import SongListView, StoredLists
from recommender import Bridge


class BridgeView(OwnedView):
    MENU = 25  # Discord's most options in one menu: the start, up to 23 steps, the arrival

    def __init__(
        self,
        bridge: Bridge,
        start_list: Callable[[str], Awaitable[SongPages]],
        owner_id: int,
        lists: StoredLists | None = None,
        timeout: float = 180.0,
    ) -> None:
        super().__init__(owner_id, timeout)
        self.start_list = start_list
        self.lists = lists
        tracks = bridge.tracks
        if len(tracks) > self.MENU:
            tracks = (*tracks[: self.MENU - 1], tracks[-1])
        self.menu = discord.ui.Select(
            placeholder=t("Find songs like…"),
            options=[
                discord.SelectOption(
                    label=clip(f"{bridge.tracks.index(track)}. {track.name}", SELECT_LABEL),
                    description=clip(track.artist, SELECT_DESCRIPTION),
                    value=track.track_id,
                )
                for track in tracks
            ],
        )
        self.menu.callback = self.on_pick
        self.add_item(self.menu)

    async def list_like(self, track_id: str) -> SongListView:
        """The list a pick starts (also called by the console)."""
        source = await self.start_list(track_id)
        view = SongListView(source, self.owner_id, self.lists)
        self.stop()
        return view

    async def on_pick(self, interaction: discord.Interaction) -> None:
        view = await self.list_like(self.menu.values[0])
        await interaction.response.edit_message(embed=view.embed(), view=view)

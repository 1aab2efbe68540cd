"""Views under the bot's replies: only the member who asked may press; they switch off when
they time out. `SongListView` pages through a `SongPages` source."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import discord

from recommender.bridge import Bridge

from .limits import SELECT_DESCRIPTION, SELECT_LABEL, clip
from .pages import SongPages

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
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These buttons belong to someone else's search — run `/similar` for your own.",
            ephemeral=True,
        )
        return False

    async def on_timeout(self) -> None:
        for item in self.children:
            if not (isinstance(item, discord.ui.Button) and item.url):
                item.disabled = True
        if self.origin is not None:
            try:
                await self.origin.edit_original_response(view=self)
            except discord.HTTPException:
                log.debug("could not disable an expired view (message gone?)")

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await interaction.client.tree.on_error(interaction, error)


class SongListView(OwnedView):
    """◀ ▶ over a list, a link to the seed, and "Find songs like…" any listed song."""

    def __init__(self, source: SongPages, owner_id: int, timeout: float = 180.0) -> None:
        super().__init__(owner_id, timeout)
        self.source = source
        self.page = 0
        self.rebuild()

    def rebuild(self) -> None:
        self.clear_items()
        source, page = self.source, self.page
        previous = discord.ui.Button(
            label="◀ Previous", style=discord.ButtonStyle.secondary, disabled=page == 0, row=0
        )
        following = discord.ui.Button(
            label="Next ▶",
            style=discord.ButtonStyle.secondary,
            disabled=page >= source.pages - 1,
            row=0,
        )
        previous.callback = self.on_previous
        following.callback = self.on_next
        self.add_item(previous)
        self.add_item(following)
        items = source.items(page)
        link_track = source.result.seed or (items[0].track if items else None)
        if link_track is not None:
            self.add_item(discord.ui.Button(label="Open on Spotify", url=link_track.url, row=0))
        options = [
            discord.SelectOption(
                label=clip(f"{n}. {item.track.name}", SELECT_LABEL),
                description=clip(item.track.artist, SELECT_DESCRIPTION),
                value=item.track.track_id,
            )
            for n, item in enumerate(items, start=source.first_number(page))
        ]
        if options:
            menu = discord.ui.Select(placeholder="Find songs like…", options=options, row=1)
            menu.callback = self.on_pick
            self.pick_menu = menu
            self.add_item(menu)

    def embed(self) -> discord.Embed:
        return self.source.embed(self.page)

    # -- what presses do (also called by the console) --------------------------------

    def turn(self, delta: int) -> discord.Embed:
        self.page = max(0, min(self.source.pages - 1, self.page + delta))
        self.rebuild()
        return self.embed()

    async def pivot(self, track_id: str) -> discord.Embed:
        """Start a new search from one of the listed songs, keeping genre and count."""
        self.source, self.page = await self.source.like(track_id), 0
        self.rebuild()
        return self.embed()

    # -- Discord callbacks -----------------------------------------------------------

    async def on_previous(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(embed=self.turn(-1), view=self)

    async def on_next(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(embed=self.turn(+1), view=self)

    async def on_pick(self, interaction: discord.Interaction) -> None:
        track_id = self.pick_menu.values[0]
        await interaction.response.edit_message(embed=await self.pivot(track_id), view=self)


class BridgeView(OwnedView):
    """ "Find songs like…" any song on a bridge: the pick turns the message into that list,
    with its own pages and menu."""

    MENU = 25  # Discord's most options in one menu: the start, up to 23 steps, the arrival

    def __init__(
        self,
        bridge: Bridge,
        start_list: Callable[[str], Awaitable[SongPages]],
        owner_id: int,
        timeout: float = 180.0,
    ) -> None:
        super().__init__(owner_id, timeout)
        self.start_list = start_list
        tracks = bridge.tracks
        if len(tracks) > self.MENU:
            tracks = (*tracks[: self.MENU - 1], tracks[-1])
        self.menu = discord.ui.Select(
            placeholder="Find songs like…",
            options=[
                discord.SelectOption(
                    label=clip(f"{bridge.tracks.index(t)}. {t.name}", SELECT_LABEL),
                    description=clip(t.artist, SELECT_DESCRIPTION),
                    value=t.track_id,
                )
                for t in tracks
            ],
        )
        self.menu.callback = self.on_pick
        self.add_item(self.menu)

    async def list_like(self, track_id: str) -> SongListView:
        """The list a pick starts (also called by the console)."""
        view = SongListView(await self.start_list(track_id), self.owner_id, self.timeout or 180.0)
        view.origin = self.origin
        self.stop()
        return view

    async def on_pick(self, interaction: discord.Interaction) -> None:
        view = await self.list_like(self.menu.values[0])
        await interaction.response.edit_message(embed=view.embed(), view=view)

"""Buttons under a list of songs that keep working after the bot restarts.

Each control is a discord.py `DynamicItem`: its custom id carries what the press needs (who
asked, the list's query in the short form of `query_codec`, the page), so any running bot can
answer a press on any message it ever sent by running the query again. The rare query too
long for a custom id (five seeds and three left-out artists) is kept with the member's data
under a short token instead (`StoredLists`); once that expires, is forgotten, or could not be
stored, a press answers privately that the list expired.

Only the member who asked may press. A garbled id or value gets a short private answer.

"♥ Like…" and "✕ Never recommend…" menus need no state: the picked value is the track id, and
they count for whoever uses them. Adding a control (Export): subclass `ListControl` with its own prefix letter in
its template (`sa:e…`, `sa:v…`), build its custom id with `ListState.custom_id(prefix)`,
implement `press` (the rebuilt list is `await self.source(interaction)`), add it in
`SongListView.rebuild` and to `CONTROLS` (the client registers those).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import discord

from bot.client import client_of
from bot.host.backlog import admit
from bot.i18n import plural, speak_to, t
from bot.ui.errors import error_text
from bot.ui.kept_lists import StoredLists
from bot.ui.limits import SELECT_DESCRIPTION, SELECT_LABEL, clip, text_files
from bot.ui.pages import PAGES, SongPages, started_from
from bot.ui.query_codec import decode, encode
from bot.ui.reply import MAX_COUNT
from bot.ui.tree import apologise, reply_privately
from recommender import Query, RecommenderError, export_files

log = logging.getLogger(__name__)

CUSTOM_ID = 100  # Discord's limit on a component's custom id
NOT_YOURS = "These buttons belong to someone else's search — run `/similar` for your own."
EXPIRED = "This list has expired — run `/similar` again."
GARBLED = "That button doesn't look right — run `/similar` again."
# "<owner in base 62>=<query>" (see query_codec; 11 characters hold any member's id), or
# "<owner>:~<token>"; or, as ids were before the query codec (messages sent then keep
# working), "<owner>:<count>:<seed track id or nothing>:<genre or nothing>".
_STATE = re.compile(
    r"(?P<short_owner>[0-9A-Za-z]{1,11})=(?P<query>.*)"
    r"|(?P<owner>\d{1,20}):(?:~(?P<token>[\w-]{1,16})"
    r"|(?P<count>\d{1,2}):(?P<seed>[A-Za-z0-9]{0,22}):(?P<genre>.*))",
    re.DOTALL,
)
BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class ListState:
    """What a press on a list needs: who asked, and the query (or the token it is stored
    under)."""

    owner_id: int
    query: Query | None = None  # seeds as track ids, artists and genre as the catalog spells
    token: str = ""

    @classmethod
    def of(cls, source: SongPages, owner_id: int) -> ListState:
        """The list's query as a press reruns it: seeds resolved to track ids, so a typed
        name is not matched again (and cannot match differently)."""
        result, query = source.result, source.query
        seeds = tuple(s.track.track_id for s in result.seeds) if result.seeds else query.seeds
        stored = dataclasses.replace(
            query,
            seeds=seeds,
            artists=result.artists or query.artists,
            genre=result.genre or query.genre,
        )
        return cls(owner_id, stored)

    @functools.cached_property  # every control's id has it: encoded once per list
    def text(self) -> str:
        if self.query is None:  # kept under a token
            return f"{self.owner_id}:~{self.token}"
        return f"{base62(self.owner_id)}={encode(self.query)}"

    def custom_id(self, prefix: str) -> str:
        return f"sa:{prefix}{self.text}"

    @classmethod
    def parse(cls, text: str) -> ListState | None:
        match = _STATE.fullmatch(text)
        if match is None:
            return None
        if match["short_owner"]:
            owner, query = from_base62(match["short_owner"]), decode(match["query"])
        elif match["token"]:
            return cls(int(match["owner"]), token=match["token"])
        else:
            owner = int(match["owner"])
            query = decode_old(match["count"], match["seed"], match["genre"])
        return cls(owner, query) if query is not None and query.k <= MAX_COUNT else None


def base62(number: int) -> str:
    """A member's id in 11 characters at most, rather than 20 digits."""
    if number < 0:  # divmod would never reach 0: refuse rather than loop
        raise ValueError(f"a member id is never negative, got {number}")
    digits = ""
    while True:
        number, digit = divmod(number, 62)
        digits = BASE62[digit] + digits
        if not number:
            return digits


def from_base62(text: str) -> int:
    number = 0
    for char in text:
        number = number * 62 + BASE62.index(char)
    return number


def decode_old(count: str, seed: str, genre: str) -> Query | None:
    """A query from an id of the first format (a count, a seed, a genre)."""
    try:
        return Query(seeds=(seed,) if seed else (), genre=genre or None, k=int(count))
    except RecommenderError:
        return None


def fits(state: ListState) -> bool:
    """Can the custom ids alone rebuild the list? The query must come back whole from its
    text, and the longest id (a page button's, on the last page) must fit Discord's limit."""
    if state.query is None or decode(encode(state.query)) != state.query:
        return False
    return len(state.custom_id(f"p>{PAGES - 1}:")) <= CUSTOM_ID


def picked_track(interaction: discord.Interaction) -> str | None:
    """The track a list's menu was picked on: its value is a track id of the catalog served,
    whatever the catalog's ids look like; None for anything else (a forged value, or a song
    a rebuilt catalog no longer holds), never matched as a typed name."""
    values = (interaction.data or {}).get("values") or []
    if len(values) != 1 or not isinstance(values[0], str):
        return None
    held = client_of(interaction).services.recommender.tracks.row_of
    return values[0] if values[0] in held else None


class SongListView(discord.ui.View):
    """◀ ▶ over a list, a link to the seed, and "Find songs like…" any listed song. Holds no
    state Discord does not hold too (see the module docstring)."""

    def __init__(
        self,
        source: SongPages,
        owner_id: int,
        lists: StoredLists | None = None,
        *,
        page: int = 0,
        state: ListState | None = None,
    ) -> None:
        super().__init__(timeout=None)  # nothing to switch off: presses keep working
        self.source = source
        self.owner_id = owner_id
        # Without the bot's stored lists a long list still gets a token; a press then says
        # it expired rather than rebuilding a different list.
        self.lists = lists if lists is not None else StoredLists(None)
        self.page = page
        self.state = state or self.remember()
        self.rebuild()

    def remember(self) -> ListState:
        """The state for the custom ids: the list's query, or a token it is stored under."""
        state = ListState.of(self.source, self.owner_id)
        if fits(state) or state.query is None:
            return state
        return ListState(self.owner_id, token=self.lists.keep(self.owner_id, state.query))

    def rebuild(self) -> None:
        self.clear_items()
        source, page, state = self.source, self.page, self.state
        self.add_item(PageButton(state, page, -1, disabled=page == 0))
        self.add_item(PageButton(state, page, +1, disabled=page >= source.pages - 1))
        items = source.items(page)
        if source.result.seed is not None:
            link = (t("Open on Spotify"), source.result.seed.url)
        elif items:  # no one seed (artist, genre, blend): the page's first song, by its number
            first = t("Open #{number} on Spotify", number=source.first_number(page))
            link = (first, items[0].track.url)
        else:
            link = None
        if link is not None:
            self.add_item(discord.ui.Button(label=link[0], url=link[1], row=0))
        if items:
            self.add_item(ExportButton(state))
        options = [
            discord.SelectOption(
                label=clip(f"{n}. {item.track.name}", SELECT_LABEL),
                description=clip(item.track.artist, SELECT_DESCRIPTION),
                value=item.track.track_id,
            )
            for n, item in enumerate(items, start=source.first_number(page))
        ]
        if options:
            self.add_item(LikeMenu(state, options))
            self.add_item(VerdictMenu(True, options))
            self.add_item(VerdictMenu(False, options))

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
        self.state = self.remember()
        self.rebuild()
        return self.embed()


class ListControl(discord.ui.DynamicItem[discord.ui.Item], template=r"sa:(?!)"):
    """A control whose custom id is `sa:<prefix><state>`: checks who presses, rebuilds the
    list, and answers every failure privately (the error handler's apology for a crash)."""

    owner_only = True  # only the member who asked may press

    def __init__(self, item: discord.ui.Item, state: ListState | None) -> None:
        super().__init__(item)
        self.state = state  # None: the id was garbled

    @property
    def list_state(self) -> ListState:
        """The list's state; a press gets here only past `interaction_check`, which answers
        a garbled id itself."""
        if self.state is None:
            raise RuntimeError("a control with a garbled id was pressed")
        return self.state

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        speak_to(interaction)  # this press's answers in the presser's language
        if not await admit(
            interaction, client_of(interaction).services.backlog, type(self).__name__
        ):
            return False
        if self.state is None:
            await reply_privately(interaction, t(GARBLED))
            return False
        if self.owner_only and interaction.user.id != self.state.owner_id:
            await reply_privately(interaction, t(NOT_YOURS))
            return False
        return True

    async def callback(self, interaction: discord.Interaction) -> Any:
        try:
            await self.press(interaction)
        except Exception as exc:  # discord.py would only log it; the member gets an answer
            await apologise(interaction, exc)

    async def press(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError

    async def source(
        self, interaction: discord.Interaction, seed: str | None = None
    ) -> SongPages | None:
        """The list as first shown (or, given `seed`, started over from that song with the
        same genre, count and steering), run again; None, answered privately, when it can't."""
        services = client_of(interaction).services
        try:
            state = self.list_state
            query = state.query
            if state.token:
                query = await services.lists.get(state.owner_id, state.token)
            if query is None:
                await reply_privately(interaction, t(EXPIRED))
                return None
            if seed is not None:
                query = started_from(query, seed)
            fetch = services.for_member(state.owner_id)
            return await SongPages.start(query, services.catalog, fetch)
        except RecommenderError as exc:  # e.g. the catalog changed since the list was sent
            await reply_privately(interaction, error_text(exc))
            return None

    def list_view(
        self, interaction: discord.Interaction, source: SongPages, **kwargs
    ) -> SongListView:
        """The list's view for `source` (not `Item.view`, the view this control sits in)."""
        services = client_of(interaction).services
        return SongListView(source, self.list_state.owner_id, services.lists, **kwargs)


class PageButton(ListControl, template=r"sa:p(?P<rest>.*)"):
    """◀ or ▶; the id holds the page shown and the direction: `sa:p<` / `sa:p>`."""

    def __init__(self, state: ListState | None, page: int = 0, step: int = 1, **kwargs) -> None:
        arrow = ">" if step > 0 else "<"
        custom_id = state.custom_id(f"p{arrow}{page}:") if state else "sa:p"
        button = discord.ui.Button(
            label=t("Next ▶") if step > 0 else t("◀ Previous"),
            style=discord.ButtonStyle.secondary,
            custom_id=custom_id,
            row=0,
            **kwargs,
        )
        super().__init__(button, state)
        self.page, self.step = page, step

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str]
    ) -> PageButton:
        parsed = re.fullmatch(r"([<>])(\d{1,2}):(.*)", match["rest"], re.DOTALL)
        state = ListState.parse(parsed[3]) if parsed else None
        if parsed is None or state is None:
            return cls(None)
        return cls(state, int(parsed[2]), +1 if parsed[1] == ">" else -1)

    async def press(self, interaction: discord.Interaction) -> None:
        source = await self.source(interaction)
        if source is not None:
            page = max(0, min(source.pages - 1, self.page + self.step))
            # The same list keeps the same ids: a token stays the token.
            view = self.list_view(interaction, source, page=page, state=self.state)
            await interaction.response.edit_message(embed=view.embed(), view=view)


class LikeMenu(ListControl, template=r"sa:l(?P<rest>.*)"):
    """ "Find songs like…": a new list from the picked song, same genre and count."""

    def __init__(
        self, state: ListState | None, options: Sequence[discord.SelectOption] = ()
    ) -> None:
        menu = discord.ui.Select(
            placeholder=t("Find songs like…"),
            options=list(options) or [discord.SelectOption(label="-")],
            custom_id=state.custom_id("l") if state else "sa:l",
            row=1,
        )
        super().__init__(menu, state)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str]
    ) -> LikeMenu:
        return cls(ListState.parse(match["rest"]))  # None when garbled: answered privately

    async def press(self, interaction: discord.Interaction) -> None:
        track_id = picked_track(interaction)
        if track_id is None:
            await reply_privately(interaction, t(GARBLED))
            return
        source = await self.source(interaction, seed=track_id)
        if source is not None:
            view = self.list_view(interaction, source)
            await interaction.response.edit_message(embed=view.embed(), view=view)


class ExportButton(ListControl, template=r"sa:e(?P<rest>.*)"):
    """Sends the whole list (every page) as files to take away: a CSV with title, artist and
    link, and the plain open.spotify.com links Spotify's desktop app accepts pasted into a
    playlist. Anyone may take a copy; it arrives privately."""

    owner_only = False

    def __init__(self, state: ListState | None) -> None:
        button = discord.ui.Button(
            label=t("Export"),
            emoji="📄",
            style=discord.ButtonStyle.secondary,
            custom_id=state.custom_id("e") if state else "sa:e",
            row=0,
        )
        super().__init__(button, state)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str]
    ) -> ExportButton:
        return cls(ListState.parse(match["rest"]))  # None when garbled: answered privately

    async def press(self, interaction: discord.Interaction) -> None:
        source = await self.source(interaction)
        if source is None:
            return
        tracks = [item.track for item in source.result.items]
        files = text_files(export_files(tracks, "soundalike"))
        await interaction.response.send_message(
            plural(
                len(tracks),
                "{count} song: a table (title, artist, link) and the link alone — paste it "
                "into a Spotify playlist in the desktop app.",
                "{count} songs: a table (title, artist, link) and the links alone — paste "
                "those into a Spotify playlist in the desktop app.",
            ),
            files=files,
            ephemeral=True,
        )


class VerdictMenu(discord.ui.DynamicItem[discord.ui.Select], template=r"sa:v(?P<sign>[+-])"):
    """ "♥ Like…" / "✕ Never recommend…" a listed song. Anyone may use it, and it counts for
    whoever does: it records what the presser thinks of the song (making them run their own
    search first would only be in the way). Needs no list state, so it never expires."""

    def __init__(self, like: bool, options: Sequence[discord.SelectOption] = ()) -> None:
        super().__init__(
            discord.ui.Select(
                placeholder=t("♥ Like a song…") if like else t("✕ Never recommend a song to me…"),
                options=list(options) or [discord.SelectOption(label="-")],
                custom_id="sa:v+" if like else "sa:v-",
                row=2 if like else 3,
            )
        )
        self.like = like

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str]
    ) -> VerdictMenu:
        return cls(match["sign"] == "+")

    async def callback(self, interaction: discord.Interaction) -> Any:
        speak_to(interaction)
        if not await admit(interaction, client_of(interaction).services.backlog, "VerdictMenu"):
            return
        track_id = picked_track(interaction)
        taste = client_of(interaction).taste
        if track_id is None or taste is None:
            await reply_privately(interaction, t(GARBLED))
            return
        try:
            member = interaction.user.id
            verdict = taste.like if self.like else taste.dislike
            reply = await verdict(member, track_id)
            await reply_privately(interaction, reply.content or "")
        except Exception as exc:  # discord.py would only log it; the member gets an answer
            await apologise(interaction, exc)


CONTROLS: tuple[type[discord.ui.DynamicItem], ...] = (
    PageButton,
    LikeMenu,
    ExportButton,
    VerdictMenu,
)

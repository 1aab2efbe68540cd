"""The "Songs like this" message menu: the songs a chat message names, and the list it answers.

A message names songs as people paste them: open.spotify.com track links (with or without
`intl-xx/` and `?si=`), `spotify:track:` URIs, and "Title - Artist" lines (either order; the
recommender's resolver reads both). Everything else in the message is ignored.
"""

from __future__ import annotations

import re

from bot.i18n import t
from bot.services import Services
from bot.ui.errors import error_text
from bot.ui.pages import SongPages
from bot.ui.reply import Reply, oops
from bot.ui.song_list import SongListView
from recommender import MAX_SEEDS, Query, RecommenderError

MAX_CANDIDATES = 10  # lines tried for those (some are chat that matches nothing)
MAX_LINE = 150  # longer lines are prose, not "Title - Artist"
MAX_PARTS = 4  # "Title - Remaster 2009 - Artist" has three; more dashes than that is prose
MENU_MATCH = 90.0  # resolver score a chat line needs (docs/evaluation.md)
MENU_NAME = "Songs like this"
NOTHING_FOUND = (
    "I didn't find a song in that message. “Songs like this” reads open.spotify.com track "
    "links, `spotify:track:` links and lines like `Blinding Lights - The Weeknd`."
)
NOT_IN_CATALOG = (
    "I couldn't match the songs in that message closely enough to the catalog I serve "
    "({catalog}). Try `/similar` and pick the song from the list as you type."
)

_TRACK_LINK = re.compile(
    r"(?:https?://open\.spotify\.com/(?:intl-[a-z]{2,3}/)?track/|spotify:track:)"
    r"([A-Za-z0-9]{22})(?![A-Za-z0-9])"
)
# A list marker or quote at the start of a line: "1. ", "- ", "• ", "> ", "**".
_LEAD = re.compile(r"^(?:>\s*|[-*•·]\s+|\d{1,3}[.)]\s+|\*\*|__)+")
_DASH = re.compile(r"\s+[-–—]\s+")
_URL = re.compile(r"https?://\S+|spotify:\S+")
_MARKUP = re.compile(r"[*_`~]|<a?:\w+:\d+>")  # emphasis, code ticks, custom emoji


def songs_in(text: str, limit: int = MAX_CANDIDATES) -> list[str]:
    """Seeds for the recommender, in message order, without repeats: track ids from links
    and URIs, then "Title - Artist" lines."""
    found: list[str] = []

    def add(seed: str) -> None:
        if seed and seed.casefold() not in {f.casefold() for f in found}:
            found.append(seed)

    for match in _TRACK_LINK.finditer(text):
        add(match.group(1))
    for raw in text.splitlines():
        if _TRACK_LINK.search(raw):
            continue  # the link already names this line's song; its words would repeat it
        line = _MARKUP.sub("", _LEAD.sub("", _URL.sub("", raw).strip())).strip()
        # Titles hold dashes too ("Faith - Remastered - George Michael"), so the whole line
        # goes to the resolver, which weighs every split of it.
        parts = [p.strip() for p in _DASH.split(line)]
        if len(line) <= MAX_LINE and 2 <= len(parts) <= MAX_PARTS and all(parts):
            add(" - ".join(parts))
    return found[:limit]


async def catalog_songs(services: Services, seeds: list[str]) -> list[str]:
    """Track ids of the seeds that name a catalog song confidently. A message was not written
    for the bot, so a line must match a song more closely than a typed command must: chat
    such as "lol - no way" matches some title at ~85, real "Title - Artist" lines at 91+."""
    found: list[str] = []
    for seed in seeds:
        try:
            resolution = await services.off_loop(services.recommender.resolve, seed)
        except RecommenderError:  # a link to a song outside the catalog, or no match
            continue
        track_id = resolution.track.track_id
        if (resolution.exact or resolution.score >= MENU_MATCH) and track_id not in found:
            found.append(track_id)
        if len(found) == MAX_SEEDS:
            break
    return found


async def songs_like_this(services: Services, text: str, owner_id: int, count: int = 10) -> Reply:
    """The public list for the songs a message names; a private note when it names none or
    none is in the catalog."""
    seeds = songs_in(text)
    songs = await catalog_songs(services, seeds) if seeds else []
    if not songs:
        note = NOT_IN_CATALOG if seeds else NOTHING_FOUND
        return oops(t(note, catalog=services.catalog.name))
    try:
        source = await _start(services, songs, count, owner_id)
    except RecommenderError as exc:
        return oops(error_text(exc))
    view = SongListView(source, owner_id, services.lists)
    return Reply(embed=view.embed(), view=view)


async def _start(services: Services, songs: list[str], count: int, owner_id: int) -> SongPages:
    """A list that sounds like the message's songs blended (at most five)."""
    query = Query(seeds=tuple(songs[:MAX_SEEDS]), k=count)
    return await SongPages.start(query, services.catalog, services.for_member(owner_id))

"""The storage interface and its records; no database library is imported here."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class Verdict(enum.IntEnum):
    LIKE = 1
    DISLIKE = -1


@dataclass(frozen=True, slots=True)
class SavedSong:
    """A liked or disliked song as stored: the id, and its label when it was saved (so a song
    a rebuilt catalog no longer has can still be named)."""

    track_id: str
    label: str
    saved_at: float


@dataclass(frozen=True, slots=True)
class Taste:
    """Everything stored about one member, newest first."""

    likes: tuple[SavedSong, ...] = ()
    dislikes: tuple[SavedSong, ...] = ()
    left_out_artists: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.likes or self.dislikes or self.left_out_artists)

    @property
    def disliked_ids(self) -> frozenset[str]:
        """Track ids never to recommend to this member (`Query.exclude_tracks`)."""
        return frozenset(s.track_id for s in self.dislikes)


@dataclass(frozen=True, slots=True)
class Change:
    """What `set_verdict` changed: the song's verdict before, and whether its artist, left out
    until now, was brought back (a like of their song says the member wants them again)."""

    before: Verdict | None = None
    artist_back: bool = False


@dataclass(frozen=True, slots=True)
class Forgotten:
    """How many rows `forget` deleted. `lists` (stored list queries) and `radios` (radio
    sessions) are not part of `total`: they are the member's searches, not what they told
    the bot. `consents`: their blend permissions (the standing one and one-time ones), said
    apart."""

    likes: int = 0
    dislikes: int = 0
    artists: int = 0
    lists: int = 0
    consents: int = 0
    radios: int = 0

    @property
    def total(self) -> int:
        return self.likes + self.dislikes + self.artists


@dataclass(frozen=True, slots=True)
class RadioSession:
    """A /radio as stored: who started it, where (a shared radio takes presses from everyone
    in `channel_id`), the query it started from (as `bot/ui/query_codec` writes it), every
    song played with what was pressed on it, the song playing now, and until when it answers.
    `step` counts songs (1: the first); a press on a card of another step is stale."""

    session_id: str
    owner_id: int
    query: str
    expires_at: float
    shared: bool = False
    channel_id: int = 0
    save_likes: bool = False
    presses: tuple[tuple[str, str], ...] = ()  # (track id, "like" | "skip" | "never")
    current: str = ""  # the track id on the card now ("" once the radio ran out)

    @property
    def step(self) -> int:
        return len(self.presses) + 1


class StorageError(Exception):
    """The database cannot do what was asked; the message says why, for the host's log."""


class StorageBusy(StorageError):
    """Another process held the write lock for longer than the busy timeout."""


class StorageReadOnly(StorageError):
    """The file or its directory cannot be written."""


class StorageCorrupt(StorageError):
    """The file is not a readable SQLite database."""


class StorageUnreachable(StorageError):
    """The database server cannot be reached (down, restarting, or the network between)."""


class StorageTooNew(StorageError):
    """The file was written by a newer version of the bot (a schema this code doesn't know)."""


def refuse_newer(found: int, known: int, setting: str) -> None:
    """A database a newer bot wrote is refused, never rewritten (its schema is unknown here)."""
    if found > known:
        raise StorageTooNew(
            f"the database has schema version {found}, newer than this bot knows "
            f"({known}); upgrade the bot or point {setting} elsewhere"
        )


class TasteStore(Protocol):
    """Members' likes and dislikes. Every method runs off the event loop and inside one
    transaction; each raises a `StorageError` when the database cannot serve it."""

    async def open(self) -> None:
        """Connect and bring the schema up to date now rather than on the first request."""
        ...

    async def set_verdict(
        self, member_id: int, track_id: str, label: str, verdict: Verdict, artist: str = ""
    ) -> Change:
        """Record a like or dislike (replacing the other). A like also stops leaving out
        `artist`, in the same transaction."""
        ...

    async def leave_out_artist(self, member_id: int, artist: str) -> bool:
        """Never recommend `artist` to the member; False if already left out."""
        ...

    async def taste(self, member_id: int) -> Taste: ...

    async def keep_list(self, member_id: int, token: str, query: str, expires_at: float) -> None:
        """Keep the query (as text) of a list too long for its buttons' ids under `token`
        until `expires_at` (Unix time); lists already expired are deleted meanwhile."""
        ...

    async def kept_list(self, member_id: int, token: str) -> str | None:
        """The query kept under `token` for the member; None once expired or forgotten."""
        ...

    async def set_blend_consent(self, member_id: int, allowed: bool, scope: str = "*") -> None:
        """Record whether the member's likes may join others' blends: `scope` '*' is their
        standing choice (which also clears every one-time grant), another scope allows one
        group's blend (`allowed` True)."""
        ...

    async def blend_consent(self, member_ids: Sequence[int], scope: str) -> dict[int, bool | None]:
        """Per member: True if their likes may join the blend `scope` names (their standing
        choice allows it, or they allowed this blend once), False if they said no and never
        allowed this one, None if they never chose."""
        ...

    async def start_radio(self, session: RadioSession) -> None:
        """Store a new radio session; sessions already expired are deleted meanwhile."""
        ...

    async def radio_session(self, session_id: str) -> RadioSession | None:
        """The session; None once expired, stopped or forgotten."""
        ...

    async def update_radio(self, session: RadioSession, step: int) -> bool:
        """Write the session's presses, song, options and expiry if it is still at `step`
        (False: another press moved it first). A new step clears the song's votes."""
        ...

    async def vote_radio(self, session_id: str, step: int, member_id: int, kind: str) -> dict:
        """A shared radio's press: one per member per song (a second one replaces the first).
        The song's votes by kind ({"like": 2, "skip": 1}); {} if the session moved on."""
        ...

    async def end_radio(self, session_id: str) -> bool:
        """Delete the session (Stop); False if it was already gone."""
        ...

    async def forget(self, member_id: int) -> Forgotten:
        """Delete every row about the member: their kept lists, blend consents, radio sessions
        and their votes on others' shared radios too."""
        ...

    async def close(self) -> None: ...

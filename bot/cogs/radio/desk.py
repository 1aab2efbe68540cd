"""What /radio and its buttons do, as `Reply` objects (the cog and the controls send them,
the console prints them). A session lives in the member's store (`RadioSession`), so any
running bot answers a press on any card: the custom id carries the session id and the step.

Solo: a press moves the radio at once. Shared (`shared:True` in a server channel): everyone
in the channel presses; each member has one vote per song (pressing again changes it), and
the song is decided at `SHARED_QUORUM` votes by the majority ("More like this" against
"Skip" and "Never" together; a tie skips). "Never" is always the presser's own dislike, as
/dislike; "More like this also saves to my likes" (off by default) saves for the member who
started the radio, when they press it.
"""

from __future__ import annotations

import dataclasses
import secrets
import time
import zlib

from bot.client import Verdicts
from bot.cogs.radio.embed import radio_embed, stopped_embed
from bot.cogs.radio.view import radio_view
from bot.i18n import t
from bot.services import Services
from bot.storage import RadioSession, StorageError
from bot.ui.errors import error_text
from bot.ui.query_codec import decode, encode
from bot.ui.reply import Reply, oops
from recommender import Press, Query, Radio, RadioTurn, RecommenderError

SHARED_QUORUM = 2  # votes that decide a shared radio's song
KINDS = {"m": "like", "s": "skip", "n": "never"}  # a button's letter -> its press

GONE = "This radio has ended or expired — start a new one with `/radio`."
NOT_YOURS = "This radio belongs to someone else — start your own with `/radio`."
OWNER_ONLY = "Only the member who started this radio can do that."
MOVED_ON = "This song has already moved on — press the buttons on the newest card."
SHARED_IN_SERVER = "A shared radio is for a server channel; here, start it without `shared`."
NO_STORE = "The radio needs the bot's database, which can't be used right now; try again later."
START_EXHAUSTED = "No song fits these filters — drop the genre, mood or popularity and try again."
EXHAUSTED = (
    "No song is left that fits this radio's filters — press **Loosen** to drop the genre, "
    "mood and popularity, or start a new `/radio`."
)


def session_seed(session_id: str) -> int:
    """The session's exploration seed: the same session replays the same way."""
    return zlib.crc32(session_id.encode())


def loosened(query: Query, session: RadioSession) -> Query:
    """The query without the filters that can run a radio dry (genre, mood, band). A radio
    that started from a genre alone goes on from the last song it played instead."""
    last = session.presses[-1][0] if session.presses else ""
    seeds = query.seeds or ((last,) if last and not query.artists else ())
    if not (seeds or query.artists):
        return dataclasses.replace(query, mood=None, targets={}, popularity="any")
    return dataclasses.replace(
        query, seeds=seeds, genre=None, mood=None, targets={}, popularity="any"
    )


class RadioDesk:
    def __init__(self, services: Services, verdicts: Verdicts | None = None) -> None:
        self.services = services
        self.verdicts = verdicts  # None: "Never" and saving likes are unavailable

    @property
    def keep_seconds(self) -> float:
        return self.services.settings.radio_keep_hours * 3600.0

    async def turn(self, session: RadioSession, query: Query) -> RadioTurn:
        """The radio after the session's presses, for the member who started it (their
        dislikes and left-out artists stay out)."""
        services = self.services
        taste = await services.member_taste(session.owner_id)
        query = dataclasses.replace(
            query,
            exclude_tracks=query.exclude_tracks | taste.disliked_ids,
            exclude_artists=query.exclude_artists | frozenset(taste.left_out_artists),
        )
        presses = [Press(track_id, kind) for track_id, kind in session.presses]  # type: ignore[arg-type]
        radio = Radio(services.recommender)
        return await services.off_loop(radio.turn, query, presses, session_seed(session.session_id))

    def card(self, session: RadioSession, turn: RadioTurn, votes: dict | None = None) -> Reply:
        embed = radio_embed(session, turn, votes or {}, self.services.catalog)
        return Reply(embed=embed, view=radio_view(session, turn))

    # -- /radio ----------------------------------------------------------------------

    async def start(
        self,
        owner_id: int,
        query: Query,
        *,
        shared: bool = False,
        channel_id: int = 0,
        in_server: bool = False,
    ) -> Reply:
        store = self.services.tastes
        if store is None:
            return oops(t(NO_STORE))
        if shared and not in_server:
            return oops(t(SHARED_IN_SERVER))
        session = RadioSession(
            secrets.token_urlsafe(6),
            owner_id,
            encode(query),
            time.time() + self.keep_seconds,
            shared=shared,
            channel_id=channel_id if shared else 0,
        )
        try:
            turn = await self.turn(session, query)
        except RecommenderError as exc:
            return oops(error_text(exc))
        if turn.now is None:
            return oops(t(START_EXHAUSTED))
        session = dataclasses.replace(session, current=turn.now.track.track_id)
        try:
            await store.start_radio(session)
        except StorageError:
            return oops(t(NO_STORE))
        return self.card(session, turn)

    # -- the buttons -------------------------------------------------------------------

    async def press(
        self, session_id: str, step: int, action: str, presser_id: int, channel_id: int = 0
    ) -> Reply:
        """A press on a card: a `Reply` to show in place of the card (not ephemeral) or a
        private answer (ephemeral)."""
        store = self.services.tastes
        if store is None:
            return oops(t(NO_STORE))
        try:
            session = await store.radio_session(session_id)
        except StorageError:
            return oops(t(NO_STORE))
        if session is None:
            return oops(t(GONE))
        owner = presser_id == session.owner_id
        if not session.shared and not owner:
            return oops(t(NOT_YOURS))
        if action in ("x", "t", "l") and not owner:
            return oops(t(OWNER_ONLY))
        if step != session.step:
            return oops(t(MOVED_ON))
        query = decode(session.query)
        if query is None:
            return oops(t(GONE))
        try:
            if action == "x":
                await store.end_radio(session_id)
                return Reply(embed=stopped_embed(session, self.services.recommender.tracks))
            if action == "t":
                session = dataclasses.replace(session, save_likes=not session.save_likes)
                return await self.save(session, step, query)
            if action == "l":
                query = loosened(query, session)
                session = dataclasses.replace(session, query=encode(query))
                return await self.save(session, step, query)
            kind = KINDS.get(action)
            if kind is None or not session.current:
                return oops(t(MOVED_ON))
            await self.remember(session, kind, presser_id)
            if session.shared:
                return await self.vote(session, step, query, kind, presser_id)
            return await self.advance(session, step, query, kind)
        except StorageError:
            return oops(t(NO_STORE))
        except RecommenderError as exc:
            return oops(error_text(exc))

    async def remember(self, session: RadioSession, kind: str, presser_id: int) -> None:
        """What a press tells the presser's own taste: "Never" is their dislike; with the
        toggle on, the starter's "More like this" is a like."""
        if self.verdicts is None:
            return
        if kind == "never":
            await self.verdicts.dislike(presser_id, session.current)
        elif kind == "like" and session.save_likes and presser_id == session.owner_id:
            await self.verdicts.like(presser_id, session.current)

    async def vote(
        self, session: RadioSession, step: int, query: Query, kind: str, presser_id: int
    ) -> Reply:
        store = self.services.tastes
        assert store is not None
        votes = await store.vote_radio(session.session_id, step, presser_id, kind)
        if not votes:
            return oops(t(MOVED_ON))
        if sum(votes.values()) < SHARED_QUORUM:
            return self.card(session, await self.turn(session, query), votes)
        likes = votes.get("like", 0)
        decided = "like" if likes > sum(votes.values()) - likes else "skip"
        return await self.advance(session, step, query, decided)

    async def advance(self, session: RadioSession, step: int, query: Query, kind: str) -> Reply:
        session = dataclasses.replace(session, presses=(*session.presses, (session.current, kind)))
        return await self.save(session, step, query)

    async def save(self, session: RadioSession, step: int, query: Query) -> Reply:
        """The session's next card, stored first (a press that lost the race is told so)."""
        store = self.services.tastes
        assert store is not None
        turn = await self.turn(session, query)
        session = dataclasses.replace(
            session,
            current=turn.now.track.track_id if turn.now else "",
            expires_at=time.time() + self.keep_seconds,
        )
        if not await store.update_radio(session, step):
            return oops(t(MOVED_ON))
        return self.card(session, turn)

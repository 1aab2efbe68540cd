"""What /like, /dislike, /likes, /forget and /mix answer, as `Reply` objects (the cog sends
them to Discord, the console prints them). Storage runs in the store's thread and the
recommender in a worker thread, so the event loop never waits on either.

`like` and `dislike` are the entry points for buttons too: a like button on a list calls
`like(presser_id, track_id)`. It counts for whoever presses it, not for the member who ran
the search: a like says what the presser thinks of the song, and refusing would make them
search again to say it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from bot.cogs.taste.embeds import LIKES_PER_PAGE, likes_embed, mix_embed
from bot.cogs.taste.views import ForgetView, LikesView
from bot.i18n import plural, t
from bot.services import Services
from bot.storage import (
    StorageBusy,
    StorageCorrupt,
    StorageError,
    StorageReadOnly,
    TasteStore,
    Verdict,
)
from bot.ui.errors import error_text
from bot.ui.limits import safe
from bot.ui.pages import Catalog
from bot.ui.reply import MAX_COUNT, Reply, count_out_of_range, oops
from recommender import Recommender, RecommenderError, Track, export_files

log = logging.getLogger(__name__)
T = TypeVar("T")

MIX_HINT = (
    "Your mix is built from songs you like, and you haven't liked any yet. Try "
    "`/like song:Blinding Lights`, then `/mix`."
)


def storage_text(error: StorageError) -> str:
    """A database fault in a member's words (the host's log has the details, once)."""
    if isinstance(error, StorageBusy):
        return t("I'm busy saving other members' likes; please try again in a few seconds.")
    reason = {
        StorageReadOnly: t("the bot's database is read-only"),
        StorageCorrupt: t("the bot's database file is damaged"),
    }.get(type(error)) or t("the bot's database can't be used right now")
    return t(
        "I can't reach your likes right now ({reason}; the host has been told). "
        "Recommendations still work; nothing you saved before is lost.",
        reason=reason,
    )


def song(track: Track) -> str:
    return f"**{safe(track.label, 150)}**"


class TasteReplies:
    """The likes commands over one recommender and one store; no Discord connection needed."""

    def __init__(
        self,
        recommender: Recommender,
        store: TasteStore,
        catalog: Catalog,
        view_timeout: float = 180.0,
        services: Services | None = None,
    ) -> None:
        """With the bot's `services`, serve through them: the index they serve now (a reload
        swaps it there) and their work queue; without, over `recommender` directly."""
        self._recommender = recommender
        self.store = store
        self._catalog = catalog
        self.view_timeout = view_timeout
        self.services = services

    @property
    def recommender(self) -> Recommender:
        return self.services.recommender if self.services else self._recommender

    @property
    def catalog(self) -> Catalog:
        return self.services.catalog if self.services else self._catalog

    async def off_loop(self, fn: Callable[..., T], *args: Any) -> T:
        if self.services:
            return await self.services.off_loop(fn, *args)
        return await asyncio.to_thread(fn, *args)

    async def find(self, song_name: str) -> Track:
        """The track a typed name or picked id means (SongNotFoundError otherwise)."""
        resolution = await self.off_loop(self.recommender.resolve, song_name)
        return resolution.track

    # -- /like and /dislike (and the buttons, later) ---------------------------------

    async def like(self, member_id: int, song_name: str) -> Reply:
        try:
            track = await self.find(song_name)
            change = await self.store.set_verdict(
                member_id, track.track_id, track.label, Verdict.LIKE, artist=track.artist
            )
        except RecommenderError as exc:
            return oops(error_text(exc))
        except StorageError as exc:
            return oops(storage_text(exc))
        if change.before is Verdict.LIKE:
            text = t("You already like {song}.", song=song(track))
        elif change.before is Verdict.DISLIKE:
            text = t("Moved {song} from your dislikes to your likes.", song=song(track))
        else:
            text = t("Liked {song}. `/mix` builds a list from your likes.", song=song(track))
        if change.artist_back:
            artist = f"**{safe(track.artist, 100)}**"
            text += " " + t("You had left out {artist}; they're back in.", artist=artist)
        return oops(text)

    async def dislike(self, member_id: int, song_name: str, whole_artist: bool = False) -> Reply:
        try:
            track = await self.find(song_name)
            if whole_artist:
                added = await self.store.leave_out_artist(member_id, track.artist)
                change = None
            else:
                change = await self.store.set_verdict(
                    member_id, track.track_id, track.label, Verdict.DISLIKE
                )
                added = False
        except RecommenderError as exc:
            return oops(error_text(exc))
        except StorageError as exc:
            return oops(storage_text(exc))
        if change is None:
            artist = f"**{safe(track.artist, 100)}**"
            if not added:
                return oops(t("You already left out {artist}.", artist=artist))
            return oops(
                t(
                    "Left out {artist}: none of their songs will be recommended to you. "
                    "Liking one of their songs brings them back.",
                    artist=artist,
                )
            )
        if change.before is Verdict.DISLIKE:
            return oops(t("You already disliked {song}.", song=song(track)))
        if change.before is Verdict.LIKE:
            return oops(
                t(
                    "Disliked {song}. Moved it from your likes. I won't recommend it to you again.",
                    song=song(track),
                )
            )
        return oops(t("Disliked {song}. I won't recommend it to you again.", song=song(track)))

    # -- /likes ------------------------------------------------------------------------

    async def likes(self, member_id: int, member_name: str, public: bool = False) -> Reply:
        try:
            taste = await self.store.taste(member_id)
        except StorageError as exc:
            return oops(storage_text(exc))
        rows = [self.shown(saved.track_id, saved.label) for saved in taste.likes]
        pages = max(1, -(-len(rows) // LIKES_PER_PAGE))
        missing = sum(1 for *_, present in rows if not present)
        if missing:
            log.debug("a member has %d liked songs this catalog no longer has", missing)
        totals = " · ".join(
            taste_counts(len(taste.likes), len(taste.dislikes), len(taste.left_out_artists))
        )
        title = t("{member}'s liked songs", member=member_name) if public else t("Your liked songs")

        def render(page: int):
            start = page * LIKES_PER_PAGE
            return likes_embed(
                rows[start : start + LIKES_PER_PAGE],
                title=title,
                first_number=start + 1,
                page=page + 1,
                pages=pages,
                totals=totals,
                left_out=taste.left_out_artists,
                catalog=self.catalog.name,
                catalog_size=self.catalog.size,
            )

        if not taste.likes:
            return Reply(embed=render(0), ephemeral=not public)

        def files() -> dict[str, str]:
            return export_files(
                [self.track_or_saved(s.track_id, s.label) for s in taste.likes], "likes"
            )

        view = LikesView(render, pages, member_id, self.view_timeout, files)
        return Reply(embed=render(0), view=view, ephemeral=not public)

    def track_or_saved(self, track_id: str, label: str) -> Track:
        """The catalog's track, or (dropped from a rebuilt catalog) what was saved of it."""
        try:
            return self.recommender.track(track_id)
        except RecommenderError:
            return Track(track_id, label or track_id, "")

    def shown(self, track_id: str, label: str) -> tuple[str, str, bool]:
        """(label, url, still in the catalog): a song a rebuilt catalog dropped keeps the
        label it was saved with, and is reported rather than hidden."""
        track = self.track_or_saved(track_id, label)
        present = track_id in self.recommender.tracks.row_of
        return (track.label if present else track.name, track.url, present)

    # -- /forget -----------------------------------------------------------------------

    async def forget_prompt(self, member_id: int) -> Reply:
        if self.services:
            await self.services.lists.settle()
        try:
            taste = await self.store.taste(member_id)
        except StorageError as exc:
            return oops(storage_text(exc))
        if taste.empty:
            try:  # saved list queries and blend choices alone need no confirmation
                gone = await self.store.forget(member_id)
            except StorageError as exc:
                return oops(storage_text(exc))
            if gone.consents:
                return oops(
                    t("Done: I deleted your blend permission. I store nothing about you now.")
                )
            return oops(t("I have nothing stored about you, so there is nothing to forget."))
        likes, dislikes, artists = taste_counts(
            len(taste.likes), len(taste.dislikes), len(taste.left_out_artists)
        )
        text = t(
            "This deletes everything I store about you: {likes}, {dislikes} and {artists}. "
            "It can't be undone.",
            likes=likes,
            dislikes=dislikes,
            artists=artists,
        )
        view = ForgetView(lambda: self.forget(member_id), member_id, self.view_timeout)
        return Reply(content=text, view=view, ephemeral=True)

    async def forget(self, member_id: int) -> str:
        if self.services:
            await self.services.lists.settle()
        try:
            gone = await self.store.forget(member_id)
        except StorageError as exc:
            return storage_text(exc)
        if not gone.total and not gone.consents:
            return t("There was nothing left to delete: I store nothing about you.")
        if not gone.total:
            return t("Done: I deleted your blend permission. I store nothing about you now.")
        likes, dislikes, artists = taste_counts(gone.likes, gone.dislikes, gone.artists)
        done = t(
            "Done: I deleted {likes}, {dislikes} and {artists}. I store nothing about you now.",
            likes=likes,
            dislikes=dislikes,
            artists=artists,
        )
        if gone.consents:
            done += " " + t("Your blend permission is gone too.")
        return done

    # -- /mix ----------------------------------------------------------------------------

    async def mix(
        self,
        member_id: int,
        member_name: str,
        genre: str | None,
        count: int,
        mood: str | None = None,
        popularity: str | None = None,
    ) -> Reply:
        if not 1 <= count <= MAX_COUNT:
            return oops(count_out_of_range())
        try:
            taste = await self.store.taste(member_id)
        except StorageError as exc:
            return oops(storage_text(exc))
        if not taste.likes:
            return oops(t(MIX_HINT))
        try:
            made = await self.off_loop(
                partial(
                    self.recommender.mix,
                    [s.track_id for s in taste.likes],
                    count,
                    genre,
                    exclude_tracks=taste.disliked_ids,
                    exclude_artists=taste.left_out_artists,
                    mood=mood,
                    popularity=popularity or "any",
                )
            )
        except RecommenderError as exc:
            return oops(error_text(exc))
        if not made.picks and made.missing and made.clusters == 0:
            return oops(
                t(
                    "None of the songs you like are in this bot's catalog any more (it was "
                    "rebuilt); `/likes` lists them. Like a few songs from this catalog for a mix."
                )
            )
        embed = mix_embed(
            made,
            member_name,
            genre,
            len(taste.likes) - len(made.missing),
            self.catalog.name,
            self.catalog.size,
        )
        return Reply(embed=embed)


def taste_counts(likes: int, dislikes: int, artists: int) -> tuple[str, str, str]:
    """ "1 liked song", "2 disliked songs", "1 artist left out": each count with its noun
    in the member's language, singular for 1."""
    return (
        plural(likes, "{count} liked song", "{count} liked songs"),
        plural(dislikes, "{count} disliked song", "{count} disliked songs"),
        plural(artists, "{count} artist left out", "{count} artists left out"),
    )

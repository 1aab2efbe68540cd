"""What /blend and /privacy answer, as `Reply` objects (the cog sends them, the console prints
them). A member's likes join someone else's blend only with their consent: their standing
choice (`/privacy blends:allow`), or a press of "Allow this blend" under a blend that waits
for them, which allows that one group's blend only.
"""

from __future__ import annotations

import logging
from functools import partial

from bot.cogs.blend.ask import BlendAsk, Person
from bot.cogs.blend.embed import blend_embed
from bot.cogs.blend.recent import RecentBlends
from bot.cogs.blend.view import AllowView, BlendView
from bot.cogs.taste.handlers import TasteReplies, storage_text
from bot.i18n import t
from bot.storage import StorageError, Taste
from bot.ui.errors import error_text
from bot.ui.limits import safe
from bot.ui.pages import PAGES
from bot.ui.reply import MAX_COUNT, Reply, count_out_of_range, oops
from recommender import BLEND_MAX_MEMBERS, Blend, RecommenderError, export_files

log = logging.getLogger(__name__)

NOT_A_MEMBER = "These buttons are for the members of this blend — `/blend` makes your own."
NO_LONGER_ALLOWED = (
    "Not everyone in this blend allows it any more — run `/blend` again to ask them."
)


def names_of(people: list[Person]) -> str:
    shown = [p.mention for p in people]
    return (
        shown[0]
        if len(shown) == 1
        else t("{first} and {last}", first=", ".join(shown[:-1]), last=shown[-1])
    )


class BlendReplies:
    """/blend and /privacy over the likes commands' recommender and store."""

    def __init__(self, taste: TasteReplies) -> None:
        self.taste = taste
        self.recent = RecentBlends()  # what a press on a blend just shown finds again

    # -- /privacy ----------------------------------------------------------------------

    async def privacy(self, member_id: int, blends: str | None) -> Reply:
        try:
            if blends is not None:
                await self.taste.store.set_blend_consent(member_id, blends == "allow")
            choice = (await self.taste.store.blend_consent([member_id], "*"))[member_id]
        except StorageError as exc:
            return oops(storage_text(exc))
        if choice:
            text = t(
                "Your likes may join other members' blends. `/privacy blends:deny` stops that."
            )
        elif choice is None:
            text = t(
                "Your likes join someone else's blend only if you allow it: press **Allow this "
                "blend** when a blend asks, or `/privacy blends:allow` for every blend."
            )
        else:
            text = t(
                "Your likes stay out of other members' blends, unless you press **Allow this "
                "blend** on one. `/privacy blends:allow` lets them join every blend."
            )
        return oops(text)

    # -- /blend ------------------------------------------------------------------------

    def refusal(self, asker: Person, others: list[Person]) -> str | None:
        """What is wrong with the members asked for, in one line, or None."""
        if not others:
            return t("Name at least one member to blend with: `/blend with:@member`.")
        if any(p.bot for p in others):
            return t("Bots have no likes to blend: pick members who use `/like`.")
        if any(p.id == asker.id for p in others):
            return t("A blend is you and others: for songs from your likes alone, use `/mix`.")
        if len({p.id for p in others}) + 1 > BLEND_MAX_MEMBERS:
            return t(
                "A blend is for you and up to {most} members; leave some out.",
                most=BLEND_MAX_MEMBERS - 1,
            )
        return None

    async def blend(
        self, asker: Person, others: list[Person], count: int = 10, mood: str | None = None
    ) -> Reply:
        refused = self.refusal(asker, others)
        if refused:
            return oops(refused)
        if not 1 <= count <= MAX_COUNT:
            return oops(count_out_of_range())
        unique = list({p.id: p for p in others}.values())
        ask = BlendAsk(asker.id, tuple(p.id for p in unique), count, mood)
        try:
            consent = await self.taste.store.blend_consent(ask.others, ask.scope)
        except StorageError as exc:
            return oops(storage_text(exc))
        waiting = [p for p in unique if not consent.get(p.id)]
        if waiting:
            return self.waiting_reply(ask, waiting)
        return await self.made(ask, {p.id: p.mention for p in (asker, *unique)})

    def waiting_reply(self, ask: BlendAsk, waiting: list[Person]) -> Reply:
        """Said in the channel (the members named must see it), with the button they press."""
        text = t(
            "Waiting for {members}: their likes join a blend only if they allow it. Press "
            "**Allow this blend** to join this one (only this one); `/privacy blends:allow` "
            "allows every blend.",
            members=names_of(waiting),
        )
        return Reply(content=text, view=AllowView(ask))

    async def allow(self, presser: int, ask: BlendAsk, mention: dict[int, str]) -> Reply:
        """A press of "Allow this blend": the presser's one-time consent; the blend once no
        one is waiting, else who still is (private when the presser was not asked)."""
        if presser not in ask.others:
            return oops(
                t("This button is for the members the blend waits for; `/blend` makes your own.")
            )
        try:
            await self.taste.store.set_blend_consent(presser, True, ask.scope)
            consent = await self.taste.store.blend_consent(ask.others, ask.scope)
        except StorageError as exc:
            return oops(storage_text(exc))
        waiting = [Person(m, mention[m]) for m in ask.others if not consent.get(m)]
        if waiting:
            return self.waiting_reply(ask, waiting)
        return await self.made(ask, mention)

    async def again(self, presser: int, ask: BlendAsk, mention: dict[int, str], page: int) -> Reply:
        """A press on a blend's ◀ ▶ or Export, on any message, after any restart: the blend
        run again (as its members' likes are now) and its `page`, if the presser is one of
        its members and they all still allow it; a private answer otherwise."""
        if presser not in ask.members:
            return oops(t(NOT_A_MEMBER))
        try:
            consent = await self.taste.store.blend_consent(ask.others, ask.scope)
        except StorageError as exc:
            return oops(storage_text(exc))
        if not all(consent.get(m) for m in ask.others):
            return oops(t(NO_LONGER_ALLOWED))
        return await self.made(ask, mention, page)

    async def made(self, ask: BlendAsk, mention: dict[int, str], page: int = 0) -> Reply:
        """The blend for members who all allowed it: everyone's likes, nobody's dislikes."""
        try:
            tastes = [await self.taste.store.taste(m) for m in ask.members]
        except StorageError as exc:
            return oops(storage_text(exc))
        empty = [
            Person(m, mention[m])
            for m, taste in zip(ask.members, tastes, strict=True)
            if not taste.likes
        ]
        if empty:
            return oops(
                t(
                    "No liked songs yet from {members}, so there is nothing of theirs to "
                    "blend: a few `/like song:` first, then `/blend` again.",
                    members=names_of(empty),
                )
            )
        try:
            made = await self.taste.off_loop(partial(self.run, ask, tastes))
        except RecommenderError as exc:
            return oops(error_text(exc))
        if made.no_likes:
            lost = [Person(ask.members[i], mention[ask.members[i]]) for i in made.no_likes]
            return oops(
                t(
                    "None of the songs {members} liked are in this bot's catalog any more "
                    "(it was rebuilt); a few `/like song:` from this catalog, then `/blend`.",
                    members=names_of(lost),
                )
            )
        return self.blend_reply(ask, made, [mention[m] for m in ask.members], page)

    def run(self, ask: BlendAsk, tastes: list[Taste]) -> Blend:
        recommender = self.taste.recommender
        likes = tuple(tuple(s.track_id for s in taste.likes) for taste in tastes)
        disliked = frozenset().union(*(taste.disliked_ids for taste in tastes))
        artists = frozenset(a for taste in tastes for a in taste.left_out_artists)
        k = ask.count * PAGES
        return self.recent.get(
            recommender,
            (likes, disliked, artists, ask.mood, k),
            partial(
                recommender.blend,
                likes,
                k,
                exclude_tracks=disliked,
                exclude_artists=artists,
                mood=ask.mood,
            ),
        )

    def blend_reply(self, ask: BlendAsk, made: Blend, names: list[str], page: int = 0) -> Reply:
        catalog = self.taste.catalog
        picks = made.picks
        pages = max(1, -(-len(picks) // ask.count))
        shown = [safe(n, 80) for n in names]

        def render(page: int):
            start = page * ask.count
            return blend_embed(
                picks[start : start + ask.count],
                shown,
                first_number=start + 1,
                page=page + 1,
                pages=pages,
                served=made.served,
                catalog=catalog.name,
                catalog_size=catalog.size,
            )

        def files() -> dict[str, str]:
            return export_files([p.recommendation.track for p in picks], "blend")

        note = t(
            "The blend: a table (title, artist, link) and the links alone — paste those into "
            "a Spotify playlist in the desktop app."
        )
        view = BlendView(render, pages, ask, files, note, page)
        return Reply(embed=render(view.page), view=view)

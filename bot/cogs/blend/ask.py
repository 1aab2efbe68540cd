"""A blend request as data: who asked, with whom, how many songs a page, the mood; and its
short text form for a button's custom id (`<asker>.<member>…:<count>:<mood>`, ids in base 62)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ui.reply import MAX_COUNT
from bot.ui.song_list import base62, from_base62
from recommender import BLEND_MAX_MEMBERS


@dataclass(frozen=True)
class Person:
    """A member as the blend names them: their id, how to mention them, and whether they are
    a bot (bots have no likes, and can't consent)."""

    id: int
    mention: str
    bot: bool = False


@dataclass(frozen=True)
class BlendAsk:
    """One blend request: who asked, with whom, how many songs a page, the mood. Everything a
    button needs to run it again."""

    asker: int
    others: tuple[int, ...]
    count: int = 10
    mood: str | None = None

    @property
    def members(self) -> tuple[int, ...]:
        return (self.asker, *self.others)

    @property
    def scope(self) -> str:
        """The group a one-time consent allows: this asker with these members."""
        return f"{self.asker}:{'.'.join(map(str, sorted(self.others)))}"


_OTHERS = BLEND_MAX_MEMBERS - 1
_ASK = re.compile(
    rf"(?P<ids>[0-9A-Za-z]{{1,11}}(?:\.[0-9A-Za-z]{{1,11}}){{1,{_OTHERS}}})"
    r":(?P<count>\d{1,2}):(?P<mood>[a-z]*)"
)


def encode_ask(ask: BlendAsk) -> str:
    ids = ".".join(base62(m) for m in ask.members)
    return f"{ids}:{ask.count}:{ask.mood or ''}"


def decode_ask(text: str) -> BlendAsk | None:
    match = _ASK.fullmatch(text)
    if match is None or not 1 <= int(match["count"]) <= MAX_COUNT:
        return None
    asker, *others = (from_base62(part) for part in match["ids"].split("."))
    return BlendAsk(asker, tuple(others), int(match["count"]), match["mood"] or None)

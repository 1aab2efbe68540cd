"""A list's query as short text: what a button's custom id carries, and what the member's
database keeps for the few lists too long for one.

Fields are a one-letter tag and a value, joined by `|`; the items of a list by `^`; `\\`
escapes any of the three inside a name or genre. A field at its default is left out.

    s  seed songs (track ids)      a  artist seeds         g  genre        k  songs per page
    m  mood                        t  targets (energy=0.8^tempo=high)
    p  popularity band (m: mainstream, d: deep; another band as its word)
    x  left-out artists            e  left-out songs       h  left-out genres
    c  no explicit songs (flag)    n  same scene (flag)    r  most songs per artist
    o  offset

`s0001xxxxxxxxxxxxxxxxxx|gRock|mcalm|k3` is three songs a page like one track, in Rock, pulled
toward calm. Decoding is total: a garbled or forged text gives None, never an exception.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from recommender import Query, RecommenderError

FIELD, ITEM, ESCAPE = "|", "^", "\\"
_SPECIAL = re.compile(r"[\\|^]")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_NUMBER = re.compile(r"[0-9]{1,3}")

# tag -> (the Query field, how its value is written)
TAGS: dict[str, tuple[str, str]] = {
    "s": ("seeds", "items"),
    "a": ("artists", "items"),
    "g": ("genre", "text"),
    "m": ("mood", "text"),
    "t": ("targets", "targets"),
    "p": ("popularity", "band"),
    "x": ("exclude_artists", "items"),
    "e": ("exclude_tracks", "items"),
    "h": ("exclude_genres", "items"),
    "c": ("no_explicit", "flag"),
    "n": ("scene", "flag"),
    "r": ("max_per_artist", "number"),
    "o": ("offset", "number"),
    "k": ("k", "number"),
}
# Bands by their initial: "mainstream" alone would take a tenth of a custom id.
BANDS = {"m": "mainstream", "d": "deep"}
_BAND_LETTERS = {band: letter for letter, band in BANDS.items()}
DEFAULTS: dict[str, Any] = {
    f.name: f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
    for f in dataclasses.fields(Query)
}


def encode(query: Query) -> str:
    """`query` as text; `decode` gives it back."""
    fields = []
    for tag, (name, kind) in TAGS.items():
        value = getattr(query, name)
        if value != DEFAULTS[name]:
            fields.append(tag + _written(kind, value))
    return FIELD.join(fields)


def decode(text: str) -> Query | None:
    """The query `encode` wrote; None for anything else (unknown or repeated tags, a bad
    value, a query the recommender would refuse)."""
    fields = _split(text, FIELD)
    if fields is None:
        return None
    values: dict[str, Any] = {}
    for raw in fields:
        name, kind = TAGS.get(raw[:1], ("", ""))
        if not name or name in values:
            return None
        value = _read(kind, raw[1:])
        if value is None:
            return None
        values[name] = value
    try:
        return Query(**values)
    except (RecommenderError, ValueError, TypeError):
        return None


def _escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: ESCAPE + m[0], text)


def _items(values: Iterable[str]) -> str:
    return ITEM.join(_escape(v) for v in values)


def _written(kind: str, value: Any) -> str:
    if kind == "flag":
        return ""
    if kind == "number":
        return str(value)
    if kind == "text":
        return _escape(value)
    if kind == "band":
        return _BAND_LETTERS.get(value) or _escape(value)
    if kind == "targets":
        return _items(f"{name}={number}" for name, number in value.items())
    # A set has no order: sorted, so one query always gives the same id.
    return _items(sorted(value) if isinstance(value, frozenset) else value)


def _read(kind: str, raw: str) -> Any:
    """The value of one field, or None when it is not one `_written` could have made."""
    if kind == "flag":
        return True if raw == "" else None
    if kind == "number":
        return int(raw) if _NUMBER.fullmatch(raw) else None
    items = _split(raw, ITEM)
    if items is None:
        return None
    values = [_ESCAPED.sub(r"\1", item) for item in items]
    if kind in ("text", "band"):
        if len(values) != 1:
            return None
        return BANDS.get(values[0], values[0]) if kind == "band" else values[0]
    return tuple(values)  # items, and targets as "name=value" texts the query parses


def _split(text: str, separator: str) -> list[str] | None:
    """`text` cut at each unescaped `separator`, escapes kept; None if it ends mid-escape."""
    parts, start, i = [], 0, 0
    while i < len(text):
        if text[i] == ESCAPE:
            i += 2
            continue
        if text[i] == separator:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    if i > len(text):
        return None
    parts.append(text[start:])
    return parts

"""Genre names as people type them: case, punctuation and common aliases forgiven."""

from __future__ import annotations

import re
from collections.abc import Container

# Typed spellings that should reach a catalog genre; keys and values are canonical keys.
ALIASES = {
    "rb": "rnb",
    "randb": "rnb",
    "rhythmandblues": "rnb",
    "hiphop": "rap",
    "electronic": "edm",
    "electronicdancemusic": "edm",
    "dance": "edm",
    "latino": "latin",
    "rocknroll": "rock",
}


def genre_key(name: str) -> str:
    """ "R&B", "r & b", "RnB", "R and B" -> "rnb"; "Hip-Hop" -> "hiphop"."""
    text = name.casefold().replace("&", "n")
    text = re.sub(r"\band\b", "n", text)
    return re.sub(r"[^0-9a-z\u00c0-\uffff]+", "", text)


def resolve_key(typed: str, known: Container[str]) -> str | None:
    """The known canonical key a typed name reaches, directly or through an alias."""
    key = genre_key(typed)
    if key in known:
        return key
    alias = ALIASES.get(key)
    return alias if alias in known else None

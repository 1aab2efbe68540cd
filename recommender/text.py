"""Text normalisation shared by name matching and release de-duplication."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
# "(feat. X)" / "[with X]" anywhere, or a bare trailing "feat. X"; "With or Without You" stays.
_FEAT = re.compile(
    r"\s*[\(\[]\s*(?:feat|ft|featuring|with)\b\.?[^\)\]]*[\)\]]"
    r"|\s+(?:feat|ft|featuring)\b\.?\s[^\(\)\[\]-]*$",
    re.IGNORECASE,
)
# Suffixes that mark another version of the same song. Remixes, live and acoustic takes
# sound somewhat different, but "songs like Despacito" that open with "Despacito - Remix"
# are not what a listener asked for, so they count as the same song too.
_RELEASE_WORDS = (
    r"remaster(?:ed)?|radio edit|edit|single version|album version|original version|"
    r"explicit|clean|mono|stereo|bonus track|deluxe(?: edition)?|from .+ soundtrack|"
    r"remix|mix|rmx|live|acoustic|unplugged|version|vip|instrumental|stripped|re-?work"
)
_RELEASE_SUFFIX = re.compile(
    rf"\s*(?:-\s*|[\(\[])(?:[^\(\)\[\]-]*\b(?:{_RELEASE_WORDS})\b[^\(\)\[\]-]*)[\)\]]?\s*$",
    re.IGNORECASE,
)


def normalize(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: "Beyoncé!" -> "beyonce"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).replace("_", " ").split())


def base_title(title: str) -> str:
    """The title without release markers: "Help! - Remastered 2009" -> "Help!"."""
    previous = None
    while previous != title:
        previous = title
        title = _FEAT.sub("", title)
        title = _RELEASE_SUFFIX.sub("", title)
    return title.strip() or previous.strip()


def primary_artist(artist: str) -> str:
    """The first credited artist of "A;B" or "A, B" or "A feat. B"."""
    first = re.split(r";|,| & | feat\.? | ft\.? ", artist, maxsplit=1)[0]
    return first.strip() or artist.strip()


def song_key(title: str, artist: str) -> str:
    """One key per song across its releases: same base title and primary artist."""
    return f"{normalize(base_title(title))}\x1f{normalize(primary_artist(artist))}"

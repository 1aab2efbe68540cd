"""Text normalisation shared by name matching and release de-duplication."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
# Dropped, not spaced: people type "dont" and "livin" for "Don't" and "Livin'".
_APOSTROPHES = re.compile(r"['’‘`´]")
_AND = re.compile(r"\s*&\s*")
# "(feat. X)" / "[with X]" anywhere, or a bare trailing "feat. X"; "With or Without You" stays.
_FEAT = re.compile(
    r"\s*[\(\[]\s*(?:feat|ft|featuring|with)\b\.?[^\)\]]*[\)\]]"
    r"|\s+(?:feat|ft|featuring)\b\.?\s[^\(\)\[\]-]*$",
    re.IGNORECASE,
)
# Everything after the title proper: the first " - " or opening bracket that follows some
# text. On both catalogs what follows is a version marker ("- Remastered 2009", "- Album
# Version (Edited)", "(Sensation 2014 Anthem) - Radio Edit", "- Ao Vivo", '[From "Film"]',
# "- International") or a subtitle people rarely type ("Blue (Da Ba Dee)"). Cutting there
# covers markers no word list anticipates; a title that opens with a bracket, "(I Can't Get
# No) Satisfaction", keeps it.
_SUFFIX = re.compile(r"\s+[-–—]\s+.*$|\s*[\(\[].*$")


def normalize(text: str) -> str:
    """Lower-case, strip accents and punctuation, "&" -> "and", collapse spaces:
    "Beyoncé!" -> "beyonce", "Livin' It Up" -> "livin it up". A name made only of symbols
    keeps them ("!!!", "?", "△"): stripped, the band !!! and every such title would share
    the empty key, so none could be named and leaving out "???" would leave out all of them."""
    words = _AND.sub(" and ", _APOSTROPHES.sub("", text))
    if not words.isascii():  # most names are ASCII: skip the per-character pass for them
        decomposed = unicodedata.normalize("NFKD", words)
        words = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = " ".join(_NON_WORD.sub(" ", words.casefold()).replace("_", " ").split())
    return key or symbols_key(text)


def symbols_key(text: str) -> str:
    """The key of a name with no letter or digit: its symbols, compatibility-folded
    (full-width "！" is "!"), spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def base_title(title: str) -> str:
    """The title without featured artists or version markers: "Help! - Remastered 2009" ->
    "Help!"; the whole title when nothing would be left."""
    title = title.strip()
    stripped = _FEAT.sub("", title).strip()
    suffix = _SUFFIX.search(stripped, 1)  # from 1: a title may open with a bracket
    cut = stripped[: suffix.start()].strip() if suffix else stripped
    return cut or stripped or title


def split_artists(artist: str) -> list[str]:
    """Every credited artist of "A;B", "A, B", "A & B" or "A feat. B", in order."""
    parts = re.split(r";|,| & | feat\.? | ft\.? | featuring | x ", artist)
    return [p.strip() for p in parts if p.strip()] or [artist.strip()]


def primary_artist(artist: str) -> str:
    """The first credited artist of "A;B" or "A, B" or "A feat. B"."""
    return split_artists(artist)[0]


def song_key(title: str, artist: str) -> str:
    """One key per song across its releases: same base title and primary artist. Matching
    and every recommendation filter use this one key."""
    return join_song_key(normalize(base_title(title)), normalize(primary_artist(artist)))


def join_song_key(title_key: str, artist_key: str) -> str:
    """The song key from a normalised base title and normalised first artist."""
    return f"{title_key}\x1f{artist_key}"

"""Errors the recommender raises; each carries a message fit to show a person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class RecommenderError(Exception):
    """Base class: every error here has a message a user or host can act on."""


class CatalogError(RecommenderError):
    """The catalog CSV cannot be used (missing columns, unreadable, empty)."""


class SourceError(RecommenderError):
    """The catalog could not be fetched or failed verification."""


class IndexFileError(RecommenderError):
    """Base for problems with the files in the index directory."""


class IndexMissingError(IndexFileError):
    """No index has been built in this directory yet."""


class IndexCorruptError(IndexFileError):
    """Index files are truncated, altered, or do not match their manifest."""


class InvalidQueryError(RecommenderError, ValueError):
    """A query asks for something impossible: no seed and no genre, k out of range..."""


class SongNotFoundError(RecommenderError):
    """No track matches the query well enough; `suggestions` holds near misses."""

    def __init__(self, query: str, suggestions: list | None = None) -> None:
        self.query = query
        self.suggestions = list(suggestions or [])
        super().__init__(f"No song matches {query!r}.")


class TrackNotInCatalogError(SongNotFoundError):
    """A Spotify link, URI or track id that names a track this catalog does not hold."""


# The longest name, genre or artist a person may type: the longest title in the real
# catalogs is ~180 characters, and fuzzy matching costs grow with the typed length.
MAX_TYPED = 200


class NameTooLongError(SongNotFoundError, InvalidQueryError):
    """Typed text longer than MAX_TYPED: refused before any matching (a song, an artist or a
    genre, so it is caught wherever either of those errors is)."""

    def __init__(self, typed: str) -> None:
        super().__init__(typed[:40] + "…", [])
        self.length = len(typed)
        self.args = (f"A name can be at most {MAX_TYPED} characters long; type a shorter one.",)


def bounded(typed: str) -> str:
    """`typed`, or NameTooLongError when it is longer than anyone's name."""
    if len(typed) > MAX_TYPED:
        raise NameTooLongError(typed)
    return typed


class UnknownGenreError(RecommenderError):
    """The genre is not in the catalog; `valid` lists the ones that are."""

    def __init__(self, genre: str, valid: list[str]) -> None:
        self.genre = genre
        self.valid = list(valid)
        super().__init__(f"Unknown genre {genre!r}.")


class UnknownArtistError(InvalidQueryError):
    """No artist in the catalog is called anything like `typed`; `suggestions` are the
    closest names."""

    def __init__(self, typed: str, suggestions: list[str]) -> None:
        self.typed = typed
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"I don't know the artist '{typed}'.{hint}")


class NoPopularityError(InvalidQueryError):
    """A popularity band was asked of a catalog that has no popularity values."""

    def __init__(self, band: str) -> None:
        self.band = band
        super().__init__(f"This catalog has no popularity, so {band!r} can't be chosen.")


@dataclass(frozen=True)
class Explanation:
    """What to tell a person about an error: a sentence about what they typed (`subject`,
    which each front end quotes its own way), and options to pick from instead."""

    template: str  # "{}" marks where the subject goes
    subject: str = ""
    options: tuple[str, ...] = ()
    options_title: str = ""

    def sentence(self, quote: Callable[[str], str] = repr) -> str:
        return self.template.replace("{}", quote(self.subject), 1)


def explain(error: RecommenderError) -> Explanation:
    """The one mapping from an error to words; the CLI and the bot each format it."""
    if isinstance(error, NameTooLongError):
        return Explanation(str(error))
    if isinstance(error, TrackNotInCatalogError):
        return Explanation("That track isn't in this catalog: {}.", error.query)
    if isinstance(error, SongNotFoundError):
        suggestions = tuple(s.label for s in error.suggestions[:5])
        return Explanation(
            "I couldn't find a song matching {}.", error.query, suggestions, "Did you mean"
        )
    if isinstance(error, UnknownArtistError):
        close = tuple(error.suggestions[:5])
        return Explanation("I don't know the artist {}.", error.typed, close, "Did you mean")
    if isinstance(error, NoPopularityError):
        return Explanation("This catalog has no popularity, so a popularity band can't be used.")
    if isinstance(error, UnknownGenreError):
        if not error.valid:
            return Explanation("This catalog has no genres, so a genre filter can't be used.")
        return Explanation(
            "I don't know the genre {}.", error.genre, tuple(error.valid), "Try one of"
        )
    return Explanation(str(error).replace("{}", "{ }"))

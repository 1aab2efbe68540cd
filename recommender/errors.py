"""Errors the recommender raises; each carries a message fit to show a person."""

from __future__ import annotations


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


class SongNotFoundError(RecommenderError):
    """No track matches the query well enough; `suggestions` holds near misses."""

    def __init__(self, query: str, suggestions: list | None = None) -> None:
        self.query = query
        self.suggestions = list(suggestions or [])
        super().__init__(f"No song matches {query!r}.")


class UnknownGenreError(RecommenderError):
    """The genre is not in the catalog; `valid` lists the ones that are."""

    def __init__(self, genre: str, valid: list[str]) -> None:
        self.genre = genre
        self.valid = list(valid)
        super().__init__(f"Unknown genre {genre!r}.")

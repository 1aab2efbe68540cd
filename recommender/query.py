"""One request type for everything that shapes a list of recommendations.

New knobs (artist seeds, moods and targets, popularity bands, a member's likes) become
fields here, so they do not widen every signature between a command and the index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import InvalidQueryError

MAX_K = 500  # a list longer than this is a catalog dump, not a recommendation


def _strings(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = (values,)
    return tuple(v.strip() for v in values if v and v.strip())


@dataclass(frozen=True)
class Query:
    """Songs to list: like `seeds` (track ids, typed names or Spotify links), within `genre`.

    `k` songs from the `offset`-th on; never a seed, another version of a seed, a song twice,
    an excluded track or artist, or more than `max_per_artist` by one artist (default 2 with
    a seed, 1 for a genre alone)."""

    seeds: tuple[str, ...] = ()
    genre: str | None = None
    k: int = 10
    offset: int = 0
    exclude_tracks: frozenset[str] = field(default_factory=frozenset)
    exclude_artists: frozenset[str] = field(default_factory=frozenset)
    max_per_artist: int | None = None
    scene: bool = False  # "same scene": the playlist signal leads, not the sound

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise once, here
        set_(self, "seeds", _strings(self.seeds))
        set_(self, "genre", (self.genre or "").strip() or None)
        set_(self, "exclude_tracks", frozenset(_strings(self.exclude_tracks)))
        set_(self, "exclude_artists", frozenset(_strings(self.exclude_artists)))
        if isinstance(self.k, bool) or not isinstance(self.k, int) or not 1 <= self.k <= MAX_K:
            raise InvalidQueryError(f"k (how many songs) must be from 1 to {MAX_K}, got {self.k}.")
        if not isinstance(self.offset, int) or self.offset < 0:
            raise InvalidQueryError(f"offset must be 0 or more, got {self.offset}.")
        if self.max_per_artist is not None and self.max_per_artist < 1:
            raise InvalidQueryError("max_per_artist must be at least 1.")
        if not self.seeds and not self.genre:
            raise InvalidQueryError("Give a song, a genre, or both.")
        if len(self.seeds) > 1:
            raise InvalidQueryError("One song at a time for now.")

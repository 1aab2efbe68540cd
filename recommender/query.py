"""One request type for everything that shapes a list of recommendations.

New knobs (artist seeds, moods and targets, popularity bands, a member's likes) become
fields here, so they do not widen every signature between a command and the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from recommender.errors import InvalidQueryError
from recommender.ranking.moods import mood_targets, parse_targets

MAX_K = 500  # a list longer than this is a catalog dump, not a recommendation
MAX_SEEDS = 5  # songs and artists together, as Spotify's /recommendations allowed
POPULARITY_BANDS = ("mainstream", "any", "deep")


def _strings(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = (values,)
    return tuple(v.strip() for v in values if v and v.strip())


@dataclass(frozen=True)
class Query:
    """Songs to list: like the blend of `seeds` (track ids, typed names or Spotify links) and
    `artists` (their songs' sound), within `genre`, pulled toward `mood` and `targets`
    (feature -> value in its own units, or "low"/"mid"/"high"), in a `popularity` band.

    `k` songs from the `offset`-th on; never a seed, another version of a seed, a song by an
    artist seed, a song twice, an excluded track, artist or genre, an explicit song when
    `no_explicit`, or more than `max_per_artist` by one artist (default 2 with a seed, 1
    otherwise)."""

    seeds: tuple[str, ...] = ()
    genre: str | None = None
    k: int = 10
    offset: int = 0
    exclude_tracks: frozenset[str] = field(default_factory=frozenset)
    exclude_artists: frozenset[str] = field(default_factory=frozenset)
    max_per_artist: int | None = None
    artists: tuple[str, ...] = ()
    mood: str | None = None
    targets: Mapping[str, float | str] = field(default_factory=dict)
    popularity: str = "any"
    exclude_genres: frozenset[str] = field(default_factory=frozenset)
    no_explicit: bool = False
    scene: bool = False  # "same scene": the playlist signal leads, not the sound

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise once, here
        set_(self, "seeds", _strings(self.seeds))
        set_(self, "genre", (self.genre or "").strip() or None)
        set_(self, "exclude_tracks", frozenset(_strings(self.exclude_tracks)))
        set_(self, "exclude_artists", frozenset(_strings(self.exclude_artists)))
        set_(self, "artists", _strings(self.artists))
        set_(self, "exclude_genres", frozenset(_strings(self.exclude_genres)))
        set_(self, "mood", (self.mood or "").strip().casefold() or None)
        set_(self, "popularity", (self.popularity or "any").strip().casefold())
        set_(self, "targets", _targets(self.targets))
        if isinstance(self.k, bool) or not isinstance(self.k, int) or not 1 <= self.k <= MAX_K:
            raise InvalidQueryError(f"k (how many songs) must be from 1 to {MAX_K}, got {self.k}.")
        if not isinstance(self.offset, int) or self.offset < 0:
            raise InvalidQueryError(f"offset must be 0 or more, got {self.offset}.")
        if self.max_per_artist is not None and self.max_per_artist < 1:
            raise InvalidQueryError("max_per_artist must be at least 1.")
        if not (self.seeds or self.artists or self.genre or self.mood or self.targets):
            raise InvalidQueryError("Give a song, an artist, a genre, a mood or a target.")
        if len(self.seeds) + len(self.artists) > MAX_SEEDS:
            raise InvalidQueryError(
                f"At most {MAX_SEEDS} seeds (songs and artists together), got "
                f"{len(self.seeds) + len(self.artists)}; leave some out."
            )
        if self.mood:
            mood_targets(self.mood)  # an unknown mood is refused here, with the list
        if self.popularity not in POPULARITY_BANDS:
            raise InvalidQueryError(
                f"popularity is one of {', '.join(POPULARITY_BANDS)}, got '{self.popularity}'."
            )

    @property
    def filters(self) -> tuple[tuple[str, str], ...]:
        """The filters given that can leave no song, as (field, value) pairs: the genre, the
        popularity band, each excluded artist and genre, no_explicit ("yes")."""
        given = [("genre", self.genre)] if self.genre else []
        if self.popularity != "any":
            given.append(("popularity", self.popularity))
        given += [("exclude_artists", a) for a in sorted(self.exclude_artists)]
        given += [("exclude_genres", g) for g in sorted(self.exclude_genres)]
        if self.no_explicit:
            given.append(("no_explicit", "yes"))
        return tuple(given)

    @property
    def steered_targets(self) -> dict[str, float | str]:
        """The mood's targets, overridden by explicit ones."""
        return {**(mood_targets(self.mood) if self.mood else {}), **self.targets}


def _targets(targets: Mapping[str, float | str] | Iterable[str] | None) -> dict:
    """Targets from a mapping or from "energy=0.8" strings, checked against each range."""
    if not targets:
        return {}
    if not isinstance(targets, Mapping):
        return parse_targets(targets)
    return parse_targets(f"{name}={value}" for name, value in targets.items())

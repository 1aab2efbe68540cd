"""Artists as seeds: what a typed artist name means, and the songs that stand for them."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import cached_property
from itertools import islice

import numpy as np

from recommender.catalog.columns import CategoryColumn, take
from recommender.catalog.text import normalize, primary_artist
from recommender.catalog.tracks import TrackTable
from recommender.errors import MAX_TYPED, UnknownArtistError, bounded
from recommender.models import Suggestion
from recommender.names.matcher import rank_labels, typed_key

SOUND_SONGS = 50  # an artist's sound: the mean of their most popular songs, up to this many
FUZZY_CUTOFF = 88.0  # a typed name this close to one artist means that artist
# "Contains" matches and "did you mean" look among this many best-known artists: every
# artist of catalogs up to ~1M tracks, a bounded scan per keystroke beyond.
SCANNED_ARTISTS = 100_000


def _codes(keys: Sequence[str]) -> tuple[np.ndarray, Sequence[str]]:
    """Each row's artist as a code into the sorted distinct keys, and those keys: the stored
    category as it is, else (a catalog whose artists rarely repeat) worked out once."""
    if isinstance(keys, CategoryColumn):  # its vocabulary is sorted at build
        return np.asarray(keys.codes), keys.vocab
    vocab, codes = np.unique(np.array(list(keys), dtype=object), return_inverse=True)
    return codes.astype(np.int32), [str(k) for k in vocab]


class ArtistTable:
    """The catalog's artists, best known first (most songs, then the most popular song), each
    with its songs most popular first. Arrays over the stored artist codes, no per-row
    Python objects: ~0.1 s and a few MB at 1M tracks, where a pandas frame of the keys took
    0.85 s and 80 MB (and ten times both at 10M)."""

    def __init__(self, tracks: TrackTable) -> None:
        self.tracks = tracks
        codes, self.vocab = _codes(tracks.artist_keys)
        popularity = np.nan_to_num(tracks.popularity.as_float())
        # Rows by artist, most popular first (stable: equals keep their catalog order).
        order = np.lexsort((-popularity, codes))
        by_artist = codes[order]
        starts = np.flatnonzero(np.diff(by_artist, prepend=-1))  # each artist's first row
        counts = np.diff(np.r_[starts, len(order)])
        artist_codes = by_artist[starts]
        if len(artist_codes) and self.vocab[int(artist_codes[0])] == "":  # no artist: sorts first
            starts, counts, artist_codes = starts[1:], counts[1:], artist_codes[1:]
        self._order = order.astype(np.int32)
        self._starts, self._counts, self._codes = starts, counts, artist_codes
        weight = counts * 100 + popularity[order[starts]]  # many songs first, then fame
        # Best known first; among equals, alphabetical (codes follow the sorted keys).
        self._by_weight = np.lexsort((artist_codes, -weight))
        self._rank = np.empty(len(starts), dtype=np.int64)
        self._rank[self._by_weight] = np.arange(len(starts))

    def _artist(self, key: str) -> int | None:
        """The artist's place in the tables, or None when no row has that key."""
        code = bisect_left(self.vocab, key)
        if code >= len(self.vocab) or self.vocab[code] != key:
            return None
        at = int(np.searchsorted(self._codes, code))
        return at if at < len(self._codes) and self._codes[at] == code else None

    def _keys(self, artists: np.ndarray) -> list[str]:
        return take(self.vocab, self._codes[artists].tolist())

    def _names(self, artists: np.ndarray) -> list[str]:
        """Each artist as credited on their most popular row."""
        rows = self._order[self._starts[artists]].tolist()
        return [primary_artist(a) for a in take(self.tracks.columns["artist"], rows)]

    def rows(self, key: str) -> np.ndarray:
        """The artist's most popular rows (SOUND_SONGS at most), most popular first."""
        artist = self._artist(key)
        if artist is None:
            raise KeyError(key)
        start = int(self._starts[artist])
        return self._order[start : start + min(int(self._counts[artist]), SOUND_SONGS)]

    def name(self, key: str) -> str:
        """The artist as credited on their most popular row."""
        return primary_artist(self.tracks.columns["artist"][int(self.rows(key)[0])])

    def _starting(self, key: str, limit: int) -> np.ndarray:
        """Artists whose key starts with `key`, best known first (a range of the sorted
        keys)."""
        lo = bisect_left(self.vocab, key)
        hi = bisect_left(self.vocab, key + "\U0010ffff", lo)
        first, last = np.searchsorted(self._codes, [lo, hi])
        found = np.arange(first, last)
        if found.size > limit:
            found = found[np.argpartition(self._rank[found], limit - 1)[:limit]]
        return found[np.argsort(self._rank[found])]

    @cached_property
    def _scanned(self) -> tuple[list[str], list[str]]:
        """The SCANNED_ARTISTS best-known keys and their names, best known first."""
        best = self._by_weight[:SCANNED_ARTISTS]
        return self._keys(best), self._names(best)

    def resolve(self, typed: str) -> str:
        """The artist key a typed name means; a clear error with suggestions otherwise."""
        typed = bounded(typed or "")
        key = typed_key(typed)
        # The catalog keys an artist by the first one credited ("? & The Mysterians" is "?").
        for exact in (key, normalize(primary_artist(typed))):
            if exact and self._artist(exact) is not None:
                return exact
        first = self._keys(self._starting(key, 1)) if key else []
        if first:
            return first[0]
        keys, names = self._scanned
        close = rank_labels(typed, names, 5, cutoff=60) if key else []
        best = keys[names.index(close[0])] if close else ""
        # WRatio scores a short name inside a long typed one highly ("ZK" in "qqxqzv zzkq"):
        # a typo changes a few letters, so the lengths must be alike too.
        alike = 0.7 <= len(best) / max(len(key), 1) <= 1.4
        if alike and rank_labels(typed, close[:1], 1, cutoff=FUZZY_CUTOFF):
            return best
        raise UnknownArtistError(typed, close)

    def autocomplete(self, text: str, limit: int = 25) -> list[Suggestion]:
        """Artists whose name starts with (then contains) what was typed, best known first."""
        key = typed_key((text or "")[:MAX_TYPED])
        names = self._names(self._starting(key, limit))
        if len(names) < limit and key:
            keys, scanned = self._scanned
            inside = (
                n for k, n in zip(keys, scanned, strict=True) if key in k and not k.startswith(key)
            )
            names += islice(inside, limit - len(names))
        return [Suggestion(n, n, 100.0) for n in names]

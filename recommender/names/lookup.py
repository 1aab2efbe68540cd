"""What a typed name, "Artist - Title", track id or Spotify link means: one song, or "not
found" with suggestions; and the songs to offer while a name is being typed."""

from __future__ import annotations

from recommender.catalog.tracks import TrackTable
from recommender.errors import MAX_TYPED, SongNotFoundError, TrackNotInCatalogError, bounded
from recommender.models import Resolution, Suggestion
from recommender.names.matcher import NameMatcher, spotify_id

# Below this a name is "not found", with suggestions. Calibrated on the calibration halves
# of both catalogs' labelled queries (`name_queries.calibrated_cutoff`, docs/names.md): every
# cutoff from 86 to 92 is best on both (84-92 on TidyTuesday alone); 89 is the middle.
MATCH_CUTOFF = 89.0
AMBIGUITY_MARGIN = 3.0  # other songs this close to the best are named as alternatives
SUGGESTIONS = 5


class NameLookup:
    def __init__(self, tracks: TrackTable, matcher: NameMatcher) -> None:
        self.tracks = tracks
        self.matcher = matcher

    def _distinct_songs(
        self, ranked: list[tuple[int, float]], limit: int
    ) -> list[tuple[int, float]]:
        """One entry per song (its best-ranked release), in rank order."""
        seen, out = set(), []
        for row, score in ranked:
            key = self.tracks.song_keys[row]
            if key not in seen:
                seen.add(key)
                out.append((row, score))
                if len(out) == limit:
                    break
        return out

    def ranked(self, query: str, limit: int = SUGGESTIONS + 1) -> list[tuple[int, float]]:
        """(row, score) of the best-matching songs for typed text, one release per song."""
        return self._distinct_songs(self.matcher.rank(query), limit)

    def resolve(self, query: str) -> tuple[int, Resolution]:
        """The row and resolution of what `query` names; SongNotFoundError otherwise."""
        query = bounded((query or "").strip())
        if not query:
            raise SongNotFoundError(query, [])
        own = self.tracks.row_of.get(query)  # the catalog's own id, whatever its shape
        if own is not None:
            return own, Resolution(self.tracks.track(own), 100.0, exact=True)
        track_id = spotify_id(query)
        if track_id is not None:
            row = self.tracks.row_of.get(track_id)
            if row is None:  # never fuzzy-match the text of a link
                raise TrackNotInCatalogError(query, [])
            return row, Resolution(self.tracks.track(row), 100.0, exact=True)
        ranked = self.ranked(query)
        suggest = self.tracks.suggestion
        if not ranked or ranked[0][1] < MATCH_CUTOFF:
            raise SongNotFoundError(query, [suggest(r, s) for r, s in ranked[:SUGGESTIONS]])
        best_row, best = ranked[0]
        alternatives = tuple(suggest(r, s) for r, s in ranked[1:] if s >= best - AMBIGUITY_MARGIN)
        return best_row, Resolution(self.tracks.track(best_row), best, alternatives)

    def autocomplete(self, text: str, limit: int = 25) -> list[Suggestion]:
        """Up to `limit` songs for a partial name, one per song, ranked as `resolve` ranks.

        A track id (what Discord sends back once a choice was picked) offers that track."""
        limit = max(1, min(limit, 25))
        text = (text or "")[:MAX_TYPED]  # still being typed: what fits is what counts
        own = self.tracks.row_of.get(text.strip())  # a picked choice of any catalog's ids
        if own is not None:
            return [self.tracks.suggestion(own, 100.0)]
        track_id = spotify_id(text or "")
        if track_id is not None:  # a pasted link or a picked id: that track, or nothing
            picked = self.tracks.row_of.get(track_id)
            return [] if picked is None else [self.tracks.suggestion(picked, 100.0)]
        ranked = self.matcher.rank(text or "", limit=limit, prefix=True)
        return self.tracks.suggestions(self._distinct_songs(ranked, limit))

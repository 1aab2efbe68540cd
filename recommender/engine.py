"""`Recommender`: the public verbs over one loaded index — recommend, resolve, autocomplete,
profile, genres. Each verb hands its work to the room that owns it: `names`, `neighbours`,
`describe`, `genres`."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from .describe import Describer
from .errors import SongNotFoundError
from .genres import GenreTable
from .models import (
    FeatureProfile,
    GenreInfo,
    Recommendation,
    Recommendations,
    Resolution,
    Suggestion,
    Track,
)
from .names import NameLookup
from .neighbours import Filters, Neighbours
from .query import Query
from .ranking import Ranking, era_columns
from .store import LoadedIndex, load_index
from .text import normalize, primary_artist
from .tracks import TrackTable

log = logging.getLogger(__name__)


class Recommender:
    """Songs that sound alike, over one loaded index. Construct with `Recommender.load`."""

    def __init__(self, index: LoadedIndex) -> None:
        self.index = index
        self.tracks = TrackTable(index.catalog)
        self.names = NameLookup(self.tracks, index.matcher)
        self.neighbours = Neighbours(self.tracks)
        self.describer = Describer(
            self.tracks,
            index.space.columns,
            index.space.weight_vector(),
            index.manifest.distance_scale,
        )
        self.ranking = Ranking(
            self.neighbours,
            index.vectors,
            index.manifest.distance_scale,
            index.scene,
            era_columns(index.space.columns),
        )
        self.genre_table = GenreTable(
            {col: {n: f.rows for n, f in parts.items()} for col, parts in index.partitions.items()}
        )

    @classmethod
    def load(cls, directory: str | Path, verify: bool = True) -> Recommender:
        return cls(load_index(Path(directory), verify=verify))

    # -- facts about the catalog -------------------------------------------------------

    @property
    def size(self) -> int:
        return len(self.tracks)

    @property
    def source_name(self) -> str:
        return self.index.manifest.source_name

    @property
    def catalog(self) -> pd.DataFrame:
        """One row per track, as stored (for evaluation and analysis)."""
        return self.index.catalog

    @property
    def vectors(self) -> np.ndarray:
        """The weighted, standardised feature vectors, row for row with `catalog`."""
        return self.index.vectors

    def track(self, track_id: str) -> Track:
        row = self.tracks.row_of.get(track_id)
        if row is None:
            raise SongNotFoundError(track_id)
        return self.tracks.track(row)

    # -- names ------------------------------------------------------------------------

    def resolve(self, query: str) -> Resolution:
        """The track a typed name, "Artist - Title", track id or Spotify link means."""
        return self.names.resolve(query)[1]

    def autocomplete(self, text: str, limit: int = 25) -> list[Suggestion]:
        """Up to `limit` songs for a partial name, one per song."""
        return self.names.autocomplete(text, limit)

    # -- genres -------------------------------------------------------------------------

    def genre_names(self) -> list[str]:
        return self.genre_table.names()

    def resolve_genre(self, typed: str) -> tuple[str, str]:
        """(column, catalog name) for a typed genre or subgenre."""
        return self.genre_table.resolve(typed)

    def genres(self) -> list[GenreInfo]:
        """Genres with track counts, each with its subgenres."""
        return list(self.genre_table.infos)

    # -- recommendations ----------------------------------------------------------------

    def similar(
        self,
        seed: str | None = None,
        k: int = 10,
        genre: str | None = None,
        max_per_artist: int | None = None,
    ) -> Recommendations:
        """`k` songs like `seed` (a name, track id or link), optionally within `genre`."""
        seeds = (seed,) if seed else ()
        return self.recommend(Query(seeds, genre=genre, k=k, max_per_artist=max_per_artist))

    def recommend(self, query: Query) -> Recommendations:
        """The list `query` asks for. Each seed name is resolved once, here.

        With a seed: its nearest songs (in the genre's own forest when a genre is given).
        With only a genre: the songs nearest its centroid, one per artist."""
        resolved = [self.names.resolve(seed) for seed in query.seeds]
        column, genre = self.resolve_genre(query.genre) if query.genre else (None, None)
        forest = self.index.partitions[column][genre] if genre else self.index.main
        seed_rows = [row for row, _ in resolved]
        if seed_rows:
            target = np.asarray(self.vectors[seed_rows[0]], dtype=np.float32)
            cap = 2
        else:
            centroid = self.index.manifest.partitions[column][genre].centroid
            target = np.asarray(centroid, dtype=np.float32)
            cap = 1
        filters = Filters(
            cap=query.max_per_artist or cap,
            skip_rows=set(seed_rows),
            skip_songs={self.tracks.song_keys[r] for r in seed_rows},
            skip_track_ids=query.exclude_tracks,
            skip_artists={normalize(primary_artist(a)) for a in query.exclude_artists},
        )
        seed_row = seed_rows[0] if seed_rows else None
        picked = self.ranking.rank(
            forest, target, query.offset + query.k, filters, seed_row, same_scene=query.scene
        )
        items = tuple(
            self._recommendation(row, dist, target, seed_row, genre, lifted)
            for row, dist, lifted in picked[query.offset :]
        )
        summary = self.describer.summary(seed_row) if seed_row is not None else ""
        return Recommendations(items, tuple(r for _, r in resolved), genre, summary)

    def _recommendation(self, row, dist, target, seed_row, genre, lifted) -> Recommendation:
        vector = np.asarray(self.vectors[row], dtype=np.float64)
        reason = self.describer.reason(row, vector, target, seed_row, genre, lifted)
        score = round(self.describer.similarity(dist), 4)
        return Recommendation(self.tracks.track(row), score, reason)

    # -- profiles ---------------------------------------------------------------------

    def profile(self, query: str) -> FeatureProfile:
        """A track's audio profile: each feature with its catalog percentile, in human units."""
        row, _ = self.names.resolve(query)
        return self.describer.profile(row)

"""`Recommender`: the public verbs over one loaded index — recommend, bridge, mix, blend,
resolve, autocomplete, profile, genres. Each verb hands its work to the part that owns it
(`names/`, `ranking/pipeline`, `ranking/describe`, `ranking/bridge`, `ranking/mix`,
`ranking/blend`), wired here."""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from recommender.ann.cells import Scope
from recommender.catalog.features import AUDIO_FEATURES
from recommender.catalog.scene import SceneEmbedding
from recommender.catalog.text import normalize, primary_artist
from recommender.catalog.tracks import TrackTable
from recommender.errors import NoPopularityError
from recommender.models import (
    FeatureProfile,
    GenreInfo,
    Reason,
    Recommendation,
    Recommendations,
    Resolution,
    Steered,
    Suggestion,
    Track,
)
from recommender.names.artists import ArtistTable
from recommender.names.genres import GenreTable
from recommender.names.lookup import NameLookup
from recommender.query import Query
from recommender.ranking.blend import BYSTANDER_WEIGHT, Blend, Blender
from recommender.ranking.bridge import DEFAULT_STEPS, Bridge, BridgeMaker
from recommender.ranking.candidates import Candidates
from recommender.ranking.describe import Describer
from recommender.ranking.mix import MAX_CLUSTERS, Mix, Mixer
from recommender.ranking.moods import describe_targets
from recommender.ranking.neighbours import Filters, Neighbours
from recommender.ranking.pipeline import Aim, Pick, Pipeline
from recommender.ranking.scene import era_columns
from recommender.ranking.steering import Steering
from recommender.store import Forest, LoadedIndex, Manifest, Warmth, load_index

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Seeds:
    """A query's seeds, resolved: song rows, their resolutions, artist keys, and every seed's
    (label, vector) point in order."""

    rows: list[int]
    resolutions: tuple[Resolution, ...]
    artist_keys: list[str]
    points: list[tuple[str, np.ndarray]]

    @property
    def single_song(self) -> int | None:
        """The row when the only seed is one song (not an artist), else None."""
        return self.rows[0] if len(self.points) == 1 and self.rows else None


@dataclass(frozen=True)
class Plan:
    """A query worked out: its seeds, the genre as the catalog names it, where to search,
    the aim (target point, emphasis, scene seed), the filters, the targets and the band."""

    seeds: _Seeds
    genre: str | None
    candidates: Candidates  # the whole catalog's, searched within `scope` when there is one
    scope: Scope | None
    aim: Aim
    filters: Filters
    targets: dict[str, float]
    band: tuple[float, float] | None


def steered(query: Query, band: tuple[float, float] | None, knows_explicit: bool) -> Steered:
    """What steered the list, as data ("mood calm · energy 0.80 · deep cuts (popularity 0-21) ·
    no explicit" in English: `recommender.words`)."""
    return Steered(
        mood=query.mood or None,
        targets=describe_targets(
            {n: v for n, v in query.targets.items() if not isinstance(v, str)}
        ),
        levels=tuple((n, v) for n, v in query.targets.items() if isinstance(v, str)),
        band=query.popularity if band is not None and query.popularity != "any" else None,
        band_range=band,
        no_explicit=query.no_explicit,
        explicit_known=knows_explicit,
    )


class Recommender:
    """Songs that sound alike, over one loaded index. Construct with `Recommender.load`."""

    def __init__(self, index: LoadedIndex) -> None:
        self.index = index
        self._tracks = index.tracks
        self.names = NameLookup(self._tracks, index.matcher)
        self.neighbours = Neighbours(self._tracks, index.representative)
        self.steering = Steering(index.space, self._tracks, index.manifest.popularity_bands)
        self.describer = Describer(
            self._tracks,
            index.space.columns,
            index.space.weight_vector(),
            index.manifest.distance_scale,
        )
        self.pipeline = Pipeline(
            self.neighbours,
            index.vectors,
            index.manifest.distance_scale,
            index.scene,
            era_columns(index.space.columns),
        )
        self._bridges = BridgeMaker(
            self.names.resolve,
            self._tracks,
            index.vectors,
            index.main,
            self.neighbours,
            self.describer.similarity,
        )
        self._mixer = Mixer(self.recommend, self._tracks, index.vectors)
        self._blender = Blender(self.ranked, self._tracks, index.vectors, self.describer.similarity)
        self.genre_table = GenreTable(
            {
                col: {name: s.rows for name, s in parts.items()}
                for col, parts in index.partitions.items()
            }
        )

    @classmethod
    def load(cls, directory: str | Path, verify: bool = False) -> Recommender:
        """Open an index; `verify` adds every file's full SHA-256 to the cheap checks."""
        return cls(load_index(Path(directory), verify=verify))

    def warm(self) -> Warmth:
        """Pay now what a fresh process's first queries would (decoding the small vocabularies,
        mapping each page of the index into this process, the artist table): call it in a
        thread after `load` when members will wait on the first answers. Safe beside queries;
        changes no answer."""
        start = time.perf_counter()
        warmth = self.index.warm()
        _ = self.artists  # else built by the first artist typed (~1 s at 10M tracks)
        return replace(warmth, seconds=time.perf_counter() - start)

    # -- facts about the catalog -------------------------------------------------------

    @property
    def size(self) -> int:
        return len(self.tracks)

    @property
    def source_name(self) -> str:
        return self.index.manifest.source_name

    @property
    def manifest(self) -> Manifest:
        """What the loaded index was built from and with (read-only)."""
        return self.index.manifest

    @property
    def catalog(self) -> pd.DataFrame:
        """One row per track, as stored (for evaluation and analysis)."""
        return self.index.catalog

    @property
    def vectors(self) -> np.ndarray:
        """The weighted, standardised feature vectors, row for row with `catalog` (read-only)."""
        return self.index.vectors

    @property
    def tracks(self) -> TrackTable:
        """The catalog as columns a row indexes (ids, keys, audio), row for row with `vectors`;
        read-only, for evaluation and benchmarks."""
        return self._tracks

    @property
    def forest(self) -> Forest:
        """The whole catalog's nearest-neighbour forest (`nearest(vector, n, effort)`)."""
        return self.index.main

    @property
    def scene(self) -> SceneEmbedding | None:
        """The playlist scene the lists are ranked with (None: the catalog has none)."""
        return self.index.scene

    @property
    def rows_by_fame(self) -> np.ndarray:
        """Catalog rows, best known first (the order name ties are broken in); read-only."""
        return self.index.matcher.by_fame

    def track(self, track_id: str) -> Track:
        return self.tracks.track(self.tracks.row(track_id))

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

    def genre_scope(self, column: str, genre: str) -> Scope:
        """The rows of a genre (`column` "genres") or subgenre, as a list's scope."""
        return self.index.partitions[column][genre]

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

        resolve seeds -> build the target point -> the ranking pipeline (candidates within
        the genre when one is given; steered by targets; with one song seed, its
        playlist scene pulls, or leads when `query.scene`; then the filters) -> records. With
        seeds the point is their blend (mean); with only a genre, its centroid; with neither,
        the catalog's middle — targets and a mood then decide the list. Every score is the
        same thing: how close the song is to what was asked (`ranking.pipeline`)."""
        plan = self.plan(query)
        seeds, genre, targets, band = plan.seeds, plan.genre, plan.targets, plan.band
        target, seed_row = plan.aim.target, plan.aim.seed_row
        picked = self.pipeline.rank(
            self.forest, plan.aim, query.offset + query.k, plan.filters, plan.scope
        )
        page = picked[query.offset :]
        vectors = np.asarray(self.vectors[[p.row for p in page]], dtype=np.float64)
        items = tuple(
            self._recommendation(p, vector, target, seeds, genre, targets)
            for p, vector in zip(page, vectors, strict=True)
        )
        return Recommendations(
            items,
            seeds.resolutions,
            genre,
            summary=self.describer.summary(seed_row) if seed_row is not None else None,
            artists=tuple(self.artists.name(k) for k in seeds.artist_keys),
            steering=steered(query, band, self.knows_explicit),
        )

    def ranked(self, query: Query) -> list[Pick]:
        """The rows (and fit distances) `recommend` would list, undescribed: for a caller that
        chooses among many candidates and shows few (a blend), describing each costs more
        than finding it."""
        plan = self.plan(query)
        picked = self.pipeline.rank(
            self.forest, plan.aim, query.offset + query.k, plan.filters, plan.scope
        )
        return picked[query.offset :]

    def plan(self, query: Query) -> Plan:
        """Where `query` aims, in which genre's rows, under which filters (what `recommend` ranks,
        and where a radio starts)."""
        seeds = self._seeds(query)
        column, genre = self.resolve_genre(query.genre) if query.genre else (None, None)
        scope = self.genre_scope(column, genre) if column and genre else None
        base, cap = self._base(seeds, column, genre)
        targets = self.steering.targets(query.steered_targets)
        band = self.steering.band(query.popularity)
        if band is None and query.popularity != "any":  # never ignored without a word
            raise NoPopularityError(query.popularity)
        target, emphasis = self.steering.point(base, targets, band)
        filters = self._filters(query, seeds, cap, band)
        aim = Aim(target, emphasis, seeds.single_song, query.scene)
        found = Candidates(self.forest, self.vectors)
        return Plan(seeds, genre, found, scope, aim, filters, targets, band)

    def _base(self, seeds: _Seeds, column: str | None, genre: str | None):
        """The point a list starts from, and its default artist cap: the seeds' blend (2 per
        artist), else the genre's centroid, else the catalog's middle (1 per artist)."""
        if seeds.points:
            return np.mean([v for _, v in seeds.points], axis=0), 2
        if column and genre:
            return np.asarray(self.index.manifest.partitions[column][genre].centroid), 1
        return np.zeros(self.vectors.shape[1]), 1

    def _filters(self, query: Query, seeds: _Seeds, cap: int, band) -> Filters:
        return Filters(
            cap=query.max_per_artist or cap,
            skip_rows=set(seeds.rows),
            skip_songs={self.tracks.song_keys[r] for r in seeds.rows},
            skip_track_ids=query.exclude_tracks,
            skip_artists={normalize(primary_artist(a)) for a in query.exclude_artists}
            | set(seeds.artist_keys),
            skip_genres={self.resolve_genre(g)[1] for g in query.exclude_genres},
            popularity=band,
            no_explicit=query.no_explicit,
        )

    def _seeds(self, query: Query) -> _Seeds:
        resolved = [self.names.resolve(seed) for seed in query.seeds]
        keys = [self.artists.resolve(name) for name in query.artists]
        points = [(r.track.label, np.asarray(self.vectors[row])) for row, r in resolved]
        points += [
            (self.artists.name(k), np.asarray(self.vectors[self.artists.rows(k)]).mean(axis=0))
            for k in keys
        ]
        return _Seeds([row for row, _ in resolved], tuple(r for _, r in resolved), keys, points)

    def recommendation(self, plan: Plan, pick: Pick, target: np.ndarray) -> Recommendation:
        """One pick as a record, its reason measured against `target` (a radio's course)."""
        vector = np.asarray(self.vectors[pick.row], dtype=np.float64)
        return self._recommendation(pick, vector, target, plan.seeds, plan.genre, plan.targets)

    def _recommendation(self, pick: Pick, vector, target, seeds, genre, targets) -> Recommendation:
        row, dist = pick.row, pick.distance
        if targets:
            values = describe_targets({n: self.tracks.audio_value(row, n) for n in targets})
            reason = Reason("targets", targets=values)
        elif seeds.single_song is not None:
            reason = self.describer.reason(
                row, vector, target, seeds.single_song, genre, lifted=pick.lifted_by
            )
        elif len(seeds.points) == 1 and seeds.artist_keys:
            # One artist and nothing else: the list is about that artist's sound, not a blend.
            artist = seeds.points[0][0]
            reason = self.describer.reason(
                row, vector, target, None, genre, "artist_sound", artist=artist
            )
        elif seeds.points:
            reason = self.describer.reason(row, vector, target, None, genre, "blend")
        else:
            reason = self.describer.reason(row, vector, target, None, genre)
        closest = ""
        if len(seeds.points) > 1:
            gaps = [float(np.linalg.norm(vector - point)) for _, point in seeds.points]
            closest = seeds.points[int(np.argmin(gaps))][0]
        score = round(self.describer.similarity(dist), 4)
        return Recommendation(self.tracks.track(row), score, reason, closest)

    def bridge(self, start: str, end: str, steps: int = DEFAULT_STEPS) -> Bridge:
        """Songs moving step by step from `start`'s sound to `end`'s (names, ids or links)."""
        return self._bridges.bridge(start, end, steps)

    def mix(
        self,
        liked: Sequence[str],
        k: int = 10,
        genre: str | None = None,
        *,
        exclude_tracks: Collection[str] = (),
        exclude_artists: Collection[str] = (),
        max_clusters: int = MAX_CLUSTERS,
        mood: str | None = None,
        popularity: str = "any",
    ) -> Mix:
        """`k` songs for someone who liked `liked` (track ids): each style among the likes
        gets its share, each pick names the liked song it relates to (`ranking.mix`)."""
        return self._mixer.mix(
            liked,
            k,
            genre,
            exclude_tracks=exclude_tracks,
            exclude_artists=exclude_artists,
            max_clusters=max_clusters,
            mood=mood,
            popularity=popularity,
        )

    def blend(
        self,
        likes: Sequence[Sequence[str]],
        k: int = 10,
        *,
        exclude_tracks: Collection[str] = (),
        exclude_artists: Collection[str] = (),
        mood: str | None = None,
        max_clusters: int = MAX_CLUSTERS,
        bystander_weight: float = BYSTANDER_WEIGHT,
    ) -> Blend:
        """`k` songs for a group of 2-5 members, one sequence of liked track ids each: every
        pick is for the member served least so far (max-min), named with whom it suits
        (`ranking.blend`); `exclude_*` are everyone's dislikes and left-out artists."""
        return self._blender.blend(
            likes,
            k,
            exclude_tracks=exclude_tracks,
            exclude_artists=exclude_artists,
            mood=mood,
            max_clusters=max_clusters,
            bystander_weight=bystander_weight,
        )

    def resolve_artist(self, typed: str) -> str:
        """The catalog's name for a typed artist (case, accents and a typo forgiven, as for
        an artist seed); InvalidQueryError with the closest names otherwise. For exclusions
        a person types: one that matches nothing must say so, not silently leave out no one."""
        return self.artists.name(self.artists.resolve(typed))

    def autocomplete_artist(self, text: str, limit: int = 25) -> list[Suggestion]:
        """Up to `limit` artists for a partial name, best known first (value: the name)."""
        return self.artists.autocomplete(text, limit)

    @cached_property
    def knows_explicit(self) -> bool:
        """Whether the catalog marks explicit songs (the 114k one does; TidyTuesday does not)."""
        return self.tracks.explicit.any_known()

    @cached_property
    def artists(self) -> ArtistTable:
        return ArtistTable(self.tracks)  # built on first use: the bot may never need it

    def audio(self, track_id: str) -> dict[str, float]:
        """A track's raw audio features (0-1 values, BPM, dB), by name."""
        audio = self.tracks.audio[self.tracks.row(track_id)]
        return {name: float(v) for name, v in zip(AUDIO_FEATURES, audio, strict=True)}

    # -- profiles ---------------------------------------------------------------------

    def profile(self, query: str) -> FeatureProfile:
        """A track's audio profile: each feature with its catalog percentile, in human units."""
        row, _ = self.names.resolve(query)
        return self.describer.profile(row)

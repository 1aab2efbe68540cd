"""The recommender's public verbs: resolve, autocomplete, similar, profile, genres."""

from __future__ import annotations

import logging
from functools import cached_property
from pathlib import Path

import numpy as np

from . import profile as human
from .catalog import TRACK_COLUMNS, split_list
from .errors import RecommenderError, SongNotFoundError, UnknownGenreError
from .features import AUDIO_FEATURES, UNIT_FEATURES
from .genres import genre_key, resolve_key
from .index import VectorIndex
from .matching import rank_labels, resolve_candidates, spotify_id
from .models import (
    FeatureProfile,
    FeatureValue,
    GenreInfo,
    Recommendation,
    RecommendationList,
    Resolution,
    Suggestion,
    Track,
)
from .store import IndexFiles, load_index

log = logging.getLogger(__name__)

MATCH_CUTOFF = 72.0  # below this a name is "not found", with suggestions
AMBIGUITY_MARGIN = 3.0  # other songs this close to the best are named as alternatives
SEARCH_K_PER_RESULT = 50  # ANNOY nodes inspected per requested neighbour: recall@10 0.9999 (docs)
LABEL_LIMIT = 100  # Discord's choice-name limit
KEY_MODE = [AUDIO_FEATURES.index("key"), AUDIO_FEATURES.index("mode")]


def _plain(column) -> list:
    """Column values as Python objects; missing values (NaN, pd.NA) as None."""
    values = column.astype(object).where(column.notna(), None).tolist()
    if column.dtype.kind in "iuf" or str(column.dtype) == "Int64":
        return [None if v is None else int(v) for v in values]
    return values


class Recommender:
    """Songs that sound alike, over one loaded index. Construct with `Recommender.load`."""

    def __init__(self, files: IndexFiles) -> None:
        self.files = files
        self.catalog = files.catalog
        self.vectors = files.vectors
        self.columns = files.space.columns
        self.scale = float(files.manifest["distance_scale"])
        self.weights = files.space.weight_vector()
        self._unweight = np.where(self.weights > 0, self.weights, 1.0)  # back to z units
        self._row_of = {tid: i for i, tid in enumerate(self.catalog["track_id"])}
        self._resolve_limit = resolve_candidates(len(self.catalog))
        # Plain lists and arrays: pandas row access costs ~50 µs, too much per result.
        self._columns = {c: _plain(self.catalog[c]) for c in TRACK_COLUMNS}
        self._audio = self.catalog[list(AUDIO_FEATURES)].to_numpy(dtype=np.float64)
        self._song_keys = self.catalog["song_key"].tolist()
        self._artist_keys = self.catalog["artist_key"].tolist()
        self._genre_keys = {}
        for column in ("subgenres", "genres"):  # genres win over a subgenre of the same name
            for name in files.partitions.get(column, {}):
                self._genre_keys[genre_key(name)] = (column, name)

    @classmethod
    def load(cls, directory: str | Path, verify: bool = True) -> Recommender:
        return cls(load_index(Path(directory), verify=verify))

    # -- facts about the catalog -------------------------------------------------------

    @property
    def size(self) -> int:
        return len(self.catalog)

    @property
    def source_name(self) -> str:
        return str(self.files.manifest["source"].get("name", "catalog"))

    def sample(self, n: int, seed: int = 0) -> list[Track]:
        """`n` tracks drawn without replacement (for demos and benchmarks)."""
        rng = np.random.default_rng(seed)
        return [
            self._track(int(r)) for r in rng.choice(self.size, min(n, self.size), replace=False)
        ]

    def track(self, track_id: str) -> Track:
        row = self._row_of.get(track_id)
        if row is None:
            raise SongNotFoundError(track_id)
        return self._track(row)

    def _track(self, row: int) -> Track:
        c = self._columns
        return Track(
            track_id=c["track_id"][row],
            name=c["name"][row],
            artist=c["artist"][row],
            album=c["album"][row],
            year=c["year"][row],
            popularity=c["popularity"][row],
            duration_ms=c["duration_ms"][row],
            genres=split_list(c["genres"][row]),
            subgenres=split_list(c["subgenres"][row]),
        )

    # -- names ------------------------------------------------------------------------

    def _label(self, row: int) -> str:
        label = f"{self._columns['name'][row]} — {self._columns['artist'][row]}"
        return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"

    def _distinct_songs(
        self, ranked: list[tuple[int, float]], limit: int
    ) -> list[tuple[int, float]]:
        """One entry per song (its best-ranked release), in rank order."""
        seen, out = set(), []
        for row, score in ranked:
            key = self._song_keys[row]
            if key not in seen:
                seen.add(key)
                out.append((row, score))
                if len(out) == limit:
                    break
        return out

    def resolve(self, query: str) -> Resolution:
        """The track a typed name, "Artist - Title", track id or Spotify link means."""
        query = (query or "").strip()
        if not query:
            raise SongNotFoundError(query, [])
        track_id = spotify_id(query)
        if track_id in self._row_of:
            return Resolution(self._track(self._row_of[track_id]), 100.0, exact=True)
        ranked = self._distinct_songs(
            self.files.matcher.rank(query, limit=self._resolve_limit), limit=6
        )
        if not ranked or ranked[0][1] < MATCH_CUTOFF:
            raise SongNotFoundError(query, [self._suggestion(r, s) for r, s in ranked[:5]])
        best_row, best = ranked[0]
        alternatives = tuple(
            self._suggestion(r, s) for r, s in ranked[1:] if s >= best - AMBIGUITY_MARGIN
        )
        return Resolution(self._track(best_row), best, alternatives)

    def _suggestion(self, row: int, score: float) -> Suggestion:
        return Suggestion(self._label(row), self._columns["track_id"][row], round(score, 1))

    def autocomplete(self, text: str, limit: int = 25) -> list[Suggestion]:
        """Up to `limit` songs for a partial name, one per song, labels ≤ 100 characters.

        A track id (what Discord sends back once a choice was picked) offers that track."""
        picked = self._row_of.get(spotify_id(text or "") or "")
        if picked is not None:
            return [self._suggestion(picked, 100.0)]
        ranked = self.files.matcher.rank(text or "", prefix=True)
        return [self._suggestion(r, s) for r, s in self._distinct_songs(ranked, limit)]

    # -- genres -------------------------------------------------------------------------

    def genre_names(self) -> list[str]:
        return [
            name
            for column in ("genres", "subgenres")
            for name in self.files.partitions.get(column, {})
        ]

    def resolve_genre(self, typed: str) -> tuple[str, str]:
        """(column, catalog name) for a typed genre or subgenre; case and aliases forgiven."""
        found = resolve_key(typed, self._genre_keys)
        if found is None:
            valid = self.genre_names()  # genres first, then subgenres
            close = rank_labels(typed, valid, 5, cutoff=70) if typed else []
            raise UnknownGenreError(typed, close + [g for g in valid if g not in close])
        return self._genre_keys[found]

    def genres(self) -> list[GenreInfo]:
        """Genres with track counts, each with its subgenres (placed by most shared tracks)."""
        return list(self._genre_infos)

    @cached_property
    def _genre_infos(self) -> tuple[GenreInfo, ...]:
        parts = self.files.partitions
        genre_rows = {
            name: set(rows.tolist()) for name, (_, rows) in parts.get("genres", {}).items()
        }
        children: dict[str, list[tuple[str, int]]] = {g: [] for g in genre_rows}
        for name, (_, rows) in parts.get("subgenres", {}).items():
            members = set(rows.tolist())
            parent = max(genre_rows, key=lambda g: len(genre_rows[g] & members), default=None)
            if parent is not None:
                children[parent].append((name, len(members)))
        return tuple(
            GenreInfo(name, len(rows), tuple(sorted(children[name], key=lambda x: -x[1])))
            for name, rows in sorted(genre_rows.items(), key=lambda kv: -len(kv[1]))
        )

    # -- recommendations ----------------------------------------------------------------

    def similar(
        self,
        seed: str | None = None,
        k: int = 10,
        genre: str | None = None,
        max_per_artist: int | None = None,
    ) -> RecommendationList:
        """`k` songs like `seed` (a name or track id), optionally within `genre`.

        With only a genre, the songs most typical of it (nearest its centroid), one per
        artist. Never returns the seed, another release of it, or any song twice.
        """
        if k < 1:
            raise ValueError("k must be at least 1")
        if not seed and not genre:
            raise RecommenderError("Give a song, a genre, or both.")
        seed_row = self._row_of[self.resolve(seed).track.track_id] if seed else None
        column, genre_name = self.resolve_genre(genre) if genre else (None, None)
        index, rows_map = (self.files.main, None)
        if genre_name:
            index, rows_map = self.files.partitions[column][genre_name]
        if seed_row is not None:
            target = np.asarray(self.vectors[seed_row], dtype=np.float32)
            cap = 2 if max_per_artist is None else max_per_artist
        else:
            entry = self.files.manifest["partitions"][column][genre_name]
            target = np.asarray(entry["centroid"], dtype=np.float32)
            cap = 1 if max_per_artist is None else max_per_artist
        picked = self._nearest_distinct(index, rows_map, target, k, seed_row, cap)
        items = tuple(
            self._recommendation(row, dist, target, seed_row, genre_name) for row, dist in picked
        )
        seed_track = self._track(seed_row) if seed_row is not None else None
        return RecommendationList(items, seed_track, genre_name)

    def _nearest_distinct(
        self,
        index: VectorIndex,
        rows_map: np.ndarray | None,
        target: np.ndarray,
        k: int,
        seed_row: int | None,
        cap: int,
    ) -> list[tuple[int, float]]:
        fetch = min(len(index), 3 * k + 10)
        while True:
            ids, dists = index.nearest(target, fetch, search_k=SEARCH_K_PER_RESULT * fetch)
            picked = self._filter(ids, dists, rows_map, k, seed_row, cap)
            if len(picked) >= k or fetch >= len(index):
                return picked
            fetch = min(len(index), fetch * 4)  # filters ate too much: look further out

    def _filter(self, ids, dists, rows_map, k, seed_row, cap) -> list[tuple[int, float]]:
        seen = {self._song_keys[seed_row]} if seed_row is not None else set()
        per_artist: dict[str, int] = {}
        picked = []
        for item, dist in zip(ids, dists, strict=True):
            row = int(rows_map[item]) if rows_map is not None else int(item)
            song, artist = self._song_keys[row], self._artist_keys[row]
            if row == seed_row or song in seen or per_artist.get(artist, 0) >= cap:
                continue
            seen.add(song)
            per_artist[artist] = per_artist.get(artist, 0) + 1
            picked.append((row, float(dist)))
            if len(picked) == k:
                break
        return picked

    def similarity(self, distance: float) -> float:
        """1 for identical features, 0.5 at the catalog's typical distance between songs."""
        return 1.0 / (1.0 + (distance / self.scale) ** 2)

    def _recommendation(self, row, dist, target, seed_row, genre_name) -> Recommendation:
        vector = np.asarray(self.vectors[row], dtype=np.float64)
        gaps = np.abs(vector - target) / self._unweight
        gaps[self.weights == 0] = np.inf
        salience = np.abs(target) / self._unweight
        if seed_row is not None:
            same_key = bool(np.all(self._audio[row, KEY_MODE] == self._audio[seed_row, KEY_MODE]))
            text = human.reason(self.columns, gaps, salience, same_key)
        else:
            text = human.reason(
                self.columns, gaps, salience, False, lead=f"typical {genre_name} in"
            )
        return Recommendation(self._track(row), round(self.similarity(dist), 4), text)

    # -- profiles ---------------------------------------------------------------------

    @cached_property
    def _sorted_features(self) -> dict[str, np.ndarray]:
        return {f: np.sort(self._audio[:, i]) for i, f in enumerate(AUDIO_FEATURES)}

    def profile(self, query: str) -> FeatureProfile:
        """A track's audio profile: each feature with its catalog percentile, in human units."""
        track = self.resolve(query).track
        rec = dict(zip(AUDIO_FEATURES, self._audio[self._row_of[track.track_id]], strict=True))
        values, pct = [], {}
        key = human.key_name(rec["key"], rec["mode"])
        for name in AUDIO_FEATURES:
            value = float(rec[name])
            p = human.percentile(self._sorted_features[name], value)
            if name in ("key", "mode"):
                display, p = (key if name == "key" else key.split()[-1]), None
            elif name == "tempo":
                display = f"{value:.0f} BPM"
            elif name == "loudness":
                display = f"{value:.1f} dB"
            else:
                display = f"{value:.2f}"
            if p is not None:
                pct[name] = p
            values.append(FeatureValue(name, value, display, p, name in UNIT_FEATURES))
        return FeatureProfile(
            track=track,
            features=tuple(values),
            key_name=key,
            tempo_bpm=float(rec["tempo"]),
            loudness_db=float(rec["loudness"]),
            duration=human.duration_text(track.duration_ms),
            summary=human.summary(float(rec["tempo"]), key, pct),
        )

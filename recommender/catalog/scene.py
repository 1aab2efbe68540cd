"""The playlist scene: where a song's artist sits among the catalog's human-made playlists.

A truncated SVD of the artist × playlist matrix places artists that share playlists close
together (32 numbers per artist, unit length, so a dot product is a cosine). Each catalog row
carries its primary artist's position; an artist that shares no fitted playlist with another
artist ("cold") gets the mean position of the songs nearest it by audio, so it still ranks
sensibly. A catalog without playlists uses its albums the same way (compilations and
collaborations pair artists); a merged catalog where only some tracks have playlists (the
TidyTuesday set's, beside the 114k set's albums) uses both: each track's playlists, or its
album when it has none. With neither, there is no scene and ranking is audio alone.

Fitting needs scikit-learn and SciPy and happens only when an index is built (or when the
evaluator fits on its training playlists); serving reads two arrays and imports neither.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from recommender.catalog.schema import split_list

DIMENSIONS = 32  # the measurement: 32 reach 0.062 re-ranked; more adds noise on 471 lists
COLD_NEIGHBOURS = 10  # audio neighbours whose scene a cold artist borrows
COLD_SAMPLE = 8000  # warm rows searched for them: plenty to average, and bounded at 1M tracks
MIN_PLAYLISTS = 2  # below this there is no co-occurrence to learn


# The co-occurrence columns a scene can be learned from, best first, and how a reason names
# them ("often in playlists with The Weeknd"). "lists": playlists, or the album of a track
# in none (album ids are prefixed, so an album never shares an id with a playlist).
SOURCES = {"lists": "in playlists or on albums", "playlists": "in playlists", "album": "on albums"}
ALBUM_PREFIX = "album:"


@dataclass(frozen=True)
class SceneEmbedding:
    """One scene position (a unit vector) per artist, each row pointing at its artist's, and
    whether each artist's came from co-occurrence. Stored per artist, not per row: at 10M
    tracks a row-for-row copy was 1.3 GB of the same 32 numbers repeated per song."""

    artist_vectors: np.ndarray  # (artists, dimensions) float32
    artist_of_row: np.ndarray  # (rows,) int32: the row's artist
    artist_warm: np.ndarray  # (artists,) bool: shares a fitted list with another artist
    column: str = "playlists"  # what it was learned from: a key of SOURCES

    @property
    def where(self) -> str:
        return SOURCES.get(self.column, "in playlists")

    @property
    def vectors(self) -> np.ndarray:
        """Row-for-row positions (a copy: for evaluation, not for serving)."""
        return self.artist_vectors[self.artist_of_row]

    def positions(self, rows) -> np.ndarray:
        """The scene positions of `rows` (a few rows: no row-for-row copy of the catalog)."""
        return self.artist_vectors[self.artist_of_row[rows]]

    @property
    def warm(self) -> np.ndarray:
        """Per row: whether its artist's position came from co-occurrence."""
        return self.artist_warm[self.artist_of_row]

    def similarity(self, row: int, rows: np.ndarray | None = None) -> np.ndarray:
        """Cosine between `row`'s scene and each of `rows`' (default: every row); 1 = same
        scene, 0 = unrelated."""
        seed = np.asarray(self.artist_vectors[self.artist_of_row[row]], dtype=np.float32)
        # einsum, not `@`: a matrix-vector product through a multithreaded BLAS is 10x slower
        # on a busy two-core host; this loop is single-threaded and steady (~0.4 ms at 28k).
        if rows is None:  # once per artist, then spread over the rows
            return np.einsum("ij,j->i", self.artist_vectors, seed)[self.artist_of_row]
        chosen = self.artist_vectors[self.artist_of_row[rows]]
        return np.einsum("ij,j->i", chosen, seed)


def lists_of(catalog: pd.DataFrame, column: str) -> list[tuple[str, ...]]:
    """Per row, the lists it is in: its playlists, or its one album."""
    if column == "lists":
        playlists, albums = lists_of(catalog, "playlists"), lists_of(catalog, "album")
        return [
            p or tuple(ALBUM_PREFIX + a for a in al)
            for p, al in zip(playlists, albums, strict=True)
        ]
    if column not in catalog:
        return [()] * len(catalog)
    if column == "playlists":
        return [split_list(v) for v in catalog[column]]
    return [(str(v),) if v else () for v in catalog[column]]


def playlist_ids(catalog: pd.DataFrame, column: str = "playlists") -> list[str]:
    """Every list id in `column`, sorted (so a seeded split is reproducible)."""
    return sorted({p for lists in lists_of(catalog, column) for p in lists})


def scene_column(catalog: pd.DataFrame) -> str | None:
    """The first co-occurrence column that pairs artists at all, or None. "lists" only when
    some tracks have playlists and others not (else it is "playlists" or "album" alone)."""
    with_playlists = sum(bool(p) for p in lists_of(catalog, "playlists"))
    for column in SOURCES:
        if column == "lists" and not 0 < with_playlists < len(catalog):
            continue
        artists_per_list: dict[str, set] = {}
        for lists, artist in zip(lists_of(catalog, column), catalog["artist_key"], strict=True):
            for name in lists:
                artists_per_list.setdefault(name, set()).add(artist)
        shared = sum(len(a) > 1 for a in artists_per_list.values())
        if shared >= MIN_PLAYLISTS:
            return column
    return None


def fit_scene(
    catalog: pd.DataFrame,
    audio_vectors: np.ndarray,
    playlists: Collection[str] | None = None,
    dimensions: int = DIMENSIONS,
    seed: int = 42,
    cold_neighbours: int = COLD_NEIGHBOURS,
    column: str = "playlists",
) -> SceneEmbedding | None:
    """Learn the scene from `playlists` (default: every list in `column`); None when fewer
    than two lists pair two artists.

    `catalog` needs `artist_key` and `column`; `audio_vectors` (row for row) place cold
    artists. Passing a subset of playlists is how the evaluator keeps its test half unseen.
    """
    chosen = set(playlist_ids(catalog, column) if playlists is None else playlists)
    # factorize, not np.unique over a fixed-width text array (at 10M rows that array is
    # 4 bytes x the longest artist x every row: gigabytes); the same sorted codes.
    artist_of_row, artists = pd.factorize(
        np.asarray(catalog["artist_key"], dtype=object), sort=True
    )
    members: dict[str, set[int]] = {}
    for row, names in enumerate(lists_of(catalog, column)):
        for name in names:
            if name in chosen:
                members.setdefault(name, set()).add(int(artist_of_row[row]))
    # A list of one artist says nothing about pairings; it would only add noise directions.
    shared = sorted(name for name, who in members.items() if len(who) > 1)
    if len(shared) < MIN_PLAYLISTS:
        return None
    pairs = {(a, i) for i, name in enumerate(shared) for a in members[name]}
    artist_vectors = _artist_positions(pairs, len(artists), len(shared), dimensions, seed)
    warm_artist = np.zeros(len(artists), dtype=bool)
    warm_artist[[a for a, _ in pairs]] = True
    warm = warm_artist[artist_of_row]
    if not warm.all():
        # A cold artist's position: the mean of what each of its songs borrows by sound.
        borrowed = _borrowed(
            audio_vectors, artist_vectors, artist_of_row, warm, seed, cold_neighbours
        )
        cold_artist = artist_of_row[~warm]
        summed = np.zeros_like(artist_vectors)
        np.add.at(summed, cold_artist, borrowed)
        cold = np.unique(cold_artist)
        norms = np.linalg.norm(summed[cold], axis=1, keepdims=True)
        artist_vectors[cold] = np.divide(
            summed[cold], norms, out=np.zeros_like(summed[cold]), where=norms > 0
        )
    return SceneEmbedding(
        artist_vectors.astype(np.float32), artist_of_row.astype(np.int32), warm_artist, column
    )


def _artist_positions(pairs, n_artists: int, n_playlists: int, dimensions: int, seed: int):
    """Unit-length SVD positions of artists in playlist space (zero for artists in none)."""
    from scipy.sparse import csr_matrix
    from sklearn.decomposition import TruncatedSVD

    rows, cols = (np.fromiter(x, dtype=np.int64) for x in zip(*sorted(pairs), strict=True))
    # An artist counts once per playlist: a playlist of one artist's album says less about
    # pairings than ten artists side by side. Long playlists are down-weighted (idf-like).
    sizes = np.bincount(cols, minlength=n_playlists).astype(np.float64)
    weights = 1.0 / np.sqrt(sizes[cols])
    matrix = csr_matrix((weights, (rows, cols)), shape=(n_artists, n_playlists))
    k = max(1, min(dimensions, n_playlists - 1))
    positions = TruncatedSVD(n_components=k, random_state=seed).fit_transform(matrix)
    norms = np.linalg.norm(positions, axis=1, keepdims=True)
    return np.divide(positions, norms, out=np.zeros_like(positions), where=norms > 0)


def _borrowed(
    audio_vectors, artist_vectors, artist_of_row, warm: np.ndarray, seed: int, neighbours: int
) -> np.ndarray:
    """Scene positions for cold rows: the mean of their nearest warm rows by audio (among a
    fixed sample of warm rows, so the cost stays bounded on a large catalog)."""
    cold_rows = np.flatnonzero(~warm)
    warm_rows = np.flatnonzero(warm)
    if len(warm_rows) > COLD_SAMPLE:
        rng = np.random.default_rng(seed)
        warm_rows = np.sort(rng.choice(warm_rows, COLD_SAMPLE, replace=False))
    data = np.asarray(audio_vectors[warm_rows], dtype=np.float32)
    norms = np.einsum("ij,ij->i", data, data)
    k = min(neighbours, len(warm_rows))
    out = np.empty((len(cold_rows), artist_vectors.shape[1]), dtype=np.float64)
    for start in range(0, len(cold_rows), 512):
        chunk = cold_rows[start : start + 512]
        q = np.asarray(audio_vectors[chunk], dtype=np.float32)
        d2 = norms[None, :] - 2.0 * q @ data.T
        near = np.argpartition(d2, k - 1, axis=1)[:, :k]
        out[start : start + len(chunk)] = artist_vectors[artist_of_row[warm_rows[near]]].mean(
            axis=1
        )
    norms_out = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms_out, out=np.zeros_like(out), where=norms_out > 0)

"""Generated catalogs "drawn like the real ones", for benchmarks at sizes no CSV has."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from recommender.catalog.features import AUDIO_FEATURES, UNIT_FEATURES
from recommender.catalog.schema import CATALOG_COLUMNS

_ID_CHARS = np.array(list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))


def _words(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Vocabulary and frequency weights of the words in `texts`."""
    words = texts.str.split().explode().dropna()
    counts = words[words.str.contains(r"\w", regex=True)].value_counts()  # no lone "-" or "&"
    return counts.index.to_numpy(dtype=str), (counts / counts.sum()).to_numpy()


def scaled_catalog(base: pd.DataFrame, n: int, seed: int = 0) -> pd.DataFrame:
    """`n` tracks whose features, genres, years and word statistics follow `base`."""
    rng = np.random.default_rng(seed)
    rows = base.iloc[rng.integers(0, len(base), n)].reset_index(drop=True)
    out = pd.DataFrame(index=range(n))
    out["track_id"] = ["".join(x) for x in _ID_CHARS[rng.integers(0, 62, (n, 22))]]
    title_words, tw = _words(base["name"])
    artist_words, aw = _words(base["artist"])
    length = rng.choice([1, 2, 3, 4], size=n, p=[0.25, 0.35, 0.25, 0.15])
    title = rng.choice(title_words, n, p=tw).astype(object)
    for extra in (2, 3, 4):
        more = length >= extra
        title[more] = title[more] + " " + rng.choice(title_words, int(more.sum()), p=tw)
    out["name"] = title
    # ~n/12 distinct artists, like the real catalog's ratio of tracks to artists
    pool = rng.choice(artist_words, (max(n // 12, 1), 2), p=aw)
    names = np.char.add(np.char.add(pool[:, 0], " "), pool[:, 1])
    out["artist"] = names[rng.integers(0, len(names), n)]
    out["album"] = out["name"]
    for col in ("year", "popularity", "duration_ms", "genres", "subgenres", "playlists"):
        out[col] = rows[col].to_numpy()
    for feature in AUDIO_FEATURES:
        values = rows[feature].to_numpy(dtype=np.float64)
        if feature in UNIT_FEATURES:
            values = np.clip(values + rng.normal(0, 0.03, n), 0, 1)
        elif feature == "tempo":
            values = np.clip(values + rng.normal(0, 3, n), 0, None)
        elif feature == "loudness":
            values = values + rng.normal(0, 0.5, n)
        out[feature] = values
    return out[list(CATALOG_COLUMNS)]


# The TidyTuesday layout, one row per track: what `python -m recommender build` reads, so a
# generated catalog goes through the same CLI as a real one.
CSV_COLUMNS = {
    "track_id": "track_id",
    "name": "track_name",
    "artist": "track_artist",
    "album": "track_album_name",
    "popularity": "track_popularity",
    "duration_ms": "duration_ms",
}
CHUNK_ROWS = 250_000


def write_csv(base: pd.DataFrame, n: int, path: Path, seed: int = 0, progress=None) -> Path:
    """A generated catalog of `n` tracks written as a CSV chunk by chunk (memory bounded by
    CHUNK_ROWS, whatever `n`); the same (base, n, seed) writes the same bytes."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        for number, start in enumerate(range(0, n, CHUNK_ROWS)):
            chunk = scaled_catalog(base, min(CHUNK_ROWS, n - start), seed=seed * 100_003 + number)
            out = chunk.rename(columns=CSV_COLUMNS)
            out["track_album_release_date"] = chunk["year"].astype("Int64").astype(str) + "-01-01"
            for source, target in (
                ("genres", "playlist_genre"),
                ("subgenres", "playlist_subgenre"),
                ("playlists", "playlist_id"),
            ):
                out[target] = chunk[source].astype(str).str.split("|").str[0]
            out = out.drop(columns=["year", "genres", "subgenres", "playlists"])
            out.to_csv(fh, index=False, header=number == 0, lineterminator="\n")
            if progress:
                progress("generate", min(start + CHUNK_ROWS, n), n)
    os.replace(tmp, path)
    return path

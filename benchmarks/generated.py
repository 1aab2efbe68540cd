"""Generated catalogs "drawn like the real ones", for benchmarks at sizes no CSV has."""

from __future__ import annotations

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

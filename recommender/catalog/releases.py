"""What a catalog's songs and their releases decide once, at build: which release stands for
each row (`representatives`) and the popularity bands (`popularity_bands`). Served from the
index (a mapped array, two numbers in the manifest): found per process at serve time they
cost a 1M-catalog ~8 s on the first list and ~700 MB of private memory, a Python dict of
every song."""

from __future__ import annotations

import numpy as np
import pandas as pd

from recommender.catalog.frames import column, numeric
from recommender.catalog.schema import split_list

# Popularity bands as quantiles of the catalog's songs' popularity: the top quarter is
# mainstream, the bottom quarter deep cuts.
BANDS = {"mainstream": (0.75, 1.0), "deep": (0.0, 0.25)}


def _song_codes(catalog: pd.DataFrame) -> np.ndarray:
    """One integer per song (rows of one song share it), in order of first appearance."""
    codes, _ = pd.factorize(column(catalog, "song_key"), sort=False)
    return np.asarray(codes, dtype=np.int64)


def _optional_ints(catalog: pd.DataFrame, name: str) -> list[int | None]:
    if name not in catalog:
        return [None] * len(catalog)
    values = numeric(column(catalog, name))
    return [None if v != v else int(v) for v in values.tolist()]  # NaN != NaN: unknown


def representatives(catalog: pd.DataFrame, audio: np.ndarray) -> np.ndarray:
    """Each row's best-known copy: among the releases of its song (most popular first, then
    the first row: `catalog.merge` orders them so) the first that is the same recording
    (`same_recording`) and carries every genre the row carries (a list asked for in a genre
    stays in it). A song of one release is its own; only songs of several are looked at."""
    best = np.arange(len(catalog), dtype=np.int32)
    if not len(catalog):
        return best
    codes = _song_codes(catalog)
    order = np.argsort(codes, kind="stable")  # each song's rows together, in row order
    sizes = np.bincount(codes)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    several = np.flatnonzero(sizes > 1)
    if not several.size:
        return best
    popularity = _optional_ints(catalog, "popularity")
    lengths = _optional_ints(catalog, "duration_ms")
    genres = column(catalog, "genres").tolist()
    subgenres = column(catalog, "subgenres").tolist()
    for song in several.tolist():
        rows = order[starts[song] : starts[song] + sizes[song]].tolist()
        rows = sorted(rows, key=lambda r: -(popularity[r] or -1))  # stable: row order
        labels = {r: {*split_list(genres[r]), *split_list(subgenres[r])} for r in rows}
        for row in rows:
            best[row] = next(
                r
                for r in rows
                if r == row
                or (
                    labels[row] <= labels[r]
                    and same_recording(audio[r], audio[row], lengths[r], lengths[row])
                )
            )
    return best


def same_recording(
    a: np.ndarray, b: np.ndarray, length_a: int | None, length_b: int | None
) -> bool:
    """Two releases of one song that are one recording: the same length to the second, and
    audio features within 0.1 (or 10%) of each other, which is how far Spotify's analysis of
    one recording on two releases drifts (Thunder — Imagine Dragons: instrumentalness 0.134
    and 0.076); a remix, an edit or a live take is longer or shorter."""
    if length_a is None or length_b is None or abs(length_a - length_b) > 1000:
        return False
    return bool(np.all(np.abs(a - b) <= 0.1 + 0.1 * np.abs(a)))


def popularity_bands(catalog: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """{band: (lowest, highest) popularity}, as quantiles over songs, not rows: a song's
    releases share its popularity (`catalog.merge`), and one released ten times must not
    weigh ten times. Empty when no popularity is known."""
    if "popularity" not in catalog:
        return {}
    values = numeric(column(catalog, "popularity")).to_numpy()
    known = ~np.isnan(values)
    codes = _song_codes(catalog)[known]
    _, first = np.unique(codes, return_index=True)  # each song's first known value
    popularity = values[known][first]
    if not popularity.size:
        return {}
    return {
        name: (float(np.quantile(popularity, low)), float(np.quantile(popularity, high)))
        for name, (low, high) in BANDS.items()
    }

"""A small catalog with known right answers: six well-separated clusters, one per genre."""

from __future__ import annotations

import numpy as np
import pandas as pd

GENRES = ["rock", "pop", "rap", "edm", "latin", "r&b"]
SUBGENRES = {
    "rock": "hard rock",
    "pop": "dance pop",
    "rap": "trap",
    "edm": "big room",
    "latin": "reggaeton",
    "r&b": "neo soul",
}
ADJECTIVES = [
    "Blue",
    "Golden",
    "Silent",
    "Electric",
    "Wild",
    "Broken",
    "Neon",
    "Velvet",
    "Paper",
    "Hollow",
]
NOUNS = ["River", "Heart", "Summer", "Engine", "Mirror", "Garden", "Signal"]
PER_CLUSTER = 30
ARTISTS_PER_CLUSTER = 10


def centre(cluster: int) -> dict[str, float]:
    """Cluster centres far apart on every feature, so the right neighbours are unambiguous."""
    t = cluster / (len(GENRES) - 1)
    return {
        "danceability": 0.1 + 0.8 * t,
        "energy": 0.9 - 0.8 * t,
        "key": float(cluster % 12),
        "loudness": -20 + 16 * t,
        "mode": float(cluster % 2),
        "speechiness": 0.05 + 0.4 * t,
        "acousticness": 0.8 - 0.7 * t,
        "instrumentalness": 0.5 * (1 - t),
        "liveness": 0.1 + 0.3 * t,
        "valence": 0.2 + 0.6 * t,
        "tempo": 80 + 80 * t,
    }


def rows(seed: int = 3) -> list[dict]:
    """Playlist-style rows (a track may repeat), like the TidyTuesday layout."""
    rng = np.random.default_rng(seed)
    out = []
    for c, genre in enumerate(GENRES):
        for i in range(PER_CLUSTER):
            features = {
                k: v + rng.normal(0, 0.005 if k != "tempo" else 0.5) for k, v in centre(c).items()
            }
            features["key"], features["mode"] = centre(c)["key"], centre(c)["mode"]
            # Noise must not push a 0-1 feature out of 0-1: the loader drops such rows.
            features["instrumentalness"] = max(features["instrumentalness"], 0.0)
            out.append(
                {
                    "track_id": f"{c:02d}{i:02d}".ljust(22, "x"),
                    "track_name": f"{ADJECTIVES[i % 10]} {NOUNS[(i + c) % 7]} {c}{i}",
                    "track_artist": f"Band {c}-{i % ARTISTS_PER_CLUSTER}",
                    "track_popularity": int(rng.integers(10, 90)),
                    "track_album_name": f"Album {c}",
                    "track_album_release_date": f"{1990 + 5 * c}-01-01",
                    "playlist_id": f"playlist{c}",
                    "playlist_genre": genre,
                    "playlist_subgenre": SUBGENRES[genre],
                    **features,
                    "duration_ms": 200_000 + i * 1000,
                }
            )
    # Another release of the first rock song: same audio, different id and title suffix.
    remaster = dict(
        out[0],
        track_id="0000remasterxxxxxxxxxx",
        track_name=out[0]["track_name"] + " - Remastered 2009",
    )
    # The first pop song also sits in a second playlist of another genre.
    second_playlist = dict(
        out[PER_CLUSTER],
        playlist_id="playlistX",
        playlist_genre="latin",
        playlist_subgenre="latin pop",
    )
    return [*out, remaster, second_playlist]


def frame(seed: int = 3) -> pd.DataFrame:
    columns = [
        "track_id",
        "track_name",
        "track_artist",
        "track_popularity",
        "track_album_name",
        "track_album_release_date",
        "playlist_id",
        "playlist_genre",
        "playlist_subgenre",
        *centre(0).keys(),
        "duration_ms",
    ]
    return pd.DataFrame(rows(seed))[columns]


def slow_to_build(times: int = 200) -> pd.DataFrame:
    """The catalog `times` over under new ids: an index build of it takes seconds."""
    big = pd.concat([frame()] * times, ignore_index=True)
    big["track_id"] = [f"{i:022d}" for i in range(len(big))]
    return big


def cluster_of(track_id: str) -> int:
    return int(track_id[:2])

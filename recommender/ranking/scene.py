"""The playlist scene's two re-rank stages.

Scene pull (the default for one song): the nearest `POOL` (+20%) songs by audio, re-ordered by
audio gap plus `SCENE_WEIGHT` × scene gap, so a song that people put in playlists beside the
seed's artist moves up, but only from among songs that already sound alike (about three in
four picks stay in the audio top 50).

"Same scene": every song is a candidate; scene closeness leads, then closeness in release
year and popularity (the era and reach playlists are built around), then audio.

Both give each candidate a *fit*: a weighted mean of its gaps (audio in typical distances, the
scene as 1 - cosine, the era in typical distances), so 0 is the same sound and scene and 1 is
a typical distance away in all of them. The weights were chosen on training playlists only
(docs/evaluation.md). Without a scene (a catalog with neither playlists nor albums that pair
artists) both are pure audio.
"""

from __future__ import annotations

import numpy as np

from recommender.catalog.scene import SceneEmbedding

POOL = 200  # audio neighbours the scene pull re-orders (chosen on training playlists, docs)
SCENE_WEIGHT = 0.6  # scene gap, against 1 for the audio gap in typical distances
SCENE_AUDIO_WEIGHT = 0.2  # "same scene": how much audio still counts (scene: 1)
SCENE_ERA_WEIGHT = 1.0  # "same scene": closeness in release year + popularity
SCENE_SHORTLIST = 300  # "same scene": best-fitting songs passed through the filters
SCENE_CANDIDATES = 50_000  # "same scene" on a large catalog: songs scored in full, by scene
LIFT_COSINE = 0.5  # below this the scene is too loose to name as the reason


def pulled_fit(gaps: np.ndarray, closeness: np.ndarray, weight: float) -> np.ndarray:
    """Scene pull: audio `gaps` (typical distances) and scene gaps (1 - `closeness`), averaged
    with weights 1 : `weight`. Orders exactly as gap - weight × closeness (the tuned key)."""
    return (gaps + weight * (1.0 - closeness)) / (1.0 + weight)


def same_scene_fit(gaps: np.ndarray, closeness: np.ndarray, era: np.ndarray) -> np.ndarray:
    """ "Same scene": scene gap first, then era and audio (both in typical distances)."""
    total = 1.0 + SCENE_AUDIO_WEIGHT + SCENE_ERA_WEIGHT
    return ((1.0 - closeness) + SCENE_AUDIO_WEIGHT * gaps + SCENE_ERA_WEIGHT * era) / total


def scene_rows(
    scene: SceneEmbedding, seed_row: int, rows: np.ndarray | None, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """ "Same scene" candidates: every row of a forest (`rows`, or the whole catalog of
    `size`) with its scene closeness to `seed_row`; on a large catalog only the closest
    `SCENE_CANDIDATES`, since the scene leads."""
    if rows is None:  # the whole catalog: no copy of the big scene matrix
        rows, closeness = np.arange(size), scene.similarity(seed_row)
    else:
        rows = np.asarray(rows, dtype=np.int64)
        closeness = scene.similarity(seed_row, rows)
    if len(rows) > SCENE_CANDIDATES:
        keep = np.sort(np.argpartition(-closeness, SCENE_CANDIDATES)[:SCENE_CANDIDATES])
        rows, closeness = rows[keep], closeness[keep]
    return rows, closeness


def era_columns(columns: list[str]) -> list[int]:
    """Where release year and popularity sit in the vectors (absent columns are skipped)."""
    return [columns.index(c) for c in ("year", "popularity") if c in columns]

"""Moods and targets: what "calm" or `energy=0.8` means in audio-feature terms.

A target is a value a feature should be near, in the feature's own units (0-1, BPM, dB). The
engine puts targets into the query point and weighs their gaps more when ranking, so songs are
ordered by how well they fit — nothing is cut off at a threshold. docs/moods.md shows the
table below; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from recommender.catalog.features import UNIT_FEATURES
from recommender.errors import InvalidQueryError

# Each mood, as targets. Values sit at the edge of where the catalog's songs are (most songs
# have energy 0.4-0.9), so a mood pulls toward its corner without asking for the impossible.
MOODS: dict[str, dict[str, float]] = {
    "happy": {"valence": 0.85, "energy": 0.7, "danceability": 0.7, "mode": 1.0},
    "sad": {"valence": 0.15, "energy": 0.3, "acousticness": 0.6, "mode": 0.0},
    "calm": {"energy": 0.2, "acousticness": 0.8, "loudness": -14.0, "tempo": 90.0},
    "energetic": {"energy": 0.95, "loudness": -4.0, "tempo": 130.0},
    "dance": {"danceability": 0.85, "energy": 0.75, "tempo": 122.0, "valence": 0.65},
    "focus": {"instrumentalness": 0.85, "speechiness": 0.03, "energy": 0.4, "liveness": 0.1},
    "workout": {"energy": 0.9, "tempo": 140.0, "danceability": 0.7, "loudness": -5.0},
    "chill": {"energy": 0.35, "danceability": 0.65, "acousticness": 0.5, "tempo": 95.0},
    "party": {"danceability": 0.8, "energy": 0.85, "valence": 0.75, "speechiness": 0.12},
    "melancholy": {"valence": 0.2, "energy": 0.45, "mode": 0.0, "tempo": 100.0},
}
# What each feature can be: a target outside is refused rather than silently clipped.
RANGES: dict[str, tuple[float, float]] = {
    **{name: (0.0, 1.0) for name in UNIT_FEATURES},
    "mode": (0.0, 1.0),
    "tempo": (30.0, 250.0),
    "loudness": (-60.0, 0.0),
}
UNITS = {"tempo": " BPM", "loudness": " dB"}
# Words a member may use instead of a number: the catalog's own percentile for the feature.
LEVELS = {"low": 10.0, "mid": 50.0, "medium": 50.0, "high": 90.0}


def mood_names() -> list[str]:
    return list(MOODS)


def mood_targets(name: str) -> dict[str, float]:
    """The targets of a mood; a clear error listing the moods otherwise."""
    key = (name or "").strip().casefold()
    if key not in MOODS:
        raise InvalidQueryError(f"I don't know the mood '{name}'. Try one of: {', '.join(MOODS)}.")
    return dict(MOODS[key])


def parse_targets(texts: Iterable[str]) -> dict[str, float | str]:
    """ "energy=0.8", "tempo=120", "valence=low" -> {"energy": 0.8, ...}; levels stay words
    until the catalog turns them into numbers (`resolve_levels`)."""
    targets: dict[str, float | str] = {}
    for text in texts:
        name, sep, raw = (text or "").partition("=")
        name, raw = name.strip().casefold(), raw.strip().casefold()
        if not sep or not name or not raw:
            raise InvalidQueryError(f"Write a target as FEATURE=VALUE (energy=0.8), got '{text}'.")
        if name not in RANGES:
            raise InvalidQueryError(
                f"I can't target '{name}'. Targets: {', '.join(RANGES)} "
                "(use --popularity for popularity)."
            )
        if raw in LEVELS:
            targets[name] = raw
            continue
        try:
            value = float(raw)
        except ValueError:
            raise InvalidQueryError(
                f"{name}={raw}: give a number or one of {', '.join(LEVELS)}."
            ) from None
        check_range(name, value)
        targets[name] = value
    return targets


def check_range(name: str, value: float) -> None:
    low, high = RANGES[name]
    if not (low <= value <= high):  # also refuses nan
        unit = UNITS.get(name, "")
        raise InvalidQueryError(
            f"{name} must be from {low:g} to {high:g}{unit}, got {value:g}; "
            f"or use low, mid or high."
        )


def resolve_levels(
    targets: Mapping[str, float | str], sorted_columns: Mapping[str, np.ndarray]
) -> dict[str, float]:
    """Targets as numbers: a level word becomes that percentile of the catalog's values."""
    out = {}
    for name, value in targets.items():
        if isinstance(value, str):
            column = sorted_columns[name]
            value = float(np.percentile(column, LEVELS[value])) if len(column) else 0.5
        out[name] = float(value)
    return out


def describe_targets(targets: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    """Targets as (feature, value) pairs in order, for a `Reason` or `Steering` ("energy 0.80,
    tempo 120 BPM" in English: `recommender.words`)."""
    return tuple((name, float(value)) for name, value in targets.items())

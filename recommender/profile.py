"""Audio features in human terms: key names, BPM, dB, m:ss, percentiles, a one-line summary."""

from __future__ import annotations

import numpy as np

KEYS = ("C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B")
LABELS = {
    "danceability": "danceability",
    "energy": "energy",
    "key": "key",
    "loudness": "loudness",
    "mode": "mode",
    "speechiness": "speechiness",
    "acousticness": "acousticness",
    "instrumentalness": "instrumentalness",
    "liveness": "liveness",
    "valence": "valence (mood)",
    "tempo": "tempo",
    "year": "release year",
    "popularity": "popularity",
}
# Words for a feature that stands out (top or bottom fifth of the catalog).
HIGH = {
    "danceability": "very danceable",
    "energy": "high-energy",
    "speechiness": "wordy",
    "acousticness": "acoustic",
    "instrumentalness": "instrumental",
    "liveness": "live-sounding",
    "valence": "upbeat",
    "tempo": "fast",
    "loudness": "loud",
}
LOW = {
    "danceability": "hard to dance to",
    "energy": "calm",
    "valence": "dark",
    "tempo": "slow",
    "loudness": "quiet",
    "acousticness": "electronic",
}


def key_name(key: float, mode: float) -> str:
    if not 0 <= key < 12:
        return "unknown key"
    return f"{KEYS[int(key)]} {'major' if mode >= 0.5 else 'minor'}"


def duration_text(ms: float | None) -> str:
    if ms is None or ms != ms or ms <= 0:
        return "?:??"
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def ordinal(n: float) -> str:
    """23 -> "23rd", 11 -> "11th"."""
    n = round(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def percentile(sorted_values: np.ndarray, value: float) -> float:
    """Share of catalog tracks with a lower value, 0-100."""
    if len(sorted_values) == 0:
        return 0.0
    return 100.0 * np.searchsorted(sorted_values, value, side="left") / len(sorted_values)


def summary(tempo: float, key: str, percentiles: dict[str, float]) -> str:
    """ "118 BPM · C♯ minor · high-energy, upbeat" — the two most distinctive traits."""
    traits = []
    for name, pct in sorted(percentiles.items(), key=lambda kv: -abs(kv[1] - 50)):
        if pct >= 80 and name in HIGH:
            traits.append(HIGH[name])
        elif pct <= 20 and name in LOW:
            traits.append(LOW[name])
        if len(traits) == 2:
            break
    parts = [f"{tempo:.0f} BPM", key, ", ".join(traits)]
    return " · ".join(p for p in parts if p)


def reason(
    columns: list[str],
    gaps: np.ndarray,
    salience: np.ndarray,
    same_key: bool,
    lead: str = "close in",
) -> str:
    """ "close in energy, valence and tempo; same key" from per-column gaps in z units.

    A match on a feature where the seed is unusual (|z| large) says more than a match where
    nearly every song sits (instrumentalness ≈ 0), so salience discounts the gap.
    """
    audio = [
        (g - 0.5 * s, c)
        for g, s, c in zip(gaps, salience, columns, strict=True)
        if c in LABELS and c not in ("key", "mode", "year", "popularity")
    ]
    nearest = [LABELS[c] for _, c in sorted(audio)[:3]]
    text = f"{lead} " + (
        ", ".join(nearest[:-1]) + " and " + nearest[-1] if len(nearest) > 1 else "".join(nearest)
    )
    return text + ("; same key" if same_key else "")

"""Songs as data for words: key names, BPM, dB, m:ss, percentiles, a song's distinctive
traits, why a song was recommended (a `Reason`), and the full audio profile `/features` shows.
Sentences are made at the edge, from `recommender.words` tables."""

from __future__ import annotations

import numpy as np

from recommender.catalog.features import AUDIO_FEATURES, UNIT_FEATURES
from recommender.catalog.text import primary_artist
from recommender.catalog.tracks import TrackTable
from recommender.models import (
    FeatureProfile,
    FeatureValue,
    MusicalKey,
    Reason,
    ReasonKind,
    SoundSummary,
    Trait,
    Where,
)

KEYS = ("C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B")
# Features a reason may name (the rest are not audio a listener hears as "close").
REASON_FEATURES = (
    "danceability", "energy", "loudness", "speechiness", "acousticness",
    "instrumentalness", "liveness", "valence", "tempo",
)  # fmt: skip
# The trait for a feature that stands out (top or bottom fifth of the catalog). Only features
# spread across their range get percentile traits; the skewed ones are in `MEANINGS`.
HIGH: dict[str, Trait] = {
    "danceability": "very danceable",
    "energy": "high-energy",
    "acousticness": "acoustic",
    "valence": "upbeat",
    "tempo": "fast",
    "loudness": "loud",
}
LOW: dict[str, Trait] = {
    "danceability": "hard to dance to",
    "energy": "calm",
    "valence": "dark",
    "tempo": "slow",
    "loudness": "quiet",
    "acousticness": "electronic",
}


def musical_key(key: float, mode: float) -> MusicalKey:
    return MusicalKey(int(key) if 0 <= key < 12 else None, mode >= 0.5)


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


# Features near zero for most songs, where a percentile misleads (instrumentalness 0.13 is the
# 86th percentile yet nothing like an instrumental). Spotify's documented meanings instead:
# (lower bound, words), highest first; below every bound the feature says nothing.
MEANINGS: dict[str, tuple[tuple[float, Trait], ...]] = {
    "instrumentalness": ((0.5, "instrumental"),),
    "speechiness": ((0.66, "spoken word"), (0.33, "rap-like")),
    "liveness": ((0.8, "live"),),
}
# What a skewed feature below every bound means, for a profile that lists each feature.
PLAIN: dict[str, Trait] = {
    "instrumentalness": "has vocals",
    "speechiness": "mostly music",
    "liveness": "studio",
}


def meaning(name: str, value: float) -> Trait | None:
    """Spotify's documented reading of a skewed feature: "instrumental" above 0.5, "spoken
    word" above 0.66 and "rap-like" from 0.33, "live" above 0.8; else None."""
    for bound, words in MEANINGS.get(name, ()):
        if value > bound:
            return words
    return None


def reading(name: str, value: float) -> Trait | None:
    """What a skewed feature's value means, whichever side of the bound: "has vocals",
    "instrumental"...; None for the features read by percentile."""
    return meaning(name, value) or PLAIN.get(name)


def summary(
    tempo: float,
    key: MusicalKey,
    percentiles: dict[str, float],
    values: dict[str, float] | None = None,
) -> SoundSummary:
    """Tempo, key and the two most distinctive traits ("118 BPM · C♯ minor · high-energy,
    upbeat" in English).

    A skewed feature speaks first when it passes Spotify's threshold ("instrumental",
    "rap-like"); the spread features speak when they are in the catalog's top or bottom fifth."""
    traits: list[Trait] = [w for name, v in (values or {}).items() if (w := meaning(name, v))]
    percentiles = {n: p for n, p in percentiles.items() if n not in MEANINGS}
    for name, pct in sorted(percentiles.items(), key=lambda kv: -abs(kv[1] - 50)):
        if len(traits) >= 2:
            break
        if pct >= 80 and name in HIGH:
            traits.append(HIGH[name])
        elif pct <= 20 and name in LOW:
            traits.append(LOW[name])
    return SoundSummary(float(tempo), key, tuple(traits[:2]))


def nearest_features(
    columns: list[str], gaps: np.ndarray, salience: np.ndarray, most: int = 3
) -> tuple[str, ...]:
    """The `most` audio features closest between a song and its target, from per-column gaps
    in z units.

    A match on a feature where the seed is unusual (|z| large) says more than a match where
    nearly every song sits (instrumentalness ≈ 0), so salience discounts the gap.
    """
    audio = [
        (g - 0.5 * s, c)
        for g, s, c in zip(gaps, salience, columns, strict=True)
        if c in REASON_FEATURES
    ]
    return tuple(c for _, c in sorted(audio)[:most])


KEY_MODE = [AUDIO_FEATURES.index("key"), AUDIO_FEATURES.index("mode")]


class Describer:
    """Words for rows of one catalog: scores, reasons, summaries and profiles."""

    def __init__(
        self, tracks: TrackTable, columns: list[str], weights: np.ndarray, scale: float
    ) -> None:
        self.tracks = tracks
        self.columns = columns  # the vector's columns, in order
        self.weights = weights
        self.unweight = np.where(weights > 0, weights, 1.0)  # back to z units
        self.scale = scale

    def similarity(self, distance: float) -> float:
        """1 for identical features, 0.5 at the catalog's typical distance between songs."""
        return 1.0 / (1.0 + (distance / self.scale) ** 2)

    def reason(
        self,
        row: int,
        vector: np.ndarray,
        target: np.ndarray,
        seed_row: int | None,
        genre: str | None,
        lead: ReasonKind | None = None,
        lifted: str | None = None,
        artist: str | None = None,
    ) -> Reason:
        """Why `row` (at `vector`) is on a list aimed at `target` (from one seed, a blend of
        several — `lead` "blend" —, one artist's sound — `lead` "artist_sound", `artist` —, or
        `genre`'s centroid). `lifted` ("in playlists"): the scene
        put it there, so that leads the reason ("often in playlists with The Weeknd");
        otherwise the audio features it matches."""
        gaps = np.abs(vector - target) / self.unweight
        gaps[self.weights == 0] = np.inf
        salience = np.abs(target) / self.unweight
        if seed_row is None:
            features = nearest_features(self.columns, gaps, salience)
            return Reason(lead or "typical", features, artist=artist, genre=None if lead else genre)
        audio = self.tracks.audio
        same_key = bool(np.all(audio[row, KEY_MODE] == audio[seed_row, KEY_MODE]))
        if lifted:
            artist = primary_artist(self.tracks.columns["artist"][seed_row])
            same = self.tracks.artist_keys[row] == self.tracks.artist_keys[seed_row]
            return Reason(
                "same_artist_scene" if same else "scene",
                nearest_features(self.columns, gaps, salience, most=1),
                artist=artist,
                where=_where(lifted),
            )
        return Reason("close", nearest_features(self.columns, gaps, salience), same_key)

    def _percentiles(self, values: np.ndarray) -> dict[str, float]:
        ordered = self.tracks.sorted_audio
        return {
            name: percentile(ordered[name], float(values[i]))
            for i, name in enumerate(AUDIO_FEATURES)
            if name not in ("key", "mode")
        }

    def summary(self, row: int) -> SoundSummary:
        """Tempo, key and traits: "171 BPM · C♯ major · fast, electronic" in English."""
        values = dict(zip(AUDIO_FEATURES, self.tracks.audio[row], strict=True))
        key = musical_key(values["key"], values["mode"])
        return summary(values["tempo"], key, self._percentiles(self.tracks.audio[row]), values)

    def profile(self, row: int) -> FeatureProfile:
        """A track's audio profile: each feature with its catalog percentile, in human units."""
        raw = self.tracks.audio[row]
        values = dict(zip(AUDIO_FEATURES, (float(v) for v in raw), strict=True))
        pct = self._percentiles(raw)
        key = key_name(values["key"], values["mode"])
        features = []
        for name, value in values.items():
            if name in ("key", "mode"):
                display = key if name == "key" else key.split()[-1]
            elif name == "tempo":
                display = f"{value:.0f} BPM"
            elif name == "loudness":
                display = f"{value:.1f} dB"
            else:
                display = f"{value:.2f}"
            features.append(
                FeatureValue(name, value, display, pct.get(name), name in UNIT_FEATURES)
            )
        track = self.tracks.track(row)
        return FeatureProfile(
            track=track,
            features=tuple(features),
            key_name=key,
            tempo_bpm=values["tempo"],
            loudness_db=values["loudness"],
            duration=duration_text(track.duration_ms),
            summary=summary(
                values["tempo"], musical_key(values["key"], values["mode"]), pct, values
            ),
        )


def _where(lifted: str) -> Where:
    """`scene.SOURCES`' words as a Reason's `where`."""
    if "album" not in lifted:
        return "playlists"
    return "lists" if "playlist" in lifted else "albums"

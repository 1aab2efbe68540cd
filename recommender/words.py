"""The library's records in words: one `Words` table per language, one `render` for them all.

The recommender returns data (`Reason`, `BridgeStep`, `Steered`, `SoundSummary`); a front
end says it in its reader's language by passing that language's table. `ENGLISH` is what the
CLI prints (and the bot for English members); the bot keeps its other languages beside its
own replies (`bot/i18n/es.py`). A table gives every id of the closed vocabulary in
`recommender.models` its words and every kind its template; a test checks none is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from recommender.models import TRAITS, BridgeStep, MusicalKey, Reason, SoundSummary, Steered
from recommender.ranking.moods import MOODS, RANGES, UNITS


@dataclass(frozen=True)
class Words:
    """One language's words for the library's records.

    `templates` are str.format texts keyed by reason kind and by the steering and summary
    parts; `{features}`, `{targets}`, `{artist}`, `{where}`, `{genre}`, `{percent}`... are
    filled in by `render`."""

    features: Mapping[str, str]  # a feature as a reason names it ("valence (mood)")
    target_features: Mapping[str, str]  # a feature as a target names it ("valence")
    traits: Mapping[str, str]
    moods: Mapping[str, str]
    levels: Mapping[str, str]
    bands: Mapping[str, str]
    where: Mapping[str, str]  # "playlists" -> "in playlists"
    pitches: tuple[str, ...]  # C ... B
    modes: Mapping[bool, str]  # major (True) and minor
    templates: Mapping[str, str]
    join: Callable[[list[str]], str]  # "a, b and c"


def join_with(word: str) -> Callable[[list[str]], str]:
    """ "a, b {word} c": a list as the language writes it."""

    def join(items: list[str]) -> str:
        return ", ".join(items[:-1]) + f" {word} " + items[-1] if len(items) > 1 else "".join(items)

    return join


ENGLISH = Words(
    features={**{f: f for f in RANGES}, "valence": "valence (mood)"},  # every audio feature
    target_features={f: f for f in RANGES},
    traits={trait: trait for trait in TRAITS},  # a trait's id is its English words
    moods={mood: mood for mood in MOODS},
    levels={"low": "low", "mid": "mid", "medium": "medium", "high": "high"},
    bands={"deep": "deep cuts", "mainstream": "mainstream"},
    where={
        "playlists": "in playlists",
        "albums": "on albums",
        "lists": "in playlists or on albums",
    },
    pitches=("C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B"),
    modes={True: "major", False: "minor"},
    templates={
        "close": "close in {features}",
        "blend": "close to the blend in {features}",
        "artist_sound": "close to {artist}'s sound in {features}",
        "typical": "typical {genre} in {features}",
        "targets": "{targets}",
        "scene": "often {where} with {artist}; close in {features}",
        "same_artist_scene": "more {artist}, often {where} together; close in {features}",
        "same key": "; same key",
        "target": "{feature} {value}",
        "bridge": "{percent} of the way to {destination}",
        "mood": "mood {mood}",
        "level": "{feature} {level}",
        "band": "{band} (popularity {low:.0f}-{high:.0f})",
        "no explicit": "no explicit",
        "explicit unknown": "explicit unknown in this catalog",
        "tempo": "{tempo:.0f} BPM",
        "key": "{pitch} {mode}",
        "unknown key": "unknown key",
    },
    join=join_with("and"),
)


def render(
    record: Reason | BridgeStep | Steered | SoundSummary | MusicalKey, words: Words = ENGLISH
) -> str:
    """`record` as a line in the language of `words` (English by default)."""
    if isinstance(record, Reason):
        return reason_text(record, words)
    if isinstance(record, BridgeStep):
        percent = f"{record.fraction:.0%}"
        return words.templates["bridge"].format(percent=percent, destination=record.destination)
    if isinstance(record, Steered):
        return steering_text(record, words)
    if isinstance(record, SoundSummary):
        return summary_text(record, words)
    if isinstance(record, MusicalKey):
        return key_text(record, words)
    raise TypeError(f"no words for {type(record).__name__}")


def targets_text(targets: tuple[tuple[str, float], ...], words: Words = ENGLISH) -> str:
    """ "energy 0.80, tempo 120 BPM" """
    template = words.templates["target"]
    return ", ".join(
        template.format(feature=words.target_features[name], value=_number(name, value))
        for name, value in targets
    )


def _number(name: str, value: float) -> str:
    shown = f"{value:.0f}" if name in UNITS else f"{value:.2f}"
    return shown + UNITS.get(name, "")


def reason_text(reason: Reason, words: Words = ENGLISH) -> str:
    if reason.kind == "targets":
        return targets_text(reason.targets, words)
    text = words.templates[reason.kind].format(
        features=words.join([words.features[f] for f in reason.features]),
        genre=reason.genre,
        artist=reason.artist,
        where=words.where[reason.where],
    )
    return text + (words.templates["same key"] if reason.same_key else "")


def steering_text(steering: Steered, words: Words = ENGLISH) -> str:
    """ "mood calm · energy 0.80 · deep cuts (popularity 0-21) · no explicit" """
    said = words.templates
    parts = [said["mood"].format(mood=words.moods[steering.mood])] if steering.mood else []
    parts += [targets_text(steering.targets, words)] if steering.targets else []
    parts += [
        said["level"].format(feature=words.target_features[name], level=words.levels[level])
        for name, level in steering.levels
    ]
    if steering.band_range is not None:
        low, high = steering.band_range
        band = words.bands[steering.band] if steering.band else ""
        parts.append(said["band"].format(band=band, low=low, high=high))
    if steering.no_explicit:
        parts.append(said["no explicit" if steering.explicit_known else "explicit unknown"])
    return " · ".join(p for p in parts if p)


def key_text(key: MusicalKey, words: Words = ENGLISH) -> str:
    """ "C♯ major" """
    if key.pitch is None:
        return words.templates["unknown key"]
    return words.templates["key"].format(
        pitch=words.pitches[key.pitch], mode=words.modes[key.major]
    )


def summary_text(summary: SoundSummary, words: Words = ENGLISH) -> str:
    """ "171 BPM · C♯ major · fast, electronic" """
    traits = ", ".join(words.traits[t] for t in summary.traits)
    parts = [words.templates["tempo"].format(tempo=summary.tempo), key_text(summary.key, words)]
    return " · ".join(p for p in [*parts, traits] if p)

"""Plain records that cross the seam between the recommender and its callers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Track:
    track_id: str
    name: str
    artist: str
    album: str = ""
    year: int | None = None
    popularity: int | None = None
    duration_ms: int | None = None
    genres: tuple[str, ...] = ()
    subgenres: tuple[str, ...] = ()
    explicit: bool | None = None  # None: the catalog does not say

    @property
    def url(self) -> str:
        return f"https://open.spotify.com/track/{self.track_id}"

    @property
    def label(self) -> str:
        return f"{self.name} — {self.artist}"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An autocomplete or "did you mean" entry: a readable label and a stable id."""

    label: str
    track_id: str
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Resolution:
    """The track a query names, and the other tracks it could have meant."""

    track: Track
    score: float
    alternatives: tuple[Suggestion, ...] = ()
    exact: bool = False

    @property
    def ambiguous(self) -> bool:
        return bool(self.alternatives) and not self.exact


@dataclass(frozen=True, slots=True)
class Recommendation:
    track: Track
    score: float  # fit to what was asked, in (0, 1]: 1 exactly; never rises down a list
    reason: str
    closest_seed: str = ""  # with several seeds: the label of the seed this song is nearest


@dataclass(frozen=True, slots=True)
class Recommendations:
    """What one query returns: the seeds as resolved, the genre as named, and the songs."""

    items: tuple[Recommendation, ...]
    seeds: tuple[Resolution, ...] = ()
    genre: str | None = None
    summary: str = ""  # the seed's sound in a line: "171 BPM · C♯ major · fast, electronic"
    artists: tuple[str, ...] = ()  # artist seeds, as the catalog spells them
    steering: str = ""  # mood, targets and popularity band in words: "mood calm · deep cuts"

    @property
    def seed_labels(self) -> tuple[str, ...]:
        """Every seed, songs then artists, as a member would name them."""
        return (*(s.track.label for s in self.seeds), *self.artists)

    @property
    def seed(self) -> Track | None:
        return self.seeds[0].track if self.seeds else None

    @property
    def alternatives(self) -> tuple[Suggestion, ...]:
        """Other songs the typed seed names could have meant (empty when unambiguous)."""
        return tuple(a for s in self.seeds if s.ambiguous for a in s.alternatives)


@dataclass(frozen=True, slots=True)
class FeatureValue:
    name: str
    value: float
    display: str  # human form: "0.73", "118 BPM", "-5.9 dB", "C♯ minor"
    percentile: float | None = None  # share of catalog tracks below this value, 0-100
    unit_interval: bool = False  # True for the 0-1 features a meter can show


@dataclass(frozen=True, slots=True)
class FeatureProfile:
    track: Track
    features: tuple[FeatureValue, ...]
    key_name: str
    tempo_bpm: float
    loudness_db: float
    duration: str
    summary: str = ""

    def get(self, name: str) -> FeatureValue:
        for feature in self.features:
            if feature.name == name:
                return feature
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class GenreInfo:
    name: str
    tracks: int
    subgenres: tuple[tuple[str, int], ...] = field(default_factory=tuple)

"""Plain records that cross the seam between the recommender and its callers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# The closed vocabulary the records speak in: every id here has its words in each language's
# table (`recommender.words.ENGLISH`, the bot's `bot/i18n/es.py`); a test holds them in step.
ReasonKind = Literal[
    "close", "blend", "artist_sound", "typical", "targets", "scene", "same_artist_scene"
]
REASON_KINDS: tuple[ReasonKind, ...] = (
    "close",  # near the seed song in `features` (and maybe `same_key`)
    "blend",  # near the blend of several seeds in `features`
    "artist_sound",  # near the sound of `artist` (the one seed, an artist) in `features`
    "typical",  # near the centre of `genre` in `features`
    "targets",  # the song's own values of the steered `targets`
    "scene",  # often beside `artist`'s songs in `where`; then near in `features`
    "same_artist_scene",  # more of `artist`, often together in `where`; near in `features`
)
Where = Literal["playlists", "albums", "lists"]
# What a feature's value says about a song: the two most distinctive go in a summary, and
# the skewed features (instrumentalness, speechiness, liveness) always have one in a profile.
# Like the bot's `t()` keys, an id is its English words.
Trait = Literal[
    "very danceable", "hard to dance to", "high-energy", "calm", "acoustic", "electronic",
    "upbeat", "dark", "fast", "slow", "loud", "quiet",
    "instrumental", "spoken word", "rap-like", "live", "has vocals", "mostly music", "studio",
]  # fmt: skip
TRAITS: tuple[Trait, ...] = Trait.__args__  # type: ignore[attr-defined]


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
class Reason:
    """Why a song is on a list, as data: its `kind` says which of the fields speak."""

    kind: ReasonKind
    features: tuple[str, ...] = ()  # audio features it matches, closest first
    same_key: bool = False
    artist: str | None = None  # the seed's artist whose scene lifted it, or whose sound it has
    where: Where = "playlists"  # where that scene was learned
    genre: str | None = None  # the genre it is typical of
    targets: tuple[tuple[str, float], ...] = ()  # (feature, the song's value), in order asked


@dataclass(frozen=True, slots=True)
class BridgeStep:
    """A bridge step's reason: how far along the way to `destination` (a song's title)."""

    fraction: float  # 0 at the start, 1 at the destination
    destination: str


@dataclass(frozen=True, slots=True)
class MusicalKey:
    pitch: int | None  # 0 = C ... 11 = B; None when the catalog does not know it
    major: bool


@dataclass(frozen=True, slots=True)
class SoundSummary:
    """A song's sound in brief: tempo, key and its (at most two) most distinctive traits."""

    tempo: float  # BPM
    key: MusicalKey
    traits: tuple[Trait, ...] = ()


@dataclass(frozen=True, slots=True)
class Steered:
    """What steered a list: a mood, targets, a popularity band, the explicit filter."""

    mood: str | None = None
    targets: tuple[tuple[str, float], ...] = ()  # numbers asked for (feature, value)
    levels: tuple[tuple[str, str], ...] = ()  # words asked for: (feature, "low"/"mid"/"high")
    band: str | None = None  # "deep" or "mainstream"
    band_range: tuple[float, float] | None = None  # the band's popularity, low-high
    no_explicit: bool = False
    explicit_known: bool = True  # whether the catalog marks explicit songs

    def __bool__(self) -> bool:
        return bool(self.mood or self.targets or self.levels or self.band_range or self.no_explicit)


@dataclass(frozen=True, slots=True)
class Recommendation:
    track: Track
    score: float  # fit to what was asked, in (0, 1]: 1 exactly; never rises down a list
    reason: Reason | BridgeStep
    closest_seed: str = ""  # with several seeds: the label of the seed this song is nearest


@dataclass(frozen=True, slots=True)
class Recommendations:
    """What one query returns: the seeds as resolved, the genre as named, and the songs."""

    items: tuple[Recommendation, ...]
    seeds: tuple[Resolution, ...] = ()
    genre: str | None = None
    summary: SoundSummary | None = None  # the single song seed's sound
    artists: tuple[str, ...] = ()  # artist seeds, as the catalog spells them
    steering: Steered = field(default_factory=Steered)  # mood, targets, popularity band

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
    summary: SoundSummary  # tempo, key and the most distinctive traits

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

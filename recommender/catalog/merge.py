"""Several catalogs as one, and one popularity per song.

Each source is loaded on its own (`reader.load_catalog`: one row per track). Merging then:

- keeps one row per Spotify track id: the first source's row wins (its audio features, name,
  album), genres, subgenres, playlists and sources are gathered from all, `explicit` and the
  other optional facts are taken from whichever source knows them, popularity is the highest
  snapshot's; ids whose audio features differ between sources are counted;
- renames a later source's genre label to an earlier source's when they are one genre under
  two names (`genre_aliases`), so the catalog has one vocabulary;
- gives every release of a song (same `text.song_key`: base title and first artist) the
  song's popularity, the highest of its releases (`one_popularity_per_song`), and orders each
  song's releases best-known first, so the first row of a song is its representative and the
  others are its versions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recommender.catalog.features import AUDIO_FEATURES
from recommender.catalog.schema import LIST_SEP, split_list
from recommender.catalog.text import song_key
from recommender.names.genres import same_genre_name, synonyms

# A synonym pair becomes an alias only when the shared tracks back it: at least this many
# tracks carry the later label, and the earlier label is the most common among them.
MIN_SHARED_TRACKS = 10
# Gathered as sets from every source a track is in.
SET_COLUMNS = ("genres", "subgenres", "playlists", "sources")
# Filled from a later source when the first one left them blank.
FILLED_COLUMNS = ("album", "year", "duration_ms", "explicit")


@dataclass
class Alias:
    """A later source's genre label read as an earlier source's, and the evidence."""

    label: str
    becomes: str
    shared: int  # tracks in both sources carrying `label`
    share: float  # of those, the share the earlier source labels `becomes`


@dataclass
class MergeReport:
    """What merging did, for the build report and the manifest."""

    tracks: int
    shared: int = 0  # track ids known to more than one source
    conflicting: int = 0  # of those, ids whose audio features differ (the first source's kept)
    aliases: list[Alias] = field(default_factory=list)
    versions: int = 0  # rows that are another release of a song with a better-known release

    def __str__(self) -> str:
        text = f"{self.tracks:,} tracks"
        if self.shared:
            text += f"; {self.shared:,} track ids in several sources"
        if self.conflicting:
            text += (
                f" ({self.conflicting:,} with different audio features: the first source's "
                "were kept)"
            )
        if self.aliases:
            text += "; genres read as one: " + ", ".join(
                f"{a.label} = {a.becomes}" for a in self.aliases
            )
        return text + f"; {self.versions:,} rows are another release of a listed song"


def merge_catalogs(parts: Sequence[tuple[str, pd.DataFrame]]) -> tuple[pd.DataFrame, MergeReport]:
    """One catalog from `(source name, loaded catalog)` pairs, earlier sources winning."""
    frames = [frame.assign(sources=name) for name, frame in parts]  # reader sets it too
    aliases = genre_aliases(frames)
    renames = {a.label: a.becomes for a in aliases}
    if renames:
        frames = [f.assign(genres=_renamed(f["genres"], renames)) for f in frames]
    stacked = pd.concat(frames, ignore_index=True)
    ids = stacked["track_id"]
    shared = int(ids[ids.duplicated()].nunique())
    conflicting = _conflicting(stacked) if shared else 0
    merged = _one_row_per_track(stacked) if shared else stacked
    merged = one_popularity_per_song(merged)
    versions = int(merged["song"].duplicated().sum())
    merged = merged.drop(columns="song")
    report = MergeReport(len(merged), shared, conflicting, aliases, versions)
    return merged, report


def genre_aliases(frames: Sequence[pd.DataFrame]) -> list[Alias]:
    """Labels of later sources that name an earlier source's genre, decided from the data.

    The same name written differently ("r-n-b", "R&B") is one genre. Two different names
    that people use for one genre (`names.genres.synonyms`: hip-hop and rap) are one genre
    only when the later source has no label of the earlier name itself (the 114k set has
    both "electronic" and "edm": two genres there) and the tracks both sources know agree:
    at least MIN_SHARED_TRACKS carry the later label, and the earlier source's most common
    label among them is the earlier name."""
    found: list[Alias] = []
    for later in range(1, len(frames)):
        own = _labels(frames[later])
        for earlier in range(later):
            theirs = _labels(frames[earlier])
            by_id = _label_sets(frames[earlier])
            for label in sorted(own - theirs):
                if any(a.label == label for a in found):
                    continue
                alias = _alias_for(label, theirs, own, frames[later], by_id)
                if alias is not None:
                    found.append(alias)
    return found


def _alias_for(label, theirs, own, frame, by_id) -> Alias | None:
    tracks = [t for t, g in zip(frame["track_id"], frame["genres"], strict=True) if label in g]
    known = [by_id[t] for t in tracks if t in by_id]
    counts = Counter(g for labels in known for g in labels)
    for name in sorted(theirs):
        if same_genre_name(label, name):
            share = counts[name] / len(known) if known else 0.0
            return Alias(label, name, len(known), round(share, 3))
        if name in own or not synonyms(label, name) or len(known) < MIN_SHARED_TRACKS:
            continue
        if counts.most_common(1)[0][0] == name:
            return Alias(label, name, len(known), round(counts[name] / len(known), 3))
    return None


def vocabulary(frame: pd.DataFrame, aliases: Sequence[Alias]) -> list[str]:
    """A source's genre labels as the merged catalog names them."""
    renames = {a.label: a.becomes for a in aliases}
    return sorted({renames.get(g, g) for g in _labels(frame)})


def _labels(frame: pd.DataFrame) -> set[str]:
    return {g for value in frame["genres"] for g in split_list(value)}


def _label_sets(frame: pd.DataFrame) -> dict[str, frozenset[str]]:
    return {
        t: frozenset(split_list(g))
        for t, g in zip(frame["track_id"], frame["genres"], strict=True)
        if g
    }


def _renamed(values: pd.Series, renames: dict[str, str]) -> list[str]:
    return [
        LIST_SEP.join(sorted({renames.get(g, g) for g in split_list(v)})) if v else ""
        for v in values
    ]


def _conflicting(stacked: pd.DataFrame) -> int:
    """Track ids whose rows (one per source) disagree on an audio feature, beyond the last
    printed digit (one export writes 1.01e-06 where another wrote 0.00000101)."""
    repeated = stacked[stacked["track_id"].duplicated(keep=False)]
    audio = repeated[list(AUDIO_FEATURES)].to_numpy(dtype=np.float64)
    first = repeated.groupby("track_id", sort=False)[list(AUDIO_FEATURES)].transform("first")
    differs = ~np.isclose(audio, first.to_numpy(dtype=np.float64), rtol=1e-4, atol=1e-9)
    return int(repeated.loc[differs.any(axis=1), "track_id"].nunique())


def _one_row_per_track(stacked: pd.DataFrame) -> pd.DataFrame:
    """The first source's row of each track, with what the others add."""
    out = stacked.drop_duplicates("track_id", keep="first").set_index("track_id", drop=False)
    repeated = stacked["track_id"].duplicated(keep=False)
    many = stacked[repeated].groupby("track_id", sort=False)
    for col in SET_COLUMNS:
        out.loc[many.groups.keys(), col] = many[col].agg(_union)
    for col in FILLED_COLUMNS:
        values = out.loc[list(many.groups.keys()), col]
        blank = values.index[values.isna() | (values.astype("string") == "")]
        if len(blank):
            out.loc[blank, col] = many[col].agg(_first_known).reindex(blank)
    # The highest snapshot: the two public sets were taken two years apart (docs/catalog.md).
    out["popularity"] = out["popularity"].astype("Int64")
    out.loc[list(many.groups.keys()), "popularity"] = many["popularity"].max()
    return out.reset_index(drop=True)


def _union(values: pd.Series) -> str:
    return LIST_SEP.join(sorted({g for v in values for g in split_list(v)}))


def _first_known(values: pd.Series):
    known = values[values.notna() & (values.astype(str) != "")]
    return known.iloc[0] if len(known) else values.iloc[0]


def one_popularity_per_song(catalog: pd.DataFrame) -> pd.DataFrame:
    """Every release of a song gets the song's popularity (the highest of its releases: a
    hit re-released on a compilation nobody streams is still a hit); the release's own
    number is kept as `release_popularity`. Rows are reordered so each song's best-known
    release comes first (songs keep the order they first appear in), which makes the first
    row of a song its representative wherever a tie is broken by row order. Adds `song`."""
    keys: dict[tuple[str, str], str] = {}
    songs = [
        keys.setdefault((n, a), song_key(n, a))
        for n, a in zip(catalog["name"].astype(str), catalog["artist"].astype(str), strict=True)
    ]
    release = catalog["popularity"].astype("Int64")
    frame = catalog.assign(song=songs, release_popularity=release)
    best = frame.groupby("song", sort=False)["release_popularity"].transform("max")
    frame["popularity"] = best.astype("Int64")
    first_seen = pd.factorize(frame["song"])[0]
    order = np.lexsort((-release.fillna(-1).to_numpy(dtype=np.int64), first_seen))
    return frame.iloc[order].reset_index(drop=True)


# How a footer names the public catalogs, by layout (`reader.LAYOUTS`):
# "TidyTuesday 2020 + Spotify Tracks 114k".
TITLES = {"tidytuesday": "TidyTuesday 2020", "spotify-114k": "Spotify Tracks 114k"}

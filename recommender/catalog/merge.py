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
from recommender.catalog.frames import column as frame_column
from recommender.catalog.schema import LIST_SEP, split_list
from recommender.catalog.text import base_title, join_song_key, normalize, primary_artist
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
    """A later source's genre label read as an earlier source's genre or subgenre, and the
    evidence."""

    label: str
    becomes: str
    shared: int  # tracks in both sources carrying `label`
    share: float  # of those, the share the earlier source labels `becomes`
    column: str = "genres"  # or "subgenres": the label names an earlier source's subgenre


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
                f"{a.label} = {a.becomes}" + (" (subgenre)" if a.column == "subgenres" else "")
                for a in self.aliases
            )
        return text + f"; {self.versions:,} rows are another release of a listed song"


def merge_catalogs(parts: Sequence[tuple[str, pd.DataFrame]]) -> tuple[pd.DataFrame, MergeReport]:
    """One catalog from `(source name, loaded catalog)` pairs, earlier sources winning."""
    frames = [frame.assign(sources=name) for name, frame in parts]  # reader sets it too
    aliases = genre_aliases(frames)
    if aliases:
        frames = [frames[0], *(_relabelled(f, aliases) for f in frames[1:])]
    stacked = pd.concat(frames, ignore_index=True)
    ids = frame_column(stacked, "track_id")
    shared = len(set(ids[ids.duplicated()].tolist()))
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
        own = _members(frames[later], "genres")
        for earlier in range(later):
            theirs = _members(frames[earlier], "genres")
            by_id = _label_sets(frames[earlier], "genres")
            for label in sorted(set(own) - set(theirs)):
                if any(a.label == label and a.column == "genres" for a in found):
                    continue
                alias = _alias_for(label, own, theirs, by_id)
                if alias is not None:
                    found.append(alias)
            found += _subgenre_aliases(own, frames[earlier], found)
    return found


def _alias_for(label: str, own: dict, theirs: dict, by_id: dict) -> Alias | None:
    known = [by_id[t] for t in own[label] if t in by_id]
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


def _subgenre_aliases(own: dict, earlier: pd.DataFrame, found) -> list[Alias]:
    """A later genre label named like an earlier source's subgenre ("hard-rock", "hard
    rock") is that subgenre: otherwise the genre would hide the subgenre of the same name."""
    subgenres = sorted(_members(earlier, "subgenres"))
    by_id = _label_sets(earlier, "subgenres")
    out = []
    for label in sorted(own):
        name = next((s for s in subgenres if same_genre_name(label, s)), None)
        if name is None or any(a.label == label and a.column == "subgenres" for a in found):
            continue
        known = [by_id[t] for t in own[label] if t in by_id]
        share = sum(name in s for s in known) / len(known) if known else 0.0
        out.append(Alias(label, name, len(known), round(share, 3), "subgenres"))
    return out


def vocabulary(frame: pd.DataFrame, aliases: Sequence[Alias]) -> list[str]:
    """A source's genre labels as the merged catalog names them (a genre, or a subgenre)."""
    names = set()
    for label in _labels(frame):
        targets = [a.becomes for a in aliases if a.label == label]
        names.update(targets or [label])
    return sorted(names)


def _labels(frame: pd.DataFrame, column: str = "genres") -> set[str]:
    return set(_members(frame, column))


def _members(frame: pd.DataFrame, column: str) -> dict[str, list[str]]:
    """{label: the track ids carrying it}."""
    members: dict[str, list[str]] = {}
    for track, labels in _label_sets(frame, column).items():
        for label in labels:
            members.setdefault(label, []).append(track)
    return members


def _label_sets(frame: pd.DataFrame, column: str) -> dict[str, frozenset[str]]:
    return {
        t: frozenset(split_list(g))
        for t, g in zip(frame["track_id"].tolist(), frame[column].tolist(), strict=True)
        if g
    }


def _relabelled(frame: pd.DataFrame, aliases: Sequence[Alias]) -> pd.DataFrame:
    """`frame` with each aliased genre label moved to what it is read as."""
    targets: dict[str, list[Alias]] = {}
    for alias in aliases:
        targets.setdefault(alias.label, []).append(alias)
    genres, subgenres = [], []
    for value, subs in zip(frame["genres"], frame["subgenres"], strict=True):
        kept, sub = set(), set(split_list(subs))
        for label in split_list(value):
            for alias in targets.get(label, ()):
                (kept if alias.column == "genres" else sub).add(alias.becomes)
            if label not in targets:
                kept.add(label)
        genres.append(LIST_SEP.join(sorted(kept)))
        subgenres.append(LIST_SEP.join(sorted(sub)))
    return frame.assign(genres=genres, subgenres=subgenres)


def _conflicting(stacked: pd.DataFrame) -> int:
    """Track ids whose rows (one per source) disagree on an audio feature, beyond the last
    printed digit (one export writes 1.01e-06 where another wrote 0.00000101)."""
    repeated = stacked[stacked["track_id"].duplicated(keep=False)]
    audio = np.asarray(repeated[list(AUDIO_FEATURES)], dtype=np.float64)
    first = repeated.groupby("track_id", sort=False)[list(AUDIO_FEATURES)].transform("first")
    first = np.asarray(first, dtype=np.float64)
    differs = ~np.isclose(audio, first, rtol=1e-4, atol=1e-9)
    return int(repeated.loc[differs.any(axis=1), "track_id"].nunique())


def _one_row_per_track(stacked: pd.DataFrame) -> pd.DataFrame:
    """The first source's row of each track, with what the others add."""
    out = stacked.drop_duplicates("track_id", keep="first").set_index("track_id", drop=False)
    repeated = stacked["track_id"].duplicated(keep=False)
    many = stacked[repeated].groupby("track_id", sort=False)
    for col in SET_COLUMNS:
        out.loc[many.groups.keys(), col] = many[col].agg(_union)
    for col in FILLED_COLUMNS:
        values = stacked.loc[repeated, col]
        known = values.mask(values.astype("string").fillna("") == "")  # "" album: unknown
        first = known.groupby(stacked.loc[repeated, "track_id"], sort=False).first()
        blank = out.loc[first.index, col].astype("string").fillna("") == ""
        out.loc[first.index[blank], col] = first[blank]
    # The highest snapshot: the two public sets were taken two years apart (docs/catalog.md).
    out["popularity"] = out["popularity"].astype("Int64")
    out.loc[list(many.groups.keys()), "popularity"] = many["popularity"].max()
    return out.reset_index(drop=True)


def _union(values: pd.Series) -> str:
    return LIST_SEP.join(sorted({g for v in values for g in split_list(v)}))


def one_popularity_per_song(catalog: pd.DataFrame) -> pd.DataFrame:
    """Every release of a song gets the song's popularity (the highest of its releases: a
    hit re-released on a compilation nobody streams is still a hit); the release's own
    number is kept as `release_popularity`. Rows are reordered so each song's best-known
    release comes first (songs keep the order they first appear in), which makes the first
    row of a song its representative wherever a tie is broken by row order. Adds `song`."""
    names, artists = catalog["name"].astype(str).tolist(), catalog["artist"].astype(str).tolist()
    titles = {n: normalize(base_title(n)) for n in set(names)}
    firsts = {a: normalize(primary_artist(a)) for a in set(artists)}
    songs = [join_song_key(titles[n], firsts[a]) for n, a in zip(names, artists, strict=True)]
    release = catalog["popularity"].astype("Int64")
    frame = catalog.assign(song=songs, release_popularity=release)
    best = frame.groupby("song", sort=False)["release_popularity"].transform("max")
    frame["popularity"] = best.astype("Int64")
    first_seen = pd.factorize(frame["song"])[0]
    order = np.lexsort((-release.fillna(-1).to_numpy(dtype=np.int64), first_seen))
    return frame.iloc[order].reset_index(drop=True)


# How a footer names the two public catalogs: by their layout (`reader.LAYOUTS`) and the
# file names they are published or downloaded under; any other file is named as it is.
TITLES = {
    "tidytuesday": ("TidyTuesday 2020", ("spotify_songs",)),
    "spotify-114k": ("Spotify Tracks 114k", ("spotify_tracks_114k", "dataset")),
}


def source_title(file_name: str, layout: str) -> str:
    """ "TidyTuesday 2020" for spotify_songs.csv in its own layout; else the file name."""
    title, stems = TITLES.get(layout, (file_name, ()))
    return title if file_name.startswith(stems) else file_name

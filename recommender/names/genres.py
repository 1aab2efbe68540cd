"""Genre names as people type them: case, punctuation and common aliases forgiven."""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from functools import cached_property

import numpy as np

from recommender.errors import UnknownGenreError, bounded
from recommender.models import GenreInfo
from recommender.names.matcher import rank_labels

# Names people use for one genre, as canonical keys (`genre_key`). A typed name reaches
# whichever member of its group the catalog has: "hip-hop" finds TidyTuesday's "rap", "rap"
# finds the 114k set's "hip-hop". Merging catalogs reads one source's label as another's only
# when the data agrees too (`catalog.merge.genre_aliases`, docs/catalog.md).
SYNONYMS = (
    ("rnb", "rb", "randb", "rhythmandblues"),
    ("rap", "hiphop"),
    ("edm", "electronic", "electronicdancemusic", "dance"),
    ("latin", "latino"),
    ("rock", "rocknroll"),
)
GROUP_OF = {key: group for group in SYNONYMS for key in group}


def genre_key(name: str) -> str:
    """ "R&B", "r & b", "RnB", "R and B" -> "rnb"; "Hip-Hop" -> "hiphop"."""
    text = name.casefold().replace("&", "n")
    text = re.sub(r"\band\b", "n", text)
    return re.sub(r"[^0-9a-z\u00c0-\uffff]+", "", text)


def resolve_key(typed: str, known: Container[str]) -> str | None:
    """The known canonical key a typed name reaches: itself, else the first known member of
    its synonym group."""
    key = genre_key(typed)
    if key in known:
        return key
    return next((k for k in GROUP_OF.get(key, ()) if k in known), None)


def same_genre_name(a: str, b: str) -> bool:
    """One name written two ways: "r-n-b" and "R&B", "Hip Hop" and "hip-hop"."""
    return genre_key(a) == genre_key(b)


def synonyms(a: str, b: str) -> bool:
    """Two names people use for one genre ("hip-hop" and "rap")."""
    group = GROUP_OF.get(genre_key(a))
    return group is not None and genre_key(b) in group


class GenreTable:
    """The catalog's genres and subgenres: typed names resolved, counts, subgenre parents."""

    def __init__(self, members: Mapping[str, Mapping[str, np.ndarray]]) -> None:
        """`members`: column ("genres" / "subgenres") -> name -> the rows it holds."""
        self.members = members
        self.keys: dict[str, tuple[str, str]] = {}
        for column in ("subgenres", "genres"):  # genres win over a subgenre of the same name
            for name in members.get(column, {}):
                self.keys[genre_key(name)] = (column, name)

    def names(self) -> list[str]:
        """Genres first, then subgenres."""
        return [n for column in ("genres", "subgenres") for n in self.members.get(column, {})]

    def resolve(self, typed: str) -> tuple[str, str]:
        """(column, catalog name) for a typed genre or subgenre; case and aliases forgiven."""
        found = resolve_key(bounded(typed), self.keys)
        if found is None:
            valid = self.names()
            close = rank_labels(typed, valid, 5, cutoff=70) if typed else []
            raise UnknownGenreError(typed, close + [g for g in valid if g not in close])
        return self.keys[found]

    @cached_property
    def infos(self) -> tuple[GenreInfo, ...]:
        """Genres with track counts, each with its subgenres (placed by most shared tracks)."""
        genre_rows = {n: set(r.tolist()) for n, r in self.members.get("genres", {}).items()}
        children: dict[str, list[tuple[str, int]]] = {g: [] for g in genre_rows}
        for name, rows in self.members.get("subgenres", {}).items():
            inside = set(rows.tolist())
            parent = max(genre_rows, key=lambda g: len(genre_rows[g] & inside), default=None)
            if parent is not None:
                children[parent].append((name, len(inside)))
        return tuple(
            GenreInfo(name, len(rows), tuple(sorted(children[name], key=lambda x: -x[1])))
            for name, rows in sorted(genre_rows.items(), key=lambda kv: -len(kv[1]))
        )

"""Fuzzy song names: the only module that imports rapidfuzz.

Scoring every title with rapidfuzz costs ~44 ms at 28k tracks and over a second at 1M, so
rapidfuzz only ranks a few dozen candidates, found in three ways whose work follows the
query, not the catalog:

1. exact forms: the typed text as a base title (a binary search in the titles sorted once at
   build), or split anywhere into title + artist in either order, with or without "by";
   also the title without spaces and the full title (hashed keys in a sorted array, all
   looked up in one vectorised search);
2. the same after correcting one word to a catalog word one edit away (a deletion table
   over the vocabulary, as SymSpell does), or splitting a run-together word: ~100 spellings
   for a typo'd name, so their base titles go through a hashed table made at load too;
3. a term index: the two rarest query words' postings (kept most-famous first, so a budget
   drops the least-known rows), each candidate ranked by how many query words it holds
   (rare words checked in their postings, common ones in a 128-bit per-row signature).

All candidates get one score (`score`), and among equal scores the best-known version wins.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import overload

import numpy as np
from pandas.core.util.hashing import hash_array  # pandas.util re-exports it untyped
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from recommender.catalog.columns import take
from recommender.catalog.text import normalize

NAME_ARRAYS = (
    "fame",
    "by_fame",
    "title_order",
    "title_hashes",
    "title_starts",
    "title_counts",
    "block_tops",
    "vocab",
    "term_indptr",
    "term_postings",
    "signatures",
    "pair_hashes",
    "pair_rows",
    "deleted_hashes",
    "deleted_ids",
)
_SPOTIFY_LINK = re.compile(
    r"(?:spotify:track:|open\.spotify\.com/(?:intl-[\w-]+/)?track/)([0-9A-Za-z]{22})"
)
_SPOTIFY_BARE = re.compile(r"[0-9A-Za-z]{22}")
# Typed between the parts of a name ("Artist - Title", "AC / DC"), never a name themselves.
_SEPARATOR = re.compile(r"""[-–—/\\|:·•,.~()\[\]{}"']+""")
SIGNATURE_BITS = 128
EXACT_CHECK = 2048  # words rarer than this are checked in their postings, not the signature
TERM_BUDGET = 3000  # postings read per query from the rarest words, most famous first
SCORED = 48  # candidates rapidfuzz scores
CHOICES = 8  # strings scored per candidate (`NameMatcher.score`)
EXACT_PER_TITLE = 8  # most famous releases taken from an exact-title match
PREFIX_BLOCK = 256  # autocomplete keeps the most famous rows of each block of sorted titles
PREFIX_BLOCK_TOP = 16
PREFIX_EXPANSIONS = 8  # completions tried for the word being typed
PREFIX_DRIVER = 0.9  # spellings this close (the word, its completions) find autocomplete rows
TYPO_COST = 8.0  # score lost per letter slipped, swapped or missed (see `score`)
MIN_TYPO_LENGTH = 4  # "cat" one edit from "car" is another word, not a slip
# Words shorter than this are only matched to words one letter longer ("te" -> "the"):
# "in"/"on"/"it" are all one substitution apart.
MIN_FUZZY_WORD = 3
# Longer queries (a pasted full title with its suffix) hold enough right words: only
# unknown words get corrected, and exact forms are not retried per correction.
MAX_CORRECTED_WORDS = 6
NEIGHBOUR_CACHE = 16_384  # words whose one-edit neighbours are kept


def typed_key(text: str) -> str:
    """`normalize` for typed text, keeping a word made only of symbols ("Aitana +",
    "? MF DOOM", "!!! one girl"): such titles and artists are keyed by their symbols, so a
    query must not drop them. Dashes and brackets between the parts stay separators."""
    tokens = text.split()
    if all(any(ch.isalnum() for ch in t) or _SEPARATOR.fullmatch(t) for t in tokens):
        return normalize(text)
    return " ".join(k for t in tokens if not _SEPARATOR.fullmatch(t) for k in [normalize(t)] if k)


def key_hashes(keys: Sequence[str]) -> np.ndarray:
    """Stable 64-bit hashes of a batch of strings in one vectorised call (SipHash with
    pandas' fixed key; Python's own `hash` changes between processes)."""
    return hash_array(np.array(keys, dtype=object), categorize=False)


def _signature_bits(terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each term sets its bit in a row's signature: which 64-bit word, and the mask."""
    bits = (terms * 2654435761) % SIGNATURE_BITS
    return bits >> 6, np.left_shift(np.uint64(1), (bits & 63).astype(np.uint64))


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """start, start + 1, ... start + size - 1 for each pair, in one array."""
    offsets = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(starts, sizes) + offsets


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique for a few thousand ints, without its hash table (slower at this size)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if values.size else values


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


RowStrings = tuple[list[str], list[str], list[str], list[str]]


def _drivers(group: list[tuple[int, float]], prefix: bool) -> list[int]:
    """The spellings of a query word whose postings are read for candidates."""
    if prefix:
        typed = [t for t, weight in group if weight >= PREFIX_DRIVER]
        if typed:
            return typed
    return [t for t, _ in group]


class _SortedTitles(Sequence[str]):
    """The base titles in sorted order, read through `title_order` (for `bisect`): no
    second list of a million strings."""

    def __init__(self, titles: Sequence[str], order: np.ndarray) -> None:
        self.titles = titles
        self.order = order
        # A binary search probes ~20 places a keystroke: a memoryview's item and the column's
        # unchecked read cost a third of a NumPy scalar and a checked `titles[i]`.
        self._rows = np.ascontiguousarray(order, dtype=np.int32).data.cast("B").cast("i")
        self._title = getattr(titles, "value", titles.__getitem__)

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self.titles[int(r)] for r in self.order[i].tolist()]
        return self._title(self._rows[i])


class NameMatcher:
    """Ranks catalog rows against typed text."""

    def __init__(
        self,
        titles: Sequence[str],
        names: Sequence[str],
        artists: Sequence[str],
        primary: Sequence[str],
        arrays: Mapping[str, np.ndarray],
    ) -> None:
        # Row-indexed strings (lists, or the stored catalog's columns): read, never copied.
        self.titles = titles  # normalised base titles
        self.names = names  # normalised full titles
        self.artists = artists  # normalised credited artists, as written
        self.primary = primary  # normalised first artist
        self.fame = arrays["fame"]
        self.title_order = arrays["title_order"]
        self.sorted_titles = _SortedTitles(titles, self.title_order)
        self.title_hashes = arrays["title_hashes"]
        self.title_starts = arrays["title_starts"]
        self.title_counts = arrays["title_counts"]
        self.indptr = arrays["term_indptr"]
        self.postings = arrays["term_postings"]
        self.signatures = arrays["signatures"]
        # Searched where they are mapped: a copy of the pairs was 265 MB a process at 10M.
        self.pair_hashes = arrays["pair_hashes"]
        self.pair_rows = arrays["pair_rows"]
        self.deleted_hashes = arrays["deleted_hashes"]
        self.deleted_ids = arrays["deleted_ids"]
        self.vocab = [str(w) for w in arrays["vocab"].tolist()]  # sorted at build
        self.term_id = {w: i for i, w in enumerate(self.vocab) if w}
        self.df = np.diff(self.indptr).astype(np.float64)
        self.idf = np.log1p(max(len(self.titles), 1) / np.maximum(self.df, 1.0))
        self.by_fame = arrays["by_fame"]
        # Resolve, then autocomplete keystroke after keystroke, ask about the same words.
        self.neighbours = lru_cache(maxsize=NEIGHBOUR_CACHE)(self.neighbours)
        self.block_tops = arrays["block_tops"]
        # Tables of -1 per row, one per ranking running at once (not per thread: the bot's
        # worker threads come and go, and each table is 40 MB at 10M tracks).
        self._free_slots: list[np.ndarray] = []
        self._slots_lock = threading.Lock()

    @contextmanager
    def _row_slots(self) -> Iterator[np.ndarray]:
        """A table of -1 per row, to fill and clear around one query, then give back."""
        with self._slots_lock:
            slots = self._free_slots.pop() if self._free_slots else None
        if slots is None:
            slots = np.full(len(self.titles), -1, dtype=np.int32)
        try:
            yield slots
        finally:
            with self._slots_lock:
                self._free_slots.append(slots)

    def warm(self) -> None:
        """Make the first slot table now (at 10M tracks the first query took 99 ms for it)."""
        with self._row_slots():
            pass

    # -- candidates ---------------------------------------------------------------------

    def _lookup(
        self, hashes: np.ndarray, keys: np.ndarray, values: np.ndarray, unique: bool = False
    ) -> np.ndarray:
        """Values stored under each of `hashes` in a table sorted by hash (all of them).
        The hashes are sorted first: NumPy then narrows each search from the last one, which
        at a million tracks saves most of the cache misses."""
        if hashes.size == 0 or keys.size == 0:
            return np.empty(0, dtype=np.int64)
        hashes = np.sort(hashes)
        lo = np.searchsorted(keys, hashes, "left")
        if unique:
            found = lo[keys[np.minimum(lo, keys.size - 1)] == hashes]
            return values[found]
        hi = np.searchsorted(keys, hashes, "right")
        hit = hi > lo
        if not hit.any():
            return np.empty(0, dtype=np.int64)
        return np.concatenate([values[a:b] for a, b in zip(lo[hit], hi[hit], strict=True)])

    def _title_rows(self, title: str) -> list[int]:
        """The most famous rows (EXACT_PER_TITLE at most) whose base title is `title`."""
        lo = bisect_left(self.sorted_titles, title)
        hi = bisect_right(
            self.sorted_titles, title, lo, min(lo + EXACT_PER_TITLE, len(self.sorted_titles))
        )
        return self.title_order[lo:hi].tolist()

    def _titles_rows(self, hashes: np.ndarray) -> np.ndarray:
        """The most famous rows (EXACT_PER_TITLE at most) of each base title hashed."""
        if hashes.size == 0:
            return np.empty(0, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.title_hashes, hashes), self.title_hashes.size - 1)
        at = at[self.title_hashes[at] == hashes]
        starts, counts = self.title_starts[at], self.title_counts[at]
        return self.title_order[_ranges(starts, counts)].astype(np.int64)

    def _exact(self, spellings: list[list[str]]) -> list[int]:
        """Rows some spelling names exactly: a title, or title and artist in either order."""
        titles: list[str] = []
        keys: list[str] = []
        found: list[int] = []
        for words in spellings:
            text = " ".join(words)
            titles.append(text)
            keys += ["\x1e" + "".join(words), "\x1d" + text]
            # Split at each space: slicing the joined text beats joining the words again.
            at = 0
            for i in range(1, len(words)):
                at += len(words[i - 1]) + 1
                head, tail = text[: at - 1], text[at:]
                keys += [f"{head}\x1f{tail}", f"{tail}\x1f{head}"]
                if words[i] == "by" and i + 1 < len(words):
                    keys.append(f"{head}\x1f{text[at + 3 :]}")
        if len(titles) <= 2:  # the text as typed: a bisect costs less than the table's steps
            found = [row for title in titles for row in self._title_rows(title)]
            titles = []
        hashes = key_hashes(titles + keys)
        if titles:
            found = self._titles_rows(hashes[: len(titles)]).tolist()
        pairs = self._lookup(hashes[len(titles) :], self.pair_hashes, self.pair_rows, unique=True)
        return found + pairs.tolist()

    def neighbours(self, word: str) -> set[int]:
        """Catalog words one edit (insert, delete, substitute, swap) from `word`."""
        if len(word) < MIN_FUZZY_WORD:  # "te", "i": only a letter left out ("the", "is")
            found = self._lookup(key_hashes([word]), self.deleted_hashes, self.deleted_ids)
            return set(found.tolist()) - {self.term_id.get(word, -1)}
        deletions = _deletions(word)
        hashes = key_hashes([word, *deletions])
        out = set(self._lookup(hashes, self.deleted_hashes, self.deleted_ids).tolist())
        out.update(self.term_id[d] for d in deletions if d in self.term_id)
        out.discard(self.term_id.get(word, -1))
        return out

    def _corrections(self, words: list[str]) -> list[list[str]]:
        """Spellings with one word fixed: one edit away, or two run-together words split."""
        out = []
        unknown = {w for w in words if w not in self.term_id}
        for j, word in enumerate(words):
            if unknown and word not in unknown:
                continue  # a word no title holds is where the slip is
            fixes = [[self.vocab[i]] for i in self.neighbours(word)]
            if word not in self.term_id:
                fixes += [
                    [word[:k], word[k:]]
                    for k in range(1, len(word))
                    if word[:k] in self.term_id and word[k:] in self.term_id
                ]
            out += [words[:j] + fix + words[j + 1 :] for fix in fixes]
        return out

    def _completions(self, stem: str) -> list[int]:
        """The commonest catalog words starting with `stem` (the word still being typed)."""
        lo = bisect_left(self.vocab, stem)
        hi = bisect_left(self.vocab, stem + "\U0010ffff", lo)
        if hi - lo <= PREFIX_EXPANSIONS:  # a word's id is its place in the sorted vocabulary
            return list(range(lo, hi))
        top = np.argpartition(-self.df[lo:hi], PREFIX_EXPANSIONS - 1)[:PREFIX_EXPANSIONS]
        return (top + lo).tolist()

    def _term_rows(self, words: list[str], prefix: bool) -> np.ndarray:
        """Rows holding the query's rarest words, best matching the rest, most famous first."""
        groups: list[list[tuple[int, float]]] = []
        known = all(w in self.term_id for w in words)  # else the slip is in an unknown word
        for j, word in enumerate(words):
            group = [(self.term_id[word], 1.0)] if word in self.term_id else []
            if prefix and j == len(words) - 1:  # still being typed: complete, don't correct
                group += [(t, 0.9) for t in self._completions(word)]
            elif not group or (len(words) <= MAX_CORRECTED_WORDS and known):
                group += [(t, 0.8) for t in self.neighbours(word)]
            if group:
                groups.append(group)
        if not groups:
            return np.empty(0, dtype=np.int64)
        groups.sort(key=lambda g: self.df[[t for t, _ in g]].sum())  # exact: whole counts
        # While typing, a finished word's one-edit neighbours ("the": "she", "then", "they"
        # and ~90 more) only score rows, not find them: found by the word itself and the
        # word being completed, as a slip in a finished word is found by the other words.
        drivers = [t for g in groups[:2] for t in _drivers(g, prefix)]
        share = max(TERM_BUDGET // len(drivers), 64)
        rows = _sorted_unique(
            np.concatenate(
                [self.postings[self.indptr[t] : self.indptr[t] + share] for t in drivers]
            )
        )
        # Rows holding more of the query's words first (weighted by how each was spelt);
        # among those, rarer words count more; then fame (in `_best`).
        return self._best(rows, self._groups_score(rows, groups), SCORED)

    def _groups_score(self, rows: np.ndarray, groups: list[list[tuple[int, float]]]) -> np.ndarray:
        """For each of `rows` (sorted), the sum over the groups (one per query word) of the
        best value of a spelling of that word it holds. Rare spellings are looked up in their
        postings, all groups' at once; common ones in the signatures, whose false positives
        matter little for a common word."""
        terms = np.array([t for group in groups for t, _ in group], dtype=np.int64)
        weights = np.array([w for group in groups for _, w in group], dtype=np.float64)
        column = np.repeat(np.arange(len(groups)), [len(group) for group in groups])
        values = weights * (1.0 + 0.01 * self.idf[terms])
        starts = self.indptr[terms]
        sizes = self.indptr[terms + 1] - starts
        best = np.zeros((len(groups), rows.size))  # a group's values side by side in memory
        common = sizes > EXACT_CHECK
        if common.any():  # all common spellings in one pass, then the best per group
            word, mask = _signature_bits(terms[common])
            sigs = np.ascontiguousarray(self.signatures[rows].T)
            held = (sigs[word] & mask[:, None]) != 0
            columns = column[common]  # in group order, so each group's spellings are a run
            firsts = np.flatnonzero(np.concatenate(([True], columns[1:] != columns[:-1])))
            best[columns[firsts]] = np.maximum.reduceat(held * values[common, None], firsts)
        rare = np.flatnonzero(~common)
        sizes, starts = sizes[rare], starts[rare]
        postings = self.postings[_ranges(starts, sizes)]  # every rare spelling's, in one gather
        # Each posting's place among the rows through a slot table: at a million tracks,
        # searching ~30k postings among the rows took much of the query's time.
        with self._row_slots() as slots:
            slots[rows] = np.arange(rows.size, dtype=np.int32)
            try:
                at = slots[postings]
            finally:
                slots[rows] = -1
        hit = at >= 0
        spelling = rare[np.repeat(np.arange(rare.size), sizes)[hit]]
        np.maximum.at(best.reshape(-1), column[spelling] * rows.size + at[hit], values[spelling])
        score = np.zeros(rows.size)
        for group in best:  # in order, as the sum was always taken
            score += group
        return score

    def _prefix_rows(self, stem: str, limit: int) -> np.ndarray:
        """The most famous rows whose base title starts with `stem`."""
        lo = bisect_left(self.sorted_titles, stem)
        hi = bisect_left(self.sorted_titles, stem + "\U0010ffff", lo)
        if hi - lo > 2 * PREFIX_BLOCK:
            first, last = -(-lo // PREFIX_BLOCK), hi // PREFIX_BLOCK
            positions = np.concatenate(
                [
                    np.arange(lo, first * PREFIX_BLOCK),
                    self.block_tops[first:last].ravel(),
                    np.arange(last * PREFIX_BLOCK, hi),
                ]
            )
            positions = positions[positions < hi]
        else:
            positions = np.arange(lo, hi)
        rows = np.asarray(self.title_order[positions], dtype=np.int64)
        return self._best(rows, np.zeros(rows.size), limit)

    def _best(self, rows: np.ndarray, score: np.ndarray, limit: int) -> np.ndarray:
        """The `limit` rows with the highest score, the more famous first among equals."""
        key = score * 1e4 + self.fame[rows]  # fame stays below ~200: the score decides first
        if rows.size > limit:
            top = np.argpartition(-key, limit - 1)[:limit]
            rows, key = rows[top], key[top]
        return rows[np.argsort(-key, kind="stable")]

    # -- scoring ------------------------------------------------------------------------

    def strings(self, rows: Sequence[int]) -> RowStrings:
        """The base titles, full titles, artists and first artists of `rows`."""
        return (
            take(self.titles, rows),
            take(self.names, rows),
            take(self.artists, rows),
            take(self.primary, rows),
        )

    def score(
        self, query: str, rows: Sequence[int], strings: RowStrings | None = None
    ) -> np.ndarray:
        """0-100 for each row: the typed text against its base title, full title, base title
        with its first or all artists on either side, and full title with artists (CHOICES
        strings a row). "by" may join title and artist."""
        words = query.split()
        queries = [query]
        if "by" in words[1:-1]:
            queries.append(" ".join(w for w in words if w != "by"))
        choices: list[str] = []
        titles, names, artists, primary = strings or self.strings(rows)
        for t, n, a, p in zip(titles, names, artists, primary, strict=True):
            choices += [
                t,
                n,
                f"{t} {p}",
                f"{p} {t}",
                f"{t} {a}",
                f"{a} {t}",
                f"{n} {a}",
                f"{p} {n}",
            ]
        if not choices:
            return np.empty(0)
        scores = process.cdist(queries, choices, scorer=fuzz.ratio, dtype=np.float32)
        # Indel ratio charges a swapped or mistyped letter twice: "juyl" is 75 against "july".
        # A slip or two in a name of some length is what typing looks like, so it scores
        # 100 - TYPO_COST per edit (optimal string alignment: a swap is one edit).
        if len(query) >= MIN_TYPO_LENGTH:  # shorter, no slip is forgiven: no need to count
            # Counting stops past two edits (then reported as 3): all the rule looks at.
            edits = process.cdist(
                queries, choices, scorer=OSA.distance, dtype=np.int32, score_cutoff=2
            )
            typo = np.where(edits <= 2, 100.0 - TYPO_COST * edits, 0.0)
            scores = np.maximum(scores, typo)
        return scores.max(axis=0).reshape(len(rows), CHOICES).max(axis=1).astype(np.float64)

    def rank(self, query: str, limit: int = 25, prefix: bool = False) -> list[tuple[int, float]]:
        """(row, score 0-100) for the best matches, best first; equal scores go to the more
        famous row. `prefix`: the text is still being typed (autocomplete)."""
        q = typed_key(query)
        if not q:  # spares, as below: releases of one song count once among the callers' picks
            return [(int(r), 0.0) for r in self.by_fame[: limit * 4]]
        words = q.split()
        found = self._exact([words])
        if prefix:
            # Twice the rows wanted, as releases of one song are offered once.
            starting = self._prefix_rows(q, 2 * limit).tolist()
            found += starting
            if len(starting) < 2 * limit:  # else enough titles start so to fill the list
                found += self._term_rows(words, prefix).tolist()
        rows = score = None
        strings: RowStrings | None = None
        if not prefix and found:  # spelt exactly: scored once, kept unless we look further
            rows = _sorted_unique(np.asarray(found, dtype=np.int64))
            score = self.score(q, rows.tolist())
        if not prefix and (score is None or score.max() < 100.0 - TYPO_COST):
            # Nothing spelt exactly, or only through the compact or full-title keys with a
            # different spelling: look further.
            if len(words) <= MAX_CORRECTED_WORDS:
                found += self._exact(self._corrections(words))
            found += self._term_rows(words, prefix).tolist()
            rows = None
        for length in (2, 1, 0):  # nothing shares a word: famous titles that start alike
            if found:
                break
            found = self._prefix_rows(q[:length], SCORED).tolist()
        if rows is None or score is None:
            rows = _sorted_unique(np.asarray(found, dtype=np.int64))
            strings = self.strings(rows.tolist())
            score = self.score(q, rows.tolist(), strings)
        if prefix:
            assert strings is not None  # while typing, the rows were always scored just above
            titles, _, _, primary = strings
            starts = np.array(
                [
                    t.startswith(q) or f"{p} {t}".startswith(q)
                    for t, p in zip(titles, primary, strict=True)
                ],
                dtype=bool,
            )
            score = np.where(starts, np.maximum(score, 95.0), score)
        order = np.lexsort((-self.fame[rows], -np.round(score, 1)))[: limit * 4]
        return [(int(rows[i]), float(score[i])) for i in order]


def spotify_id(text: str) -> str | None:
    """The track id in a bare id, a spotify:track: URI or an open.spotify.com link.

    A bare 22-letter word all in lower case is taken for a word, not an id."""
    text = text.strip()
    if "spotify" in text:
        match = _SPOTIFY_LINK.search(text)
        return match.group(1) if match else None
    bare = text.split("?")[0].rstrip("/")
    if _SPOTIFY_BARE.fullmatch(bare) and not (bare.isalpha() and bare.islower()):
        return bare
    return None


def rank_labels(query: str, labels: Sequence[str], limit: int, cutoff: float = 0) -> list[str]:
    """Closest labels to the query (for "did you mean" over small sets such as genres)."""
    normalized = [normalize(x) for x in labels]
    found = process.extract(
        normalize(query), normalized, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff
    )
    return [labels[i] for _, _, i in found]

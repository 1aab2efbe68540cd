"""The name matcher's arrays, made once at build (`NameMatcher` maps them at every load).

A catalog's rows are taken a chunk at a time, most famous first: each chunk's words and
exact-match keys are Python strings only while the chunk is made, then hashed into arrays.
Holding them for every row at once (a set of words and a handful of key strings per row) cost
~1 GB per million rows, what kept a 10M-track build from fitting 24 GB. Two passes over the
rows (the vocabulary first, then each row's word ids) give the same arrays as one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from recommender.catalog.schema import split_list
from recommender.names.matcher import (
    EXACT_PER_TITLE,
    PREFIX_BLOCK,
    PREFIX_BLOCK_TOP,
    SIGNATURE_BITS,
    _deletions,
    _signature_bits,
    key_hashes,
)

# Measured on the labelled queries (docs/names.md): weights 2 and 6 only lost typed titles to
# tracks sitting on many playlists, so popularity alone decides.
PLAYLIST_WEIGHT = 0.0
NAME_CHUNK = 250_000  # rows whose words and keys are Python strings at once


def fame(popularity: np.ndarray, playlists: Sequence[str]) -> np.ndarray:
    """How well-known each row is: Spotify popularity, plus PLAYLIST_WEIGHT per log playlist."""
    counts = np.array([len(split_list(x)) for x in playlists])
    return np.nan_to_num(np.asarray(popularity, dtype=np.float64)) + PLAYLIST_WEIGHT * np.log1p(
        counts
    )


def _pair_keys(title: str, name: str, artists: Sequence[str]) -> list[str]:
    """What an exact query may spell for one row besides its base title: title and artist,
    the title typed without spaces, the full title ("Closer (feat. Halsey)")."""
    keys = [f"{title}\x1f{artist}" for artist in artists] + ["\x1e" + title.replace(" ", "")]
    if name == title:
        return keys
    # The full title with an artist too: what a pasted "Artist - Title - 2009 Remaster" says.
    return [*keys, "\x1d" + name, *(f"{name}\x1f{artist}" for artist in artists)]


def _sorted_table(
    hashes: np.ndarray, values: np.ndarray, first_only: bool
) -> tuple[np.ndarray, np.ndarray]:
    """The hashes sorted, and the value (int32: a row or a word id) under each; with
    `first_only`, the first value per hash. Two arrays, not (hash, value) pairs: the matcher
    searches the hashes where they are mapped, with no contiguous copy made in each process."""
    if first_only:
        _, keep = np.unique(hashes, return_index=True)
    else:
        keep = np.argsort(hashes, kind="stable")
    return hashes[keep], values[keep].astype(np.int32)


def _row_words(title: str, name: str, artists: Sequence[str]) -> set[str]:
    words = set(title.split()) | set(name.split())
    for artist in artists:
        words.update(artist.split())
    return words


def _chunks(order: np.ndarray) -> list[list[int]]:
    return [order[i : i + NAME_CHUNK].tolist() for i in range(0, len(order), NAME_CHUNK)]


def build_name_arrays(
    titles: Sequence[str],
    names: Sequence[str],
    artists: Sequence[Sequence[str]],
    fame_of: np.ndarray,
) -> dict[str, np.ndarray]:
    """Arrays the matcher memory-maps: rows by title, the term index, signatures, pairs.

    `titles` are normalised base titles, `names` normalised full titles, `artists` each row's
    normalised credited artists (all of them together first)."""
    n = len(titles)
    fame_of = np.asarray(fame_of, dtype=np.float64)
    by_fame = np.argsort(-fame_of, kind="stable")
    # A stable sort of rows already in fame order: each title's most famous row comes first.
    title_order = np.array(sorted(by_fame.tolist(), key=titles.__getitem__), dtype=np.int32)

    # Pass 1: the vocabulary, and the exact-match keys of each chunk hashed (most famous
    # first: the pairs keep that order, so a key's first row is its most famous).
    vocabulary: set[str] = set()
    pair_hashes, pair_rows = [np.empty(0, dtype=np.uint64)], [np.empty(0, dtype=np.int32)]
    for rows in _chunks(by_fame):
        keys: list[str] = []
        key_rows: list[int] = []
        for row in rows:
            vocabulary.update(_row_words(titles[row], names[row], artists[row]))
            row_keys = _pair_keys(titles[row], names[row], artists[row])
            keys += row_keys
            key_rows += [row] * len(row_keys)
        pair_hashes.append(key_hashes(keys))
        pair_rows.append(np.asarray(key_rows, dtype=np.int32))
    vocab = sorted(vocabulary)
    del vocabulary
    term_id = {w: i for i, w in enumerate(vocab)}

    # Pass 2: each row's word ids, rows in fame order (postings keep that order).
    id_parts, count_parts = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    for rows in _chunks(by_fame):
        words_of = [_row_words(titles[r], names[r], artists[r]) for r in rows]
        id_parts.append(np.fromiter((term_id[w] for ws in words_of for w in ws), dtype=np.int64))
        count_parts.append(np.fromiter(map(len, words_of), dtype=np.int64, count=len(rows)))
    ids = np.concatenate(id_parts)
    rows = np.repeat(by_fame.astype(np.int32), np.concatenate(count_parts))
    del id_parts, count_parts
    order = np.argsort(ids, kind="stable")  # stable: fame order within each term
    indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(np.bincount(ids, minlength=len(vocab)), out=indptr[1:])

    signatures = np.zeros((n, SIGNATURE_BITS // 64), dtype=np.uint64)
    word, mask = _signature_bits(ids)
    np.bitwise_or.at(signatures, (rows, word), mask)
    del word, mask
    # Deleting a letter from two-letter words too: a typed "i" may be "is" or "it".
    deleted = [(d, i) for w, i in term_id.items() if len(w) >= 2 for d in _deletions(w)]
    sorted_titles = [titles[int(r)] for r in title_order.tolist()]
    pair_keys, pair_values = _sorted_table(
        np.concatenate(pair_hashes), np.concatenate(pair_rows), first_only=True
    )
    deleted_keys, deleted_values = _sorted_table(
        key_hashes([d for d, _ in deleted]),
        np.array([i for _, i in deleted], dtype=np.int32),
        first_only=False,
    )
    return {
        "fame": fame_of,
        "by_fame": by_fame.astype(np.int32),
        "title_order": title_order,
        **_title_table(sorted_titles),
        "block_tops": _block_tops(fame_of[title_order]),
        "vocab": np.array(vocab or [""], dtype=str),
        "term_indptr": indptr,
        "term_postings": rows[order],
        "signatures": signatures,
        "pair_hashes": pair_keys,
        "pair_rows": pair_values,
        "deleted_hashes": deleted_keys,
        "deleted_ids": deleted_values,
    }


def _title_table(sorted_titles: list[str]) -> dict[str, np.ndarray]:
    """Each distinct base title's hash, its first place in the sorted titles and how many
    of its rows an exact match takes: a typo'd query tries ~100 spellings, and looking
    them all up in one vectorised search beats a bisect over the strings each."""
    hashes = key_hashes(sorted_titles)
    order = np.argsort(hashes, kind="stable")  # stable: the first place of each title
    hashes = hashes[order]
    first = np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1])))
    counts = np.diff(np.append(first, hashes.size))
    return {
        "title_hashes": hashes[first],
        "title_starts": order[first].astype(np.int32),
        "title_counts": np.minimum(counts, EXACT_PER_TITLE).astype(np.int8),
    }


def _block_tops(fame_sorted: np.ndarray) -> np.ndarray:
    """Per block of PREFIX_BLOCK sorted titles, the positions of its most famous rows."""
    n = len(fame_sorted)
    blocks = -(-n // PREFIX_BLOCK)
    padded = np.full(blocks * PREFIX_BLOCK, -np.inf)
    padded[:n] = fame_sorted
    padded = padded.reshape(blocks, PREFIX_BLOCK)
    top = min(PREFIX_BLOCK_TOP, PREFIX_BLOCK)
    best = np.argpartition(-padded, top - 1, axis=1)[:, :top] if blocks else padded[:, :0]
    return (best + np.arange(blocks)[:, None] * PREFIX_BLOCK).astype(np.int64)

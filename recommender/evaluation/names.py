"""A labelled set of typed names, built by rules from a catalog, and how well names resolve.

Typed queries: the catalog's most famous songs (one release each), each typed in every form
people use — the base title; artist and title either way round; "Title by Artist";
"Artist - Title"; the title with one typo; "title artist" in lower case without punctuation.
Absent queries: famous songs checked, by rule, to be missing from the catalog.

Songs and absent songs are split in two by a hash of their names: the calibration half
chose `names.MATCH_CUTOFF` (`cutoff_sweep`), the held-out half measures it.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np

from recommender.catalog.text import base_title, normalize, primary_artist
from recommender.engine import Recommender
from recommender.names.lookup import MATCH_CUTOFF
from recommender.store.progress import Progress, quiet

FORMS = (
    "title",
    "artist title",
    "title artist",
    "title by artist",
    "artist - title",
    "title with a typo",
    "lower case, no punctuation",
)

# Famous recordings; `absent_songs` keeps those the catalog does not hold.
FAMOUS = (
    ("Clair de Lune", "Claude Debussy"),
    ("Gangnam Style", "PSY"),
    ("Purple Rain", "Prince"),
    ("Hey Jude", "The Beatles"),
    ("Yesterday", "The Beatles"),
    ("Let It Be", "The Beatles"),
    ("Yellow Submarine", "The Beatles"),
    ("Like a Prayer", "Madonna"),
    ("Imagine", "John Lennon"),
    ("Respect", "Aretha Franklin"),
    ("Hallelujah", "Leonard Cohen"),
    ("Für Elise", "Ludwig van Beethoven"),
    ("Moonlight Sonata", "Ludwig van Beethoven"),
    ("Boléro", "Maurice Ravel"),
    ("Nessun Dorma", "Luciano Pavarotti"),
    ("Ride of the Valkyries", "Richard Wagner"),
    ("Canon in D", "Johann Pachelbel"),
    ("The Entertainer", "Scott Joplin"),
    ("Eine kleine Nachtmusik", "Wolfgang Amadeus Mozart"),
    ("Flight of the Bumblebee", "Nikolai Rimsky-Korsakov"),
    ("Gymnopédie No. 1", "Erik Satie"),
    ("Macarena", "Los del Río"),
    ("Ice Ice Baby", "Vanilla Ice"),
    ("My Heart Will Go On", "Céline Dion"),
    ("I Will Always Love You", "Whitney Houston"),
    ("Stayin' Alive", "Bee Gees"),
    ("Dancing Queen", "ABBA"),
    ("Waterloo", "ABBA"),
    ("Wannabe", "Spice Girls"),
    ("La Bamba", "Ritchie Valens"),
    ("What a Wonderful World", "Louis Armstrong"),
    ("Fly Me to the Moon", "Frank Sinatra"),
    ("My Way", "Frank Sinatra"),
    ("Hound Dog", "Elvis Presley"),
    ("Johnny B. Goode", "Chuck Berry"),
    ("Blowin' in the Wind", "Bob Dylan"),
    ("Thriller", "Michael Jackson"),
    ("Careless Whisper", "George Michael"),
    ("Never Gonna Give You Up", "Rick Astley"),
    ("Take On Me", "a-ha"),
    ("Sweet Caroline", "Neil Diamond"),
    ("Africa", "Toto"),
    ("Mambo No. 5", "Lou Bega"),
    ("Ai Se Eu Te Pego", "Michel Teló"),
    ("Asereje", "Las Ketchup"),
    ("Dragostea Din Tei", "O-Zone"),
    ("99 Luftballons", "Nena"),
    ("Volare", "Domenico Modugno"),
    ("Bésame Mucho", "Consuelo Velázquez"),
    ("Guantanamera", "Joseíto Fernández"),
)


@dataclass(frozen=True)
class LabelledQuery:
    text: str
    form: str  # one of FORMS, or "absent"
    title_key: str  # the intended song's normalised base title
    artist_key: str  # and first artist
    held_out: bool

    @property
    def absent(self) -> bool:
        return self.form == "absent"


def _held_out(title: str, artist: str) -> bool:
    return zlib.crc32(f"{title}\x1f{artist}".encode()) % 2 == 1


def with_typo(text: str, rng: np.random.Generator) -> str:
    """One slip in one word of four letters or more: a letter dropped, doubled, swapped with
    the next, or replaced by its neighbour on the keyboard row."""
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long:
        return text
    i = int(rng.choice(long))
    word = words[i]
    at = int(rng.integers(1, len(word) - 1))
    kind = int(rng.integers(4))
    if kind == 0:
        word = word[:at] + word[at + 1 :]
    elif kind == 1:
        word = word[:at] + word[at] + word[at:]
    elif kind == 2:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    else:
        row = "qwertyuiopasdfghjklzxcvbnm"
        near = row[(row.find(word[at].lower()) + 1) % len(row)] if word[at].isascii() else "e"
        word = word[:at] + near + word[at + 1 :]
    words[i] = word
    return " ".join(words)


def typed_queries(rec: Recommender, songs: int = 400, seed: int = 7) -> list[LabelledQuery]:
    """Every form of the `songs` most famous songs with a typeable title."""
    cat = rec.catalog
    order = rec.rows_by_fame
    rng = np.random.default_rng(seed)
    out: list[LabelledQuery] = []
    seen: set[str] = set()
    for row in order.tolist():
        if len(seen) == songs:
            break
        key = cat.at[row, "song_key"]
        title = base_title(str(cat.at[row, "name"]))
        artist = primary_artist(str(cat.at[row, "artist"]))
        if key in seen or len(normalize(title)) < 3 or not normalize(artist):
            continue
        seen.add(key)
        texts = (
            title,
            f"{artist} {title}",
            f"{title} {artist}",
            f"{title} by {artist}",
            f"{artist} - {title}",
            with_typo(title, rng),
            normalize(f"{title} {artist}"),
        )
        held = _held_out(normalize(title), normalize(artist))
        title_key, artist_key = cat.at[row, "title_key"], cat.at[row, "artist_key"]
        out += [
            LabelledQuery(t, f, title_key, artist_key, held)
            for f, t in zip(FORMS, texts, strict=True)
        ]
    return out


def absent_songs(rec: Recommender) -> list[LabelledQuery]:
    """Famous songs the catalog lacks (no release with that base title and first artist),
    typed as the title, or "title artist" where another artist's song has that title; and
    "Title by Artist"."""
    cat = rec.catalog
    held = set(zip(cat["title_key"], cat["artist_key"], strict=True))
    titles = set(cat["title_key"])
    out = []
    for title, artist in FAMOUS:
        t, a = normalize(title), normalize(artist)
        by_artist = cat["title_key"][cat["artist_key"] == a]
        if (t, a) in held or any(t in other for other in by_artist):
            continue  # held, perhaps under a longer title ("Guajira Guantanamera")
        first = title if t not in titles else f"{title} {artist}"
        for text in (first, f"{title} by {artist}"):
            out.append(LabelledQuery(text, "absent", t, a, _held_out(t, a)))
    return out


def labelled_queries(rec: Recommender, songs: int = 400) -> list[LabelledQuery]:
    return typed_queries(rec, songs) + absent_songs(rec)


def _outcome(rec: Recommender, query: LabelledQuery) -> tuple[float, bool]:
    """(best score, whether the best song is the intended one) for a query."""
    ranked = rec.names.ranked(query.text, 1)
    if not ranked:
        return 0.0, False
    row, score = ranked[0]
    cat = rec.catalog
    right = cat.at[row, "title_key"] == query.title_key
    if query.form != "title" and query.form != "title with a typo":
        right = right and cat.at[row, "artist_key"] == query.artist_key
    return score, bool(right) and not query.absent


def evaluate_names(
    rec: Recommender, songs: int = 400, cutoff: float = MATCH_CUTOFF, progress: Progress = quiet
) -> dict:
    """Accuracy per form and share of absent songs refused, overall and on the held-out half,
    plus the cutoff sweep over the calibration half. A bare title counts as right when it
    reaches a song of that title (it cannot say which artist was meant)."""
    queries = labelled_queries(rec, songs)
    outcomes = []
    for done, query in enumerate(queries):
        progress("names", done, len(queries))
        outcomes.append(_outcome(rec, query))
    progress("names", len(queries), len(queries))
    report: dict = {"catalog": rec.source_name, "cutoff": cutoff, "songs": songs}
    for part, keep in (("all", lambda q: True), ("held_out", lambda q: q.held_out)):
        chosen = [(q, o) for q, o in zip(queries, outcomes, strict=True) if keep(q)]
        typed = [(q, s, r) for q, (s, r) in chosen if not q.absent]
        absent = [s for q, (s, _) in chosen if q.absent]
        hits, totals = Counter(), Counter()
        for q, score, right in typed:
            totals[q.form] += 1
            hits[q.form] += right and score >= cutoff
        report[part] = {
            "typed": len(typed),
            "typed_right": round(sum(hits.values()) / max(len(typed), 1), 4),
            "per_form": {f: round(hits[f] / max(totals[f], 1), 4) for f in FORMS},
            "absent": len(absent),
            "absent_refused": round(sum(s < cutoff for s in absent) / max(len(absent), 1), 4),
        }
    calibration = [(q, o) for q, o in zip(queries, outcomes, strict=True) if not q.held_out]
    report["sweep"] = cutoff_sweep(calibration)
    report["calibrated_cutoff"] = calibrated_cutoff(report["sweep"])
    return report


def calibrated_cutoff(sweep: list[dict]) -> float:
    """The middle of the cutoffs that get the most typed queries right plus absent songs
    refused (within a quarter of a point: a query or two): the rule that chose
    `MATCH_CUTOFF`, with room on both sides."""
    best = max(r["typed_right"] + r["absent_refused"] for r in sweep)
    top = [r["cutoff"] for r in sweep if r["typed_right"] + r["absent_refused"] >= best - 0.0025]
    return (min(top) + max(top)) / 2


def cutoff_sweep(outcomes: list[tuple[LabelledQuery, tuple[float, bool]]]) -> list[dict]:
    """Typed queries right and absent songs refused at each candidate cutoff."""
    typed = [(s, r) for q, (s, r) in outcomes if not q.absent]
    absent = [s for q, (s, _) in outcomes if q.absent]
    rows = []
    for cutoff in range(70, 100, 2):
        rows.append(
            {
                "cutoff": cutoff,
                "typed_right": round(sum(r and s >= cutoff for s, r in typed) / len(typed), 4),
                "absent_refused": round(sum(s < cutoff for s in absent) / max(len(absent), 1), 4),
            }
        )
    return rows


def format_names_report(report: dict) -> str:
    lines = [f"Names on {report['catalog']} (cutoff {report['cutoff']:g})"]
    lines.append(f"  {'form':<28}{'all':>8}{'held out':>10}")
    for form in FORMS:
        lines.append(
            f"  {form:<28}{report['all']['per_form'][form]:>8.1%}"
            f"{report['held_out']['per_form'][form]:>10.1%}"
        )
    for key, label in (
        ("typed_right", "typed queries right"),
        ("absent_refused", "absent refused"),
    ):
        lines.append(f"  {label:<28}{report['all'][key]:>8.1%}{report['held_out'][key]:>10.1%}")
    lines.append(
        f"  ({report['all']['typed']} typed queries from {report['songs']} songs; "
        f"{report['all']['absent']} absent-song queries)"
    )
    lines.append(
        f"  best cutoff on this catalog's calibration half: {report['calibrated_cutoff']:g}"
    )
    lines.append(
        "  calibration half, cutoff: typed right/absent refused: "
        + ", ".join(
            f"{r['cutoff']}: {r['typed_right']:.1%}/{r['absent_refused']:.0%}"
            for r in report["sweep"]
        )
    )
    return "\n".join(lines)

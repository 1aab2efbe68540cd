"""The short text a list's buttons carry: every query comes back whole, steered lists fit a
custom id, and whatever else arrives decodes to None rather than raising."""

from __future__ import annotations

import dataclasses
import random

import pytest

from bot.ui.pages import PAGES
from bot.ui.query_codec import TAGS, decode, encode
from bot.ui.song_list import CUSTOM_ID, ListState, fits
from recommender import Query

SONG, OTHER = "0sf12qNH5qcw8qpgymFOqD", "6QPKYGnAW9QozVz2dSWqRg"
LONGEST_OWNER = 2**64 - 1  # 20 digits: a snowflake never has more

QUERIES = {
    "a song": Query(seeds=(SONG,)),
    "a genre": Query(genre="latin", k=2),
    "a mood alone": Query(mood="calm", k=25),
    "targets": Query(seeds=(SONG,), targets={"energy": 0.8, "tempo": "high", "loudness": -7.5}),
    "names with every separator": Query(
        artists=("AC|DC", "Tyler, The Creator"),
        genre="r&b^soul\\x",
        exclude_artists=("Earth, Wind & Fire", "a|b^c\\"),
        exclude_genres=("k-pop", "hip hop"),
    ),
    "non-latin names": Query(artists=("宇多田ヒカル",), exclude_artists=("Beyoncé",)),
    "every knob": Query(
        seeds=(SONG, OTHER),
        artists=("Adele",),
        genre="pop",
        k=7,
        offset=3,
        exclude_tracks=("1111xxxxxxxxxxxxxxxxxx",),
        exclude_artists=("Coldplay",),
        max_per_artist=1,
        mood="happy",
        targets={"valence": "low"},
        popularity="deep",
        exclude_genres=("rock",),
        no_explicit=True,
        scene=True,
    ),
}


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_every_query_comes_back_whole(query):
    assert decode(encode(query)) == query


def test_every_field_of_a_query_has_a_tag():
    """A knob added to `Query` without a tag would be dropped from every button."""
    tagged = {name for name, _ in TAGS.values()}
    assert tagged == {f.name for f in dataclasses.fields(Query)}


STEERED = {
    "a mood": Query(seeds=(SONG,), mood="melancholy", k=25),
    "a popularity band": Query(seeds=(SONG,), popularity="mainstream", k=25),
    "a left-out artist": Query(seeds=(SONG,), exclude_artists=("Red Hot Chili Peppers",), k=25),
    "the same scene": Query(seeds=(SONG,), scene=True, k=25),
    "two songs": Query(seeds=(SONG, OTHER), k=25),
    "two songs, a mood, a band and a left-out artist": Query(
        seeds=(SONG, OTHER),
        mood="calm",
        popularity="mainstream",
        exclude_artists=("Coldplay",),
        k=25,
    ),
    "a genre, a mood, a band and a left-out artist": Query(
        seeds=(SONG,),
        genre="dance pop",
        mood="energetic",
        popularity="mainstream",
        exclude_artists=("Coldplay",),
        k=25,
    ),
}


@pytest.mark.parametrize("query", STEERED.values(), ids=STEERED.keys())
def test_a_steered_list_fits_a_custom_id_for_any_member(query):
    state = ListState(LONGEST_OWNER, query)
    assert fits(state)
    assert len(state.custom_id(f"p>{PAGES - 1}:")) <= CUSTOM_ID  # the last page's Next


def test_five_seeds_and_three_left_out_artists_do_not_fit():
    seeds = tuple(f"{n:04d}".ljust(22, "x") for n in range(5))
    query = Query(seeds=seeds, exclude_artists=("Coldplay", "Adele", "Drake"))
    assert not fits(ListState(1, query))
    assert decode(encode(query)) == query  # the database keeps the same text, whole


def test_one_query_always_gives_the_same_text():
    """Sets have no order; the id must not change between two renders of one list."""
    names = ["Zed", "Adele", "Muse", "Björk"]
    one = Query(seeds=(SONG,), exclude_artists=names)
    other = Query(seeds=(SONG,), exclude_artists=list(reversed(names)))
    assert encode(one) == encode(other) == f"s{SONG}|xAdele^Björk^Muse^Zed"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "|",
        "k3",  # nothing to start from
        f"s{SONG}|k3|k4",  # a field twice
        f"s{SONG}|z1",  # an unknown tag
        f"s{SONG}|k0",
        f"s{SONG}|k-3",
        f"s{SONG}|k9999",
        f"s{SONG}|mgloomy",  # no such mood
        f"s{SONG}|pnowhere",  # no such band
        f"s{SONG}|tenergy=7",  # out of range
        f"s{SONG}|tloudness",
        f"s{SONG}|c1",  # a flag has no value
        f"s{SONG}|gpop^rock",  # one genre
        f"s{SONG}\\",  # cut mid-escape
        f"s{'^'.join([SONG] * 6)}",  # more seeds than a query takes
    ],
)
def test_a_garbled_or_forged_text_decodes_to_nothing(text):
    assert decode(text) is None


def test_no_mangled_id_raises():
    """Cut, repeated or swapped characters of real ids: decoding says None or a query."""
    rng = random.Random(15)
    texts = [encode(q) for q in (*QUERIES.values(), *STEERED.values())]
    alphabet = "|^\\=:~ks0aZé"
    for _ in range(3000):
        chars = list(rng.choice(texts))
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(chars) + 1)
            action = rng.choice(("cut", "insert", "swap"))
            if action == "cut" and at < len(chars):
                del chars[at]
            elif action == "insert":
                chars.insert(at, rng.choice(alphabet))
            elif at < len(chars):
                chars[at] = rng.choice(alphabet)
        result = decode("".join(chars))
        assert result is None or isinstance(result, Query)


@pytest.mark.parametrize("owner", [1, 61, 62, 123456789012345678, LONGEST_OWNER])
def test_a_list_state_reads_back_from_its_id_whoever_asked(owner):
    state = ListState(owner, STEERED["two songs, a mood, a band and a left-out artist"])
    page_id = state.custom_id("p>3:")
    assert ListState.parse(page_id.removeprefix("sa:p>3:")) == state


def test_the_text_reads_as_the_module_documents_it():
    query = Query(seeds=(SONG, OTHER), mood="calm", popularity="mainstream", scene=True, k=5)
    assert encode(query) == f"s{SONG}^{OTHER}|mcalm|pm|n|k5"
    assert decode(f"s{SONG}|pmainstream") == decode(f"s{SONG}|pm")  # the word is read too


def test_a_member_id_in_base_62_round_trips_and_a_negative_one_is_refused():
    from bot.ui.song_list import base62, from_base62

    for member in (0, 1, 61, 62, 345678901234567890, 2**64 - 1):
        assert from_base62(base62(member)) == member and len(base62(member)) <= 11
    with pytest.raises(ValueError, match="never negative"):
        base62(-1)

"""The library returns why a song is listed, how a list was steered and a song's sound as
records of a closed vocabulary; `render` says them in English exactly as the CLI always has."""

from __future__ import annotations

import dataclasses

import pytest

from recommender import (
    ENGLISH,
    REASON_KINDS,
    TRAITS,
    BridgeStep,
    MusicalKey,
    Query,
    Reason,
    SoundSummary,
    Steered,
    render,
)


@pytest.mark.parametrize(
    ("record", "english"),
    [
        (
            Reason("close", ("energy", "valence", "tempo"), same_key=True),
            "close in energy, valence (mood) and tempo; same key",
        ),
        (Reason("blend", ("acousticness",)), "close to the blend in acousticness"),
        (
            Reason("artist_sound", ("energy", "tempo"), artist="Radiohead"),
            "close to Radiohead's sound in energy and tempo",
        ),
        (
            Reason("typical", ("tempo", "liveness"), genre="edm"),
            "typical edm in tempo and liveness",
        ),
        (
            Reason("targets", targets=(("energy", 0.8), ("tempo", 120.0), ("loudness", -5.94))),
            "energy 0.80, tempo 120 BPM, loudness -6 dB",
        ),
        (
            Reason("scene", ("energy",), artist="The Weeknd"),
            "often in playlists with The Weeknd; close in energy",
        ),
        (
            Reason("same_artist_scene", ("tempo",), artist="Adele", where="albums"),
            "more Adele, often on albums together; close in tempo",
        ),
        (BridgeStep(0.416, "Someone Like You"), "42% of the way to Someone Like You"),
        (
            Steered(
                mood="calm",
                targets=(("energy", 0.8),),
                levels=(("valence", "high"),),
                band="deep",
                band_range=(0.0, 21.0),
                no_explicit=True,
            ),
            "mood calm · energy 0.80 · valence high · deep cuts (popularity 0-21) · no explicit",
        ),
        (Steered(no_explicit=True, explicit_known=False), "explicit unknown in this catalog"),
        (
            SoundSummary(171.2, MusicalKey(1, major=True), ("fast", "electronic")),
            "171 BPM · C♯ major · fast, electronic",
        ),
        (SoundSummary(90.0, MusicalKey(None, major=False)), "90 BPM · unknown key"),
    ],
)
def test_each_record_reads_in_english_as_the_cli_prints_it(record, english):
    assert render(record) == english


def test_nothing_steered_is_an_empty_steering_that_says_nothing():
    assert not Steered() and render(Steered()) == ""


def test_a_list_says_why_in_records_of_the_closed_vocabulary(synthetic_rec):
    plain = synthetic_rec.similar("golden heart 01", k=10)
    steered = synthetic_rec.recommend(Query(("golden heart 01",), mood="calm", k=5))
    blended = synthetic_rec.recommend(Query(("golden heart 01", "blue river 00"), k=5))
    reasons = [r.reason for r in (*plain.items, *steered.items, *blended.items)]
    assert {r.kind for r in reasons} == {"close", "targets", "blend"} <= set(REASON_KINDS)
    assert all(set(r.features) <= set(ENGLISH.features) for r in reasons)
    targets = [name for name, _ in steered.items[0].reason.targets]
    assert targets == ["energy", "acousticness", "loudness", "tempo"]  # calm's, in order
    assert steered.steering.mood == "calm" and not plain.steering
    assert set(plain.summary.traits) <= set(TRAITS)
    assert synthetic_rec.profile("blue river 00").summary.key == MusicalKey(0, major=False)


def test_another_language_is_one_table():
    templates = {**ENGLISH.templates, "close": "arr, close in {features}"}
    pirate = dataclasses.replace(ENGLISH, templates=templates)
    assert render(Reason("close", ("tempo",)), pirate) == "arr, close in tempo"

"""The radio's course-keeping: presses move the course, nothing played comes back, the artist
cap and the member's exclusions hold, a session replays the same way, and a radio whose
filters leave nothing says so (no song) rather than repeating itself."""

from __future__ import annotations

import itertools

import numpy as np

from recommender import Press, Query, Radio
from recommender.ranking.radio import ARTIST_CAP
from tests.support.synthetic import cluster_of

ROCK_SEED = "0001".ljust(22, "x")


def session(rec, query, kinds, seed=0, radio=None):
    """Play the radio, pressing `kinds` in turn (a callable: the song -> the press)."""
    radio = radio or Radio(rec)
    presses, played = [], []
    for _ in range(len(kinds) if isinstance(kinds, list) else 20):
        turn = radio.turn(query, presses, seed=seed)
        if turn.now is None:
            break
        track = turn.now.track
        played.append(track)
        kind = kinds[len(presses)] if isinstance(kinds, list) else kinds(track)
        presses.append(Press(track.track_id, kind))
    return played, radio.turn(query, presses, seed=seed)


def test_a_like_pulls_the_course_toward_the_song_and_a_skip_pushes_it_away(synthetic_rec):
    radio = Radio(synthetic_rec)
    start = np.asarray(synthetic_rec.vectors[synthetic_rec.tracks.row_of[ROCK_SEED]])
    pop = "0100".ljust(22, "x")
    row = synthetic_rec.tracks.row_of[pop]
    song = np.asarray(synthetic_rec.vectors[row], dtype=np.float64)
    liked = radio.course(start, [Press(pop, "like")], [row])
    skipped = radio.course(start, [Press(pop, "skip")], [row])
    gap = np.linalg.norm(start - song)
    assert np.linalg.norm(liked - song) < gap < np.linalg.norm(skipped - song)


def test_nothing_played_comes_back_and_the_artist_cap_and_exclusions_hold(synthetic_rec):
    excluded = "0002".ljust(22, "x")
    query = Query(seeds=(ROCK_SEED,), exclude_tracks=frozenset({excluded}))
    played, _ = session(synthetic_rec, query, ["skip", "like"] * 20)
    ids = [t.track_id for t in played]
    assert len(played) == 40
    assert len(set(ids)) == len(ids) and ROCK_SEED not in ids and excluded not in ids
    remaster = "0000remasterxxxxxxxxxx"  # another version of song 0000: never both
    assert not (remaster in ids and "0000".ljust(22, "x") in ids)
    artists = [t.artist for t in played]
    assert max(artists.count(a) for a in set(artists)) <= ARTIST_CAP
    assert all(a != b for a, b in itertools.pairwise(artists))  # never twice in a row


def test_a_session_replays_the_same_way_and_another_session_explores(synthetic_rec):
    query = Query(seeds=(ROCK_SEED,))
    first, _ = session(synthetic_rec, query, ["skip"] * 10, seed=1)
    again, _ = session(synthetic_rec, query, ["skip"] * 10, seed=1)
    others = [session(synthetic_rec, query, ["skip"] * 10, seed=s)[0] for s in range(2, 6)]
    assert [t.track_id for t in first] == [t.track_id for t in again]
    assert any([t.track_id for t in o] != [t.track_id for t in first] for o in others)


def test_the_card_says_what_the_radio_learned(synthetic_rec):
    played, turn = session(synthetic_rec, Query(seeds=(ROCK_SEED,)), ["like", "skip", "never"])
    assert [t.track_id for t in turn.more_like] == [played[0].track_id]
    assert [t.track_id for t in turn.less_like] == [played[2].track_id, played[1].track_id]
    assert turn.step == 4 and len(turn.upcoming) == 2


def test_a_radio_whose_filters_leave_nothing_runs_out_instead_of_repeating(synthetic_rec):
    played, _ = session(synthetic_rec, Query(genre="rock"), lambda _: "skip")
    assert {cluster_of(t.track_id) for t in played} == {0}
    query = Query(genre="rock")
    radio, presses = Radio(synthetic_rec), []
    while (turn := radio.turn(query, presses)).now is not None:
        presses.append(Press(turn.now.track.track_id, "skip"))
        assert len(presses) <= 31  # the genre's songs, each once
    assert turn.exhausted and turn.upcoming == ()


def test_likes_steer_the_radio_toward_what_was_liked(real_rec):
    """Two listeners from one song: one likes calm songs, one likes energetic ones; by the
    second half their radios play songs apart in energy, the way each one pressed."""
    energy = real_rec.tracks.audio_column("energy")
    audio = real_rec.tracks.audio

    def energy_of(track):
        return float(audio[real_rec.tracks.row_of[track.track_id]][energy])

    query = Query(seeds=("Blinding Lights",))
    calm, _ = session(real_rec, query, lambda t: "like" if energy_of(t) < 0.7 else "skip")
    loud, _ = session(real_rec, query, lambda t: "like" if energy_of(t) >= 0.7 else "skip")
    late = slice(10, 20)
    assert np.mean([energy_of(t) for t in calm[late]]) + 0.05 < np.mean(
        [energy_of(t) for t in loud[late]]
    )

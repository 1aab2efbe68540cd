"""The steering CLI exactly as issue #12 writes it: `similar` with several seeds and knobs,
`bridge FROM TO`, `moods`; --json for checks, --export for taking a list away."""

import csv
import json

import pytest

from recommender.cli.commands import main
from recommender.ranking.moods import MOODS
from tests.support.data import SONGS_CSV, real_data

SONG_FIELDS = {"energy", "valence", "danceability", "acousticness", "tempo", "popularity"}


@pytest.fixture
def run(capsys, real_index):
    real_data(SONGS_CSV)

    def invoke(*args):
        code = main([*args, "--index-dir", str(real_index)])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def test_similar_json_carries_the_resolved_seeds_and_each_songs_audio_values(run):
    code, out, _ = run(
        "similar",
        "blinding lights",
        "someone like you",
        "--artist",
        "coldplay",
        "--mood",
        "chill",
        "--target",
        "tempo=110",
        "--popularity",
        "mainstream",
        "--exclude-artist",
        "Ed Sheeran",
        "--exclude-genre",
        "rap",
        "-k",
        "7",
        "--json",
    )
    data = json.loads(out)
    assert code == 0
    assert [(s["kind"], s.get("artist") or s["name"]) for s in data["seeds"]] == [
        ("song", "The Weeknd"),
        ("song", "Adele"),
        ("artist", "Coldplay"),
    ]
    assert len(data["results"]) == 7
    for song in data["results"]:
        assert set(song) >= SONG_FIELDS | {"track_id", "name", "artist", "closest_seed"}
        assert "explicit" not in song  # this catalog does not know it
        assert song["artist"] not in ("Ed Sheeran", "Coldplay") and "rap" not in song["genres"]
        assert song["popularity"] >= 58  # the catalog's top quarter
    assert "mood chill" in data["steering"] and "tempo 110 BPM" in data["steering"]


def test_similar_with_a_mood_and_a_genre_and_no_song_prints_a_mood_list(run):
    code, out, _ = run("similar", "--mood", "calm", "--genre", "rock", "-k", "3")
    lines = out.splitlines()
    assert code == 0
    assert lines[:2] == ["Songs most typical of rock:", "(mood calm)"]
    assert len(lines) == 5 and "energy 0." in lines[2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("a", "b", "c", "d", "e", "f"), "error: At most 5 seeds"),
        (("x", "--artist", "qqxqzv zzkq"), "error: I don't know the artist 'qqxqzv zzkq'"),
        (("--mood", "grumpy"), "error: I don't know the mood 'grumpy'. Try one of: happy"),
        (("--target", "energy=7"), "error: energy must be from 0 to 1, got 7"),
        (("--genre", "rock", "--exclude-genre", "rock"), "error: No song passes these filters"),
        (("--genre", "pop", "--exclude-genre", "polka"), "error: I don't know the genre 'polka'"),
    ],
)
def test_bad_steering_exits_2_saying_what_to_change(run, args, message):
    code, out, err = run("similar", *args)
    assert code == 2 and out == ""
    assert err.startswith(message) and "Traceback" not in err


def test_popularity_is_one_of_three_bands(run, capsys):
    with pytest.raises(SystemExit) as exit_:
        run("similar", "x", "--popularity", "famous")
    assert exit_.value.code == 2
    assert "invalid choice: 'famous'" in capsys.readouterr().err


def test_k_is_still_bounded(run, capsys):
    with pytest.raises(SystemExit):
        run("similar", "x", "-k", "0")
    assert "must be from 1 to 500, got 0" in capsys.readouterr().err


def test_export_writes_a_csv_and_a_list_of_spotify_links(run, tmp_path):
    target = tmp_path / "mix.csv"
    code, out, err = run("similar", "blinding lights", "-k", "4", "--export", str(target))
    assert code == 0 and "Exported 4 songs to" in err
    rows = list(csv.DictReader(target.open()))
    assert len(rows) == 4 and rows[0]["spotify_url"].startswith("https://open.spotify.com/track/")
    links = (tmp_path / "mix-links.txt").read_text().splitlines()
    assert links == [r["spotify_url"] for r in rows]
    assert rows[0]["title"] in out


def test_export_to_a_missing_folder_says_so_and_exits_1(run, tmp_path):
    code, _, err = run("similar", "blinding lights", "--export", str(tmp_path / "no" / "x.csv"))
    assert code == 1 and err.startswith("error: could not write")


def test_bridge_json_lists_steps_between_the_two_songs(run):
    code, out, _ = run("bridge", "blinding lights", "someone like you", "--steps", "6", "--json")
    data = json.loads(out)
    assert code == 0
    assert [s["artist"] for s in data["seeds"]] == ["The Weeknd", "Adele"]
    assert 3 <= len(data["steps"]) <= 6
    assert all(set(s) >= SONG_FIELDS for s in data["steps"])
    along = [int(s["reason"].split("%")[0]) for s in data["steps"]]
    assert along == sorted(along)


def test_bridge_between_the_same_song_exits_2(run):
    code, _, err = run("bridge", "blinding lights", "0sf12qNH5qcw8qpgymFOqD")
    assert code == 2 and "pick two different songs" in err


def test_moods_lists_each_mood_with_its_targets(run):
    code, out, _ = run("moods")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(MOODS)
    assert "energy 0.20, acousticness 0.80, loudness -14 dB, tempo 90 BPM" in out


def test_evaluate_ends_with_the_knob_report(capsys, synthetic_index):
    code = main(["evaluate", "--seeds", "60", "--index-dir", str(synthetic_index)])
    said = capsys.readouterr()
    out = said.out
    knobs = out[out.index("Knobs (") :]
    # While it runs, stderr names each stage as it begins (a line each when not a terminal).
    stages = [line.split()[0] for line in said.err.splitlines()]
    assert stages[:3] == ["judge", "ours", "audio"] and "recall" in stages
    assert stages[-1] == "knobs" and "[" not in out
    assert code == 0
    for feature in ("energy", "valence", "tempo", "danceability", "acousticness"):
        assert f"\n  {feature} " in knobs
    assert "mean popularity: deep cuts" in knobs and "steps closer to the destination" in knobs


def test_an_excluded_artist_that_matches_no_one_says_so_and_a_typo_still_excludes(run):
    code, out, err = run("similar", "bad guy", "--exclude-artist", "zzqx nobody at all")
    assert code != 0 and not out
    assert "I don't know the artist 'zzqx nobody at all'." in err
    code, out, _ = run(
        "similar", "bad guy", "-k", "25", "--exclude-artist", "billie elish", "--json"
    )
    assert code == 0
    assert all(song["artist"] != "Billie Eilish" for song in json.loads(out)["results"])

"""`python -m recommender`: readable tables, --json for scripts, errors without tracebacks."""

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from recommender.cli.commands import main
from tests.support import synthetic


@pytest.fixture
def run(capsys, synthetic_index):
    def invoke(*args):
        code = main([*args, "--index-dir", str(synthetic_index)])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def test_similar_json_lists_the_seed_and_each_songs_id_name_artist_genres_score(run):
    code, out, _ = run("similar", "golden heart 01", "-k", "3", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["seed"]["track_id"] == "0001".ljust(22, "x")
    assert len(data["results"]) == 3
    for song in data["results"]:
        assert set(song) >= {"track_id", "name", "artist", "genres", "score"}
        assert song["genres"] == ["rock"]


def test_similar_prints_a_numbered_table(run):
    code, out, _ = run("similar", "golden heart 01", "--genre", "rock", "-k", "4")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "Songs like Golden Heart 01 — Band 0-1 in rock:"
    assert [line.split(".")[0].strip() for line in lines[1:]] == ["1", "2", "3", "4"]


def test_similar_with_only_a_genre_prints_typical_songs(run):
    code, out, _ = run("similar", "--genre", "latin", "-k", "2")
    assert code == 0 and out.startswith("Songs most typical of latin:")


def test_an_unknown_song_exits_2_with_suggestions_and_no_traceback(run):
    code, out, err = run("similar", "Golden Hart 01 xylophone quartet")
    assert code == 2 and out == ""
    assert err.startswith("error: I couldn't find a song matching") and "did you mean:" in err
    assert "Traceback" not in err


def test_an_unknown_genre_lists_the_known_ones(run):
    code, _, err = run("similar", "--genre", "polka")
    assert code == 2 and "try one of:" in err and "rock" in err


def test_features_shows_bpm_key_and_percentiles(run):
    code, out, _ = run("features", "Blue River 00")
    assert code == 0
    assert "C minor" in out and "BPM" in out and "percentile" in out


def test_genres_lists_each_genre_with_counts(run):
    code, out, _ = run("genres")
    assert code == 0
    assert "rock (31): hard rock (31)" in out.splitlines()


def test_build_from_a_csv_missing_columns_says_which(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    synthetic.frame().drop(columns=["energy"]).to_csv(bad, index=False)
    code = main(["build", "--source", str(bad), "--index-dir", str(tmp_path / "index")])
    err = capsys.readouterr().err
    assert code == 2 and "missing required column(s): energy" in err


def test_build_with_a_column_mapping(tmp_path, capsys):
    frame = synthetic.frame().rename(columns={"track_name": "title"})
    path = tmp_path / "mine.csv"
    frame.to_csv(path, index=False)
    code = main(
        [
            "build",
            "--source",
            str(path),
            "--columns",
            "name=title",
            "--n-trees",
            "5",
            "--index-dir",
            str(tmp_path / "index"),
        ]
    )
    assert code == 0
    assert "Indexed 181 tracks" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("command", "name"),
    [
        ([str(Path(sys.executable).with_name("soundalike"))], "soundalike"),  # pyproject's script
        ([sys.executable, "-m", "recommender"], "python -m recommender"),
    ],
)
def test_help_and_version_name_the_command_as_it_was_typed(command, name):
    shown = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and shown.stdout == f"{name} {version('soundalike')}\n"
    helped = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60)
    assert helped.stdout.startswith(f"usage: {name} [-h] [--version]")


@pytest.mark.parametrize("target", [".", "/", ""])
def test_export_to_a_folder_says_to_give_a_file_name(run, target):
    code, _, err = run("similar", "golden heart 01", "-k", "2", "--export", target)
    assert code == 1
    assert err.startswith("error: could not write") and "give a file name like list.csv" in err


def test_an_unknown_excluded_genre_lists_the_known_ones(run):
    code, out, err = run("similar", "golden heart 01", "--exclude-genre", "polka")
    assert code == 2 and out == ""
    assert "polka" in err and "try one of:" in err and "rock" in err


def test_an_empty_list_names_only_the_filters_given(run, tmp_path, capsys):
    code, out, err = run("similar", "golden heart 01", "--genre", "rock", "--exclude-genre", "rock")
    assert code == 2 and out == ""
    assert "No song passes these filters (--genre 'rock', --exclude-genre 'rock')" in err
    assert "popularity" not in err and "--exclude-artist" not in err

    one = tmp_path / "one.csv"
    synthetic.frame().head(1).to_csv(one, index=False)
    index = str(tmp_path / "index")
    assert main(["build", "--source", str(one), "--n-trees", "2", "--index-dir", index]) == 0
    capsys.readouterr()
    assert main(["similar", "blue river 00", "--index-dir", index]) == 2
    err = capsys.readouterr().err
    assert "No other song in this catalog" in err
    assert "exclusion" not in err and "filters" not in err


@pytest.mark.parametrize("option", ["--index-dir", "--source"])
def test_an_empty_path_option_is_named_not_taken_as_the_default(option, tmp_path, capsys):
    args = ["build", "--index-dir", str(tmp_path / "index"), "--source", str(tmp_path / "x.csv")]
    args[args.index(option) + 1] = " "
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert f"argument {option}: is empty; leave the option out" in capsys.readouterr().err
    assert not (tmp_path / "index").exists()


def test_radio_prints_each_step_with_its_press_then_where_it_goes(run):
    code, out, _ = run("radio", "--seed", "golden heart 01", "--feedback", "like,skip")
    lines = [line for line in out.splitlines() if not line.startswith("     ")]
    assert code == 0
    assert [line.split(".")[0].strip() for line in lines] == ["1", "2", "3"]
    assert "[like]" in lines[0] and "[skip]" in lines[1] and "(next)" in lines[2]
    skipped = lines[1].split(". ", 1)[1].split("  [")[0]
    assert f"less like: {skipped}" in out


def test_radio_json_names_every_step_and_what_was_learned(run):
    code, out, _ = run("radio", "--seed", "golden heart 01", "--feedback", "like", "--json")
    steps = json.loads(out)
    assert code == 0 and [s["step"] for s in steps] == [1, 2]
    assert steps[1]["more_like"] == [steps[0]["song"]]
    assert len(steps[1]["next"]) == 2 and steps[0]["song"] != steps[1]["song"]


def test_radio_refuses_a_press_it_does_not_know_in_one_line(run):
    with pytest.raises(SystemExit) as exit_:
        run("radio", "--seed", "golden heart 01", "--feedback", "like,meh")
    assert exit_.value.code == 2

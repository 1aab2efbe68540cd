"""The playlist scene: learned at build time, stored with the index, used to rank, explained."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recommender import Query, Recommender, render
from recommender.catalog.scene import fit_scene
from recommender.store import read_manifest
from recommender.store.opening import build
from tests.support.data import SONGS_CSV, real_data

WEEKND = "0sf12qNH5qcw8qpgymFOqD"


def small_catalog() -> tuple[pd.DataFrame, np.ndarray]:
    """Two scenes: artists a, b, c share playlists p1-p3; x, y share q1-q3. `cold` is in no
    playlist and sounds like x and y (the same audio vector)."""
    members = {
        "p1": "abc",
        "p2": "ab",
        "p3": "bc",
        "q1": "xy",
        "q2": "xy",
        "q3": "y",
    }
    rows = []
    for artist in "abcxy":
        lists = "|".join(p for p, who in members.items() if artist in who)
        rows.append({"artist_key": artist, "playlists": lists})
    rows.append({"artist_key": "cold", "playlists": ""})
    audio = np.array([[0, 0], [0, 0.1], [0, 0.2], [5, 5], [5, 5.1], [5, 5.05]], dtype=np.float32)
    return pd.DataFrame(rows), audio


def test_artists_who_share_playlists_land_in_the_same_scene():
    catalog, audio = small_catalog()
    scene = fit_scene(catalog, audio, dimensions=4)
    same = scene.similarity(0, np.array([1, 2]))  # a with b, c
    other = scene.similarity(0, np.array([3, 4]))  # a with x, y
    assert same.min() > other.max() + 0.3
    assert list(scene.warm) == [True] * 5 + [False]


def test_an_artist_in_no_playlist_borrows_the_scene_of_the_songs_that_sound_like_it():
    catalog, audio = small_catalog()
    scene = fit_scene(catalog, audio, dimensions=4, cold_neighbours=2)
    cold = 5
    assert scene.similarity(cold, np.array([3]))[0] > 0.9  # x: same sound
    assert scene.similarity(cold, np.array([0]))[0] < 0.5  # a: another scene


def test_the_scene_can_be_fitted_on_a_subset_of_playlists_so_the_rest_stays_unseen():
    catalog, audio = small_catalog()
    scene = fit_scene(catalog, audio, playlists={"p1", "p2", "q1"}, dimensions=4)
    assert list(scene.warm) == [True, True, True, True, True, False]
    assert fit_scene(catalog, audio, playlists={"p1"}) is None  # one list: nothing to learn


def test_a_catalog_without_playlists_or_shared_albums_ranks_by_audio_alone(tmp_path, synthetic_csv):
    plain = pd.read_csv(synthetic_csv).drop(columns=["playlist_id"])
    plain["track_album_name"] = plain["track_name"]  # singles: no album pairs two artists
    path = tmp_path / "no_playlists.csv"
    plain.to_csv(path, index=False)
    manifest = build(str(path), tmp_path / "index", n_trees=5)
    assert manifest.scene == {} and "scene.artists" not in manifest.files
    rec = Recommender.load(tmp_path / "index")
    assert rec.index.scene is None
    plain_list = rec.similar("golden heart 01", k=5).items
    scene_list = rec.recommend(Query(seeds=("golden heart 01",), k=5, scene=True)).items
    assert [r.track.track_id for r in plain_list] == [r.track.track_id for r in scene_list]
    assert all(render(r.reason).startswith("close in") for r in plain_list)


def test_without_playlists_albums_that_pair_artists_make_the_scene(tmp_path, synthetic_csv):
    plain = pd.read_csv(synthetic_csv).drop(columns=["playlist_id"])  # "Album 0": 10 bands
    path = tmp_path / "albums.csv"
    plain.to_csv(path, index=False)
    manifest = build(str(path), tmp_path / "index", n_trees=5)
    assert manifest.scene["column"] == "album" and manifest.scene["lists"] == 6
    rec = Recommender.load(tmp_path / "index")
    assert rec.index.scene.where == "on albums"  # what a lifted song's reason would say
    row = rec.tracks.row_of
    seed, same_album, other_album = (
        row[rec.resolve(n).track.track_id]
        for n in ("golden heart 01", "broken garden 05", "golden summer 31")
    )
    near = rec.index.scene.similarity(seed, np.array([same_album, other_album]))
    assert near[0] > near[1] + 0.5
    items = rec.recommend(Query(seeds=("golden heart 01",), k=10, scene=True)).items
    assert all(
        "playlists" not in render(r.reason) for r in items
    )  # never claims playlists it lacks


def test_the_scene_is_stored_once_per_artist_and_each_song_points_at_its_artist(
    tmp_path, synthetic_csv
):
    index = tmp_path / "index"
    manifest = build(str(synthetic_csv), index, n_trees=5)
    rec = Recommender.load(index)
    scene = rec.index.scene
    artists = {rec.tracks.artist_keys[row] for row in range(rec.size)}
    assert manifest.scene["artists"] == len(artists) == len(scene.artist_vectors)
    by_artist: dict[str, set[int]] = {}
    for row in range(rec.size):
        by_artist.setdefault(rec.tracks.artist_keys[row], set()).add(int(scene.artist_of_row[row]))
    assert all(len(points) == 1 for points in by_artist.values())  # one row per artist
    stored = np.load(index / manifest.files["scene.artists"].file)
    assert stored.shape == (len(artists), manifest.scene["dimensions"])


def test_the_shipped_index_records_its_scene_from_every_playlist(real_index):
    manifest = read_manifest(real_index)
    assert manifest.scene["column"] == "playlists" and manifest.scene["lists"] == 471
    # Every TidyTuesday track is in a playlist; a few only in playlists of one artist, which
    # pair nobody and so borrow their scene from songs that sound like them.
    assert 0.99 * manifest.items < manifest.scene["warm_rows"] < manifest.items


def test_blinding_lights_says_when_playlists_lifted_a_song_and_stays_close_in_sound(real_rec):
    items = real_rec.similar("Blinding Lights", k=10).items
    lifted = [  # "often in playlists with The Weeknd", or "more The Weeknd, often in playlists together"
        r
        for r in items
        if "often in playlists" in render(r.reason) and r.reason.artist == "The Weeknd"
    ]
    audio = [r for r in items if render(r.reason).startswith("close in")]
    assert lifted and audio and len(lifted) + len(audio) == 10
    assert all(r.score > 0.75 for r in items)  # still songs that sound alike


def test_same_scene_for_blinding_lights_is_led_by_the_playlists(real_rec):
    default = real_rec.similar("Blinding Lights", k=10).items
    scene = real_rec.recommend(Query(seeds=(WEEKND,), k=10, scene=True)).items
    assert len(scene) == 10 and WEEKND not in [r.track.track_id for r in scene]
    led = sum("playlists" in render(r.reason) for r in scene)
    assert led > sum("playlists" in render(r.reason) for r in default)
    assert led >= 6


@pytest.mark.parametrize("flag", [[], ["--scene"]])
def test_the_cli_similar_takes_a_scene_flag(real_index, flag, capsys):
    from recommender.cli.commands import main

    real_data(SONGS_CSV)
    assert main(["similar", "blinding lights", "--index-dir", str(real_index), *flag]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") >= 10 and "often in playlists with The Weeknd" in out

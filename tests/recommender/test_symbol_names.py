"""Names made only of symbols (the band !!!, Aitana's "+", MF DOOM's "?") are names: each
one in the real catalog can be typed as a seed, and an exclusion of symbols nobody has
leaves out no one."""

from __future__ import annotations

import pandas as pd
import pytest

from recommender import Query
from recommender.catalog.text import base_title, primary_artist
from recommender.cli.commands import main
from recommender.errors import UnknownArtistError
from tests.support.data import SONGS_CSV, real_data


def symbols_only(name: str) -> bool:
    return bool(name.strip()) and not any(ch.isalnum() for ch in name)


@pytest.fixture(scope="module")
def symbol_rows() -> pd.DataFrame:
    """Every release in the real catalog whose first artist or base title has no letter."""
    songs = pd.read_csv(real_data(SONGS_CSV), dtype=str).dropna(
        subset=["track_name", "track_artist"]
    )
    odd = songs["track_artist"].map(lambda a: symbols_only(primary_artist(a))) | songs[
        "track_name"
    ].map(lambda t: symbols_only(base_title(t)))
    found = songs[odd].drop_duplicates("track_id")
    assert len(found) >= 4  # the labelled set: !!! (two songs), "+", "?", "@"
    return found


def test_every_artist_made_of_symbols_is_a_seed_of_their_own_sound(real_rec, symbol_rows):
    artists = {primary_artist(a) for a in symbol_rows["track_artist"]}
    artists = {a for a in artists if symbols_only(a)}
    assert artists
    for artist in artists:
        result = real_rec.recommend(Query(artists=(artist,), k=5))
        assert result.artists == (artist,)
        assert len(result.items) == 5
        assert all(primary_artist(r.track.artist) != artist for r in result.items)


def test_every_title_made_of_symbols_resolves_alone_and_with_its_artist(real_rec, symbol_rows):
    titles = symbol_rows[symbol_rows["track_name"].map(symbols_only)]
    assert not titles.empty
    for title, artist, track_id in titles[["track_name", "track_artist", "track_id"]].itertuples(
        index=False
    ):
        for typed in (title, f"{artist} - {title}", f"{title} {artist}"):
            assert real_rec.resolve(typed).track.track_id == track_id, typed


def test_a_song_by_a_symbol_band_resolves_in_every_form(real_rec, symbol_rows):
    bands = symbol_rows[symbol_rows["track_artist"].map(symbols_only)]
    for name, artist, track_id in bands[["track_name", "track_artist", "track_id"]].itertuples(
        index=False
    ):
        for typed in (f"{artist} - {name}", f"{name} by {artist}", name):
            assert real_rec.resolve(typed).track.track_id == track_id, typed


def test_excluding_symbols_nobody_has_leaves_out_no_one(real_rec):
    """'???' is no artist: it neither drops !!! nor passes silently."""
    seed = "One Girl / One Boy"
    plain = real_rec.recommend(Query(seeds=(seed,), k=10))
    assert any(primary_artist(r.track.artist) == "!!!" for r in plain.items)
    excluded = real_rec.recommend(Query(seeds=(seed,), exclude_artists=frozenset({"???"}), k=10))
    assert [r.track.track_id for r in excluded.items] == [r.track.track_id for r in plain.items]
    with pytest.raises(UnknownArtistError):
        real_rec.resolve_artist("???")
    band = real_rec.recommend(
        Query(seeds=(seed,), exclude_artists=frozenset({real_rec.resolve_artist("!!!")}), k=10)
    )
    assert all(primary_artist(r.track.artist) != "!!!" for r in band.items)


def test_the_cli_takes_a_symbol_band_as_seed_and_names_an_unknown_exclusion(real_index, capsys):
    assert main(["similar", "--artist", "!!!", "-k", "3", "--index-dir", str(real_index)]) == 0
    assert capsys.readouterr().out.startswith("Songs like !!!:")
    args = ["similar", "One Girl / One Boy", "--exclude-artist", "???"]
    assert main([*args, "--index-dir", str(real_index)]) == 2
    assert "I don't know the artist '???'" in capsys.readouterr().err

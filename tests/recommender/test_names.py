"""Names as people type them, on both real catalogs: the right song, the best-known version,
"not found" when it is not there, and one song key for every release of a song."""

import io
import json
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from recommender import Query, SongNotFoundError
from recommender.cli.commands import main
from recommender.errors import TrackNotInCatalogError, explain
from recommender.evaluation.names import FORMS, evaluate_names, with_typo

EMINEM_LOSE_YOURSELF = "5Z01UMMf7V1o0MzF86s6WJ"
ABSENT_LINK = "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC"


@pytest.mark.parametrize(
    "typed",
    [
        "lose yourself",
        "Lose Yourself",
        "eminem lose yourself",
        "Eminem - Lose Yourself",
        "lose yourself by eminem",
        "Lose Yourself Eminem",
        "lose yourslef",
        "loseyourself",
        "eminme lose yourself",
    ],
)
def test_every_way_of_typing_lose_yourself_reaches_eminem(real_rec, typed):
    assert real_rec.resolve(typed).track.track_id == EMINEM_LOSE_YOURSELF


def test_the_best_known_version_wins_and_the_reply_names_the_cover(real_rec):
    found = real_rec.resolve("stairway to heaven")
    assert found.track.artist == "Led Zeppelin"
    assert "Stairway to Heaven — Rodrigo y Gabriela" in [a.label for a in found.alternatives]


@pytest.mark.parametrize(
    "typed", ["clair de lune", "gangnam style", "purple rain", "Moonlight Sonata"]
)
def test_famous_songs_the_catalog_lacks_are_not_found_with_up_to_five_suggestions(real_rec, typed):
    with pytest.raises(SongNotFoundError) as err:
        real_rec.resolve(typed)
    assert 0 < len(err.value.suggestions) <= 5
    assert "couldn't find" in explain(err.value).sentence()


@pytest.mark.parametrize(
    "typed",
    [ABSENT_LINK, "spotify:track:4uLU6hMCjMI75M1A2tKUQC", "4uLU6hMCjMI75M1A2tKUQC"],
)
def test_a_spotify_track_the_catalog_lacks_says_so_instead_of_matching_the_text(real_rec, typed):
    with pytest.raises(TrackNotInCatalogError) as err:
        real_rec.resolve(typed)
    assert explain(err.value).sentence().startswith("That track isn't in this catalog")


def test_autocomplete_offers_nothing_for_a_link_to_a_track_the_catalog_lacks(real_rec):
    assert real_rec.autocomplete(ABSENT_LINK) == []
    assert real_rec.autocomplete(EMINEM_LOSE_YOURSELF)[0].track_id == EMINEM_LOSE_YOURSELF


def test_autocomplete_offers_eminem_first_and_one_entry_per_song(real_rec):
    for typed in ("lose yourself", "lose yours", "eminem lose"):
        offered = real_rec.autocomplete(typed)
        assert offered[0].track_id == EMINEM_LOSE_YOURSELF, typed
        assert len(offered) <= 25
        songs = [real_rec.tracks.song_keys[real_rec.tracks.row_of[s.track_id]] for s in offered]
        assert len(set(songs)) == len(songs)


def test_autocomplete_still_offers_songs_for_a_single_letter_and_for_an_artist(real_rec):
    assert len(real_rec.autocomplete("l")) == 25
    assert any("Eminem" in s.label for s in real_rec.autocomplete("emin")[:5])


@pytest.mark.parametrize("catalog", ["real_rec", "rec_114k"])
def test_labelled_typed_queries_resolve_and_absent_songs_are_refused(request, catalog):
    report = evaluate_names(request.getfixturevalue(catalog))
    held_out = report["held_out"]
    # >= 400 typed queries; >= 20 absent songs, each typed two ways
    assert report["all"]["typed"] >= 400 and report["all"]["absent"] >= 2 * 20
    assert held_out["typed_right"] >= 0.98
    assert held_out["absent_refused"] >= 0.9
    assert set(held_out["per_form"]) == set(FORMS)
    assert min(held_out["per_form"].values()) >= 0.95


def test_a_typo_changes_one_letter_slot_of_one_long_word():
    rng = np.random.default_rng(0)
    for title in ("Stairway to Heaven", "Lose Yourself", "Hello"):
        typo = with_typo(title, rng)
        assert typo != title and len(typo.split()) == len(title.split())
        assert abs(len(typo) - len(title)) <= 1


# What follows a title on both catalogs: the misses, each checked against the same
# artist's release of the plain title wherever the catalog holds both.
MARKERS = re.compile(
    r" - Album Version \(Edited\)$| - International$|\(.*Anthem\).*$| - Ao Vivo$"
    r"|\s*\[From .*\]$| - Radio Edit$"
)


@pytest.mark.parametrize("catalog", ["real_rec", "rec_114k"])
def test_releases_with_version_markers_share_the_plain_titles_song_key(request, catalog):
    rec = request.getfixturevalue(catalog)
    cat = rec.catalog
    plain = {(n, a): k for n, a, k in zip(cat["name"], cat["artist"], cat["song_key"], strict=True)}
    pairs = 0
    for name, artist, key in zip(cat["name"], cat["artist"], cat["song_key"], strict=True):
        stem = MARKERS.sub("", name).strip()
        if stem != name and (stem, artist) in plain:
            pairs += 1
            assert plain[(stem, artist)] == key, (name, stem, artist)
    assert pairs >= 5


@pytest.mark.parametrize("catalog", ["real_rec", "rec_114k"])
def test_no_list_holds_another_version_of_the_seed_or_a_song_twice(request, catalog):
    rec = request.getfixturevalue(catalog)
    seeds = np.random.default_rng(3).choice(rec.size, 150, replace=False)
    for seed in seeds.tolist():
        result = rec.similar(rec.tracks.ids[seed], k=10)
        keys = [rec.tracks.song_keys[rec.tracks.row_of[r.track.track_id]] for r in result.items]
        assert rec.tracks.song_keys[seed] not in keys
        assert len(set(keys)) == len(keys)


def test_resolve_reads_names_from_stdin_and_prints_one_json_object_each(
    real_index, capsys, monkeypatch
):
    monkeypatch.setattr("sys.stdin", io.StringIO(f"eminem - lose yourself\n\n{ABSENT_LINK}\n"))
    code = main(["resolve", "--json", "--index-dir", str(real_index)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1  # one of them is not in the catalog
    assert lines[0]["track_id"] == EMINEM_LOSE_YOURSELF and lines[0]["artist"] == "Eminem"
    assert set(lines[0]) == {"query", "track_id", "name", "artist", "score", "alternatives"}
    assert lines[1]["query"] == ABSENT_LINK and "isn't in this catalog" in lines[1]["error"]
    assert lines[1]["suggestions"] == []


def test_resolve_prints_a_table_and_exits_zero_when_every_name_is_found(real_index, capsys):
    code = main(
        ["resolve", "stairway to heaven", "blinding lights", "--index-dir", str(real_index)]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].split() == ["query", "score", "track_id", "track"]
    assert "Led Zeppelin" in out[1] and "(+1 close)" in out[1]
    assert "The Weeknd" in out[2]


def test_evaluate_names_prints_accuracy_per_form_and_absent_songs_refused(real_index, capsys):
    assert main(["evaluate", "--names", "--index-dir", str(real_index)]) == 0
    said = capsys.readouterr()
    out = said.out
    # Progress goes to stderr, a line for the stage and one when it is done (not a terminal).
    assert [line.split()[:1] for line in said.err.splitlines()] == [["names"], ["names"]]
    done, total = said.err.splitlines()[-1].split()[2].split("/")
    assert done == total  # every typed query run
    for form in FORMS:
        assert re.search(rf"{re.escape(form)}\s+\d+\.\d%", out)
    assert re.search(r"absent refused\s+\d+\.\d%", out)


def test_typo_names_resolved_from_many_threads_at_once_find_the_same_songs(real_rec):
    # The bot resolves in worker threads; the matcher lends each ranking a slot table.
    rng = np.random.default_rng(3)
    popular = real_rec.catalog.sort_values("popularity", ascending=False)["name"].head(300)
    typed = [with_typo(str(name), rng).lower() for name in popular]

    def song(text):
        try:
            return real_rec.resolve(text).track.track_id
        except SongNotFoundError:
            return None

    one_at_a_time = [song(text) for text in typed]
    with ThreadPoolExecutor(max_workers=4) as pool:
        at_once = list(pool.map(song, typed * 3))
    assert at_once == one_at_a_time * 3
    assert sum(found is not None for found in one_at_a_time) > 250
    # One table per ranking running at once, not one per thread ever used (40 MB each at 10M).
    assert len(real_rec.index.matcher._free_slots) <= 4


LONG = "blinding lights " * 6250  # 100,000 characters: pasted by mistake, or by an attacker


def test_a_name_longer_than_anyones_is_refused_with_a_clear_message(synthetic_rec):
    for ask in (
        lambda: synthetic_rec.resolve(LONG),
        lambda: synthetic_rec.similar(LONG),
        lambda: synthetic_rec.recommend(Query(artists=(LONG,))),
        lambda: synthetic_rec.recommend(Query(genre=LONG)),
    ):
        with pytest.raises(SongNotFoundError) as caught:
            ask()
        said = explain(caught.value).sentence()
        assert said == "A name can be at most 200 characters long; type a shorter one."


def test_autocomplete_on_a_very_long_text_answers_from_what_fits(synthetic_rec):
    typed = "blue river " * 10_000
    assert synthetic_rec.autocomplete(typed) == synthetic_rec.autocomplete(typed[:200])
    assert synthetic_rec.autocomplete(typed)
    assert synthetic_rec.autocomplete_artist(typed) == synthetic_rec.autocomplete_artist(
        typed[:200]
    )

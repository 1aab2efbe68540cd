import pytest

from recommender.text import base_title, normalize, song_key


@pytest.mark.parametrize(
    ("title", "base"),
    [
        ("Help! - Remastered 2009", "Help!"),
        ("Bohemian Rhapsody - 2011 Remaster", "Bohemian Rhapsody"),
        ("Blinding Lights (Radio Edit)", "Blinding Lights"),
        ("Señorita (feat. Camila Cabello)", "Señorita"),
        ("Taki Taki feat. Selena Gomez", "Taki Taki"),
        ("Hello - Single Version", "Hello"),
        ("With or Without You", "With or Without You"),
        ("Memories - Dillon Francis Remix", "Memories"),
        ("Despacito - Remix", "Despacito"),
        ("Wonderwall (Live at Knebworth)", "Wonderwall"),
        ("Mixed Emotions", "Mixed Emotions"),
        ("Live Forever", "Live Forever"),
    ],
)
def test_version_markers_are_stripped_but_titles_using_those_words_are_not(title, base):
    assert base_title(title) == base


def test_releases_of_one_song_share_a_song_key():
    assert song_key("Help! - Remastered 2009", "The Beatles") == song_key("Help!", "The Beatles")
    assert song_key("Señorita (feat. Camila Cabello)", "Shawn Mendes, Camila Cabello") == song_key(
        "Señorita", "Shawn Mendes"
    )
    assert song_key("Memories - Dillon Francis Remix", "Maroon 5") == song_key(
        "Memories", "Maroon 5"
    )
    assert song_key("Memories", "Maroon 5") != song_key("Memories", "Panic! At The Disco")


def test_normalize_folds_case_accents_and_punctuation():
    assert normalize("  Beyoncé — CRAZY in Love!! ") == "beyonce crazy in love"

import pytest

from recommender.catalog.text import base_title, normalize, song_key


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
        ("Livin' It Up - Album Version (Edited)", "Livin' It Up"),
        ("Tremor (Sensation 2014 Anthem) - Radio Edit", "Tremor"),
        ("Shout At The Devil - International", "Shout At The Devil"),
        ("Evidências - Ao Vivo", "Evidências"),
        ('Jai Ho! [From "Slumdog Millionaire"]', "Jai Ho!"),
        ('Lose Yourself - From "8 Mile" Soundtrack', "Lose Yourself"),
        ("(I Can't Get No) Satisfaction - Mono Version", "(I Can't Get No) Satisfaction"),
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


def test_normalize_drops_apostrophes_and_spells_out_ampersands():
    assert normalize("Don't Stop Me Now") == "dont stop me now"
    assert normalize("Livin’ It Up") == "livin it up"
    assert normalize("Simon & Garfunkel") == normalize("Simon and Garfunkel")


def test_the_issues_version_misses_share_the_songs_key():
    assert song_key("Livin' It Up - Album Version (Edited)", "Ja Rule") == song_key(
        "Livin' It Up", "Ja Rule"
    )
    assert song_key("Tremor (Sensation 2014 Anthem) - Radio Edit", "Dimitri Vegas") == song_key(
        "Tremor - Radio Edit", "Dimitri Vegas"
    )


def test_a_name_made_only_of_symbols_keeps_them_as_its_key():
    assert normalize("!!!") == "!!!"
    assert normalize("！！！") == normalize("!!!")  # full-width is the same name
    assert normalize("???") != normalize("!!!")
    assert normalize("  ") == ""

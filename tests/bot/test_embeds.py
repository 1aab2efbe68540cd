"""Embeds stay inside Discord's limits whatever the catalog's names look like."""

from bot.cogs.genres import genres_embed
from bot.cogs.profile.embed import features_embed
from bot.ui import embeds
from bot.ui.pages import Catalog, SongPages
from recommender import (
    GenreInfo,
    MusicalKey,
    Query,
    Reason,
    Recommendation,
    Recommendations,
    SoundSummary,
    Suggestion,
    Track,
)


def long_track(i: int) -> Track:
    return Track(
        track_id=f"{i:022d}",
        name="Ｌｏｎｇ " * 120 + "[x](evil)",
        artist="*A*" * 200,
        album="B" * 500,
        genres=("pop",) * 30,
    )


def test_twenty_five_very_long_results_still_fit_every_limit():
    items = [
        Recommendation(long_track(i), 0.9, Reason("close", ("tempo",) * 50)) for i in range(25)
    ]
    embed = embeds.similar_embed(
        items,
        seed=long_track(99),
        seed_summary=SoundSummary(120.0, MusicalKey(0, major=True)),
        genre="pop" * 100,
        first_number=1,
        page=1,
        pages=4,
        alternatives=[Suggestion("x" * 300, "id")] * 5,
        catalog="c" * 3000,
        catalog_size=10**6,
    )
    assert embeds.embed_length_ok(embed)
    assert embed.description.count("\n**") >= 24  # every song is still listed
    assert "(evil)" not in embed.description.split("](https")[0]  # brackets can't forge links


def test_the_seed_line_escapes_markdown_in_names():
    embed = embeds.similar_embed(
        [],
        seed=Track("x" * 22, "Song", "**Bold** _Band_"),
        seed_summary=None,
        genre=None,
        first_number=1,
        page=1,
        pages=1,
        alternatives=[],
        catalog="c",
        catalog_size=1,
    )
    assert "\\*\\*Bold\\*\\*" in embed.description
    assert "No songs found" in embed.description


def test_a_features_embed_for_a_real_profile_fits(synthetic_rec):
    profile = synthetic_rec.profile("Blue River 00")
    embed = features_embed(profile, "songs.csv", 181, chart_name="profile.png")
    assert embeds.embed_length_ok(embed)
    assert embed.title == "Blue River 00 — Band 0-0"


async def test_pages_split_results_by_count(synthetic_rec):
    async def fetch(query):
        return synthetic_rec.recommend(query)

    catalog = Catalog("songs.csv", 181)
    source = await SongPages.start(Query(("golden heart 01",), k=4), catalog, fetch)
    items = source.result.items
    assert len(items) == 16  # four pages fetched up front
    assert source.pages == 4
    assert source.items(1) == items[4:8]
    assert source.first_number(1) == 5
    empty = SongPages(Query(genre="rock"), Recommendations(()), catalog, fetch)
    assert empty.pages == 1


def test_a_genre_of_one_song_reads_in_the_singular():
    embed = genres_embed(
        [GenreInfo("polka", 1), GenreInfo("rock", 31, (("indie rock", 1),))], "songs.csv", 32
    )
    assert [f.name for f in embed.fields] == ["polka · 1 track", "rock · 31 tracks"]

"""The likes commands' logic object and embeds, without Discord: long mixes stay inside
Discord's limits, a locked database gets a clear private answer."""

from __future__ import annotations

import sqlite3

from bot.cogs.similar import SimilarCog
from bot.cogs.taste.embeds import mix_embed
from bot.cogs.taste.handlers import TasteReplies
from bot.host.settings import Settings
from bot.services import Services
from bot.storage import SQLiteTasteStore
from bot.ui.embeds import embed_length_ok
from bot.ui.pages import Catalog
from recommender import Reason, Recommendation, Track
from recommender.ranking.mix import Mix, MixPick


def long_track(n: int) -> Track:
    return Track(f"{n:022d}", f"A *very* long [title] {n} " * 8, f"The _Artist_ {n} " * 8)


def test_a_25_song_mix_of_long_names_stays_inside_discords_limits_with_whole_links():
    picks = tuple(
        MixPick(
            Recommendation(long_track(n), 0.9, Reason("close", ("tempo", "energy") * 5)),
            long_track(0),
        )
        for n in range(25)
    )
    embed = mix_embed(Mix(picks, 4), "a" * 300, "rock " * 60, 500, "songs.csv", 28352)
    assert embed_length_ok(embed)
    lines = embed.description.split("\n\n", 1)[1].splitlines()
    assert len(lines) == 25
    assert all(
        f"](https://open.spotify.com/track/{n:022d})" in line for n, line in enumerate(lines)
    )
    assert all(" · like *" in line for line in lines)


async def test_a_locked_database_answers_busy_privately_and_similar_still_works(
    synthetic_rec, tmp_path
):
    path = tmp_path / "locked.db"
    store = SQLiteTasteStore(path, busy_seconds=0.2)
    catalog = Catalog("songs.csv", synthetic_rec.size)
    taste = TasteReplies(synthetic_rec, store, catalog)
    services = Services(synthetic_rec, Settings(), store)
    await taste.dislike(1, "golden heart 01")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another bot process is writing, for too long
    try:
        reply = await taste.like(1, "blue river 00")
        assert reply.ephemeral and reply.content.startswith("I'm busy saving other members'")
        listed = await SimilarCog(services).answer("blue river 00", None, 5, owner_id=1)
        names = [item.track.name for item in listed.view.source.items(0)]
        assert len(names) == 5 and "Golden Heart 01" not in names  # reads still work
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    liked = await taste.like(1, "blue river 00")
    assert liked.content.startswith("Liked **Blue River 00")
    await store.close()


async def test_liking_a_song_of_a_left_out_artist_brings_the_artist_back(synthetic_rec, tmp_path):
    store = SQLiteTasteStore(tmp_path / "m.db")
    taste = TasteReplies(synthetic_rec, store, Catalog("songs.csv", synthetic_rec.size))
    left = await taste.dislike(1, "golden heart 01", whole_artist=True)
    assert "Left out **Band 0-1**" in left.content
    again = await taste.dislike(1, "golden heart 01", whole_artist=True)
    assert again.content == "You already left out **Band 0-1**."
    liked = await taste.like(1, "golden heart 01")
    assert "You had left out **Band 0-1**; they're back in." in liked.content
    assert (await store.taste(1)).left_out_artists == ()
    await store.close()

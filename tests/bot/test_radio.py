"""/radio through discord.py's command tree: a card with one song and the next two, presses
that move the course (the next songs change as a member sees them), sessions that outlive a
restart and go with /forget, and a shared radio that counts one press per member per song."""

from __future__ import annotations

import sqlite3

from tests.support.bot import button, restarted_bot, run
from tests.support.discord_driver import command_payload, component_payload

ALICE, BOB, CAROL = 345678901234567890, 456789012345678901, 567890123456789012


def card_songs(sent) -> list[str]:
    """The song playing and the next ones, by title, as the card shows them."""
    text = sent.embeds[0]["description"]
    lines = [line for line in text.splitlines() if line.startswith(("## [", "1. [", "2. ["))]
    return [line.split("[", 1)[1].split("]", 1)[0] for line in lines]


def sessions(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT owner_id, presses FROM radio_sessions").fetchall()


async def start(bot, adapter, user_id=ALICE, **options):
    options = options or {"song": "golden heart 01"}
    sent = (await run(bot, adapter, command_payload("radio", user_id=user_id, **options)))[0]
    assert not sent.ephemeral, sent.content
    return sent


async def press(bot, adapter, sent, label, user_id=ALICE):
    payload = component_payload(sent.message_id, button(sent, label)["custom_id"], user_id)
    return (await run(bot, adapter, payload))[0]


async def test_a_card_shows_one_song_the_next_two_and_the_buttons(bot, adapter):
    sent = await start(bot, adapter)
    songs = card_songs(sent)
    assert len(songs) == 3 and "Golden Heart 01" not in songs
    labels = [c.get("label") for c in sent.components]
    for label in ("More like this", "Skip", "Never", "Stop", "Open on Spotify"):
        assert label in labels
    assert "Saving likes: off" in labels  # the toggle is off by default


async def test_skips_and_likes_move_the_course(bot, adapter):
    first = await start(bot, adapter)
    played = card_songs(first)[0]
    skipped = await press(bot, adapter, first, "Skip")
    assert skipped.data.get("embeds"), skipped.content
    after_skip = card_songs(skipped)
    assert played not in after_skip  # nothing skipped comes back
    assert f"*Less like:* {played}" in skipped.embeds[0]["description"]
    liked = await press(bot, adapter, skipped, "More like this")
    assert f"*More like:* {after_skip[0]}" in liked.embeds[0]["description"]
    # A radio that heard nothing would have gone on with the first card's next songs.
    assert card_songs(liked)[:2] != card_songs(first)[1:3]


async def test_a_session_survives_a_restart_and_its_buttons_keep_working(
    bot, adapter, synthetic_rec
):
    first = await start(bot, adapter)
    await bot.close()
    again = await restarted_bot(bot.settings, synthetic_rec)
    try:
        moved = await press(again, adapter, first, "Skip")
        stale = await press(again, adapter, first, "Skip")  # the old card's button again
        other = await press(again, adapter, moved, "Skip", user_id=BOB)
    finally:
        await again.close()
    assert "song 2" in moved.embeds[0]["title"]
    assert stale.ephemeral and "moved on" in stale.content
    assert other.ephemeral and "belongs to someone else" in other.content


async def test_forget_deletes_the_members_radio_sessions(bot, adapter):
    first = await start(bot, adapter)
    await start(bot, adapter, user_id=BOB)
    assert sorted(owner for owner, _ in sessions(bot.settings.database_file)) == [ALICE, BOB]
    await run(bot, adapter, command_payload("forget", user_id=ALICE))
    assert [owner for owner, _ in sessions(bot.settings.database_file)] == [BOB]
    gone = await press(bot, adapter, first, "Skip")
    assert gone.ephemeral and "ended or expired" in gone.content


async def test_a_shared_radio_counts_one_press_per_member_per_song(bot, adapter):
    first = await start(bot, adapter, song="golden heart 01", shared=True)
    song = card_songs(first)[0]
    once = await press(bot, adapter, first, "More like this", user_id=BOB)
    again = await press(bot, adapter, once, "More like this", user_id=BOB)  # still one vote
    assert "♥ 1 · ⏭ 0 · ✕ 0" in again.embeds[0]["description"]
    assert card_songs(again)[0] == song  # one member alone does not decide
    decided = await press(bot, adapter, again, "More like this", user_id=CAROL)
    assert "song 2" in decided.embeds[0]["title"]
    assert f"*More like:* {song}" in decided.embeds[0]["description"]
    assert "BOB" not in decided.embeds[0]["description"]
    stop = await press(bot, adapter, decided, "Stop", user_id=BOB)
    assert stop.ephemeral and "Only the member who started" in stop.content


# -- the store ---------------------------------------------------------------------------


async def test_the_store_keeps_a_session_until_it_expires_and_refuses_a_stale_step(backend):
    import dataclasses
    import time

    from bot.storage import RadioSession

    store = backend.open()  # SQLite and a real PostgreSQL
    session = RadioSession("abc", ALICE, "s0001", time.time() + 60, current="t1")
    await store.start_radio(session)
    await store.start_radio(RadioSession("old", BOB, "s0001", time.time() - 1))
    assert await store.radio_session("old") is None  # expired: gone
    moved = dataclasses.replace(session, presses=(("t1", "skip"),), current="t2")
    assert await store.update_radio(moved, step=1)
    assert not await store.update_radio(moved, step=1)  # a second press on the same card
    again = await store.radio_session("abc")
    assert again is not None and again.presses == (("t1", "skip"),) and again.step == 2
    assert await store.vote_radio("abc", 2, BOB, "like") == {"like": 1}
    assert await store.vote_radio("abc", 2, BOB, "skip") == {"skip": 1}  # changed, not added
    assert await store.vote_radio("abc", 2, CAROL, "skip") == {"skip": 2}
    assert await store.vote_radio("abc", 1, CAROL, "like") == {}  # that song moved on
    gone = await store.forget(ALICE)
    assert gone.radios == 1 and await store.radio_session("abc") is None
    await store.close()


async def test_a_radio_that_runs_out_says_so_and_loosens_on_request(bot, adapter):
    card = await start(bot, adapter, genre="rock")
    for _ in range(40):  # the genre's 31 songs, each played once, then nothing is left
        if "No song is left" in card.embeds[0]["description"]:
            break
        card = await press(bot, adapter, card, "Skip")
    assert "press **Loosen**" in card.embeds[0]["description"]
    assert "Skip" not in [c.get("label") for c in card.components]
    loosened = await press(bot, adapter, card, "Loosen")
    assert len(card_songs(loosened)) == 3  # songs again, from beyond rock

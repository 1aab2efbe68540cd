"""Lists too long for their buttons' custom ids: the query is kept with the member's data under
a short token, survives a restart, expires, goes with /forget, and a broken database costs
only the buttons (they answer that the list expired), never the list."""

from __future__ import annotations

import time

from bot.ui.song_list import EXPIRED
from tests.support.bot import button, restarted_bot, run
from tests.support.discord_driver import command_payload, component_payload
from tests.support.stores import Backend, SQLiteBackend
from tests.support.stores import kept as kept_in

# Three songs and an artist: more than a custom id holds (with a mood on top).
LONG = {
    "song": "golden heart 01",
    "song2": "blue heart 10",
    "song3": "silent heart 21",
    "artist": "Band 3-1",
    "mood": "calm",
    "count": 3,
}
# Members' ids as Discord gives them (18-19 digits): each id's length counts.
ALICE, BOB = 345678901234567890, 456789012345678901


def kept(path) -> list[tuple]:
    """(member, query text) of every kept list, straight from the bot's SQLite file."""
    return kept_in(SQLiteBackend(path))


async def long_list(bot, adapter, user_id=ALICE):
    sent = (await run(bot, adapter, command_payload("similar", user_id=user_id, **LONG)))[0]
    assert not sent.ephemeral and sent.embeds[0]["title"].startswith("Songs like Golden Heart")
    return sent


async def press_next(bot, adapter, sent, user_id=ALICE):
    press = component_payload(sent.message_id, button(sent, "Next ▶")["custom_id"], user_id)
    return (await run(bot, adapter, press))[0]


# -- the store ---------------------------------------------------------------------------


async def test_a_kept_list_is_read_back_after_a_restart_by_its_member_only(backend: Backend):
    store = backend.open()
    await store.keep_list(1, "tok1", "s0001xxxxxxxxxxxxxxxxxx|mcalm", time.time() + 60)
    await store.close()
    again = backend.open()
    assert await again.kept_list(1, "tok1") == "s0001xxxxxxxxxxxxxxxxxx|mcalm"
    assert await again.kept_list(2, "tok1") is None  # another member's token
    assert await again.kept_list(1, "other") is None
    await again.close()


async def test_an_expired_list_is_not_read_and_is_pruned_by_the_next_keep(backend: Backend):
    store = backend.open()
    await store.keep_list(1, "old", "gpop", time.time() - 1)
    assert await store.kept_list(1, "old") is None
    assert kept_in(backend) == [(1, "gpop")]  # still stored until the next write
    await store.keep_list(2, "new", "grock", time.time() + 60)
    assert kept_in(backend) == [(2, "grock")]
    await store.close()


async def test_forget_deletes_the_members_kept_lists_and_keeps_everyone_elses(
    backend: Backend,
):
    store = backend.open()
    for member in (1, 2):
        await store.keep_list(member, f"t{member}a", "gpop", time.time() + 60)
        await store.keep_list(member, f"t{member}b", "grock", time.time() + 60)
    gone = await store.forget(1)
    assert gone.lists == 2 and gone.total == 0  # searches, not likes or dislikes
    assert kept_in(backend) == [(2, "gpop"), (2, "grock")]
    await store.close()


# -- through the bot -------------------------------------------------------------------


async def test_a_list_too_long_for_its_ids_pages_after_a_restart(bot, synthetic_rec, adapter):
    first = await long_list(bot, adapter)
    assert "~" in button(first, "Next ▶")["custom_id"]  # a token, not the query
    before = await press_next(bot, adapter, first)
    await bot.close()
    assert [member for member, _ in kept(bot.settings.database_file)] == [ALICE]

    again = await restarted_bot(bot.settings, synthetic_rec)
    try:
        after = await press_next(again, adapter, first)
        other = await press_next(again, adapter, first, user_id=BOB)
    finally:
        await again.close()
    assert "page 2/" in after.embeds[0]["footer"]["text"]
    assert after.embeds == before.embeds  # the same list, steering and all
    assert other.ephemeral and "someone else's" in other.content


async def test_forget_also_expires_the_members_long_lists(bot, adapter):
    await run(bot, adapter, command_payload("like", user_id=ALICE, song="golden heart 01"))
    first = await long_list(bot, adapter)
    await long_list(bot, adapter, user_id=BOB)
    prompt = (await run(bot, adapter, command_payload("forget", user_id=ALICE)))[0]
    delete = button(prompt, "Delete everything")["custom_id"]
    await run(bot, adapter, component_payload(prompt.message_id, delete, ALICE))
    assert [member for member, _ in kept(bot.settings.database_file)] == [BOB]
    expired = await press_next(bot, adapter, first)
    assert expired.ephemeral and expired.content == EXPIRED


async def test_forget_with_only_long_lists_stored_deletes_them_at_once(bot, adapter):
    await long_list(bot, adapter)
    said = (await run(bot, adapter, command_payload("forget", user_id=ALICE)))[0]
    assert said.ephemeral and said.content.startswith("I have nothing stored about you")
    assert kept(bot.settings.database_file) == []


async def test_a_broken_database_still_serves_the_list_and_its_buttons_say_expired(bot, adapter):
    bot.settings.database_file.write_bytes(b"garbage, not sqlite " * 200)
    first = await long_list(bot, adapter)
    assert len(first.embeds[0]["description"].split("\n\n", 1)[1].splitlines()) == 3
    expired = await press_next(bot, adapter, first)
    assert expired.ephemeral and expired.content == EXPIRED


async def test_a_list_kept_past_its_time_says_expired(bot, adapter):
    bot.services.lists.kept_for = 0.0  # kept until the moment it was sent
    first = await long_list(bot, adapter)
    expired = await press_next(bot, adapter, first)
    assert expired.ephemeral and expired.content == EXPIRED

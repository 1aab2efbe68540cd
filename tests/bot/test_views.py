"""List buttons that outlive the process: their custom ids carry the list, so a fresh bot
answers presses on messages it never sent; what cannot be rebuilt answers privately."""

from __future__ import annotations

import pytest

from bot.ui.song_list import CUSTOM_ID, EXPIRED, GARBLED, NOT_YOURS, ListState, fits
from recommender import Query
from tests.support.bot import button, restarted_bot, run, started_bot
from tests.support.discord_driver import command_payload, component_payload


@pytest.fixture
async def restarted(bot, synthetic_rec):
    """Another bot process on the same catalog: it never saw the first one's messages."""
    client = await restarted_bot(bot.settings, synthetic_rec)
    yield client
    await client.close()


async def similar(bot, adapter, **options):
    return (await run(bot, adapter, command_payload("similar", **options)))[0]


def menu_of(sent):
    return next(c for c in sent.components if c["type"] == 3)


def songs(sent):
    return sent.embeds[0]["description"].split("\n\n", 1)[1].splitlines()


async def test_paging_and_picking_work_after_a_restart(bot, restarted, adapter):
    first = await similar(bot, adapter, song="golden heart 01", genre="rock", count=3)
    await bot.close()
    press = component_payload(first.message_id, button(first, "Next ▶")["custom_id"])
    page2 = (await run(restarted, adapter, press))[0]
    assert page2.payload["type"] == 7  # the message is updated in place
    assert songs(page2)[0].startswith("**4.** ")
    assert page2.embeds[0]["title"] == "Songs like Golden Heart 01 in rock"
    assert "page 2/" in page2.embeds[0]["footer"]["text"]

    back = component_payload(first.message_id, button(page2, "◀ Previous")["custom_id"])
    page1 = (await run(restarted, adapter, back))[0]
    assert songs(page1) == songs(first)  # the same list as first shown

    pick = menu_of(first)["options"][1]
    choose = component_payload(
        first.message_id, menu_of(first)["custom_id"], values=[pick["value"]]
    )
    like = (await run(restarted, adapter, choose))[0]
    name = pick["label"].split(". ", 1)[1]
    assert like.embeds[0]["title"] == f"Songs like {name} in rock"  # genre and count kept
    assert len(songs(like)) == 3


async def test_a_genre_only_list_pages_after_a_restart(bot, restarted, adapter):
    first = await similar(bot, adapter, genre="latin", count=2)
    press = component_payload(first.message_id, button(first, "Next ▶")["custom_id"])
    page2 = (await run(restarted, adapter, press))[0]
    assert page2.embeds[0]["title"] == "The most typical latin songs"
    assert songs(page2)[0].startswith("**3.** ")


async def test_only_the_member_who_asked_may_press_even_after_a_restart(bot, restarted, adapter):
    first = await similar(bot, adapter, user_id=1, song="golden heart 01")
    press = component_payload(first.message_id, button(first, "Next ▶")["custom_id"], user_id=2)
    sent = (await run(restarted, adapter, press))[0]
    assert sent.ephemeral and sent.content == NOT_YOURS


async def test_every_custom_id_fits_discords_limit(bot, adapter):
    first = await similar(bot, adapter, user_id=2**63 - 1, song="golden heart 01", count=25)
    ids = [c["custom_id"] for c in first.components if "custom_id" in c]
    assert len(ids) == 6 and all(len(i) <= CUSTOM_ID for i in ids)


STEERED = {
    "a mood": {"mood": "calm"},
    "a popularity band": {"popularity": "deep"},
    "a left-out artist": {"exclude_artist": "Band 0-2"},
    "the same scene": {"scene": True},
    "two songs": {"song2": "blue heart 10"},
    "two songs, a mood, a band and a left-out artist": {
        "song2": "blue heart 10",
        "mood": "calm",
        "popularity": "mainstream",
        "exclude_artist": "Band 0-2",
    },
    "a genre, a mood, a band and a left-out artist": {
        "genre": "rock",
        "mood": "calm",
        "popularity": "mainstream",
        "exclude_artist": "Band 0-2",
    },
}


@pytest.mark.parametrize("steering", STEERED.values(), ids=STEERED.keys())
async def test_a_steered_list_pages_after_a_restart_without_a_stored_token(
    bot, synthetic_rec, adapter, steering
):
    member = 2**63 - 1  # the longest ids Discord gives
    options = {"song": "golden heart 01", "count": 3, "user_id": member, **steering}
    first = await similar(bot, adapter, **options)
    next_id = button(first, "Next ▶")["custom_id"]
    assert "~" not in next_id and len(next_id) <= CUSTOM_ID  # the query itself, no token
    before = (await run(bot, adapter, component_payload(first.message_id, next_id, member)))[0]
    await bot.close()

    again = await restarted_bot(bot.settings, synthetic_rec)
    try:
        press = component_payload(first.message_id, next_id, member)
        after = (await run(again, adapter, press))[0]
    finally:
        await again.close()
    assert "page 2/" in after.embeds[0]["footer"]["text"]
    assert after.embeds == before.embeds  # the same steered list's page 2


async def test_buttons_of_the_first_id_format_still_work(bot, adapter):
    """Messages sent before the query codec carry `<owner>:<count>:<seed>:<genre>`."""
    old = "sa:p>0:1:3:0001xxxxxxxxxxxxxxxxxx:rock"
    page2 = (await run(bot, adapter, component_payload(777, old)))[0]
    assert page2.embeds[0]["title"] == "Songs like Golden Heart 01 in rock"
    assert songs(page2)[0].startswith("**4.** ")
    genre_only = (await run(bot, adapter, component_payload(778, "sa:p>0:1:2::latin")))[0]
    assert genre_only.embeds[0]["title"] == "The most typical latin songs"
    token = (await run(bot, adapter, component_payload(779, "sa:p>0:1:~Ab3-x_9z")))[0]
    assert token.ephemeral and token.content == EXPIRED  # an in-memory token, gone


def test_a_list_too_long_for_a_custom_id_needs_a_stored_token():
    seed = "0001xxxxxxxxxxxxxxxxxx"
    short = ListState(2**63 - 1, Query(seeds=(seed,), genre="Rock", k=25))
    assert fits(short)
    long_genre = "progressive " * 8
    long = ListState(2**63 - 1, Query(seeds=(seed,), genre=long_genre, k=25))
    assert not fits(long)


@pytest.mark.parametrize(
    "custom_id",
    [
        "sa:p>1:not-a-number:3::rock",  # garbled owner
        "sa:p>1:1:99:0001xxxxxxxxxxxxxxxxxx:",  # count out of range
        "sa:p>1:1:s0001xxxxxxxxxxxxxxxxxx|k99",  # count out of range
        "sa:p>1:1:s0001xxxxxxxxxxxxxxxxxx|mgloomy",  # no such mood
        "sa:p>1:1:s0001xxxxxxxxxxxxxxxxxx|k3|k4",  # a field twice
        "sa:p>1:1:s0001xxxxxxxxxxxxxxxxxx\\",  # cut mid-escape
        "sa:p>1:1:k3",  # nothing to start from
        "sa:p?0:1:3:0001xxxxxxxxxxxxxxxxxx:",  # no direction
        "sa:p",
    ],
)
async def test_a_garbled_button_gets_a_short_private_answer(bot, adapter, custom_id):
    sent = (await run(bot, adapter, component_payload(777, custom_id)))[0]
    assert sent.ephemeral and sent.content == GARBLED


async def test_a_forged_menu_value_gets_a_short_private_answer(bot, adapter):
    first = await similar(bot, adapter, song="golden heart 01")
    forged = component_payload(first.message_id, menu_of(first)["custom_id"], values=["../../x"])
    sent = (await run(bot, adapter, forged))[0]
    assert sent.ephemeral and sent.content == GARBLED


async def test_a_song_no_longer_in_the_catalog_is_explained_privately(bot, adapter):
    gone = "sa:p>0:1:3:ZZZZxxxxxxxxxxxxxxxxxx:"
    sent = (await run(bot, adapter, component_payload(777, gone)))[0]
    assert sent.ephemeral and sent.content.startswith("That track isn't in this catalog")


async def test_a_crash_while_pressing_gets_the_apology_not_silence(bot, adapter, monkeypatch):
    first = await similar(bot, adapter, song="golden heart 01")

    def broken(*args, **kwargs):
        raise RuntimeError("index gone")

    monkeypatch.setattr(bot.recommender, "recommend", broken)
    press = component_payload(first.message_id, button(first, "Next ▶")["custom_id"])
    sent = (await run(bot, adapter, press))[0]
    assert sent.ephemeral and sent.content.startswith("Sorry, something went wrong on my side.")
    assert "index gone" not in sent.content


async def test_export_sends_the_whole_list_as_a_table_and_links_even_after_a_restart(
    bot, restarted, adapter
):
    first = await similar(bot, adapter, song="golden heart 01", count=3)
    await bot.close()
    press = component_payload(first.message_id, button(first, "Export")["custom_id"], user_id=7)
    sent = (await run(restarted, adapter, press))[0]
    assert sent.ephemeral  # a private copy, whoever asks
    table = sent.contents["soundalike.csv"].decode().splitlines()
    links = sent.contents["soundalike-links.txt"].decode().splitlines()
    assert table[0] == "title,artist,spotify_url"
    assert len(table) - 1 == len(links) == 12  # every page (3 songs x 4 pages), not just one
    first_line = songs(first)[0]
    assert links[0] in first_line and table[1].endswith(links[0])
    assert all(link.startswith("https://open.spotify.com/track/") for link in links)


async def test_a_steered_list_of_the_real_catalog_pages_after_a_restart(
    real_rec, tmp_path, adapter
):
    """Real ids and names: two songs, a mood, a band and a left-out artist, no token."""
    member = 345678901234567890
    first_bot = await started_bot(real_rec, tmp_path, cooldown_rate=0)
    options = {
        "song": "0sf12qNH5qcw8qpgymFOqD",  # Blinding Lights
        "song2": "Someone Like You",  # typed: the id carries the track it resolved to
        "mood": "calm",
        "popularity": "mainstream",
        "exclude_artist": "Imagine Dragons",
        "count": 5,
        "user_id": member,
    }
    first = await similar(first_bot, adapter, **options)
    next_id = button(first, "Next ▶")["custom_id"]
    assert "~" not in next_id and len(next_id) <= CUSTOM_ID
    press = component_payload(first.message_id, next_id, member)
    before = (await run(first_bot, adapter, press))[0]
    await first_bot.close()

    again = await restarted_bot(first_bot.settings, real_rec)
    try:
        after = (await run(again, adapter, component_payload(first.message_id, next_id, member)))[0]
    finally:
        await again.close()
    assert after.embeds[0]["title"] == "Songs like Blinding Lights + Someone Like You"
    assert after.embeds == before.embeds
    assert not any("Imagine Dragons" in line for line in songs(after))

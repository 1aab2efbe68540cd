"""Slash commands through discord.py's real machinery: gateway payloads in, recorded
requests to Discord out. Assertions are on what a member would see."""

from __future__ import annotations

import logging

from tests.support.bot import button, run, similar_message
from tests.support.discord_driver import (
    command_payload,
    component_payload,
)


async def test_similar_replies_with_numbered_linked_songs_and_buttons(bot, adapter):
    sent = (await run(bot, adapter, command_payload("similar", song="golden heart 01", count=5)))[0]
    assert not sent.ephemeral
    embed = sent.embeds[0]
    assert embed["title"] == "Songs like Golden Heart 01"
    assert embed["url"] == "https://open.spotify.com/track/0001xxxxxxxxxxxxxxxxxx"
    lines = embed["description"].split("\n\n", 1)[1].splitlines()
    assert len(lines) == 5 and lines[0].startswith("**1.** [")
    assert "](https://open.spotify.com/track/00" in lines[0]  # rock songs, linked
    assert "% · close in" in lines[0]
    assert embed["footer"]["text"].startswith("Catalog: songs.csv · 181 tracks · page 1/")
    assert button(sent, "◀ Previous")["disabled"] and not button(sent, "Next ▶")["disabled"]
    assert button(sent, "Open on Spotify")["url"].endswith("0001xxxxxxxxxxxxxxxxxx")
    menu = next(c for c in sent.components if c["type"] == 3)
    assert menu["placeholder"] == "Find songs like…" and len(menu["options"]) == 5


async def test_replies_never_ping_anyone(bot, adapter):
    sent = (await run(bot, adapter, command_payload("similar", song="@everyone")))[0]
    assert sent.data["allowed_mentions"] == {"parse": []}


async def test_without_one_seed_song_the_link_button_says_which_song_it_opens(bot, adapter):
    sent = (await run(bot, adapter, command_payload("similar", genre="Latin", count=3)))[0]
    first_song = sent.embeds[0]["description"].split("\n\n", 1)[1].splitlines()[0]
    link = button(sent, "Open #1 on Spotify")["url"]
    assert f"]({link})" in first_song and first_song.startswith("**1.** ")
    press = component_payload(sent.message_id, button(sent, "Next ▶")["custom_id"], user_id=1)
    page2 = (await run(bot, adapter, press))[0]
    fourth = page2.embeds[0]["description"].split("\n\n", 1)[1].splitlines()[0]
    assert f"]({button(page2, 'Open #4 on Spotify')['url']})" in fourth
    spanish = command_payload("similar", artist="band 0-1", count=3)
    spanish["locale"] = "es-ES"
    sent = (await run(bot, adapter, spanish))[0]
    assert button(sent, "Abrir la n.º 1 en Spotify")["url"].startswith("https://open.spotify")


async def test_similar_with_a_genre_only_lists_typical_songs(bot, adapter):
    sent = (await run(bot, adapter, command_payload("similar", genre="Latin", count=3)))[0]
    assert sent.embeds[0]["title"] == "The most typical latin songs"


async def test_an_unknown_song_gets_a_private_reply_with_suggestions(bot, adapter):
    sent = (await run(bot, adapter, command_payload("similar", song="Golden Hart 01 xylophone")))[0]
    assert sent.ephemeral
    assert sent.content.startswith("I couldn't find a song matching **Golden Hart 01 xylophone**")
    assert "Did you mean:\n• " in sent.content


async def test_an_unknown_genre_gets_a_private_list_of_genres(bot, adapter):
    sent = (await run(bot, adapter, command_payload("similar", genre="polka")))[0]
    assert sent.ephemeral and "`rock`" in sent.content and "`r&b`" in sent.content


async def test_neither_song_nor_genre_gets_a_private_hint(bot, adapter):
    sent = (await run(bot, adapter, command_payload("similar")))[0]
    assert sent.ephemeral and "/similar song:Blinding Lights" in sent.content


async def test_song_autocomplete_offers_title_artist_labels_valued_by_track_id(bot, adapter):
    payload = command_payload("similar", focused="song", song="silent sum")
    sent = (await run(bot, adapter, payload))[0]
    assert sent.payload["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    assert 0 < len(sent.choices) <= 25
    assert sent.choices[0] == {
        "name": "Silent Summer 02 — Band 0-2",
        "value": "0002xxxxxxxxxxxxxxxxxx",
    }
    assert all(len(c["name"]) <= 100 for c in sent.choices)


async def test_genre_autocomplete_filters_by_what_was_typed(bot, adapter):
    payload = command_payload("similar", focused="genre", genre="r")
    sent = (await run(bot, adapter, payload))[0]
    names = [c["name"] for c in sent.choices]
    assert names[:3] == ["r&b", "rap", "rock"]  # genres that start with it first
    assert "hard rock" in names  # contains "r", after those that start with it


async def test_autocomplete_never_fails_even_when_the_lookup_does(bot, adapter, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("index gone")

    monkeypatch.setattr(bot.recommender, "autocomplete", broken)
    sent = (await run(bot, adapter, command_payload("features", focused="song", song="x")))[0]
    assert sent.payload["type"] == 8 and sent.choices == []


async def test_a_crash_gets_an_apology_with_an_id_and_the_traceback_goes_to_the_log(
    bot, adapter, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(bot.recommender, "recommend", broken)
    with caplog.at_level(logging.ERROR):
        sent = (await run(bot, adapter, command_payload("similar", song="golden heart 01")))[0]
    assert sent.ephemeral
    assert sent.content.startswith("Sorry, something went wrong on my side.")
    assert "/srv/secret" not in sent.content and "Traceback" not in sent.content
    error_id = sent.content.split("`")[1]
    record = next(r for r in caplog.records if error_id in r.getMessage())
    assert record.exc_info and "exploded" in str(record.exc_info[1])


async def test_a_member_going_too_fast_is_asked_to_wait(limited_bot, adapter):
    bot = limited_bot
    for _ in range(5):
        await run(bot, adapter, command_payload("genres", user_id=77))
    sent = (await run(bot, adapter, command_payload("genres", user_id=77)))[0]
    assert sent.ephemeral and sent.content.startswith("You're going fast — try again in")
    other = (await run(bot, adapter, command_payload("genres", user_id=78)))[0]
    assert not other.ephemeral  # the limit is per member


async def test_features_defers_then_sends_the_profile_with_a_chart(bot, adapter):
    sent = await run(bot, adapter, command_payload("features", song="blue river 00"), count=2)
    assert sent[0].payload["type"] == 5  # deferred: "bot is thinking…"
    embed = sent[1].embeds[0]
    assert embed["title"] == "Blue River 00 — Band 0-0"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Key"] == "C minor"
    assert fields["Tempo"].endswith("pct") and "BPM" in fields["Tempo"]
    assert fields["Energy"].startswith("`█") and "pct" in fields["Energy"]
    assert fields["Duration"] == "3:20"
    assert "rock" in fields["Genres"]
    assert sent[1].files == ["profile.png"]
    assert embed["image"]["url"] == "attachment://profile.png"


async def test_features_of_an_unknown_song_is_a_private_first_reply(bot, adapter):
    sent = await run(bot, adapter, command_payload("features", song="qqqq zzzz xxxx"))
    assert sent[0].payload["type"] == 4 and sent[0].ephemeral  # not deferred first
    assert sent[0].content.startswith("I couldn't find a song matching")


async def test_genres_lists_every_genre_with_counts(bot, adapter):
    embed = (await run(bot, adapter, command_payload("genres")))[0].embeds[0]
    names = [f["name"] for f in embed["fields"]]
    assert "rock · 31 tracks" in names and len(names) == 6


async def test_next_and_previous_turn_pages_for_the_member_who_asked(bot, adapter):
    first = await similar_message(bot, adapter)
    next_id = button(first, "Next ▶")["custom_id"]
    press = component_payload(first.message_id, next_id, user_id=1)
    page2 = (await run(bot, adapter, press))[0]
    assert page2.payload["type"] == 7  # UPDATE_MESSAGE
    lines = page2.embeds[0]["description"].split("\n\n", 1)[1].splitlines()
    assert lines[0].startswith("**4.** ")
    assert "page 2/" in page2.embeds[0]["footer"]["text"]
    assert not button(page2, "◀ Previous")["disabled"]
    back = component_payload(first.message_id, button(page2, "◀ Previous")["custom_id"])
    page1 = (await run(bot, adapter, back))[0]
    assert page1.embeds[0]["description"] == first.embeds[0]["description"]  # same songs


async def test_someone_else_pressing_the_buttons_gets_a_private_note(bot, adapter):
    first = await similar_message(bot, adapter, user_id=1)
    press = component_payload(first.message_id, button(first, "Next ▶")["custom_id"], user_id=2)
    sent = (await run(bot, adapter, press))[0]
    assert sent.ephemeral and "someone else's search" in sent.content


async def test_picking_a_listed_song_finds_songs_like_it(bot, adapter):
    first = await similar_message(bot, adapter)
    menu = next(c for c in first.components if c["type"] == 3)
    pick = menu["options"][1]
    press = component_payload(first.message_id, menu["custom_id"], values=[pick["value"]])
    sent = (await run(bot, adapter, press))[0]
    name = pick["label"].split(". ", 1)[1]
    assert sent.embeds[0]["title"] == f"Songs like {name}"


async def test_an_out_of_range_count_is_refused_privately(bot, adapter):
    sent = (await run(bot, adapter, command_payload("similar", song="blue river 00", count=99)))[0]
    assert sent.ephemeral and "from 1 to 25" in sent.content


def test_the_registered_commands_are_what_discord_shows_members(bot):
    commands = {c.name: c.to_dict(bot.tree) for c in bot.tree.get_commands()}
    assert set(commands) == {
        "similar",
        "bridge",
        "features",
        "genres",
        "help",
        "Songs like this",
        "like",
        "dislike",
        "likes",
        "forget",
        "mix",
        "blend",
        "privacy",
        "radio",
    }
    similar = {o["name"]: o for o in commands["similar"]["options"]}
    assert commands["similar"]["description"].startswith("Find songs that sound alike")
    assert similar["song"]["autocomplete"] and not similar["song"]["required"]
    assert similar["genre"]["autocomplete"]
    assert (similar["count"]["min_value"], similar["count"]["max_value"]) == (1, 25)
    assert all(o["description"] for o in similar.values())
    features = commands["features"]["options"][0]
    assert features["name"] == "song" and features["required"] and features["autocomplete"]
    assert commands["genres"]["options"] == []


async def test_global_commands_sync_once_until_they_change(bot, monkeypatch):
    synced = []

    async def sync(guild=None):
        synced.append(guild)
        return []

    monkeypatch.setattr(bot.tree, "sync", sync)
    await bot.sync_commands()
    await bot.sync_commands()  # same commands, same application: nothing to do
    assert synced == [None]
    bot._connection.application_id += 1  # another application (a new token)
    await bot.sync_commands()
    assert synced == [None, None]

"""/like, /dislike, /likes, /forget and /mix through discord.py's own command tree, on a real
SQLite file: what a member sees, and what the database holds afterwards."""

from __future__ import annotations

import logging
import sqlite3

from tests.support.bot import ALICE, BOB, tid
from tests.support.discord_driver import (
    command_payload,
    component_payload,
    dispatch,
    wait_for,
)
from tests.support.synthetic import cluster_of


async def say(bot, adapter, name, user_id=ALICE, **options):
    payload = command_payload(name, user_id=user_id, **options)
    await dispatch(bot, payload)
    return (await wait_for(adapter, payload))[0]


async def press(bot, adapter, sent, label, user_id=ALICE):
    button = next(c for c in sent.components if c.get("label") == label)
    payload = component_payload(sent.message_id, button["custom_id"], user_id=user_id)
    await dispatch(bot, payload)
    return (await wait_for(adapter, payload))[0]


def stored(bot, member_id=None):
    if not bot.settings.database_file.exists():
        return []
    with sqlite3.connect(bot.settings.database_file) as db:
        songs = db.execute("SELECT member_id, track_id, verdict FROM feedback").fetchall()
        artists = db.execute("SELECT member_id, artist FROM left_out_artists").fetchall()
    return [r for r in songs + artists if member_id is None or r[0] == member_id]


def listed(sent) -> list[str]:
    """Track ids linked from an embed's numbered lines."""
    lines = sent.embeds[0]["description"].split("\n\n", 1)[-1].splitlines()
    return [line.split("/track/")[1][:22] for line in lines if "/track/" in line]


async def test_like_saves_the_song_privately_and_liking_twice_says_so(bot, adapter):
    sent = await say(bot, adapter, "like", song="golden heart 01")
    assert sent.ephemeral and sent.content.startswith("Liked **Golden Heart 01 — Band 0-1**")
    assert stored(bot) == [(ALICE, tid(0, 1), 1)]
    again = await say(bot, adapter, "like", song=tid(0, 1))  # picked from the autocomplete
    assert again.ephemeral and again.content == "You already like **Golden Heart 01 — Band 0-1**."
    assert stored(bot) == [(ALICE, tid(0, 1), 1)]


async def test_liking_an_unknown_song_stores_nothing_and_suggests(bot, adapter):
    sent = await say(bot, adapter, "like", song="qqqq zzzz xxxx")
    assert sent.ephemeral and sent.content.startswith("I couldn't find a song matching")
    assert stored(bot) == []


async def test_disliking_a_liked_song_moves_it(bot, adapter):
    await say(bot, adapter, "like", song="golden heart 01")
    sent = await say(bot, adapter, "dislike", song="golden heart 01")
    assert sent.ephemeral and "Moved it from your likes" in sent.content
    assert stored(bot) == [(ALICE, tid(0, 1), -1)]


async def test_a_disliked_song_and_a_left_out_artist_never_come_back_in_similar(bot, adapter):
    before = listed(await say(bot, adapter, "similar", song="golden heart 01", count=5))
    first, second = before[0], before[1]
    await say(bot, adapter, "dislike", song=first)
    artist = bot.recommender.track(second).artist
    left = await say(bot, adapter, "dislike", song=second, artist=True)
    assert f"Left out **{artist}**" in left.content
    after = listed(await say(bot, adapter, "similar", song="golden heart 01", count=25))
    assert first not in after
    assert artist not in {bot.recommender.track(t).artist for t in after}
    others = listed(
        await say(bot, adapter, "similar", song="golden heart 01", count=5, user_id=BOB)
    )
    assert others == before  # another member's dislikes are theirs


async def test_mix_with_no_likes_is_a_short_private_hint(bot, adapter):
    sent = await say(bot, adapter, "mix")
    assert sent.ephemeral and "haven't liked any yet" in sent.content


async def test_mix_covers_each_style_liked_and_names_the_like_behind_each_pick(bot, adapter):
    liked = [tid(0, 1), tid(0, 2), tid(4, 1), tid(4, 2)]
    for track_id in liked:
        await say(bot, adapter, "like", song=track_id)
    await say(bot, adapter, "dislike", song=tid(0, 3))
    sent = await say(bot, adapter, "mix", count=6)
    assert not sent.ephemeral
    embed = sent.embeds[0]
    assert embed["title"] == "A mix for member"
    assert embed["description"].startswith("From 4 liked songs, grouped into 2 styles.")
    picks = listed(sent)
    assert len(picks) == 6 and not set(picks) & {*liked, tid(0, 3)}
    assert {cluster_of(t) for t in picks} == {0, 4}
    lines = embed["description"].split("\n\n", 1)[1].splitlines()
    liked_names = {bot.recommender.track(t).name for t in liked}
    assert {line.rsplit(" · like *", 1)[1].rstrip("*") for line in lines} <= liked_names
    # The footer says what it means: the picks above leave out what was liked or disliked.
    assert embed["footer"]["text"].endswith(" · leaves out songs you already liked or disliked")


async def test_counts_of_one_read_in_the_singular(bot, adapter):
    await say(bot, adapter, "like", song=tid(0, 1))
    await say(bot, adapter, "dislike", song=tid(0, 2), artist=True)  # the artist alone
    await say(bot, adapter, "dislike", song=tid(0, 3))
    sent = await say(bot, adapter, "likes")
    assert sent.embeds[0]["footer"]["text"].endswith(
        "1 liked song · 1 disliked song · 1 artist left out"
    )
    export = await press(bot, adapter, sent, "Export")
    assert export.content.startswith("Your liked songs: a table")


async def test_mix_refuses_an_unknown_genre_privately(bot, adapter):
    await say(bot, adapter, "like", song=tid(0, 1))
    sent = await say(bot, adapter, "mix", genre="polka")
    assert sent.ephemeral and "I don't know the genre **polka**" in sent.content


async def test_likes_pages_through_liked_songs_privately(bot, adapter):
    for i in range(12):
        await say(bot, adapter, "like", song=tid(1, i))
    sent = await say(bot, adapter, "likes")
    assert sent.ephemeral
    assert sent.embeds[0]["title"] == "Your liked songs"
    assert "12 liked songs · 0 disliked songs" in sent.embeds[0]["footer"]["text"]
    assert len(listed(sent)) == 10 and "page 1/2" in sent.embeds[0]["footer"]["text"]
    page2 = await press(bot, adapter, sent, "Next ▶")
    assert page2.embeds[0]["description"].startswith("**11.** ")


async def test_likes_shown_publicly_name_the_member(bot, adapter):
    await say(bot, adapter, "like", song=tid(2, 3))
    sent = await say(bot, adapter, "likes", public=True)
    assert not sent.ephemeral and sent.embeds[0]["title"] == "member's liked songs"
    assert listed(sent) == [tid(2, 3)]


async def test_a_liked_song_the_catalog_no_longer_has_is_kept_and_reported(bot, adapter):
    await bot.tastes.set_verdict(ALICE, "gone" * 5 + "xx", "Old Song — Old Band", 1)
    sent = await say(bot, adapter, "likes")
    assert "Old Song — Old Band" in sent.embeds[0]["description"]
    assert "not in this catalog" in sent.embeds[0]["description"]
    alone = await say(bot, adapter, "mix")
    assert (
        alone.ephemeral and "None of the songs you like are in this bot's catalog" in alone.content
    )
    await say(bot, adapter, "like", song=tid(0, 1))
    mixed = await say(bot, adapter, "mix", count=3)
    head = mixed.embeds[0]["description"].split("\n\n", 1)[0]
    assert head == (
        "From 1 liked song, grouped into one style. "
        "(1 more is not in this catalog; `/likes` lists it.)"
    )
    assert len(stored(bot, ALICE)) == 2  # kept, not dropped


async def test_forget_asks_then_deletes_every_row_of_the_member_and_says_so(bot, adapter):
    for member in (ALICE, BOB):
        await say(bot, adapter, "like", user_id=member, song=tid(0, 1))
        await say(bot, adapter, "dislike", user_id=member, song=tid(0, 2), artist=True)
    prompt = await say(bot, adapter, "forget")
    assert prompt.ephemeral and (
        "1 liked song, 0 disliked songs and 1 artist left out. It can't be undone."
        in prompt.content
    )
    refused = await press(bot, adapter, prompt, "Delete everything", user_id=BOB)
    assert refused.ephemeral and "someone else's" in refused.content
    assert len(stored(bot, ALICE)) == 2
    done = await press(bot, adapter, prompt, "Delete everything")
    assert done.payload["type"] == 7 and done.content.startswith("Done: I deleted 1 liked")
    assert done.data["components"] == []
    assert stored(bot, ALICE) == [] and len(stored(bot, BOB)) == 2
    twice = await say(bot, adapter, "forget")
    assert twice.ephemeral and twice.content.startswith("I have nothing stored about you")


async def test_cancelling_forget_keeps_everything(bot, adapter):
    await say(bot, adapter, "like", song=tid(0, 1))
    prompt = await say(bot, adapter, "forget")
    sent = await press(bot, adapter, prompt, "Cancel")
    assert sent.content == "Cancelled: nothing was deleted."
    assert stored(bot) == [(ALICE, tid(0, 1), 1)]


async def test_a_corrupt_database_keeps_recommendations_working_and_logs_once(bot, adapter, caplog):
    bot.settings.database_file.write_bytes(b"garbage, not sqlite " * 200)
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            similar = await say(bot, adapter, "similar", song="golden heart 01", count=3)
            assert not similar.ephemeral and len(listed(similar)) == 3
        liked = await say(bot, adapter, "like", song="golden heart 01")
    assert liked.ephemeral and "can't reach your likes right now" in liked.content
    assert "Recommendations still work" in liked.content and "Traceback" not in liked.content
    reports = [r for r in caplog.records if "member database unavailable" in r.getMessage()]
    assert len(reports) == 1


async def test_the_new_commands_document_every_option(bot):
    commands = {c.name: c.to_dict(bot.tree) for c in bot.tree.get_commands()}
    for name in ("like", "dislike", "likes", "forget", "mix"):
        assert commands[name]["description"]
        assert all(o["description"] for o in commands[name].get("options", []))
    like = commands["like"]["options"][0]
    assert like["name"] == "song" and like["required"] and like["autocomplete"]
    mix = {o["name"]: o for o in commands["mix"]["options"]}
    assert mix["genre"]["autocomplete"]
    assert (mix["count"]["min_value"], mix["count"]["max_value"]) == (1, 25)


def menu(sent, placeholder_start):
    return next(
        c for c in sent.components if c.get("placeholder", "").startswith(placeholder_start)
    )


async def pick(bot, adapter, sent, placeholder_start, value, user_id=ALICE):
    picked = menu(sent, placeholder_start)
    payload = component_payload(
        sent.message_id, picked["custom_id"], user_id=user_id, values=[value]
    )
    await dispatch(bot, payload)
    return (await wait_for(adapter, payload))[0]


async def test_any_list_lets_a_member_like_or_dislike_a_listed_song_without_typing(bot, adapter):
    listed = await say(bot, adapter, "similar", song="golden heart 01", count=5)
    songs = [o["value"] for o in menu(listed, "♥ Like")["options"]]
    assert (
        len(songs) == 5 and menu(listed, "✕ Never")["options"] == menu(listed, "♥ Like")["options"]
    )

    liked = await pick(bot, adapter, listed, "♥ Like", songs[0], user_id=BOB)  # not the asker
    assert liked.ephemeral and liked.content.startswith("Liked ")
    disliked = await pick(bot, adapter, listed, "✕ Never", songs[1], user_id=BOB)
    assert disliked.ephemeral
    assert sorted(stored(bot, BOB)) == sorted(
        [(BOB, songs[0], 1), (BOB, songs[1], -1)]  # 1: like, -1: dislike
    )
    assert stored(bot, ALICE) == []  # it counted for whoever picked

    again = await say(bot, adapter, "similar", user_id=BOB, song="golden heart 01", count=10)
    shown = [o["value"] for o in menu(again, "Find songs like")["options"]]
    assert songs[1] not in shown  # a disliked song is never recommended to that member


async def test_a_forged_verdict_value_gets_a_private_answer(bot, adapter):
    listed = await say(bot, adapter, "similar", song="golden heart 01", count=3)
    answer = await pick(bot, adapter, listed, "♥ Like", "'; DROP TABLE feedback; --")
    assert answer.ephemeral and "doesn't look right" in answer.content
    assert stored(bot) == []


async def test_likes_can_be_exported_like_any_list_even_songs_the_catalog_dropped(bot, adapter):
    await say(bot, adapter, "like", song=tid(2, 3))
    await bot.tastes.set_verdict(ALICE, "gone" * 5 + "xx", "Old Song — Old Band", 1)
    sent = await say(bot, adapter, "likes")
    exported = await press(bot, adapter, sent, "Export")
    assert exported.ephemeral and set(exported.contents) == {"likes.csv", "likes-links.txt"}
    table = exported.contents["likes.csv"].decode().splitlines()
    links = exported.contents["likes-links.txt"].decode().splitlines()
    assert table[0] == "title,artist,spotify_url" and len(table) == 3 and len(links) == 2
    assert any(line.startswith("Blue River") or tid(2, 3) in line for line in table[1:])
    assert "https://open.spotify.com/track/" + "gone" * 5 + "xx" in links

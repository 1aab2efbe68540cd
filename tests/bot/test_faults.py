"""Faults members and hosts hit (issue #19): over-long typed names, mentions in echoed text,
presses on controls the bot does not know — each answered plainly, privately, in the
member's language."""

from __future__ import annotations

import asyncio
import json

import discord
from discord import app_commands

from recommender import MAX_TYPED
from tests.support.bot import ALICE, run
from tests.support.discord_driver import command_payload, component_payload, new_id

LONG = "golden heart " * 7700  # 100,100 characters


def spanish(payload: dict) -> dict:
    payload["locale"] = "es-ES"
    return payload


async def test_a_very_long_song_name_is_refused_privately_with_the_limit(bot, adapter):
    sent = (await run(bot, adapter, command_payload("similar", user_id=ALICE, song=LONG)))[0]
    assert sent.ephemeral
    assert sent.content.startswith("A name can be at most 200 characters long; type a shorter one.")
    payload = spanish(command_payload("similar", user_id=ALICE, artist=LONG))
    sent = (await run(bot, adapter, payload))[0]
    assert sent.ephemeral
    assert sent.content.startswith(
        "Un nombre puede tener como mucho 200 caracteres; escribe uno más corto."
    )


async def test_every_free_text_option_tells_discord_its_longest(bot):
    free = [
        (command.qualified_name, param.name, param.max_value)  # text: max_length
        for command in bot.tree.walk_commands()
        if isinstance(command, app_commands.Command)
        for param in command.parameters
        if param.type is discord.AppCommandOptionType.string and not param.choices
    ]
    assert len(free) >= 8  # songs, artists and genres across the commands
    assert {length for *_, length in free} == {MAX_TYPED}, free
    sent = next(
        p
        for p in bot.tree.get_command("similar").to_dict(bot.tree)["options"]
        if p["name"] == "song"
    )
    assert sent["max_length"] == MAX_TYPED


PINGS = ("@everyone", "@here", "<@123456789012345678>", "<@&223456789012345678>")


async def test_nothing_the_bot_sends_can_ping_whatever_was_typed(bot, adapter):
    for typed in PINGS:
        for options in (
            {"song": typed},
            {"song": "golden heart 01", "genre": typed},
            {"artist": typed},
            {"song": "golden heart 01", "exclude_artist": typed},
        ):
            await run(bot, adapter, command_payload("similar", user_id=ALICE, **options))
        await run(bot, adapter, command_payload("like", user_id=ALICE, song=typed))
        await run(bot, adapter, command_payload("features", user_id=ALICE, song=typed))
        await run(
            bot, adapter, command_payload("bridge", user_id=ALICE, **{"from": typed, "to": "x"})
        )
    messages = [s for s in adapter.sent if s.content or s.embeds]
    assert len(messages) >= 7 * len(PINGS)
    for sent in messages:
        assert sent.data.get("allowed_mentions", {}).get("parse") == [], sent
    said = [json.dumps([s.content, s.embeds], ensure_ascii=False) for s in messages]
    assert sum("everyone" in text for text in said) >= 4  # the typed text was echoed...
    for text in said:  # ...but never as a mention
        assert not any(ping in text for ping in ("@everyone", "@here", "<@1", "<@&2")), text


async def test_a_press_on_a_control_the_bot_does_not_know_is_answered_privately(bot, adapter):
    for custom_id in ("zz:old:1", "sa:q\x00garbled", "help:page:3", "x" * 100):
        payload = component_payload(new_id(), custom_id, user_id=ALICE)
        sent = (await run(bot, adapter, payload))[0]
        assert sent.ephemeral
        assert sent.content == "This button is from an older message — run the command again."
    payload = spanish(component_payload(new_id(), "zz:old:1", user_id=ALICE, values=["a"]))
    sent = (await run(bot, adapter, payload))[0]
    assert sent.ephemeral
    assert sent.content == "Este botón es de un mensaje anterior: vuelve a usar el comando."


async def test_a_press_a_control_claims_gets_that_controls_answer_alone(bot, adapter):
    listed = (await run(bot, adapter, command_payload("similar", song="golden heart 01")))[0]
    nxt = next(c for c in listed.components if c.get("label") == "Next ▶")
    payload = component_payload(listed.message_id, nxt["custom_id"], user_id=1)
    turned = await run(bot, adapter, payload)
    assert "page 2/" in turned[0].embeds[0]["footer"]["text"]
    garbled = component_payload(listed.message_id, "sa:p!!", user_id=1)  # a control's shape
    answered = await run(bot, adapter, garbled)
    await run(bot, adapter, command_payload("like", user_id=1, song="golden heart 01"))
    prompt = (await run(bot, adapter, command_payload("forget", user_id=1)))[0]
    cancel = next(c for c in prompt.components if c.get("label") == "Cancel")  # a live view
    cancel_press = component_payload(prompt.message_id, cancel["custom_id"], user_id=1)
    cancelled = await run(bot, adapter, cancel_press)
    assert cancelled[0].content == "Cancelled: nothing was deleted."
    await asyncio.sleep(0.05)  # a second answer, were there one, would be recorded by now
    for press, first in ((payload, turned), (garbled, answered), (cancel_press, cancelled)):
        assert adapter.responses_to(press) == first[:1]
    assert "older message" not in answered[0].content


async def test_leaving_out_an_artist_that_matches_no_one_says_so(bot, adapter):
    payload = command_payload(
        "similar", user_id=ALICE, song="golden heart 01", exclude_artist="zzqx nobody"
    )
    sent = (await run(bot, adapter, payload))[0]
    assert sent.ephemeral and sent.content.startswith("I don't know the artist **zzqx nobody**.")
    payload = command_payload(
        "similar", user_id=ALICE, song="golden heart 01", exclude_artist="band 0-2", count=25
    )
    listed = (await run(bot, adapter, payload))[0].embeds[0]["description"]
    assert "— Band 0-3" in listed and "— Band 0-2" not in listed


async def test_an_empty_list_names_only_the_filters_the_member_gave(bot, adapter, monkeypatch):
    from recommender import Recommendations

    async def nothing(query):
        return Recommendations(())

    monkeypatch.setattr(bot.services, "recommend", nothing)
    bare = command_payload("similar", user_id=ALICE, song="golden heart 01")
    sent = (await run(bot, adapter, bare))[0]
    assert sent.ephemeral
    assert sent.content == "No other song in this catalog can be recommended for that."
    payload = command_payload(
        "similar",
        user_id=ALICE,
        song="golden heart 01",
        popularity="deep",
        exclude_artist="band 0-2",
    )
    sent = (await run(bot, adapter, payload))[0]
    assert sent.content.startswith(
        "No song passes these filters. Drop one and try again: "
        "popularity deep cuts (the least known quarter), without band 0-2"
    )
    assert "genre" not in sent.content
    sent = (await run(bot, adapter, spanish(command_payload("similar", genre="rock"))))[0]
    assert sent.content.startswith(
        "Ninguna canción pasa estos filtros. Quita uno y vuelve a intentarlo: género rock"
    )


async def test_an_unknown_artist_is_explained_in_the_members_language(bot, adapter):
    payload = spanish(command_payload("similar", user_id=ALICE, artist="band 0-1x zzqx"))
    sent = (await run(bot, adapter, payload))[0]
    assert sent.ephemeral
    assert sent.content.startswith("No conozco al artista **band 0-1x zzqx**.")
    assert "Quizás quisiste decir:\n• Band 0-1" in sent.content

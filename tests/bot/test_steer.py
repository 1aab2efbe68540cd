"""Steering in Discord (issue #12): /similar with song2, song3, artist, mood, popularity and
exclude_artist, and /bridge — through discord.py's real command tree, on the real catalog."""

from __future__ import annotations

import io

import pytest

from bot.console import Console
from bot.host.settings import Settings
from bot.services import Services
from recommender.ranking.moods import mood_names
from tests.support.bot import run, started_bot
from tests.support.discord_driver import command_payload, component_payload

WEEKND = "0sf12qNH5qcw8qpgymFOqD"  # Blinding Lights
ADELE = "6QPKYGnAW9QozVz2dSWqRg"  # Someone Like You


@pytest.fixture
async def bot(real_rec, tmp_path):
    """The bot over the real catalog, with no rate limit."""
    client = await started_bot(real_rec, tmp_path, cooldown_rate=0)
    try:
        yield client
    finally:
        await client.close()


def result_lines(embed):
    return embed["description"].split("\n\n", 1)[1].splitlines()


async def test_two_songs_give_one_blended_list_marking_the_nearer_seed(bot, adapter):
    payload = command_payload("similar", song=WEEKND, song2=ADELE, count=6)
    embed = (await run(bot, adapter, payload))[0].embeds[0]
    assert embed["title"] == "Songs like Blinding Lights + Someone Like You"
    lines = result_lines(embed)
    assert len(lines) == 6
    assert all(line.endswith(("≈ Blinding Lights", "≈ Someone Like You")) for line in lines)


async def test_an_artist_with_a_mood_and_deep_cuts_says_how_it_was_steered(bot, adapter):
    payload = command_payload(
        "similar", artist="Radiohead", mood="calm", popularity="deep", count=5
    )
    embed = (await run(bot, adapter, payload))[0].embeds[0]
    assert embed["title"] == "Songs like Radiohead"
    assert "*Steered:* mood calm · deep cuts (popularity 0-25)" in embed["description"]
    assert all(" — Radiohead ·" not in line for line in result_lines(embed))


async def test_exclude_artist_leaves_that_artist_out(bot, adapter):
    payload = command_payload("similar", song=WEEKND, exclude_artist="Imagine Dragons", count=10)
    embed = (await run(bot, adapter, payload))[0].embeds[0]
    assert "Imagine Dragons" not in embed["description"]
    assert len(result_lines(embed)) == 10


async def test_mood_and_popularity_are_offered_as_choices(bot):
    options = {o["name"]: o for o in bot.tree.get_command("similar").to_dict(bot.tree)["options"]}
    assert [c["value"] for c in options["mood"]["choices"]] == mood_names()
    assert [c["value"] for c in options["popularity"]["choices"]] == ["mainstream", "any", "deep"]
    assert options["song2"]["autocomplete"] and options["artist"]["autocomplete"]
    assert options["exclude_artist"]["autocomplete"]


async def test_artist_autocomplete_offers_artists_as_they_are_typed(bot, adapter):
    payload = command_payload("similar", focused="artist", artist="radioh")
    sent = (await run(bot, adapter, payload))[0]
    assert sent.choices[0] == {"name": "Radiohead", "value": "Radiohead"}
    payload = command_payload("similar", focused="exclude_artist", exclude_artist="ed she")
    assert (await run(bot, adapter, payload))[0].choices[0]["name"] == "Ed Sheeran"


async def test_an_unknown_artist_or_mood_gets_a_private_reply_saying_what_to_change(bot, adapter):
    sent = (await run(bot, adapter, command_payload("similar", artist="qqxqzv zzkq")))[0]
    assert sent.ephemeral and sent.content.startswith("I don't know the artist **qqxqzv zzkq**")
    sent = (await run(bot, adapter, command_payload("similar", mood="grumpy")))[0]
    assert sent.ephemeral and "Try one of: happy, sad, calm" in sent.content


async def test_filters_that_leave_nothing_get_a_private_reason(bot, monkeypatch, adapter):
    async def nothing(query):
        from recommender import Recommendations

        return Recommendations(())

    monkeypatch.setattr(bot.services, "recommend", nothing)
    sent = (await run(bot, adapter, command_payload("similar", genre="rock", mood="calm")))[0]
    assert sent.ephemeral and sent.content.startswith("No song passes these filters.")


async def test_bridge_lists_the_way_from_one_song_to_the_other(bot, adapter):
    sent = (await run(bot, adapter, command_payload("bridge", **{"from": WEEKND, "to": ADELE})))[0]
    embed = sent.embeds[0]
    assert not sent.ephemeral
    assert embed["title"] == "From Blinding Lights to Someone Like You"
    lines = embed["description"].splitlines()
    assert lines[0].startswith("**0.** [Blinding Lights]") and lines[0].endswith("· start")
    assert lines[-1].endswith("Adele · arrival") and 4 <= len(lines) <= 10
    along = [int(line.split(" · ")[-1].split("%")[0]) for line in lines[1:-1]]
    assert along == sorted(along)
    menu = next(c for c in sent.components if c["type"] == 3)
    assert menu["placeholder"] == "Find songs like…" and len(menu["options"]) == len(lines)
    pick = menu["options"][2]
    press = component_payload(sent.message_id, menu["custom_id"], values=[pick["value"]])
    listed = (await run(bot, adapter, press))[0]
    assert listed.embeds[0]["title"] == f"Songs like {pick['label'].split('. ', 1)[1]}"
    assert any(c.get("label") == "Next ▶" for c in listed.components)  # a list with pages


async def test_bridge_between_the_same_song_is_a_private_hint(bot, adapter):
    payload = command_payload("bridge", steps=3, **{"from": WEEKND, "to": "blinding lights"})
    sent = (await run(bot, adapter, payload))[0]
    assert sent.ephemeral and "pick two different songs to bridge" in sent.content


async def test_the_console_takes_the_same_options(real_rec):
    lines = [
        "/similar song:blinding lights song2:someone like you mood:happy count:3",
        "/bridge from:blinding lights to:someone like you steps:3",
        "next",
        "like 1",
        "/similar artist:radiohead popularity:famous",
    ]
    out = io.StringIO()
    console = Console(Services(real_rec, Settings()), out=out)
    for line in lines:
        assert await console.handle(line)
    text = out.getvalue()
    assert "╭ Songs like Blinding Lights + Someone Like You" in text
    assert "│ *Steered:* mood happy" in text
    assert "╭ From Blinding Lights to Someone Like You" in text
    assert "A bridge has one page; more <N> takes a number shown (0, 1, 2, 3, 4)." in text
    assert text.count("╭ Songs like ") == 2  # the blend, then the list from bridge song 1
    assert "popularity is one of mainstream, any, deep, got 'famous'" in text

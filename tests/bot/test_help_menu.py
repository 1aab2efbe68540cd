"""/help and the "Songs like this" message menu, through discord.py's own command tree."""

from __future__ import annotations

import io
import re

import pytest
from discord import app_commands

from bot.app import RecommenderBot
from bot.cogs.help.guide import EXAMPLES
from bot.cogs.message_menu.menu import NOT_IN_CATALOG, NOTHING_FOUND, catalog_songs, songs_in
from bot.console import Console
from bot.host.settings import Settings
from bot.services import Services
from tests.support.bot import guide_text, menu_payload, run
from tests.support.discord_driver import command_payload

GOLDEN_01 = "0001xxxxxxxxxxxxxxxxxx"  # "Golden Heart 01 — Band 0-1" in the synthetic catalog


def synced_from_what_was_registered(client: RecommenderBot, first_id: int = 5000):
    """What Discord answers to a sync: the registered commands, each with its new id."""
    return [
        app_commands.AppCommand(
            data={
                "description": "",
                **c.to_dict(client.tree),
                "id": str(first_id + n),
                "application_id": "1",
            },
            state=client._connection,
        )
        for n, c in enumerate(client.tree.get_commands())
    ]


# -- /help -------------------------------------------------------------------------------


async def test_help_before_any_sync_names_commands_as_plain_text(bot, adapter):
    sent = (await run(bot, adapter, command_payload("help")))[0]
    assert sent.ephemeral
    text = guide_text(sent)
    assert "`/similar` — Find songs that sound alike" in text
    assert "`/similar song:Blinding Lights`" in text  # an example a member would type
    assert "**Songs like this** (message menu)" in text
    assert "</" not in text
    assert sent.embeds[-1]["footer"]["text"] == "Catalog loaded: songs.csv · 181 tracks"


async def test_help_mentions_are_clickable_after_a_sync_and_after_a_restart(
    bot, adapter, monkeypatch, synthetic_rec
):
    async def sync(guild=None):
        return synced_from_what_was_registered(bot)

    monkeypatch.setattr(bot.tree, "sync", sync)
    await bot.sync_commands()
    text = guide_text((await run(bot, adapter, command_payload("help")))[0])
    mentions = dict(re.findall(r"</(\w+):(\d+)>", text))
    slash = {c.name for c in bot.tree.get_commands() if isinstance(c, app_commands.Command)}
    assert {"similar", "features", "genres", "help"} <= slash
    assert set(mentions) == slash

    # A restart with the same commands syncs nothing, yet knows the ids from the last sync.
    again = RecommenderBot(settings=bot.settings, recommender=synthetic_rec)
    await again.add_feature_cogs()

    async def must_not_sync(guild=None):
        raise AssertionError("unchanged commands were synced again")

    monkeypatch.setattr(again.tree, "sync", must_not_sync)
    again._connection.application_id = bot.application_id
    await again.sync_commands()
    assert {n: str(i) for n, i in again.command_ids.items() if n in mentions} == mentions


async def what_discord_shows(bot: RecommenderBot, locale: str) -> list[dict]:
    """The slash commands as Discord shows them to a member in `locale`: the payloads a sync
    sends, translated by the tree's own translator, each name and description localized."""

    def said(data: dict, key: str) -> str:
        return data.get(f"{key}_localizations", {}).get(locale, data[key])

    shown = []
    for command in bot.tree.get_commands():
        payload = await command.get_translated_payload(bot.tree, bot.tree.translator)
        if payload.get("type", 1) != 1:
            continue  # a message menu has no options
        shown.append(
            {
                "name": said(payload, "name"),
                "description": said(payload, "description"),
                "options": [
                    (said(o, "name"), said(o, "description"), o.get("required", False))
                    for o in payload.get("options", [])
                ],
            }
        )
    return shown


@pytest.mark.parametrize(("locale", "optional"), [("en-US", "optional"), ("es-ES", "opcional")])
async def test_help_lists_every_command_and_option_as_discord_shows_them(
    bot, adapter, locale, optional
):
    payload = command_payload("help")
    payload["locale"] = locale
    text = guide_text((await run(bot, adapter, payload))[0])
    blocks = {block.split(" — ")[0]: block for block in text.split("\n\n")}
    shown = await what_discord_shows(bot, locale)
    assert len(shown) >= 10
    for command in shown:
        block = blocks[f"`/{command['name']}`"]
        assert block.split("\n")[0] == f"`/{command['name']}` — {command['description']}"
        for name, description, required in command["options"]:
            flag = "" if required else f" ({optional})"
            assert f"\n• `{name}`{flag}: {description}" in block, (command["name"], name)
        # An example names only options the command shows, as the member types them.
        options = {name for name, _, _ in command["options"]}
        for example in re.findall(r"`/\S+((?: [^`:\s]+:[^`]*?)*)`", block.split("\n")[-1]):
            typed = set(re.findall(r"(?:^| )([^\s:]+):", example))
            assert typed <= options, (command["name"], example)


async def test_the_bridge_example_names_the_options_members_type(bot, adapter):
    english = guide_text((await run(bot, adapter, command_payload("help")))[0])
    assert "`/bridge from:Blinding Lights to:Someone Like You steps:6`" in english
    payload = command_payload("help")
    payload["locale"] = "es-419"
    spanish = guide_text((await run(bot, adapter, payload))[0])
    assert "`/puente desde:Blinding Lights hasta:Someone Like You pasos:6`" in spanish
    assert "`/mezcla ánimo:tranquila`" in spanish and "start:" not in english + spanish


def test_every_help_example_uses_options_the_command_has(bot):
    commands = {c.name: c for c in bot.tree.get_commands()}
    for name, examples in EXAMPLES.items():
        options = {p.name for p in commands[name].parameters}
        for example in examples:
            assert set(example) <= options, (name, example)


# -- "Songs like this" ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("https://open.spotify.com/track/0sf12qNH5qcw8qpgymFOqD", ["0sf12qNH5qcw8qpgymFOqD"]),
        (
            "listen <https://open.spotify.com/intl-de/track/0sf12qNH5qcw8qpgymFOqD?si=a1b2> !!",
            ["0sf12qNH5qcw8qpgymFOqD"],
        ),
        (
            "spotify:track:2XU0oxnq2qxCpomAAuJY8K and again spotify:track:2XU0oxnq2qxCpomAAuJY8K",
            ["2XU0oxnq2qxCpomAAuJY8K"],
        ),
        ("Blinding Lights - The Weeknd", ["Blinding Lights - The Weeknd"]),
        (
            "my list:\n1. **Dance Monkey** – Tones and I\n• The Weeknd — Blinding Lights\n"
            "> Levitating - Dua Lipa",
            [
                "Dance Monkey - Tones and I",
                "The Weeknd - Blinding Lights",
                "Levitating - Dua Lipa",
            ],
        ),
        ("Faith - Remastered - George Michael", ["Faith - Remastered - George Michael"]),
        ("a - b - c - d - e\nno dash here\nwell-known hyphenated words", []),
        (  # a line with its link: one song, not two
            "Blinding Lights - The Weeknd https://open.spotify.com/track/0sf12qNH5qcw8qpgymFOqD",
            ["0sf12qNH5qcw8qpgymFOqD"],
        ),
        (
            "[Blinding Lights](https://open.spotify.com/track/0sf12qNH5qcw8qpgymFOqD)",
            ["0sf12qNH5qcw8qpgymFOqD"],
        ),
        ("https://open.spotify.com/album/4yP0hdKOZPNshxUOjY0cZj", []),  # an album, not a song
        (
            "\n".join(f"Song {n} - Band {n}" for n in range(12)),
            [f"Song {n} - Band {n}" for n in range(10)],
        ),
    ],
)
def test_songs_are_read_from_a_message_the_ways_people_paste_them(message, expected):
    assert songs_in(message) == expected


async def test_the_menu_on_a_message_with_a_link_lists_songs_like_it(bot, adapter):
    text = f"this one slaps https://open.spotify.com/track/{GOLDEN_01}?si=x"
    sent = (await run(bot, adapter, menu_payload(text)))[0]
    assert not sent.ephemeral
    assert sent.embeds[0]["title"] == "Songs like Golden Heart 01"
    assert any(c.get("label") == "Next ▶" for c in sent.components)


async def test_the_menu_reads_a_title_artist_line_among_chat(bot, adapter):
    text = "what do you think of\n- Silent Summer 02 - Band 0-2\nfor the party?"
    sent = (await run(bot, adapter, menu_payload(text)))[0]
    assert sent.embeds[0]["title"] == "Songs like Silent Summer 02"


async def test_the_menu_on_several_songs_answers_with_their_blend(bot, adapter):
    text = f"spotify:track:{GOLDEN_01}\nSilent Summer 02 - Band 0-2"
    sent = (await run(bot, adapter, menu_payload(text)))[0]
    assert not sent.ephemeral
    assert sent.embeds[0]["title"] == "Songs like Golden Heart 01 + Silent Summer 02"


async def test_the_menu_on_a_message_without_songs_explains_privately(bot, adapter):
    sent = (await run(bot, adapter, menu_payload("good morning everyone!")))[0]
    assert sent.ephemeral and sent.content == NOTHING_FOUND


@pytest.mark.parametrize(
    "text",
    [
        "Qqqq Zzzz - Xxxx Wwww",  # no such song
        "lol - no way\nmeeting at 5 - don't be late",  # chat that happens to hold dashes
        "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",  # a song outside the catalog
    ],
)
async def test_the_menu_on_songs_it_cannot_match_says_so_privately(bot, adapter, text):
    sent = (await run(bot, adapter, menu_payload(text)))[0]
    assert sent.ephemeral
    assert sent.content == NOT_IN_CATALOG.format(catalog="songs.csv")


async def test_the_console_shows_help_and_the_menu(synthetic_rec):
    out = io.StringIO()
    console = Console(Services(synthetic_rec, Settings()), out=out)
    for line in ("/help", "menu look: Golden Heart 01 - Band 0-1", "next", "menu nothing"):
        await console.handle(line)
    text = out.getvalue()
    assert "│ /similar — Find songs that sound alike" in text
    assert "╭ Songs like Golden Heart 01" in text and "page 2/" in text
    assert "[◀ Previous (disabled)] [Next ▶] [Open on Spotify" in text  # the buttons, shown
    assert "[◀ Previous] [Next ▶]" in text and "[Find songs like… ▾" in text
    assert "(only you can see this)\n" + NOTHING_FOUND in text


async def test_the_menu_blends_at_most_five_songs_skipping_lines_that_match_none(bot):
    tracks = list(bot.recommender.catalog.head(7).itertuples())
    lines = ["lol - no way"] + [f"{t.name} - {t.artist}" for t in tracks]
    songs = await catalog_songs(bot.services, songs_in("\n".join(lines)))
    assert songs == [t.track_id for t in tracks[:5]]


async def test_a_guide_too_long_for_one_embed_spills_whole_commands_into_the_next(bot, adapter):
    payload = command_payload("help")
    payload["locale"] = "es-ES"  # the longer guide: more than one description holds
    sent = (await run(bot, adapter, payload))[0]
    descriptions = [e["description"] for e in sent.embeds]
    assert len(descriptions) >= 2 and all(len(d) <= 4096 for d in descriptions)
    assert sum(map(len, descriptions)) + len(sent.embeds[0]["title"]) <= 6000
    assert not any(d.endswith("…") for d in descriptions)  # nothing cut short
    assert "`/olvidar` —" in guide_text(sent) and "`/ayuda` —" in guide_text(sent)

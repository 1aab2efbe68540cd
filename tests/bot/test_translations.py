"""Commands in English and Spanish: every name, description and option the bot registers has
its Spanish, as discord.py sends it at sync; list buttons and the menu answer in Spanish too."""

from __future__ import annotations

import re

from bot.cogs.help.guide import TEXTS
from bot.cogs.message_menu.menu import NOT_IN_CATALOG, NOTHING_FOUND
from bot.i18n.es import COMMANDS as SPANISH
from bot.ui.song_list import EXPIRED, GARBLED, NOT_YOURS
from tests.support.bot import button, guide_text, menu_payload, run, similar_message
from tests.support.discord_driver import command_payload, component_payload

SPANISH_LOCALES = ("es-ES", "es-419")
SLASH_NAME = re.compile(r"[-_\w]{1,32}")  # Discord: lowercase letters, digits, - and _
REPLIES = {NOT_YOURS, EXPIRED, GARBLED, NOTHING_FOUND, NOT_IN_CATALOG, *TEXTS}


async def translated(bot) -> list[dict]:
    return [
        await c.get_translated_payload(bot.tree, bot.tree.translator)
        for c in bot.tree.get_commands()
    ]


def registered_strings(payloads: list[dict]) -> set[str]:
    strings = set()
    for command in payloads:
        strings |= {command["name"], command.get("description") or ""}
        for option in command.get("options", []):
            strings |= {option["name"], option["description"]}
            strings |= {choice["name"] for choice in option.get("choices", [])}
    return strings - {""}


async def test_every_registered_name_and_description_has_its_spanish(bot):
    for command in await translated(bot):
        slash = command["type"] == 1
        for locale in SPANISH_LOCALES:
            name = command["name_localizations"][locale]
            if slash:
                assert SLASH_NAME.fullmatch(name) and name == name.lower(), name
                assert 1 <= len(command["description_localizations"][locale]) <= 100
            for option in command.get("options", []):
                assert SLASH_NAME.fullmatch(option["name_localizations"][locale])
                assert 1 <= len(option["description_localizations"][locale]) <= 100


async def test_the_spanish_catalog_holds_exactly_what_the_bot_says(bot):
    assert set(SPANISH) == registered_strings(await translated(bot)) | REPLIES
    assert all(spanish.strip() and spanish != english for english, spanish in SPANISH.items())


async def test_a_spanish_member_pressing_someone_elses_buttons_reads_spanish(bot, adapter):
    first = await similar_message(bot, adapter, user_id=1)
    press = component_payload(first.message_id, button(first, "Next ▶")["custom_id"], user_id=2)
    press["locale"] = "es-ES"
    sent = (await run(bot, adapter, press))[0]
    assert sent.ephemeral and sent.content == SPANISH[NOT_YOURS]


async def test_the_menu_explains_in_spanish_to_a_spanish_member(bot, adapter):
    payload = menu_payload("buenos días a todos")
    payload["locale"] = "es-419"
    sent = (await run(bot, adapter, payload))[0]
    assert sent.ephemeral and sent.content == SPANISH[NOTHING_FOUND]


async def test_help_reads_in_spanish_with_spanish_names_and_examples(bot, adapter):
    payload = command_payload("help")
    payload["locale"] = "es-ES"
    sent = (await run(bot, adapter, payload))[0]
    text = guide_text(sent)
    assert sent.embeds[0]["title"] == "soundalike — canciones que suenan parecido"
    assert "`/parecidas` — Canciones que suenan parecido" in text
    assert "• `género` (opcional): Recomendar solo canciones de este género" in text
    assert "`/parecidas canción:Blinding Lights`" in text
    assert "**Canciones como esta** (menú de mensaje)" in text
    assert sent.embeds[-1]["footer"]["text"] == "Catálogo cargado: songs.csv · 181 canciones"

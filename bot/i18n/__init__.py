"""The bot in the member's language: `translation` for texts, `render` for the recommender's
records, over one module per language (`es.py`: COMMANDS, REPLIES, WORDS).

English is the source text (what the code says, and `recommender.ENGLISH` for records);
Spanish covers Discord's `es-ES` and `es-419` locales. discord.py asks the tree's translator
for every command name, description and option when it syncs, so the commands appear in
Spanish to members whose Discord is in Spanish. Replies go through `t(text, **fields)` and
records through `render(record)`, which answer in the language `speak_to(interaction)` set for
the interaction being handled. Adding a language: a module like `es.py` and its entry in
`LANGUAGES`; the tests that hold Spanish complete hold it too.
"""

from __future__ import annotations

from contextvars import ContextVar

import discord
from discord import app_commands

from bot.i18n import es
from recommender import ENGLISH as ENGLISH_WORDS
from recommender import (
    BridgeStep,
    MusicalKey,
    Reason,
    SoundSummary,
    Steered,
    Words,
)
from recommender import render as render_in

# Each language the bot speaks besides English: its module holds COMMANDS, REPLIES and WORDS.
LANGUAGES = {"es": es}
ENGLISH = "en-US"
# The language of the member being answered. Set where an interaction enters the bot (the
# tree's and the views' checks), inside the task discord.py runs that interaction in, so each
# interaction keeps its own; the console and direct calls never set it and speak English.
_member_locale: ContextVar[str] = ContextVar("member_locale", default=ENGLISH)


def translation(text: str, locale: discord.Locale | str) -> str | None:
    """`text` in `locale`'s language, or None when there is none (English: the text)."""
    module = LANGUAGES.get(_language(locale))
    for catalog in (module.COMMANDS, module.REPLIES) if module else ():
        if text in catalog:
            return catalog[text]
    return None


def _language(locale: discord.Locale | str) -> str:
    return str(getattr(locale, "value", locale)).split("-")[0]


def words() -> Words:
    """The current member's table for the recommender's records (English when the bot does
    not speak their language)."""
    module = LANGUAGES.get(_language(_member_locale.get()))
    return module.WORDS if module else ENGLISH_WORDS


def render(record: Reason | BridgeStep | Steered | SoundSummary | MusicalKey) -> str:
    """A record from the recommender (why a song is listed, what steered a list, a song's
    sound, its key) in the current member's language."""
    return render_in(record, words())


def trait(name: str) -> str:
    """A song's trait ("has vocals") in the current member's language."""
    return words().traits[name]


def speak_to(interaction: discord.Interaction) -> None:
    """Answer the rest of this interaction in the member's language (see `t`)."""
    _member_locale.set(str(getattr(interaction.locale, "value", interaction.locale)))


def t(text: str, /, **fields: object) -> str:
    """`text` (English, as the code says it) in the current member's language, with its
    `{fields}` filled in; English when there is no translation."""
    said = translation(text, _member_locale.get()) or text
    return said.format(**fields) if fields else said


def plural(count: int, one: str, other: str, /, **fields: object) -> str:
    """`one` ("{count} artist left out") when `count` is 1, else `other`, through `t` with
    `{count}` filled in. English and Spanish share the rule: singular for 1 alone."""
    return t(one if count == 1 else other, count=count, **fields)


class Translator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        return translation(string.message, locale)

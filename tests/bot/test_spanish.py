"""Every reply in Spanish to a member whose Discord is in Spanish, through discord.py's own
command tree: lists, errors, profiles, likes, buttons. The catalog test reads the bot's source
for every text it passes to `t()`, so a new English reply without its Spanish fails here."""

from __future__ import annotations

import ast
import contextvars
import importlib
import re
import string
from pathlib import Path
from types import SimpleNamespace

from bot.cogs.profile.chart import AXES, spoke_label
from bot.i18n import speak_to
from bot.i18n.es import COMMANDS as SPANISH
from bot.i18n.es import REPLIES as SPANISH_REPLIES
from recommender import (
    NameTooLongError,
    SongNotFoundError,
    UnknownArtistError,
    UnknownGenreError,
    explain,
)
from recommender.catalog.features import UNIT_FEATURES
from recommender.errors import NoPopularityError, TrackNotInCatalogError
from tests.support.bot import ALICE, button, guide_text, menu_payload, run, tid
from tests.support.discord_driver import command_payload, component_payload, dispatch, wait_for

SAME_WORD = {"Tempo", "tempo", "instrumental"}  # spelt the same in Spanish
BOT = Path(__file__).resolve().parents[2] / "bot"


def texts_passed_to_t() -> dict[str, set[str]]:
    """The English texts the bot's modules pass to `translations.t` (literal strings, or
    module constants named in the call: `t(HINT)`) or to `plural` (its singular and plural),
    each with the fields its calls fill in."""
    found: dict[str, set[str]] = {}
    for path in sorted(BOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_t = any(
            isinstance(node, ast.ImportFrom)
            and (node.module or "").endswith("i18n")
            and any(alias.name in ("t", "plural") for alias in node.names)
            for node in ast.walk(tree)
        )
        if not imports_t:
            continue
        module = importlib.import_module(
            ".".join(path.relative_to(BOT.parent).with_suffix("").parts)
        )
        for node in ast.walk(tree):
            called = getattr(node.func, "id", None) if isinstance(node, ast.Call) else None
            if called == "plural":
                for form in node.args[1:3]:
                    assert isinstance(form, ast.Constant), ast.unparse(node)
                    keywords = {k.arg for k in node.keywords} | {"count"}
                    found.setdefault(form.value, set()).update(keywords)
                continue
            if called != "t":
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant):
                text = first.value
            elif isinstance(getattr(module, getattr(first, "id", ""), None), str):
                text = getattr(module, first.id)
            else:
                continue  # a computed text (a feature's name, a reading): the caller adds them
            found.setdefault(text, set()).update(k.arg for k in node.keywords)
    return found


def explained() -> set[str]:
    """The recommender's error templates and option titles the bot translates."""
    errors = [
        TrackNotInCatalogError("x"),
        SongNotFoundError("x", []),
        UnknownGenreError("x", []),
        UnknownGenreError("x", ["rock"]),
        UnknownArtistError("x", []),
        NameTooLongError("x" * 300),
        NoPopularityError("deep"),
    ]
    return {text for e in errors for text in (explain(e).template, explain(e).options_title)} - {""}


def fields(text: str) -> set[str]:
    """The `{names}` str.format fills in; explain's "{}" (the subject's place) is not one."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def spanish(text: str, **values) -> str:
    return SPANISH_REPLIES[text].format(**values) if values else SPANISH_REPLIES[text]


def in_spanish(payload: dict, locale: str = "es-ES") -> dict:
    payload["locale"] = locale
    return payload


async def say(bot, adapter, name, user_id=ALICE, **options):
    sent = await run(bot, adapter, in_spanish(command_payload(name, user_id=user_id, **options)))
    return sent[0]


async def press(bot, adapter, sent, label, user_id=ALICE):
    payload = component_payload(sent.message_id, button(sent, label)["custom_id"], user_id=user_id)
    return (await run(bot, adapter, in_spanish(payload)))[0]


def test_every_reply_the_bot_translates_has_its_spanish_with_the_same_fields():
    used = texts_passed_to_t()
    computed = {f.capitalize() for f in UNIT_FEATURES} | {short for _, short in AXES}
    for text in explained() | computed:
        used.setdefault(text, set())
    missing = {text for text in used if text not in SPANISH and text not in SPANISH_REPLIES}
    assert not missing
    assert len(used) > 100  # the scan really read the bot (a broken scan would pass above)
    for english, said in SPANISH_REPLIES.items():
        # Both languages may only name fields the code fills in: str.format never fails.
        assert said.strip() and (said != english or english in SAME_WORD), english
        assert fields(english) <= used[english] and fields(said) <= used[english], english
        assert said.count("{}") == english.count("{}"), english  # explain's subject stays
    assert set(SPANISH_REPLIES) <= set(used)  # nothing stale
    assert not set(SPANISH_REPLIES) & set(SPANISH)  # each text in one place


async def test_similar_reads_in_spanish_title_footer_and_buttons(bot, adapter):
    sent = await say(bot, adapter, "similar", song="golden heart 01", count=3)
    embed = sent.embeds[0]
    assert embed["title"].startswith("Canciones como Golden Heart 01")
    assert embed["description"].startswith("de **Band 0-1** · ")
    assert embed["footer"]["text"].startswith("Catálogo: songs.csv · 181 canciones · página 1/")
    labels = {c.get("label") or c.get("placeholder") for c in sent.components}
    assert {"◀ Anterior", "Siguiente ▶", "Abrir en Spotify", "Exportar"} <= labels
    assert {"Buscar canciones como…", "♥ Marcar como favorita…"} <= labels
    assert "✕ No recomendarme nunca una canción…" in labels
    turned = await press(bot, adapter, sent, "Siguiente ▶", user_id=ALICE)
    assert "página 2/" in turned.embeds[0]["footer"]["text"]


async def test_an_english_member_right_after_a_spanish_one_still_reads_english(bot, adapter):
    await say(bot, adapter, "similar", song="golden heart 01", count=3)
    payload = command_payload("similar", user_id=2, song="golden heart 01", count=3)
    sent = (await run(bot, adapter, payload))[0]
    assert sent.embeds[0]["title"].startswith("Songs like Golden Heart 01")
    assert {c.get("label") for c in sent.components} >= {"Next ▶", "Export"}


async def test_an_unknown_song_is_explained_in_spanish_with_suggestions(bot, adapter):
    sent = await say(bot, adapter, "similar", song="Golden Hart 01 xylophone")
    assert sent.ephemeral
    text = sent.content
    start = spanish("I couldn't find a song matching {}.").split("{}")[0]
    assert text.startswith(start + "**Golden Hart 01 xylophone**.")
    assert "\nQuizás quisiste decir:\n• Golden Heart 01" in text
    assert text.endswith(spanish("Tip: pick a song from the list that appears while you type."))


async def test_an_unknown_genre_lists_genres_in_spanish(bot, adapter):
    sent = await say(bot, adapter, "similar", genre="polka")
    assert sent.content.startswith("No conozco el género **polka**. Prueba uno de estos: `pop`")


async def test_features_fields_are_named_in_spanish(bot, adapter):
    payload = in_spanish(command_payload("features", song="blue river 00"))
    embed = (await run(bot, adapter, payload, count=2))[1].embeds[0]
    found = {f["name"]: f["value"] for f in embed["fields"]}
    assert {"Energía", "Bailabilidad", "Positividad", "Tonalidad", "Tempo", "Géneros"} <= set(found)
    assert "Energy" not in found and "Key" not in found
    assert found["Tonalidad"] == "Do menor"  # a key's name is words: "C minor" in English
    assert "BPM · percentil " in found["Tempo"] and "pct" not in found["Tempo"]
    assert found["En directo"].endswith(("· en directo", "· de estudio"))  # Spotify's reading
    assert embed["footer"]["text"].startswith("Catálogo: songs.csv · 181 canciones · percentil:")


async def test_likes_and_forget_answer_in_spanish(bot, adapter):
    liked = await say(bot, adapter, "like", song=tid(0, 1))
    assert liked.content == spanish(
        "Liked {song}. `/mix` builds a list from your likes.", song="**Golden Heart 01 — Band 0-1**"
    )
    listed = await say(bot, adapter, "likes")
    embed = listed.embeds[0]
    assert embed["title"] == "Tus canciones favoritas"
    assert (
        "1 canción favorita · 0 canciones que no te gustan · 0 artistas excluidos"
        in embed["footer"]["text"]
    )
    export = await press(bot, adapter, listed, "Exportar")
    assert export.ephemeral and export.content.startswith("Tus canciones favoritas: una tabla")

    prompt = await say(bot, adapter, "forget")
    assert prompt.content.startswith(
        "Esto borra todo lo que guardo sobre ti: 1 canción favorita, 0 canciones que no te "
        "gustan y 0 artistas excluidos."
    )
    assert {c["label"] for c in prompt.components} == {"Borrarlo todo", "Cancelar"}
    done = await press(bot, adapter, prompt, "Borrarlo todo")
    assert done.content.startswith("Hecho: he borrado 1 canción favorita, 0 canciones")
    again = await say(bot, adapter, "forget")
    assert again.content == spanish(
        "I have nothing stored about you, so there is nothing to forget."
    )


async def test_a_private_button_reply_comes_in_the_pressers_spanish(bot, adapter):
    # Alice asked in English; Bob, in Spanish, takes an export of her list: his language.
    payload = command_payload("similar", user_id=ALICE, song="golden heart 01", count=3)
    sent = (await run(bot, adapter, payload))[0]
    assert button(sent, "Export")
    export = component_payload(sent.message_id, button(sent, "Export")["custom_id"], user_id=2)
    reply = (await run(bot, adapter, in_spanish(export, "es-419")))[0]
    assert reply.ephemeral and reply.content.startswith("12 canciones: una tabla (título")
    liked = component_payload(sent.message_id, "sa:v+", user_id=2, values=[tid(0, 2)])
    await dispatch(bot, in_spanish(liked))
    said = (await wait_for(adapter, liked))[0]
    assert said.ephemeral and said.content.startswith("**Silent Summer 02 — Band 0-2** añadida")


async def test_bridge_and_genres_read_in_spanish(bot, adapter):
    ends = {"from": "golden heart 01", "to": "blue river 00"}
    sent = await say(bot, adapter, "bridge", steps=3, **ends)
    embed = sent.embeds[0]
    assert embed["title"] == "De Golden Heart 01 a Blue River 00"
    lines = embed["description"].splitlines()
    assert lines[0].endswith("· salida") and lines[-1].endswith("· llegada")
    assert embed["footer"]["text"].endswith("· cada paso más cerca de la llegada")
    assert sent.components[0]["placeholder"] == "Buscar canciones como…"
    genres = (await say(bot, adapter, "genres")).embeds[0]
    assert genres["title"] == "Géneros del catálogo"
    assert genres["description"] == "Usa cualquiera con `/parecidas género:`."
    assert all(" canciones" in field["name"] for field in genres["fields"])


async def test_the_apology_comes_in_spanish(bot, adapter, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("index gone")

    monkeypatch.setattr(bot.recommender, "recommend", broken)
    sorry = await say(bot, adapter, "similar", song="golden heart 01")
    assert sorry.ephemeral and sorry.content.startswith("Lo siento, algo ha fallado por mi parte.")
    assert "index gone" not in sorry.content


async def test_a_spanish_member_going_too_fast_is_asked_to_wait_in_spanish(limited_bot, adapter):
    for _ in range(5):
        await say(limited_bot, adapter, "genres", user_id=77)
    wait = await say(limited_bot, adapter, "genres", user_id=77)
    assert wait.ephemeral and wait.content.startswith("Vas muy rápido: vuelve a intentarlo en ")


async def test_the_message_menu_answers_a_spanish_member_with_a_spanish_list(bot, adapter):
    text = f"spotify:track:{tid(0, 1)}\nSilent Summer 02 - Band 0-2"
    sent = (await run(bot, adapter, in_spanish(menu_payload(text), "es-419")))[0]
    embed = sent.embeds[0]
    assert embed["title"] == "Canciones como Golden Heart 01 + Silent Summer 02"
    assert embed["description"].startswith(
        spanish("a blend of the seeds; ≈ marks the seed each song is closest to")
    )
    assert any(c.get("label") == "Siguiente ▶" for c in sent.components)


async def test_help_names_the_menu_as_a_spanish_member_sees_it(bot, adapter):
    text = guide_text(await say(bot, adapter, "help"))
    assert f"«{spanish('Find songs like…')}»" in text and "Find songs like" not in text


def test_the_profile_charts_spokes_are_labelled_in_spanish(synthetic_rec):
    profile = synthetic_rec.profile("blue river 00")

    def labels(locale: str) -> list[str]:
        speak_to(SimpleNamespace(locale=locale))
        return [spoke_label(name, short, profile) for name, short in AXES]

    english = contextvars.copy_context().run(labels, "en-US")
    spanish_labels = contextvars.copy_context().run(labels, "es-ES")
    assert english[0].startswith("energy 0.") and spanish_labels[0].startswith("energía 0.")
    assert spanish_labels[4].startswith("volumen\n") and english[4].startswith("loudness\n")
    numbers = [re.findall(r"[\d.]+", label) for label in english]
    assert [re.findall(r"[\d.]+", label) for label in spanish_labels] == numbers  # data stays


async def test_the_chart_drawn_in_a_worker_thread_is_in_the_members_language(bot, adapter):
    def chart(sent) -> bytes:
        return sent[1].contents["profile.png"]  # sent[0] is the deferral

    english = [
        await run(bot, adapter, command_payload("features", song="blue river 00"), count=2)
        for _ in range(2)
    ]
    spanish_sent = await run(
        bot, adapter, in_spanish(command_payload("features", song="blue river 00")), count=2
    )
    assert chart(english[0]) == chart(english[1])  # the same chart draws the same bytes
    assert chart(spanish_sent) != chart(english[0])  # so the labels made the difference

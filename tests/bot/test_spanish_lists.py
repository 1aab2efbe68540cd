"""A Spanish member reads no English sentence in /similar (with a mood, a popularity band, two
seeds, a genre, the scene), /bridge, /features or /mix — through discord.py's command tree
with an `es-ES` locale, on the real catalog. Catalog data (titles, artists, albums, genres)
stays as the catalog spells it, so it is taken out before the words are checked."""

from __future__ import annotations

import re

import pytest

from bot.i18n import es
from recommender import ENGLISH, REASON_KINDS, TRAITS, mood_names
from tests.support.bot import run, started_bot
from tests.support.discord_driver import command_payload

WEEKND = "0sf12qNH5qcw8qpgymFOqD"  # Blinding Lights
ADELE = "6QPKYGnAW9QozVz2dSWqRg"  # Someone Like You
TRACK_ID = re.compile(r"\w{22}")
TRACK_LINK = re.compile(r"https://open\.spotify\.com/track/(\w+)")
# Words an English sentence can hardly do without, beside the vocabulary's own.
FUNCTION_WORDS = {
    *("the", "of", "and", "to", "with", "in", "on", "by", "from", "this", "that", "each"),
    *("more", "like", "songs", "song", "page", "tracks", "per", "one", "close", "often"),
    *("together", "same", "way", "typical", "blend", "popularity", "explicit", "unknown"),
    *("key", "major", "minor", "mood", "deep", "cuts", "mainstream", "playlists", "albums"),
    *("catalog", "steered", "also", "matched", "arrival", "start"),
}
SAME_IN_SPANISH = {"tempo", "instrumental", "bpm", "db", "no", "rap", "pop", "spotify"}


def english_words() -> set[str]:
    """Every word the English renderings of the records' vocabulary use, and function words."""
    tables = (ENGLISH.features, ENGLISH.traits, ENGLISH.moods, ENGLISH.levels, ENGLISH.bands)
    texts = [*ENGLISH.templates.values(), *ENGLISH.where.values(), *ENGLISH.modes.values()]
    texts += [text for table in tables for text in table.values()]
    found = {w for text in texts for w in words(re.sub(r"\{[^}]*\}", " ", text))}
    return (found | FUNCTION_WORDS) - SAME_IN_SPANISH


def words(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[^\W\d_]{2,}", text)]


def visible_text(sent) -> str:
    parts = [sent.content or ""]
    for embed in sent.embeds:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts.append(f"({embed['url']})" if embed.get("url") else "")  # the title's song
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    parts += [c.get("label") or c.get("placeholder") or "" for c in sent.components]
    return "\n".join(parts)


def without_catalog_data(text: str, rec, also: tuple[str, ...] = ()) -> str:
    """`text` less every title, artist, album and genre of the songs it links to (and of
    `also`: songs it names without a link, or artists), the catalog's name and the links."""
    ids = set(TRACK_LINK.findall(text)) | {a for a in also if TRACK_ID.fullmatch(a)}
    text = re.sub(r"\(?https://open\.spotify\.com/track/\w+\)?", " ", text)
    text = text.replace("\\", "")  # markdown escapes in names
    data = {rec.source_name, *(a for a in also if not TRACK_ID.fullmatch(a))}
    for track_id in ids:
        track = rec.track(track_id)
        data |= {track.name, track.artist, track.album, *track.genres, *track.subgenres}
        data.add(track.name.replace("[", "(").replace("]", ")"))  # as a link's text shows it
        data |= set(track.artist.split(", "))
    for item in sorted(data - {""}, key=len, reverse=True):  # whole words: not "pop"ularidad
        text = re.sub(rf"(?<!\w){re.escape(item)}(?!\w)", " ", text)
    return text


def english_lines(sent, rec, also: tuple[str, ...] = ()) -> list[str]:
    """The lines of a reply that still hold an English word once catalog data is gone."""
    english = english_words()
    lines = without_catalog_data(visible_text(sent), rec, also).splitlines()
    return [line for line in lines if set(words(line)) & english]


@pytest.fixture
async def real_bot(real_rec, tmp_path):
    client = await started_bot(real_rec, tmp_path, cooldown_rate=0)
    yield client
    await client.close()


async def say(bot, adapter, name, count=1, **options):
    payload = command_payload(name, **options)
    payload["locale"] = "es-ES"
    return (await run(bot, adapter, payload, count=count))[-1]


@pytest.mark.parametrize(
    "options",
    [
        {"song": WEEKND},
        {"song": WEEKND, "mood": "calm"},
        {"song": WEEKND, "mood": "calm", "popularity": "deep"},
        {"artist": "Radiohead", "popularity": "mainstream"},
        {"song": WEEKND, "song2": ADELE},
        {"genre": "rock"},
        {"song": WEEKND, "scene": True},
    ],
)
async def test_a_spanish_members_list_has_no_english_sentence(real_bot, adapter, options):
    sent = await say(real_bot, adapter, "similar", count=1, **options)
    assert len(sent.embeds[0]["description"].split("\n\n", 1)[1].splitlines()) == 10
    seeds = tuple(v for k, v in options.items() if k in ("song", "song2", "artist", "genre"))
    assert english_lines(sent, real_bot.recommender, also=seeds) == []


async def test_a_spanish_steered_list_says_how_in_spanish(real_bot, adapter):
    sent = await say(real_bot, adapter, "similar", song=WEEKND, mood="calm", popularity="deep")
    description = sent.embeds[0]["description"]
    assert "*Orientada:* ánimo tranquila · joyas ocultas (popularidad 0-" in description
    assert "energía 0." in description and "acústica 0." in description  # each song's values


async def test_a_spanish_scene_list_names_the_artist_in_spanish(real_bot, adapter):
    sent = await say(real_bot, adapter, "similar", song=WEEKND, scene=True)
    assert "a menudo en listas con The Weeknd; parecida en " in sent.embeds[0]["description"]


async def test_a_spanish_bridge_says_how_far_along_in_spanish(real_bot, adapter):
    sent = await say(real_bot, adapter, "bridge", steps=4, **{"from": WEEKND, "to": ADELE})
    lines = sent.embeds[0]["description"].splitlines()
    assert all(" del camino hacia Someone Like You" in line for line in lines[1:-1])
    assert english_lines(sent, real_bot.recommender) == []


async def test_spanish_features_name_the_key_and_the_sound_in_spanish(real_bot, adapter):
    sent = await say(real_bot, adapter, "features", count=2, song=WEEKND)
    embed = sent.embeds[0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Tonalidad"] == "Do♯ mayor"  # C♯ major in English
    assert embed["description"].startswith("171 BPM · Do♯ mayor")
    assert english_lines(sent, real_bot.recommender) == []


async def test_a_spanish_mix_has_no_english_sentence(real_bot, adapter):
    liked = (WEEKND, ADELE)
    for track_id in liked:
        await say(real_bot, adapter, "like", song=track_id)
    sent = await say(real_bot, adapter, "mix", count=1)
    assert sent.embeds[0]["description"].startswith("A partir de 2 favoritas")
    assert english_lines(sent, real_bot.recommender, also=liked) == []


def test_the_english_check_catches_an_english_reason():
    found = set(words("parecida en energía · close in energy")) & english_words()
    assert found == {"close", "in", "energy"}
    assert not set(words("parecida en energía, tempo e instrumentalidad")) & english_words()


def test_spanish_has_words_for_every_reason_trait_feature_mood_level_and_band():
    assert set(es.WORDS.templates) == set(ENGLISH.templates) >= set(REASON_KINDS)
    for english, spanish in zip(
        (ENGLISH.features, ENGLISH.target_features, ENGLISH.levels, ENGLISH.bands, ENGLISH.where),
        (
            es.WORDS.features,
            es.WORDS.target_features,
            es.WORDS.levels,
            es.WORDS.bands,
            es.WORDS.where,
        ),
        strict=True,
    ):
        assert set(spanish) == set(english)
    assert set(es.WORDS.traits) == set(ENGLISH.traits) == set(TRAITS)
    assert set(es.WORDS.moods) == set(ENGLISH.moods) == set(mood_names())
    assert len(es.WORDS.pitches) == len(ENGLISH.pitches) == 12
    for kind, template in ENGLISH.templates.items():
        fields = set(re.findall(r"\{(\w+)", template))
        assert set(re.findall(r"\{(\w+)", es.WORDS.templates[kind])) == fields, kind


def test_spanish_lists_join_with_e_before_an_i_sound():
    assert es.y(["energía", "tempo"]) == "energía y tempo"
    assert (
        es.y(["energía", "acústica", "instrumentalidad"]) == "energía, acústica e instrumentalidad"
    )
    assert es.y(["tempo"]) == "tempo"

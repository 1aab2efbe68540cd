"""Any catalog's track ids ride in the list controls: a CSV whose ids are not 22-character
Spotify ids (its own numbering, names, ':' or accents) pages, pivots and records likes through
the same buttons and menus; ids too long for a button's custom id fall back to a kept list."""

from __future__ import annotations

import pytest

from bot.ui.song_list import CUSTOM_ID, GARBLED
from recommender import Recommender
from recommender.store.opening import build
from tests.support import synthetic
from tests.support.bot import button, run, started_bot
from tests.support.discord_driver import command_payload, component_payload

# How a catalog might number its songs: each style gives every row a distinct id.
STYLES = {
    "words": lambda i: f"song-{i}",
    "numbers": lambda i: str(1_000_000 + i),
    "colons": lambda i: f"local:track:{i}",
    "unicode": lambda i: f"canción-ñ-{i}-♪",
    "long": lambda i: f"{'catalogue-entry-' * 4}{i:06d}",  # 70 characters: no room to spare
}


@pytest.fixture(scope="module", params=STYLES.values(), ids=STYLES.keys())
def own_ids(request, tmp_path_factory) -> Recommender:
    frame = synthetic.frame()
    renamed = {old: request.param(i) for i, old in enumerate(dict.fromkeys(frame["track_id"]))}
    frame["track_id"] = frame["track_id"].map(renamed)
    folder = tmp_path_factory.mktemp("own-ids")
    frame.to_csv(folder / "songs.csv", index=False)
    build(str(folder / "songs.csv"), folder / "index", n_trees=10)
    return Recommender.load(folder / "index")


@pytest.fixture
async def own_bot(own_ids, tmp_path):
    client = await started_bot(own_ids, tmp_path, cooldown_rate=0)
    yield client
    await client.close()


def menu(sent, placeholder):
    return next(c for c in sent.components if c.get("placeholder") == placeholder)


def titles(sent):
    return [line.split(" — ")[0] for line in sent.embeds[0]["description"].splitlines()[2:]]


async def first_list(bot, adapter):
    sent = await run(bot, adapter, command_payload("similar", song="golden heart 01", count=3))
    return sent[0]


async def test_next_turns_the_page_with_the_catalogs_own_ids(own_bot, adapter):
    first = await first_list(own_bot, adapter)
    assert all(len(c.get("custom_id", "")) <= CUSTOM_ID for c in first.components)
    press = component_payload(first.message_id, button(first, "Next ▶")["custom_id"])
    page2 = (await run(own_bot, adapter, press))[0]
    assert not page2.ephemeral, page2.content
    assert "page 2/" in page2.embeds[0]["footer"]["text"]


async def test_find_songs_like_starts_from_the_picked_song(own_bot, adapter):
    first = await first_list(own_bot, adapter)
    pick = menu(first, "Find songs like…")
    option = pick["options"][1]
    press = component_payload(first.message_id, pick["custom_id"], values=[option["value"]])
    sent = (await run(own_bot, adapter, press))[0]
    assert not sent.ephemeral, sent.content
    assert sent.embeds[0]["title"] == f"Songs like {option['label'].split('. ', 1)[1]}"


async def test_the_like_and_never_menus_record_the_picked_song(own_bot, adapter):
    first = await first_list(own_bot, adapter)
    for placeholder, said in (("♥ Like a song…", "Liked"), ("✕ Never recommend", "Disliked")):
        verdict = next(
            c for c in first.components if c.get("placeholder", "").startswith(placeholder)
        )
        option = verdict["options"][0]
        press = component_payload(first.message_id, verdict["custom_id"], values=[option["value"]])
        sent = (await run(own_bot, adapter, press))[0]
        assert sent.ephemeral and sent.content.startswith(said), sent.content
        assert option["label"].split(". ", 1)[1] in sent.content


async def test_a_value_the_catalog_does_not_hold_is_refused(own_bot, adapter):
    first = await first_list(own_bot, adapter)
    pick = menu(first, "Find songs like…")
    forged = component_payload(first.message_id, pick["custom_id"], values=["golden heart 02"])
    sent = (await run(own_bot, adapter, forged))[0]
    assert sent.ephemeral and sent.content == GARBLED  # never matched as a typed name

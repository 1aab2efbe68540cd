"""/similar's `scene` option through discord.py's command tree, on the real catalog."""

from __future__ import annotations

import pytest

from tests.support.bot import run, started_bot
from tests.support.discord_driver import command_payload


@pytest.fixture
async def real_bot(real_rec, tmp_path):
    client = await started_bot(real_rec, tmp_path, cooldown_rate=0)
    yield client
    await client.close()


async def test_same_scene_lists_what_playlists_pair_with_the_song_and_says_so(real_bot, adapter):
    plain = (await run(real_bot, adapter, command_payload("similar", song="Blinding Lights")))[0]
    scene = (
        await run(real_bot, adapter, command_payload("similar", song="Blinding Lights", scene=True))
    )[0]
    plain_lines = plain.embeds[0]["description"].split("\n\n", 1)[1].splitlines()
    scene_lines = scene.embeds[0]["description"].split("\n\n", 1)[1].splitlines()
    assert scene.embeds[0]["title"] == plain.embeds[0]["title"] == "Songs like Blinding Lights"
    assert scene_lines != plain_lines
    assert sum("often in playlists with The Weeknd" in line for line in scene_lines) >= 3

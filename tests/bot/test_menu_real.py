"""The "Songs like this" menu on the real catalog: messages written the ways people paste
songs, for 200 random tracks, must name the intended song (figures printed; `-s` shows them)."""

from __future__ import annotations

import pytest

from bot.cogs.message_menu.menu import catalog_songs, songs_in, songs_like_this
from bot.host.settings import Settings
from bot.services import Services

FORMATS = {
    "open.spotify.com link": lambda t: f"https://open.spotify.com/track/{t.track_id}?si=abc",
    "spotify:track: URI": lambda t: f"spotify:track:{t.track_id}",
    "Title - Artist": lambda t: f"{t.name} - {t.artist}",
    "Artist - Title": lambda t: f"{t.artist} - {t.name}",
    "numbered, bold, en dash": lambda t: f"1. **{t.name}** – {t.artist}",
    "a bullet among chat": lambda t: f"have you heard this?\n• {t.name} — {t.artist}\nso good",
}
# Links name a track exactly; typed lines go through the fuzzy resolver (titles hold dashes,
# "Artist - Title" puts the artist first), which may pick another release of the same song.
FLOOR = {"open.spotify.com link": 1.0, "spotify:track: URI": 1.0}


def same_song(found, track) -> bool:
    return found.track_id == track.track_id or (
        found.name.casefold() == track.name.casefold()
        and found.artist.casefold() == track.artist.casefold()
    )


@pytest.mark.real_data
@pytest.mark.parametrize("layout", list(FORMATS))
async def test_the_menu_finds_the_intended_song_in_a_pasted_message(real_rec, layout):
    services = Services(real_rec, Settings())
    tracks = list(real_rec.catalog.sample(200, random_state=11).itertuples())
    right = 0
    for track in tracks:
        songs = await catalog_songs(services, songs_in(FORMATS[layout](track)))
        right += bool(songs) and same_song(real_rec.track(songs[0]), track)
    rate = right / len(tracks)
    print(f"{layout:<24} right song {rate:.1%} of {len(tracks)}")
    assert rate >= FLOOR.get(layout, 0.95)


CHAT = [  # lines with dashes that name no song: the menu must not invent one
    "good morning - how is everyone",
    "lol - no way",
    "meeting at 5 - don't be late",
    "I think - honestly - it's fine",
    "brb - dinner",
    "that's wild - send pics",
    "ok - thanks",
    "new phone who dis - jk",
    "see you tomorrow - bye",
    "it's raining again - ugh",
    "can't come tonight - sorry",
    "who's up for games - anyone?",
    "happy birthday - have a great day",
    "the build failed - check the logs",
    "pizza or tacos - vote now",
    "done - merged the PR",
    "nice - love it",
    "wait - what happened",
    "hey - quick question",
    "gg - well played",
]


@pytest.mark.real_data
async def test_chat_with_dashes_gets_the_private_note_not_a_made_up_song(real_rec):
    services = Services(real_rec, Settings())
    lists = [await songs_like_this(services, line, owner_id=1) for line in CHAT]
    invented = [line for line, reply in zip(CHAT, lists, strict=True) if not reply.ephemeral]
    print(f"chat lines answered with a list: {len(invented)} of {len(CHAT)}")
    assert invented == []

"""The "Songs like this" menu on the real catalog: messages written the ways people paste
songs, for 200 random tracks, must name the intended song (figures printed; `-s` shows them)."""

from __future__ import annotations

import pytest

from bot.menu import songs_in
from recommender import Query, RecommenderError

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
def test_the_menu_finds_the_intended_song_in_a_pasted_message(real_rec, layout):
    tracks = list(real_rec.catalog.sample(200, random_state=11).itertuples())
    right = 0
    for track in tracks:
        seeds = songs_in(FORMATS[layout](track))
        try:
            found = real_rec.recommend(Query(seeds=seeds[:1], k=1)).seed if seeds else None
        except RecommenderError:
            found = None
        right += found is not None and same_song(found, track)
    rate = right / len(tracks)
    print(f"{layout:<24} right song {rate:.1%} of {len(tracks)}")
    assert rate >= FLOOR.get(layout, 0.95)

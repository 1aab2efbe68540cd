"""The audio profile reads skewed features by Spotify's documented meanings, not percentiles."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from bot.cogs.profile import chart
from bot.cogs.profile.embed import features_embed
from bot.ui import embeds
from recommender import render
from recommender.ranking.describe import meaning, reading


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("instrumentalness", 0.13, None),  # the 86th percentile, yet it has vocals
        ("instrumentalness", 0.51, "instrumental"),
        ("speechiness", 0.10, None),
        ("speechiness", 0.40, "rap-like"),
        ("speechiness", 0.70, "spoken word"),
        ("liveness", 0.60, None),
        ("liveness", 0.85, "live"),
        ("energy", 0.99, None),  # spread features are read by percentile instead
    ],
)
def test_skewed_features_use_spotifys_documented_thresholds(name, value, words):
    assert meaning(name, value) == words


def test_thunder_is_no_longer_called_instrumental(real_rec):
    profile = real_rec.profile("Thunder Imagine Dragons")
    assert profile.track.artist == "Imagine Dragons"
    assert 0.1 < profile.get("instrumentalness").value < 0.5
    assert "instrumental" not in render(profile.summary)


def test_a_truly_instrumental_track_is_called_instrumental(real_rec):
    catalog = real_rec.catalog
    row = int(np.argmax(catalog["instrumentalness"].to_numpy()))
    profile = real_rec.profile(catalog["track_id"][row])
    assert profile.get("instrumentalness").value > 0.5
    assert "instrumental" in render(profile.summary)


def test_the_features_embed_reads_skewed_features_in_words_and_others_by_percentile(real_rec):
    profile = real_rec.profile("Blinding Lights")
    embed = features_embed(profile, "spotify_songs.csv", 28352, chart_name="c.png")
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Instrumentalness"].endswith("0.00 · has vocals")
    assert fields["Speechiness"].endswith("· mostly music")
    assert fields["Liveness"].endswith("· studio")
    assert fields["Energy"].endswith("pct")
    assert "Spotify's thresholds" in embed.footer.text
    assert embeds.embed_length_ok(embed)


def test_the_chart_names_the_values_on_its_spokes_and_fits_discords_preview(real_rec):
    profile = real_rec.profile("Blinding Lights")
    labels = [chart.spoke_label(name, short, profile) for name, short in chart.AXES]
    assert labels[0] == "energy 0.80"  # the first spoke, drawn at the top
    assert "instrumental 0.00\nhas vocals" in labels
    assert "tempo\n171 BPM" in labels
    assert chart.spoke_value("instrumentalness", 0.0) == 0.0  # not the 60th percentile
    png = chart.radar_png(profile)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert 400 <= width <= 600 and 400 <= height <= 650  # shown near full size, not shrunk


def test_reading_gives_words_either_side_of_the_threshold():
    assert reading("instrumentalness", 0.0) == "has vocals"
    assert reading("instrumentalness", 0.9) == "instrumental"
    assert reading("danceability", 0.9) is None

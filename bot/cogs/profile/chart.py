"""The /features radar chart: a song's audio features on Spotify's own 0-1 scale, as a PNG.

Every spoke shows the value itself, not a catalog percentile: most songs sit near zero on
instrumentalness, speechiness and liveness, and a percentile there makes a trace of guitar
look "instrumental". Spokes for the skewed features carry Spotify's documented reading
("has vocals", "rap-like"); tempo and loudness are mapped onto 0-1 over their usual ranges.

The card has its own dark background, so it reads the same on Discord's dark and light
themes, and is sized for Discord's preview (about 400 px wide): 12 pt labels at 500 px.
Uses matplotlib's object API (no pyplot global state), so it is safe in a worker thread.
"""

from __future__ import annotations

import io
from typing import cast

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.projections.polar import PolarAxes

from bot.i18n import t, trait
from recommender import FeatureProfile, reading

# Clockwise from the top: the mood and movement features, then the texture ones.
AXES = (
    ("energy", "energy"),
    ("danceability", "dance"),
    ("valence", "mood"),
    ("tempo", "tempo"),
    ("loudness", "loudness"),
    ("acousticness", "acoustic"),
    ("instrumentalness", "instrumental"),
    ("speechiness", "speech"),
    ("liveness", "live"),
)
TEMPO_RANGE = (50.0, 200.0)  # BPM mapped to 0..1: nearly every song falls inside
LOUDNESS_RANGE = (-30.0, 0.0)  # dB mapped to 0..1
RINGS = (0.25, 0.5, 0.75, 1.0)
GREEN = "#1DB954"
CARD = "#2b2d31"  # Discord's dark embed colour; opaque, so light themes see the same card
PLOT = "#1e1f22"
TEXT = "#f2f3f5"
MUTED = "#b5bac1"
GRID = "#4e5058"


def spoke_value(name: str, value: float) -> float:
    """Where a feature sits on its spoke, 0 (centre) to 1 (rim)."""
    low, high = {"tempo": TEMPO_RANGE, "loudness": LOUDNESS_RANGE}.get(name, (0.0, 1.0))
    return float(np.clip((value - low) / (high - low), 0.0, 1.0))


def spoke_label(name: str, short: str, profile: FeatureProfile) -> str:
    """ "energy 0.80", "tempo\n171 BPM", "instrumental 0.00\nhas vocals", in the member's
    language (the chart is drawn in a worker thread, which `asyncio.to_thread` gives the
    interaction's context)."""
    feature = profile.get(name)
    words = reading(name, feature.value)
    if name in ("tempo", "loudness"):
        return f"{t(short)}\n{feature.display}"
    return f"{t(short)} {feature.value:.2f}" + (f"\n{trait(words)}" if words else "")


def radar_png(profile: FeatureProfile) -> bytes:
    values = [spoke_value(name, profile.get(name).value) for name, _ in AXES]
    angles = np.linspace(0, 2 * np.pi, len(AXES), endpoint=False)
    closed_angles = np.append(angles, angles[0])
    closed_values = np.append(values, values[0])

    figure = Figure(figsize=(5.0, 5.4), dpi=100, facecolor=CARD)
    FigureCanvasAgg(figure)
    ax = cast(PolarAxes, figure.add_subplot(projection="polar", facecolor=PLOT))
    ax.set_theta_offset(np.pi / 2)  # first spoke at the top
    ax.set_theta_direction(-1)  # clockwise, as people read a dial
    ax.plot(closed_angles, closed_values, color=GREEN, linewidth=2.5)
    ax.fill(closed_angles, closed_values, color=GREEN, alpha=0.35)
    ax.scatter(angles, values, color=GREEN, s=18, zorder=3)
    ax.set_ylim(0, 1)
    ax.set_yticks(RINGS)
    ax.set_yticklabels([f"{r:g}" for r in RINGS], color=MUTED, fontsize=10)
    ax.set_rlabel_position(180 / len(AXES))  # ring labels between the first two spokes
    ax.set_xticks(angles)
    ax.set_xticklabels(
        [spoke_label(name, short, profile) for name, short in AXES], color=TEXT, fontsize=12
    )
    ax.tick_params(axis="x", pad=12)
    ax.grid(color=GRID, linewidth=1)
    ax.spines["polar"].set_color(GRID)
    track = profile.track
    figure.suptitle(_clip(track.name, 34), color=TEXT, fontsize=16, fontweight="bold", y=0.98)
    figure.text(
        0.5, 0.915, _clip(track.artist, 44), color=MUTED, fontsize=12, ha="center", va="top"
    )
    figure.text(
        0.5,
        0.02,
        t("Spotify's 0–1 scale · tempo 50–200 BPM · loudness −30–0 dB"),
        color=MUTED,
        fontsize=9,
        ha="center",
    )
    figure.subplots_adjust(top=0.78, bottom=0.13, left=0.17, right=0.83)
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        facecolor=figure.get_facecolor(),
        bbox_inches="tight",  # long spoke labels stay inside the image
        pad_inches=0.2,
    )
    return buffer.getvalue()


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

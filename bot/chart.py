"""The /features radar chart: percentiles against the catalog, as a PNG.

Uses matplotlib's object API (no pyplot global state), so it is safe in a worker thread.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from recommender import FeatureProfile

AXES = (
    "danceability",
    "energy",
    "valence",
    "acousticness",
    "instrumentalness",
    "speechiness",
    "liveness",
    "tempo",
    "loudness",
)
GREEN = "#1DB954"


def radar_png(profile: FeatureProfile) -> bytes:
    values = [profile.get(name).percentile or 0.0 for name in AXES]
    angles = np.linspace(0, 2 * np.pi, len(AXES), endpoint=False)
    closed_angles = np.append(angles, angles[0])
    closed_values = np.append(values, values[0])

    figure = Figure(figsize=(4.2, 4.2), dpi=100, facecolor="#2b2d31")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot(projection="polar", facecolor="#313338")
    ax.plot(closed_angles, closed_values, color=GREEN, linewidth=2)
    ax.fill(closed_angles, closed_values, color=GREEN, alpha=0.35)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75])
    ax.set_yticklabels([])
    ax.set_xticks(angles)
    ax.set_xticklabels(AXES, color="#dbdee1", fontsize=8)
    ax.grid(color="#4e5058")
    ax.spines["polar"].set_color("#4e5058")
    ax.set_title("percentile in catalog", color="#dbdee1", fontsize=9, pad=14)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=figure.get_facecolor(), bbox_inches="tight")
    return buffer.getvalue()

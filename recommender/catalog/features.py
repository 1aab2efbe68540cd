"""Turn audio features into weighted, standardised vectors (and back into words).

Fitted state (the scaler's mean/scale, the weights, the column list) is explicit, so it can
be written to the index manifest and the same transform repeated at load time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recommender.catalog.frames import column, numeric

AUDIO_FEATURES: tuple[str, ...] = (
    "danceability", "energy", "key", "loudness", "mode", "speechiness", "acousticness",
    "instrumentalness", "liveness", "valence", "tempo",
)  # fmt: skip
UNIT_FEATURES: tuple[str, ...] = (
    "danceability",
    "energy",
    "speechiness",
    "acousticness",
    "instrumentalness",
    "liveness",
    "valence",
)
# Extra signals a FeatureSpace may add; chosen by `evaluate`, see docs/evaluation.md.
EXTRA_SIGNALS = ("year", "popularity", "key_circular")

# Chosen with `python -m recommender evaluate --ablation` (docs/evaluation.md): key and mode
# are coarse labels, so they only nudge; speechiness separates rap from sung pop; release
# year and popularity place a song in its era and scene, which is most of what playlists share.
DEFAULT_WEIGHTS: dict[str, float] = {
    **{name: 1.0 for name in AUDIO_FEATURES},
    "key": 0.3,
    "mode": 0.3,
    "speechiness": 1.5,
    "year": 1.5,
    "popularity": 1.0,
}
DEFAULT_EXTRAS: tuple[str, ...] = ("year", "popularity")


@dataclass
class FeatureSpace:
    """Builds vectors: raw columns -> fill gaps -> standardise -> weight."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    extras: Sequence[str] = DEFAULT_EXTRAS
    mean_: np.ndarray | None = None
    scale_: np.ndarray | None = None
    fill_: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.extras) - set(EXTRA_SIGNALS)
        if unknown:
            raise ValueError(f"unknown extra signals {sorted(unknown)}; known {EXTRA_SIGNALS}")
        self.weights = {**DEFAULT_WEIGHTS, **dict(self.weights)}
        for name, weight in self.weights.items():
            if not weight >= 0:
                raise ValueError(f"weight of {name} must be >= 0, got {weight}")
        self.extras = tuple(self.extras)

    @property
    def columns(self) -> list[str]:
        cols = list(AUDIO_FEATURES)
        if "key_circular" in self.extras:
            cols.remove("key")
            cols += ["key_sin", "key_cos"]
        cols += [e for e in self.extras if e != "key_circular"]
        return cols

    @property
    def dimension(self) -> int:
        return len(self.columns)

    def weight_vector(self) -> np.ndarray:
        def weight(col: str) -> float:
            return float(self.weights.get("key" if col.startswith("key_") else col, 1.0))

        return np.array([weight(c) for c in self.columns], dtype=np.float64)

    def _raw(self, catalog: pd.DataFrame) -> np.ndarray:
        parts = {}
        for col in self.columns:
            if col in ("key_sin", "key_cos"):
                angle = catalog["key"].to_numpy(dtype=float) * (2 * np.pi / 12)
                parts[col] = np.sin(angle) if col == "key_sin" else np.cos(angle)
            else:
                values = numeric(column(catalog, col))
                parts[col] = values.fillna(self.fill_.get(col, 0.0)).to_numpy()
        return np.column_stack([parts[c] for c in self.columns])

    def fit(self, catalog: pd.DataFrame) -> FeatureSpace:
        for col in ("year", "popularity"):
            if col in self.columns:
                median = float(numeric(column(catalog, col)).median())
                self.fill_[col] = median if median == median else 0.0  # NaN: none known
        # Imported here: serving only replays the stored mean and scale, and importing
        # scikit-learn would cost the bot and the CLI ~0.7 s at every start.
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler().fit(self._raw(catalog))
        self.mean_ = np.asarray(scaler.mean_, dtype=np.float64)
        scale = np.asarray(scaler.scale_, dtype=np.float64)
        # A constant column (e.g. every year missing) would divide by zero.
        self.scale_ = np.where(scale > 0, scale, 1.0)
        return self

    def transform(self, catalog: pd.DataFrame) -> np.ndarray:
        if self.mean_ is None or self.scale_ is None:
            raise RuntimeError("FeatureSpace.transform called before fit")
        scaled = (self._raw(catalog) - self.mean_) / self.scale_
        return (scaled * self.weight_vector()).astype(np.float32)

    def fit_transform(self, catalog: pd.DataFrame) -> np.ndarray:
        return self.fit(catalog).transform(catalog)

    def to_dict(self) -> dict:
        if self.mean_ is None or self.scale_ is None:
            raise RuntimeError("FeatureSpace.to_dict called before fit")
        return {
            "features": list(AUDIO_FEATURES),
            "extras": list(self.extras),
            "columns": self.columns,
            "weights": dict(self.weights),
            "mean": [float(x) for x in self.mean_],
            "scale": [float(x) for x in self.scale_],
            "fill": self.fill_,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> FeatureSpace:
        space = cls(weights=data["weights"], extras=data["extras"])
        if space.columns != list(data["columns"]) or len(data["mean"]) != space.dimension:
            raise ValueError("feature columns in the manifest do not match this version")
        space.mean_ = np.asarray(data["mean"], dtype=np.float64)
        space.scale_ = np.asarray(data["scale"], dtype=np.float64)
        space.fill_ = {k: float(v) for k, v in data.get("fill", {}).items()}
        return space

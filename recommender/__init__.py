"""Songs that sound alike: a catalog, an ANNOY index over audio features, fuzzy names.

Nothing here knows Discord; callers use `Recommender` and the records in `models`.
"""

from .engine import Recommender
from .errors import (
    CatalogError,
    IndexCorruptError,
    IndexMissingError,
    RecommenderError,
    SongNotFoundError,
    SourceError,
    UnknownGenreError,
)
from .models import (
    FeatureProfile,
    FeatureValue,
    GenreInfo,
    Recommendation,
    RecommendationList,
    Resolution,
    Suggestion,
    Track,
)

__all__ = [
    "CatalogError",
    "FeatureProfile",
    "FeatureValue",
    "GenreInfo",
    "IndexCorruptError",
    "IndexMissingError",
    "Recommendation",
    "RecommendationList",
    "Recommender",
    "RecommenderError",
    "Resolution",
    "SongNotFoundError",
    "SourceError",
    "Suggestion",
    "Track",
    "UnknownGenreError",
]

"""Songs that sound alike: a catalog, an ANNOY index over audio features, fuzzy names.

Nothing here knows Discord; callers use `Recommender`, a `Query`, and the records in `models`.
"""

from .engine import Recommender
from .errors import (
    CatalogError,
    Explanation,
    IndexCorruptError,
    IndexMissingError,
    InvalidQueryError,
    RecommenderError,
    SongNotFoundError,
    SourceError,
    UnknownGenreError,
    explain,
)
from .models import (
    FeatureProfile,
    FeatureValue,
    GenreInfo,
    Recommendation,
    Recommendations,
    Resolution,
    Suggestion,
    Track,
)
from .query import Query

__all__ = [
    "CatalogError",
    "Explanation",
    "FeatureProfile",
    "FeatureValue",
    "GenreInfo",
    "IndexCorruptError",
    "IndexMissingError",
    "InvalidQueryError",
    "Query",
    "Recommendation",
    "Recommendations",
    "Recommender",
    "RecommenderError",
    "Resolution",
    "SongNotFoundError",
    "SourceError",
    "Suggestion",
    "Track",
    "UnknownGenreError",
    "explain",
]

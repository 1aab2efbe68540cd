"""Songs that sound alike: a catalog, an ANNOY index over audio features, fuzzy names.

Nothing here knows Discord; callers use `Recommender`, a `Query`, and the records in `models`.
"""

from recommender.engine import Recommender
from recommender.errors import (
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
from recommender.models import (
    FeatureProfile,
    FeatureValue,
    GenreInfo,
    Recommendation,
    Recommendations,
    Resolution,
    Suggestion,
    Track,
)
from recommender.query import Query

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

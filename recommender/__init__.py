"""Songs that sound alike: a catalog, an ANN index over audio features, fuzzy names.

This module is the library's front door: everything a caller needs is listed in `__all__`,
and callers (the bot, scripts) never import the inner packages. Nothing here knows Discord.

- `catalog/`   where a catalog comes from, how it is read, its schema and derived data
- `ann/`       the only place an ANN library is imported
- `store/`     the index directory: build, verify, load, watch, open-or-build
- `names/`     what typed text means: songs, artists, genres
- `ranking/`   neighbours, steering, scene, descriptions, bridge, mix, blend, radio
- `evaluation/`, `cli/`   measuring and the command line; never imported when serving
"""

from recommender.catalog.download import DEFAULT_DOWNLOAD_TIMEOUT, DEFAULT_MAX_DOWNLOAD_MB
from recommender.catalog.reader import parse_column_mapping
from recommender.engine import Recommender
from recommender.errors import (
    MAX_TYPED,
    CatalogError,
    Explanation,
    IndexCorruptError,
    IndexMissingError,
    InvalidQueryError,
    NameTooLongError,
    RecommenderError,
    SongNotFoundError,
    SourceError,
    UnknownArtistError,
    UnknownGenreError,
    explain,
)
from recommender.export import export_files, write_export
from recommender.models import (
    REASON_KINDS,
    TRAITS,
    BridgeStep,
    FeatureProfile,
    FeatureValue,
    GenreInfo,
    MusicalKey,
    Reason,
    Recommendation,
    Recommendations,
    Resolution,
    SoundSummary,
    Steered,
    Suggestion,
    Track,
)
from recommender.query import MAX_SEEDS, Query
from recommender.ranking.blend import MAX_MEMBERS as BLEND_MAX_MEMBERS
from recommender.ranking.blend import Blend, BlendPick
from recommender.ranking.bridge import DEFAULT_STEPS as BRIDGE_DEFAULT_STEPS
from recommender.ranking.bridge import MAX_STEPS as BRIDGE_MAX_STEPS
from recommender.ranking.bridge import Bridge
from recommender.ranking.describe import ordinal, reading
from recommender.ranking.mix import Mix, MixPick
from recommender.ranking.moods import mood_names
from recommender.ranking.radio import PRESS_KINDS, Press, Radio, RadioTurn
from recommender.store.opening import (
    DEFAULT_INDEX_DIR,
    IndexDirError,
    build,
    index_dir_problem,
    open_or_build,
    sigterm_interrupts,
)
from recommender.store.progress import ProgressBar, log_progress
from recommender.store.watch import ALTERED, REBUILT, REMOVED, Change, IndexWatch
from recommender.words import ENGLISH, Words, join_with, key_text, render

__all__ = [
    "ALTERED",
    "BLEND_MAX_MEMBERS",
    "BRIDGE_DEFAULT_STEPS",
    "BRIDGE_MAX_STEPS",
    "DEFAULT_DOWNLOAD_TIMEOUT",
    "DEFAULT_INDEX_DIR",
    "DEFAULT_MAX_DOWNLOAD_MB",
    "ENGLISH",
    "MAX_SEEDS",
    "MAX_TYPED",
    "PRESS_KINDS",
    "REASON_KINDS",
    "REBUILT",
    "REMOVED",
    "TRAITS",
    "Blend",
    "BlendPick",
    "Bridge",
    "BridgeStep",
    "CatalogError",
    "Change",
    "Explanation",
    "FeatureProfile",
    "FeatureValue",
    "GenreInfo",
    "IndexCorruptError",
    "IndexDirError",
    "IndexMissingError",
    "IndexWatch",
    "InvalidQueryError",
    "Mix",
    "MixPick",
    "MusicalKey",
    "NameTooLongError",
    "Press",
    "ProgressBar",
    "Query",
    "Radio",
    "RadioTurn",
    "Reason",
    "Recommendation",
    "Recommendations",
    "Recommender",
    "RecommenderError",
    "Resolution",
    "SongNotFoundError",
    "SoundSummary",
    "SourceError",
    "Steered",
    "Suggestion",
    "Track",
    "UnknownArtistError",
    "UnknownGenreError",
    "Words",
    "build",
    "explain",
    "export_files",
    "index_dir_problem",
    "join_with",
    "key_text",
    "log_progress",
    "mood_names",
    "open_or_build",
    "ordinal",
    "parse_column_mapping",
    "reading",
    "render",
    "sigterm_interrupts",
    "write_export",
]

"""Batch resolution for `python -m recommender resolve`: one record per typed name, so a host
can check a pasted track list against the catalog."""

from __future__ import annotations

from recommender.engine import Recommender
from recommender.errors import SongNotFoundError, explain

_WIDTH = 40


def resolve_json(rec: Recommender, query: str) -> dict:
    """{query, track_id, name, artist, score, alternatives} or {query, error, suggestions}."""
    try:
        found = rec.resolve(query)
    except SongNotFoundError as exc:
        return {
            "query": query,
            "error": explain(exc).sentence(),
            "suggestions": [
                {"label": s.label, "track_id": s.track_id, "score": s.score}
                for s in exc.suggestions
            ],
        }
    return {
        "query": query,
        "track_id": found.track.track_id,
        "name": found.track.name,
        "artist": found.track.artist,
        "score": round(found.score, 1),
        "alternatives": [
            {"label": a.label, "track_id": a.track_id, "score": a.score} for a in found.alternatives
        ],
    }


def _clip(text: str, width: int = _WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def resolve_table_header() -> str:
    return f"{'query':<{_WIDTH}}  {'score':>5}  {'track_id':<22}  track"


def resolve_row(result: dict) -> str:
    """One table line: the query, then the track (and how many others fit), or "not found"."""
    query = _clip(result["query"])
    if "error" in result:
        near = "; ".join(s["label"] for s in result["suggestions"][:3])
        return f"{query:<{_WIDTH}}  {'-':>5}  {'not found':<22}  " + (
            f"did you mean: {near}" if near else result["error"]
        )
    label = f"{result['name']} — {result['artist']}"
    more = f"  (+{len(result['alternatives'])} close)" if result["alternatives"] else ""
    return f"{query:<{_WIDTH}}  {result['score']:>5.1f}  {result['track_id']:<22}  {label}{more}"

"""`python -m recommender ...`: build, similar, resolve, features, genres, evaluate."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from .describe import ordinal
from .errors import RecommenderError, explain
from .models import FeatureProfile, Recommendations
from .pipeline import DEFAULT_INDEX_DIR, build, open_or_build
from .progress import ProgressBar
from .query import MAX_K, Query
from .store import DEFAULT_N_TREES


def parse_columns(text: str) -> dict[str, str]:
    """ "name=title,artist=singer" -> {"name": "title", "artist": "singer"}."""
    pairs = [p for p in text.split(",") if p.strip()]
    try:
        return {k.strip(): v.strip() for k, v in (p.split("=", 1) for p in pairs)}
    except ValueError:
        raise argparse.ArgumentTypeError("use CANONICAL=COLUMN pairs, e.g. name=title") from None


def bounded_int(low: int, high: int):
    """An argparse type: a whole number from `low` to `high`, else a usage error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, got {value}")
        return value

    return parse


def make_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--index-dir",
        type=Path,
        default=DEFAULT_INDEX_DIR,
        help=f"index directory (default {DEFAULT_INDEX_DIR})",
    )
    common.add_argument("--json", action="store_true", help="machine-readable output")
    common.add_argument("-v", "--verbose", action="store_true", help="log what happens")

    parser = argparse.ArgumentParser(
        prog="python -m recommender", description="Find songs that sound alike."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", parents=[common], help="build the index from a catalog")
    p.add_argument("--source", help="catalog CSV path or URL (default: TidyTuesday download)")
    p.add_argument(
        "--columns",
        type=parse_columns,
        default=None,
        help="map canonical names to this CSV's columns: name=title,artist=singer",
    )
    p.add_argument(
        "--n-trees",
        type=bounded_int(1, 1000),
        default=DEFAULT_N_TREES,
        help=f"ANNOY trees per forest (default {DEFAULT_N_TREES})",
    )

    p = sub.add_parser("similar", parents=[common], help="songs that sound like a song")
    p.add_argument("query", nargs="?", help="song name, 'Artist - Title', id or Spotify link")
    p.add_argument("--genre", "-g", help="only songs of this genre or subgenre")
    p.add_argument("-k", type=bounded_int(1, MAX_K), default=10, help="how many songs (default 10)")

    p = sub.add_parser("resolve", parents=[common], help="which catalog track each name means")
    p.add_argument("queries", nargs="*", help="names, ids or links (default: one per stdin line)")

    p = sub.add_parser("features", parents=[common], help="a song's audio profile")
    p.add_argument("query")

    sub.add_parser("genres", parents=[common], help="genres and subgenres with counts")

    p = sub.add_parser("evaluate", parents=[common], help="quality against baselines")
    p.add_argument("--seeds", type=int, default=2000, help="seed tracks sampled (default 2000)")
    p.add_argument("--ablation", action="store_true", help="also compare feature sets")
    p.add_argument("--names", action="store_true", help="evaluate name resolution instead")

    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return COMMANDS[args.command](args)
    except RecommenderError as exc:
        print(error_text(exc), file=sys.stderr)
    except BrokenPipeError:  # `... | head` closed the pipe: not an error
        sys.stderr.close()
        return 0
    return 2


def error_text(error: RecommenderError) -> str:
    """ "error: I couldn't find a song matching 'x'." and the options, one per line."""
    said = explain(error)
    lines = [f"error: {said.sentence()}"]
    if said.options:
        title = said.options_title.lower()
        if len(said.options) <= 5:
            lines += [f"  {title}: {option}" for option in said.options]
        else:
            lines.append(f"  {title}: {', '.join(said.options)}")
    return "\n".join(lines)


def _open(args):
    return open_or_build(args.index_dir, progress=ProgressBar())


def cmd_build(args) -> int:
    manifest = build(
        args.source,
        args.index_dir,
        columns=args.columns,
        n_trees=args.n_trees,
        progress=ProgressBar(),
    )
    src = manifest.source
    if args.json:
        print(
            json.dumps(
                {
                    k: getattr(manifest, k)
                    for k in ("build_id", "items", "n_trees", "build_seconds", "source")
                },
                indent=2,
            )
        )
    else:
        dropped = sum(src["dropped"].values())
        print(
            f"Indexed {manifest.items:,} tracks from {src['name']} ({src['rows']:,} rows, "
            f"{dropped:,} dropped) into {args.index_dir} in {manifest.build_seconds}s."
        )
    return 0


def cmd_similar(args) -> int:
    if not args.query and not args.genre:
        print("error: give a song, --genre, or both", file=sys.stderr)
        return 2
    rec = _open(args)
    result = rec.recommend(
        Query(seeds=(args.query,) if args.query else (), genre=args.genre, k=args.k)
    )
    if args.json:
        print(json.dumps(similar_json(result), indent=2, ensure_ascii=False))
        return 0
    print(similar_text(result))
    return 0


def similar_json(result: Recommendations) -> dict:
    def track(t):
        return {
            "track_id": t.track_id,
            "name": t.name,
            "artist": t.artist,
            "genres": list(t.genres),
        }

    return {
        "seed": track(result.seed) if result.seed else None,
        "genre": result.genre,
        "results": [{**track(r.track), "score": r.score, "reason": r.reason} for r in result.items],
    }


def similar_text(result: Recommendations) -> str:
    lines = []
    if result.seed:
        where = f" in {result.genre}" if result.genre else ""
        lines.append(f"Songs like {result.seed.label}{where}:")
    else:
        lines.append(f"Songs most typical of {result.genre}:")
    if result.alternatives:
        lines.append(f"(also matched: {'; '.join(a.label for a in result.alternatives)})")
    width = max((len(r.track.label) for r in result.items), default=10)
    width = min(width, 60)
    for n, r in enumerate(result.items, 1):
        label = r.track.label if len(r.track.label) <= width else r.track.label[: width - 1] + "…"
        lines.append(
            f"{n:>3}. {label:<{width}}  {r.score:4.0%}  {', '.join(r.track.genres)}  — {r.reason}"
        )
    return "\n".join(lines)


def cmd_features(args) -> int:
    rec = _open(args)
    prof = rec.profile(args.query)
    if args.json:
        print(json.dumps(profile_json(prof), indent=2, ensure_ascii=False))
    else:
        print(profile_text(prof))
    return 0


def profile_json(prof: FeatureProfile) -> dict:
    return {
        "track_id": prof.track.track_id,
        "name": prof.track.name,
        "artist": prof.track.artist,
        "key": prof.key_name,
        "tempo_bpm": prof.tempo_bpm,
        "loudness_db": prof.loudness_db,
        "duration": prof.duration,
        "summary": prof.summary,
        "features": {f.name: {"value": f.value, "percentile": f.percentile} for f in prof.features},
    }


def profile_text(prof: FeatureProfile) -> str:
    t = prof.track
    lines = [
        f"{t.label}  ({t.album}, {t.year or 'year unknown'})",
        prof.summary,
        f"duration {prof.duration} · popularity {t.popularity} · "
        f"genres {', '.join(t.genres) or '-'}",
    ]
    for f in prof.features:
        if f.name in ("key", "mode"):
            continue
        meter = ""
        if f.unit_interval:
            meter = "█" * round(f.value * 10) + "░" * (10 - round(f.value * 10))
        pct = f"  {ordinal(f.percentile):>4} percentile" if f.percentile is not None else ""
        lines.append(f"  {f.name:<17}{f.display:>10}  {meter:<10}{pct}")
    lines.append(f"  {'key':<17}{prof.key_name:>10}")
    return "\n".join(lines)


def cmd_genres(args) -> int:
    rec = _open(args)
    infos = rec.genres()
    if args.json:
        print(
            json.dumps(
                [
                    {"genre": g.name, "tracks": g.tracks, "subgenres": dict(g.subgenres)}
                    for g in infos
                ],
                indent=2,
            )
        )
        return 0
    for g in infos:
        subs = ", ".join(f"{name} ({n:,})" for name, n in g.subgenres)
        print(f"{g.name} ({g.tracks:,})" + (f": {subs}" if subs else ""))
    return 0


def cmd_evaluate(args) -> int:
    from .evaluation import evaluate, format_report

    rec = _open(args)
    if args.names:
        from .name_queries import evaluate_names, format_names_report

        report = evaluate_names(rec)
        print(json.dumps(report, indent=2) if args.json else format_names_report(report))
        return 0
    report = evaluate(rec, seeds=args.seeds, ablation=args.ablation)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def cmd_resolve(args) -> int:
    """One line (or JSON object) per query; a name not found is reported, not fatal."""
    from .resolving import resolve_json, resolve_row, resolve_table_header

    rec = _open(args)
    queries = args.queries or (line.strip() for line in sys.stdin)
    missing = 0
    if not args.json:
        print(resolve_table_header())
    for query in queries:
        if not query:
            continue
        result = resolve_json(rec, query)
        missing += "error" in result
        line = json.dumps(result, ensure_ascii=False) if args.json else resolve_row(result)
        print(line, flush=True)
    return 1 if missing else 0


COMMANDS = {
    "build": cmd_build,
    "similar": cmd_similar,
    "resolve": cmd_resolve,
    "features": cmd_features,
    "genres": cmd_genres,
    "evaluate": cmd_evaluate,
}

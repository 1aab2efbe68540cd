"""`python -m recommender ...`: build, similar, bridge, moods, resolve, features, genres,
evaluate."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from recommender.catalog.reader import parse_column_mapping
from recommender.disk import disk_error
from recommender.engine import Recommender
from recommender.errors import CatalogError, InvalidQueryError, RecommenderError, explain
from recommender.export import write_export
from recommender.models import FeatureProfile, Recommendation, Recommendations, Track
from recommender.query import MAX_K, MAX_SEEDS, POPULARITY_BANDS, Query
from recommender.ranking.bridge import DEFAULT_STEPS, MAX_STEPS, Bridge
from recommender.ranking.describe import ordinal
from recommender.ranking.moods import MOODS, describe_targets, mood_names, parse_targets
from recommender.ranking.radio import PRESS_KINDS, Press, Radio, RadioTurn
from recommender.store import DEFAULT_N_TREES
from recommender.store.opening import (
    DEFAULT_INDEX_DIR,
    build,
    check_index_dir,
    index_dir_problem,
    open_or_build,
    sigterm_interrupts,
)
from recommender.store.progress import ProgressBar
from recommender.words import render, targets_text


def parse_columns(text: str) -> dict[str, str]:
    """ "name=title,artist=singer" -> {"name": "title", "artist": "singer"}."""
    try:
        return parse_column_mapping(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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


def given(text: str) -> str:
    """An argparse type: text that is not empty (an empty --source or --index-dir would
    quietly mean the default download or the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty; leave the option out for its default")
    return text


class AddSource(argparse.Action):
    """--source, repeatable: each one more catalog to merge, in order."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        namespace.source = [*(namespace.source or []), values]
        if isinstance(namespace.columns, list):  # keep one mapping slot per source
            namespace.columns = [*namespace.columns, None]


class SourceColumns(argparse.Action):
    """--columns maps the --source just before it; given before any --source, every one."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        sources = namespace.source or []
        if not sources:
            namespace.columns = values
            return
        shared = namespace.columns if isinstance(namespace.columns, dict) else None
        mappings = namespace.columns if isinstance(namespace.columns, list) else []
        mappings = [*mappings, *[shared] * (len(sources) - len(mappings))]
        mappings[-1] = values
        namespace.columns = mappings


def given_path(text: str) -> Path:
    return Path(given(text))


def index_dir(text: str) -> Path:
    """An argparse type: a directory that may hold an index (not /, not the home folder, not
    a folder of other things: `index_dir_problem`)."""
    problem = index_dir_problem(Path(given(text)))
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return Path(text)


def make_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--index-dir",
        type=index_dir,
        default=DEFAULT_INDEX_DIR,
        help=f"index directory (default {DEFAULT_INDEX_DIR})",
    )
    common.add_argument("--json", action="store_true", help="machine-readable output")
    common.add_argument("-v", "--verbose", action="store_true", help="log what happens")

    parser = argparse.ArgumentParser(prog=program(), description="Find songs that sound alike.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", parents=[common], help="build the index from a catalog")
    p.add_argument(
        "--source",
        type=given,
        action=AddSource,
        help="catalog CSV path or URL; repeat to merge several, the first winning where they "
        "disagree (default: TidyTuesday 2020 + Spotify Tracks 114k, downloaded)",
    )
    p.add_argument(
        "--columns",
        type=parse_columns,
        action=SourceColumns,
        default=None,
        help="map canonical names to the preceding --source's columns: name=title,artist=singer",
    )
    p.add_argument(
        "--n-trees",
        type=bounded_int(1, 1000),
        default=DEFAULT_N_TREES,
        help=f"ANNOY trees per forest (default {DEFAULT_N_TREES})",
    )

    sub.add_parser(
        "verify",
        parents=[common],
        help="check every index file's full SHA-256 (a load checks sizes and samples)",
    )

    p = sub.add_parser("similar", parents=[common], help="songs that sound like songs or artists")
    p.add_argument(
        "query",
        nargs="*",
        help=f"seed songs: name, 'Artist - Title', id or Spotify link (up to {MAX_SEEDS} seeds)",
    )
    p.add_argument("--artist", action="append", default=[], help="an artist seed (repeatable)")
    p.add_argument("--genre", "-g", help="only songs of this genre or subgenre")
    p.add_argument("--mood", help=f"pull toward a mood: {', '.join(mood_names())}")
    p.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="FEATURE=VALUE",
        help="pull toward a value: energy=0.8, tempo=120, valence=low (repeatable)",
    )
    p.add_argument(
        "--popularity",
        choices=POPULARITY_BANDS,
        default="any",
        help="mainstream (top quarter), any (default) or deep cuts (bottom quarter)",
    )
    p.add_argument("--exclude-artist", action="append", default=[], metavar="NAME")
    p.add_argument("--exclude-genre", action="append", default=[], metavar="G")
    p.add_argument("--no-explicit", action="store_true", help="leave out explicit songs")
    p.add_argument("-k", type=bounded_int(1, MAX_K), default=10, help="how many songs (default 10)")
    p.add_argument("--export", type=Path, metavar="FILE", help="also write a CSV and links")
    p.add_argument(
        "--scene", action="store_true", help="same scene: songs people put in playlists with it"
    )

    p = sub.add_parser("bridge", parents=[common], help="songs moving from one song to another")
    p.add_argument("start", metavar="FROM", help="the song to start from")
    p.add_argument("end", metavar="TO", help="the song to arrive at")
    p.add_argument(
        "--steps",
        type=bounded_int(1, MAX_STEPS),
        default=DEFAULT_STEPS,
        help=f"songs between the two (default {DEFAULT_STEPS})",
    )
    p.add_argument("--export", type=Path, metavar="FILE", help="also write a CSV and links")

    sub.add_parser("moods", parents=[common], help="the moods --mood knows, as feature targets")

    p = sub.add_parser("resolve", parents=[common], help="which catalog track each name means")
    p.add_argument("queries", nargs="*", help="names, ids or links (default: one per stdin line)")

    p = sub.add_parser("features", parents=[common], help="a song's audio profile")
    p.add_argument("query")

    sub.add_parser("genres", parents=[common], help="genres and subgenres with counts")

    p = sub.add_parser("evaluate", parents=[common], help="quality against baselines")
    p.add_argument("--seeds", type=int, default=2000, help="seed tracks sampled (default 2000)")
    p.add_argument("--ablation", action="store_true", help="also compare feature sets")
    p.add_argument("--names", action="store_true", help="evaluate name resolution instead")
    p.add_argument(
        "--blend", action="store_true", help="evaluate /blend for groups (held-out playlists)"
    )
    p.add_argument(
        "--groups",
        type=bounded_int(10, 2000),
        default=200,
        help="with --blend: groups per size and kind (default 200)",
    )
    p.add_argument(
        "--radio", action="store_true", help="evaluate the radio on held-out playlists instead"
    )

    p = sub.add_parser(
        "radio", parents=[common], help="a radio session, one song per press, for scripts"
    )
    p.add_argument("--seed", action="append", default=[], metavar="QUERY", help="a seed song")
    p.add_argument("--artist", action="append", default=[], help="an artist seed (repeatable)")
    p.add_argument("--genre", "-g", help="only songs of this genre or subgenre")
    p.add_argument("--mood", help=f"pull toward a mood: {', '.join(mood_names())}")
    p.add_argument(
        "--feedback",
        type=parse_feedback,
        default=(),
        help=f"what is pressed on each song, in order: {','.join(PRESS_KINDS)} (e.g. like,skip)",
    )
    p.add_argument("--session-seed", type=int, default=0, help="the exploration seed")

    return parser


# Settings the bot reads that choose what the CLI works on too -> the option they stand for.
HOST_SETTINGS = {
    "INDEX_DIR": ("index_dir", "--index-dir"),
    "CATALOG_SOURCE": ("source", "--source"),
    "CATALOG_COLUMNS": ("columns", "--columns"),
}


def program(module: str = "recommender") -> str:
    """How the command was run, for its help and errors: the console script's name
    (`soundalike`), or `python -m recommender` (argparse would say `__main__.py`)."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return name if name and name not in ("__main__.py", "-m", "-c") else f"python -m {module}"


def package_version() -> str:
    """The installed soundalike's version, from its package metadata (pyproject.toml)."""
    try:
        return version("soundalike")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = make_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        apply_host_settings(args, argv, host_settings())
        return COMMANDS[args.command](args)
    except RecommenderError as exc:
        print(error_text(exc), file=sys.stderr)
    except BrokenPipeError:  # `... | head` closed the pipe: not an error
        sys.stderr.close()
        return 0
    except OSError as exc:  # a path the CLI could not read or write: say which, not a traceback
        path = Path(exc.filename) if exc.filename else args.index_dir
        print(f"error: {disk_error(exc, 'read or write files', path)}", file=sys.stderr)
    return 2


def host_settings(environ: dict[str, str] | None = None, dotenv_path: str = ".env") -> dict:
    """INDEX_DIR, CATALOG_SOURCE and CATALOG_COLUMNS as the bot reads them: the environment
    over `.env` in the working directory, so both front ends open the same index."""
    from dotenv import dotenv_values

    values = {}
    if Path(dotenv_path).is_file():
        values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v})
    values.update(os.environ if environ is None else environ)
    return {k: values[k].strip() for k in HOST_SETTINGS if (values.get(k) or "").strip()}


def apply_host_settings(args: argparse.Namespace, argv: list[str], settings: dict) -> None:
    """Fill options the command line left out from the host's settings; typed options win."""
    for variable, value in settings.items():
        dest, option = HOST_SETTINGS[variable]
        if _typed(argv, option) or getattr(args, dest, None) not in (None, DEFAULT_INDEX_DIR):
            continue
        if dest == "index_dir":
            check_index_dir(Path(value).expanduser(), variable)
        try:
            parsed = {
                "index_dir": lambda v: Path(v).expanduser(),
                "columns": parse_column_mapping,
            }.get(dest, str)(value)
        except ValueError as exc:
            raise CatalogError(f"{variable}: {exc}") from None
        setattr(args, dest, parsed)


def _typed(argv: list[str], option: str) -> bool:
    """Was `option` given on the command line (argparse accepts an unambiguous prefix)?"""
    names = (token.split("=", 1)[0] for token in argv if token.startswith("--"))
    return any(len(name) > 3 and option.startswith(name) for name in names)


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
    return open_or_build(
        args.index_dir,
        getattr(args, "source", None),
        columns=getattr(args, "columns", None),
        progress=ProgressBar(),
    )


def cmd_build(args) -> int:
    with sigterm_interrupts():
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


FLAGS = {
    "genre": "--genre",
    "popularity": "--popularity",
    "exclude_artists": "--exclude-artist",
    "exclude_genres": "--exclude-genre",
    "no_explicit": "--no-explicit",
}


def nothing_left(query: Query) -> str:
    """Why a list came out empty, naming only the filters that were given."""
    given = [FLAGS[f] if f == "no_explicit" else f"{FLAGS[f]} {v!r}" for f, v in query.filters]
    if not given:
        return "No other song in this catalog can be recommended for that."
    return f"No song passes these filters ({', '.join(given)}); drop one and try again."


def cmd_similar(args) -> int:
    rec = _open(args)
    query = Query(
        seeds=tuple(args.query),
        artists=tuple(args.artist),
        genre=args.genre,
        mood=args.mood,
        targets=parse_targets(args.target),
        popularity=args.popularity,
        exclude_artists=frozenset(rec.resolve_artist(a) for a in args.exclude_artist),
        exclude_genres=frozenset(args.exclude_genre),
        no_explicit=args.no_explicit,
        scene=args.scene,
        k=args.k,
    )
    result = rec.recommend(query)
    if not result.items:
        raise InvalidQueryError(nothing_left(query))
    if args.json:
        print(json.dumps(similar_json(result, rec.audio), indent=2, ensure_ascii=False))
    else:
        print(similar_text(result))
    return _export(args, [r.track for r in result.items])


def _export(args, tracks) -> int:
    if not args.export:
        return 0
    try:
        paths = write_export(tracks, args.export)
    except OSError as exc:
        print(f"error: could not write {args.export}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Exported {len(tracks)} songs to {' and '.join(map(str, paths))}.", file=sys.stderr)
    return 0


JSON_FEATURES = ("energy", "valence", "danceability", "acousticness", "tempo")


def song_json(track: Track, audio: Callable[[str], dict[str, float]]) -> dict:
    """A song with what a check needs: its audio values, popularity, explicit where known."""
    values = audio(track.track_id)
    data = {
        "track_id": track.track_id,
        "name": track.name,
        "artist": track.artist,
        "genres": list(track.genres),
        **{name: round(values[name], 4) for name in JSON_FEATURES},
        "popularity": track.popularity,
    }
    if track.explicit is not None:
        data["explicit"] = track.explicit
    return data


def similar_json(result: Recommendations, audio: Callable[[str], dict[str, float]]) -> dict:
    seeds = [{"kind": "song", **song_json(s.track, audio)} for s in result.seeds]
    seeds += [{"kind": "artist", "name": name} for name in result.artists]
    return {
        "seed": seeds[0] if len(seeds) == 1 and seeds[0]["kind"] == "song" else None,
        "seeds": seeds,
        "genre": result.genre,
        "steering": render(result.steering),
        "results": [
            {
                **song_json(r.track, audio),
                "score": r.score,
                "reason": render(r.reason),
                **({"closest_seed": r.closest_seed} if r.closest_seed else {}),
            }
            for r in result.items
        ],
    }


def similar_text(result: Recommendations) -> str:
    lines = []
    where = f" in {result.genre}" if result.genre else ""
    if result.seed_labels:
        lines.append(f"Songs like {' + '.join(result.seed_labels)}{where}:")
    elif result.genre:
        lines.append(f"Songs most typical of {result.genre}:")
    else:
        lines.append("Songs from the whole catalog:")
    if result.steering:
        lines.append(f"({render(result.steering)})")
    if result.alternatives:
        lines.append(f"(also matched: {'; '.join(a.label for a in result.alternatives)})")
    width = max((len(r.track.label) for r in result.items), default=10)
    width = min(width, 60)
    for n, r in enumerate(result.items, 1):
        label = r.track.label if len(r.track.label) <= width else r.track.label[: width - 1] + "…"
        near = f"  (nearest {r.closest_seed})" if r.closest_seed else ""
        lines.append(
            f"{n:>3}. {label:<{width}}  {r.score:4.0%}  {', '.join(r.track.genres)}  — {render(r.reason)}"
            + near
        )
    return "\n".join(lines)


def cmd_bridge(args) -> int:
    rec = _open(args)
    result = rec.bridge(args.start, args.end, args.steps)
    if args.json:
        steps = [
            {**song_json(s.track, rec.audio), "reason": render(s.reason)} for s in result.steps
        ]
        document = {
            "seeds": [song_json(end.track, rec.audio) for end in (result.start, result.end)],
            "from": song_json(result.start.track, rec.audio),
            "to": song_json(result.end.track, rec.audio),
            "steps": steps,
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(bridge_text(result))
    return _export(args, list(result.tracks))


def bridge_text(result: Bridge) -> str:
    lines = [f"From {result.start.track.label} to {result.end.track.label}:"]
    lines.append(f"  0. {result.start.track.label}")
    for n, step in enumerate(result.steps, 1):
        lines.append(f"{n:>3}. {step.track.label}  — {render(step.reason)}")
    lines.append(f"{len(result.steps) + 1:>3}. {result.end.track.label}")
    return "\n".join(lines)


def cmd_moods(args) -> int:
    if args.json:
        print(json.dumps(MOODS, indent=2))
        return 0
    for name, targets in MOODS.items():
        print(f"{name:<11} {targets_text(describe_targets(targets))}")
    return 0


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
        "duration": prof.duration if prof.track.duration_ms else None,
        "summary": render(prof.summary),
        "features": {f.name: {"value": f.value, "percentile": f.percentile} for f in prof.features},
    }


def profile_text(prof: FeatureProfile) -> str:
    t = prof.track
    # What the catalog lacks is said once ("unknown"), never printed as None or "?:??".
    album = ", ".join(str(part) for part in (t.album, t.year) if part)
    facts = [
        f"duration {prof.duration if t.duration_ms else 'unknown'}",
        f"popularity {'unknown' if t.popularity is None else t.popularity}",
        f"genres {', '.join(t.genres) or 'none listed'}",
    ]
    lines = [f"{t.label}  ({album})" if album else t.label, render(prof.summary), " · ".join(facts)]
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
    from recommender.evaluation.knobs import format_knobs, knob_report
    from recommender.evaluation.lists import evaluate, format_report
    from recommender.evaluation.sources import merged_figures

    rec = _open(args)
    if args.radio:
        from recommender.evaluation.radio import evaluate_radio, format_radio_report

        report = evaluate_radio(rec, progress=ProgressBar())
        print(json.dumps(report, indent=2) if args.json else format_radio_report(report))
        return 0
    if args.names:
        from recommender.evaluation.names import evaluate_names, format_names_report

        report = evaluate_names(rec, progress=ProgressBar())
        print(json.dumps(report, indent=2) if args.json else format_names_report(report))
        return 0
    if args.blend:
        from recommender.evaluation.blend import evaluate_blend, format_blend_report

        report = evaluate_blend(rec, per_cell=args.groups, progress=ProgressBar())
        print(json.dumps(report, indent=2) if args.json else format_blend_report(report))
        return 0
    bar = ProgressBar()  # stderr: a bar at a terminal, a line per stage in a log
    report = evaluate(rec, seeds=args.seeds, ablation=args.ablation, progress=bar)
    report |= merged_figures(rec, report, args.seeds)  # issue #17: each source's labels
    report["knobs"] = knob_report(rec, progress=bar)  # issue #12: each knob moves its figure
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    if not args.json:
        print("\n" + format_knobs(report["knobs"]))
    return 0


def parse_feedback(text: str) -> tuple[str, ...]:
    presses = tuple(word.strip().casefold() for word in text.split(",") if word.strip())
    wrong = [p for p in presses if p not in PRESS_KINDS]
    if wrong:
        raise argparse.ArgumentTypeError(
            f"{', '.join(map(repr, wrong))} is not a press; use {', '.join(PRESS_KINDS)}"
        )
    return presses


def cmd_radio(args) -> int:
    """One line (or JSON object) per step: the song played, what was pressed, what comes
    next; a last step shows where the radio goes after the feedback."""
    rec = _open(args)
    query = Query(
        seeds=tuple(args.seed), artists=tuple(args.artist), genre=args.genre, mood=args.mood
    )
    radio, presses, steps = Radio(rec), [], []
    for kind in (*args.feedback, None):
        turn = radio.turn(query, presses, seed=args.session_seed)
        step = radio_step_json(turn, kind)
        steps.append(step)
        if not args.json:
            print(radio_step_text(step), flush=True)
        if turn.now is None:
            break
        if kind is not None:
            presses.append(Press(turn.now.track.track_id, kind))
    if args.json:
        print(json.dumps(steps, indent=2, ensure_ascii=False))
    return 0 if steps[-1]["song"] is not None else 1


def radio_step_json(turn: RadioTurn, pressed: str | None) -> dict:
    def label(track: Track) -> str:
        return track.label

    return {
        "step": turn.step,
        "song": song_label(turn.now) if turn.now else None,
        "track_id": turn.now.track.track_id if turn.now else None,
        "why": render(turn.now.reason) if turn.now else None,
        "because": label(turn.because) if turn.because else None,
        "pressed": pressed,
        "next": [song_label(r) for r in turn.upcoming],
        "more_like": [label(t) for t in turn.more_like],
        "less_like": [label(t) for t in turn.less_like],
    }


def song_label(item: Recommendation) -> str:
    return item.track.label


def radio_step_text(step: dict) -> str:
    if step["song"] is None:
        return f"{step['step']:>3}. (no song fits the filters any more; drop --genre or --mood)"
    pressed = f"  [{step['pressed']}]" if step["pressed"] else "  (next)"
    because = f" · sounds most like {step['because']}" if step["because"] else ""
    line = f"{step['step']:>3}. {step['song']}{pressed}  — {step['why']}{because}"
    if step["pressed"] is None:
        line += "\n     then: " + "; ".join(step["next"])
        if step["less_like"]:
            line += "\n     less like: " + "; ".join(step["less_like"][:3])
        if step["more_like"]:
            line += "\n     more like: " + "; ".join(step["more_like"][:3])
    return line


def cmd_resolve(args) -> int:
    """One line (or JSON object) per query; a name not found is reported, not fatal."""
    from recommender.cli.resolving import resolve_json, resolve_row, resolve_table_header

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


def cmd_verify(args) -> int:
    """Every byte of every file against the manifest; the index is never rebuilt here."""
    rec = Recommender.load(args.index_dir, verify=True)
    files = rec.manifest.file_entries()
    size = sum(entry.bytes for entry in files)
    print(
        f"{args.index_dir}: build {rec.manifest.build_id}, {len(files)} files, {size:,} bytes: ok"
    )
    return 0


COMMANDS = {
    "build": cmd_build,
    "verify": cmd_verify,
    "similar": cmd_similar,
    "resolve": cmd_resolve,
    "features": cmd_features,
    "genres": cmd_genres,
    "evaluate": cmd_evaluate,
    "bridge": cmd_bridge,
    "moods": cmd_moods,
    "radio": cmd_radio,
}

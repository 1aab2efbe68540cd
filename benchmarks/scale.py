"""The scale table of docs/scaling.md: build, load, memory, disk and latency at several catalog
sizes, for this checkout and (optionally) the previous index format in the same run.

    python -m benchmarks.scale --tracks 28352 1000000 [--previous /tmp/prev] [--queries 1000]

28352 means the real catalog (../shared/data/spotify_songs.csv); other sizes are generated
(`benchmarks.generated.write_csv`, kept in --workdir for the next run). `--previous` is a
worktree of the previous format (`git worktree add /tmp/prev 526a6b2`), measured at the sizes
in --previous-tracks with this checkout's Python. Each build runs as `python -m recommender
build` under /usr/bin/time -v (wall time, peak memory); each serving figure comes from two
processes over the same index at once (`benchmarks/scale_child.py`): load time, smaps_rollup
after load, the time to warm it as the bot does before its first members, smaps_rollup after
1,000 mixed queries and beside the other process. Prints a Markdown table and writes the raw
figures as JSON. `--reuse-builds` serves an index it built before with the build figures it
recorded then (marked † in the table). Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "data" / "spotify_songs.csv"
REAL_TRACKS = 28352
CHILD = Path(__file__).resolve().parent / "scale_child.py"
COMPONENTS = (
    ("forest", r"^main-"),
    ("genres (forests before, rows and cells now)", r"^(genres|subgenres)-"),
    ("catalog", r"^catalog[.-]"),
    ("names", r"^names\."),
    ("vectors", r"^vectors-"),
    ("scene", r"^scene\."),
    ("releases", r"^releases\."),
    ("manifest", r"^manifest\.json$"),
)


def catalog_csv(tracks: int, workdir: Path) -> Path:
    if tracks == REAL_TRACKS:
        return REAL
    path = workdir / f"generated-{tracks}.csv"
    if not path.exists():
        from recommender.catalog.reader import load_catalog
        from recommender.store.progress import ProgressBar

        from .generated import write_csv

        base, _ = load_catalog(REAL)
        write_csv(base, tracks, path, seed=tracks, progress=ProgressBar())
    return path


def timed_build(root: Path, csv: Path, index: Path) -> dict:
    """`python -m recommender build` of `root`'s code under /usr/bin/time -v."""
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "recommender",
        "build",
        "--source",
        str(csv),
        "--index-dir",
        str(index),
    ]
    done = subprocess.run(
        command, cwd=root, env=_env(root), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = [float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)]
    seconds = 0.0
    if wall:
        hours, minutes, secs = wall.groups()
        seconds = int(hours or 0) * 3600 + int(minutes) * 60 + float(secs)
    return {
        "build_s": round(seconds, 1),
        "build_cpu_s": round(sum(cpu), 1),
        "build_peak_mb": round(int(peak.group(1)) / 1024) if peak else None,
    }


def _env(root: Path) -> dict:
    import os

    return {**os.environ, "PYTHONPATH": str(root)}


def disk(index: Path) -> dict:
    sizes = {name: 0 for name, _ in COMPONENTS} | {"other": 0}
    for item in index.iterdir():
        if not item.is_file() or item.name.startswith("."):
            continue
        name = next((n for n, pattern in COMPONENTS if re.match(pattern, item.name)), "other")
        sizes[name] += item.stat().st_size
    mb = {k: round(v / 2**20, 1) for k, v in sizes.items() if v}
    return {"disk_mb": round(sum(sizes.values()) / 2**20, 1), "disk_by_component_mb": mb}


def serve(root: Path, index: Path, queries: int, processes: int = 2) -> dict:
    """`processes` serving processes over one index at once; the figures of the first, and
    the PSS of each while both are mapped."""
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), str(index), str(queries)],
            cwd=root,
            env=_env(root),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    reports = [{} for _ in children]
    for child, report in zip(children, reports, strict=True):
        assert child.stdout is not None
        for _ in range(2):  # after load; after the queries
            report.update(json.loads(child.stdout.readline()))
    for child in children:
        assert child.stdin is not None
        child.stdin.close()
    for child, report in zip(children, reports, strict=True):
        assert child.stdout is not None
        report.update(json.loads(child.stdout.readline()))
        child.wait(timeout=60)
    first = reports[0]
    first["pss_each_beside_another_mb"] = [r["beside_another"]["Pss"] for r in reports]
    return first


def build_figures(root: Path, csv: Path, index: Path, reuse: bool) -> dict:
    """The build's figures: timed now, or (`reuse`) those recorded beside an index this
    script built before (a 10M build takes most of an hour; its serving is re-measured)."""
    record = index.with_name(index.name + ".build.json")
    if reuse and record.is_file() and (index / "manifest.json").is_file():
        return {**json.loads(record.read_text()), "build_reused": True}
    figures = timed_build(root, csv, index)
    record.write_text(json.dumps(figures))
    return figures


def measure(
    root: Path, label: str, tracks: int, csv: Path, index: Path, queries: int, reuse: bool
) -> dict:
    print(f"{label} at {tracks:,}: building…", file=sys.stderr, flush=True)
    build = build_figures(root, csv, index, reuse)
    row = {"format": label, "tracks": tracks, **build, **disk(index)}
    print(f"{label} at {tracks:,}: serving…", file=sys.stderr, flush=True)
    row.update(serve(root, index, queries))
    return row


def table(rows: list[dict]) -> str:
    kinds = ("typed name", "track id", "with a genre", "steered", "autocomplete")
    head = (
        "| format | tracks | build s (CPU s) | peak build MB | load s | warm s | RSS / private MB after "
        "load | RSS / private MB after queries | PSS MB each, 2 processes | disk MB | "
        + " | ".join(f"{k} p50/p99 ms" for k in kinds)
        + " |"
    )
    lines = [head, "|" + " --- |" * (10 + len(kinds))]
    for r in rows:
        # Private: the anonymous memory (heap, copies) no other process can share. Mapped
        # index pages only this process has touched yet count as Private_Clean until a
        # second process maps them: page cache, shared, and in the PSS column.
        def private(m: dict) -> str:
            return f"{m['Rss']:,.0f} / {m['Anonymous']:,.0f}"

        latency = " | ".join(
            f"{r['latency'][k]['p50_ms']:.2f} / {r['latency'][k]['p99_ms']:.2f}" for k in kinds
        )
        warm = "—" if r.get("warm_s") is None else f"{r['warm_s']:.3f}"
        pss = " + ".join(f"{p:,.0f}" for p in r["pss_each_beside_another_mb"])
        lines.append(
            f"| {r['format']} | {r['tracks']:,} | {r['build_s']:,} ({r['build_cpu_s']:,})"
            f"{' †' if r.get('build_reused') else ''} | "
            f"{r['build_peak_mb']:,} | {r['load_s']:.3f} | {warm} | {private(r['after_load'])} | "
            f"{private(r['after_queries'])} | {pss} | {r['disk_mb']:,} | {latency} |"
        )
    parts = sorted({k for r in rows for k in r["disk_by_component_mb"]})
    lines += ["", "Disk by component (MB):", ""]
    lines.append("| format | tracks | " + " | ".join(parts) + " |")
    lines.append("|" + " --- |" * (2 + len(parts)))
    for r in rows:
        cells = " | ".join(f"{r['disk_by_component_mb'].get(p, 0):,}" for p in parts)
        lines.append(f"| {r['format']} | {r['tracks']:,} | {cells} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, nargs="+", default=[REAL_TRACKS, 1_000_000])
    parser.add_argument("--previous", type=Path, help="a worktree of the previous format")
    parser.add_argument("--previous-tracks", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/soundalike-scale"))
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument(
        "--reuse-builds",
        action="store_true",
        help="serve an index this script built before, with its recorded build figures",
    )
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for tracks in args.tracks:
        csv = catalog_csv(tracks, args.workdir)
        if args.previous and tracks in args.previous_tracks:
            index = args.workdir / f"index-previous-{tracks}"
            rows.append(
                measure(
                    args.previous,
                    "previous (526a6b2)",
                    tracks,
                    csv,
                    index,
                    args.queries,
                    args.reuse_builds,
                )
            )
        index = args.workdir / f"index-{tracks}"
        rows.append(measure(ROOT, "columnar", tracks, csv, index, args.queries, args.reuse_builds))
        print(table(rows), flush=True)  # after each size: a long run shows what it has
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Take a list away: a CSV with title, artist and Spotify link per song, and a plain list of
open.spotify.com links (Spotify's desktop app accepts such a list pasted into a playlist).

The API is three functions over `Track` records, so the CLI and a Discord button share it:
`export_files(tracks, stem)` -> {filename: text}, `write_export(tracks, path)`, and the two
formats `tracks_csv` / `spotify_links` themselves.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from recommender.models import Track

CSV_HEADER = ("title", "artist", "spotify_url")


def tracks_csv(tracks: Sequence[Track]) -> str:
    """title,artist,spotify_url — one row per song, quoted where a name needs it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows((t.name, t.artist, t.url) for t in tracks)
    return out.getvalue()


def spotify_links(tracks: Sequence[Track]) -> str:
    """One open.spotify.com link per line, ready to paste into a Spotify playlist."""
    return "".join(f"{t.url}\n" for t in tracks)


def export_files(tracks: Sequence[Track], stem: str = "soundalike") -> dict[str, str]:
    """{"<stem>.csv": the table, "<stem>-links.txt": the links}."""
    return {f"{stem}.csv": tracks_csv(tracks), f"{stem}-links.txt": spotify_links(tracks)}


def write_export(tracks: Sequence[Track], path: str | Path) -> list[Path]:
    """Write the CSV to `path` and the links beside it (`<stem>-links.txt`); the paths."""
    path = Path(path)
    links = path.with_name(f"{path.stem}-links.txt")
    path.write_text(tracks_csv(tracks), encoding="utf-8")
    links.write_text(spotify_links(tracks), encoding="utf-8")
    return [path, links]

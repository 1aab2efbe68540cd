"""Take a list away: a CSV with title, artist and Spotify link per song, and a plain list of
open.spotify.com links (Spotify's desktop app accepts such a list pasted into a playlist).

The API is three functions over `Track` records, so the CLI and a Discord button share it:
`export_files(tracks, stem)` -> {filename: text}, `write_export(tracks, path)`, and the two
formats `tracks_csv` / `spotify_links` themselves.
"""

from __future__ import annotations

import csv
import errno
import io
from collections.abc import Sequence
from pathlib import Path

from recommender.models import Track

CSV_HEADER = ("title", "artist", "spotify_url")
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection); the
# OWASP rule is to prefix such a cell with a single quote. Real names do start so ("@ ME",
# "+", the artist "-M-"), and a quote keeps them readable.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """`text` as a spreadsheet shows it, never as a formula."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def tracks_csv(tracks: Sequence[Track]) -> str:
    """title,artist,spotify_url — one row per song, quoted where a name needs it; a name a
    spreadsheet would run as a formula starts with a single quote."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows((cell(t.name), cell(t.artist), cell(t.url)) for t in tracks)
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
    if not path.name or path.is_dir():  # '.', '/', '' and a folder name no file
        raise IsADirectoryError(errno.EISDIR, "that is a folder; give a file name like list.csv")
    links = path.with_name(f"{path.stem}-links.txt")
    path.write_text(tracks_csv(tracks), encoding="utf-8")
    links.write_text(spotify_links(tracks), encoding="utf-8")
    return [path, links]

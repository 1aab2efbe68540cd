"""How long a first run waits on the network when it goes wrong: a host that accepts and
never answers, alone and before a working mirror, and a working host alone as the baseline.
Every server is on 127.0.0.1. Prints numbers; asserts nothing.

    python -m benchmarks.first_run [--timeout 10]

(On main before issue #17 the dead host alone took 93 s: 3 attempts of 30 s.)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from recommender import SourceError
from recommender.catalog.download import DEFAULT_DOWNLOAD_TIMEOUT
from recommender.catalog.published import TIDYTUESDAY, published_path

BODY = b"track_id,name\n" + b"x,y\n" * 250_000  # 1 MB


@contextlib.contextmanager
def stalled() -> Iterator[str]:
    """Accepts connections and never answers."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()
    server.settimeout(0.05)

    def accept() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                held.append(server.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/songs.csv"
    finally:
        stop.set()
        thread.join()
        server.close()
        for connection in held:
            connection.close()


@contextlib.contextmanager
def working() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/songs.csv"
    finally:
        server.shutdown()
        server.server_close()


def timed(run) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        run()
        outcome = "downloaded"
    except SourceError as exc:
        outcome = "failed: " + str(exc).splitlines()[0][:70]
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=DEFAULT_DOWNLOAD_TIMEOUT)
    args = parser.parse_args()
    file = replace(
        TIDYTUESDAY,
        name="songs.csv",
        size=len(BODY),
        sha256=hashlib.sha256(BODY).hexdigest(),
        min_rows=250_000,
    )
    with tempfile.TemporaryDirectory() as scratch, stalled() as dead, working() as good:
        data = Path(scratch)
        cases = {
            "working host alone (baseline)": lambda: published_path(
                replace(file, addresses=(good,)), data / "a", timeout=args.timeout
            ),
            "dead host alone": lambda: published_path(
                replace(file, addresses=(dead,)), data / "b", timeout=args.timeout
            ),
            "dead host, then a mirror": lambda: published_path(
                replace(file, addresses=(dead, good)), data / "c", timeout=args.timeout
            ),
        }
        for name, run in cases.items():
            seconds, outcome = timed(run)
            print(f"{name:<36} {seconds:6.1f} s  {outcome}")


if __name__ == "__main__":
    main()

"""A throwaway HTTP server on 127.0.0.1 for the download tests; never any other address."""

from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def serve(routes: dict[str, tuple[int, bytes, dict]]):
    """Serve {path: (status, body, extra headers)}; yields the base URL and a request log.
    A header set to None is left out."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            status, body, headers = routes.get(self.path, (404, b"not found", {}))
            headers = dict(headers)
            self.send_response(status)
            length = headers.pop("Content-Length", str(len(body)))
            if length is not None:  # None: no length, the body ends when the connection does
                self.send_header("Content-Length", length)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 5
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def silent_listener():
    """A port on 127.0.0.1 that accepts connections and never answers (a stalled server);
    yields its base URL and the list of connections it accepted, so a test can also show
    that nothing connected at all."""
    connections: list[socket.socket] = []
    stop = threading.Event()
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connections.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}", connections
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()
        for connection in connections:
            connection.close()

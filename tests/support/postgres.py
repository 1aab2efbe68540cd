"""A throwaway PostgreSQL server for the tests: `initdb` a cluster in a temporary directory,
serve it on 127.0.0.1 on a free port, as an ordinary user (PostgreSQL refuses to run as root:
as root, the cluster belongs to the `postgres` system user and commands run through
`runuser`), and stop it at the end (`pg_ctl stop -m fast`), failed tests or not.

Missing server programs fail the tests that need them, with how to install them: they never
skip (CI installs them; see .ci/run).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

SUPERUSER = "soundalike"
START_SECONDS = 60
# Where Debian's postgresql-15 puts the programs (/usr/local/bin links to them on our hosts).
PROGRAM_DIRS = ("/usr/local/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin")


def program(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=os.pathsep.join(PROGRAM_DIRS))
    if not found:
        pytest.fail(
            f"PostgreSQL's {name} is not installed (looked on PATH and in "
            f"{', '.join(PROGRAM_DIRS)}): the store tests run against a real PostgreSQL 15. "
            "Install it with `apt-get install -y postgresql-15` (CI's .ci/run does).",
            pytrace=False,
        )
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PostgresServer:
    """One cluster; `database()` makes a fresh, empty database for each test."""

    directory: Path
    port: int = field(default_factory=free_port)
    names: Iterator[int] = field(default_factory=itertools.count)
    durable: bool = False  # fsync on (benchmarks), off for tests

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def command(self, *argv: str) -> list[str]:
        """As the cluster's owner: `postgres` when the tests run as root."""
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *argv]
        return list(argv)

    def run(self, *argv: str) -> None:
        done = subprocess.run(
            self.command(*argv), capture_output=True, text=True, timeout=START_SECONDS
        )
        if done.returncode != 0:
            log = self.directory / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.strip()}\n{tail}")

    def init(self) -> None:
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail(
                    "Running as root, the test server runs as the `postgres` user, and there "
                    "is none: install postgresql-15 (it creates it) or run the tests as "
                    "another user.",
                    pytrace=False,
                )
            shutil.chown(self.directory, "postgres", "postgres")
        initdb = program("initdb")
        self.run(initdb, "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--no-sync")

    def start(self) -> None:
        # fsync off: a throwaway cluster need not survive a power cut, and with it on, each
        # test's CREATE DATABASE and the final checkpoint wait on the (shared) disk for seconds.
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.directory} -c max_connections=100 "
            f"-c fsync={'on' if self.durable else 'off'}"
        )
        self.run(
            program("pg_ctl"), "start", "-w", "-t", str(START_SECONDS), "-D", str(self.data),
            "-l", str(self.directory / "server.log"), "-o", options,
        )  # fmt: skip

    def stop(self) -> None:
        self.run(program("pg_ctl"), "stop", "-m", "fast", "-w", "-D", str(self.data))

    def database(self) -> str:
        """A new empty database's URL."""
        name = f"test_{os.getpid()}_{next(self.names)}"
        with psycopg.connect(self.url(), autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')  # pyright: ignore[reportArgumentType]
        return self.url(name)


@contextlib.contextmanager
def running_server(durable: bool = False) -> Iterator[PostgresServer]:
    directory = Path(tempfile.mkdtemp(prefix="soundalike-pg-"))
    server = PostgresServer(directory, durable=durable)
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(Exception):  # not started, or already stopped
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)

"""The README's console examples, run exactly as written over the real catalog, answer what the
README shows: its `> ` sessions line by line ("…" stands for what the README leaves out), and
its `python -m bot console …` command lines without an error."""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cogs.taste.handlers import TasteReplies
from bot.console import Console
from bot.host.settings import Settings
from bot.services import Services
from bot.storage import SQLiteTasteStore

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ERRORS = ("Sorry", "Unknown command", "has no option", "needs ", "takes a number", "Run /")


def sessions(text: str) -> list[tuple[str, list[str]]]:
    """(command, the lines the README shows under it) for every `> ` line of its text blocks,
    in order: together they are one console session."""
    shown: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```text\n(.*?)```", text, re.DOTALL):
        lines: list[str] | None = None  # a block without `> ` lines is no session
        for line in block.splitlines():
            if line.startswith("> "):
                lines = []
                shown.append((line[2:], lines))
            elif lines is not None:
                lines.append(line.rstrip())
    return shown


def typed_examples(text: str) -> list[str]:
    """The "things members type" lines: a text block's lines that are commands."""
    blocks = re.findall(r"```text\n(.*?)```", text, re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.startswith("/")]


def command_lines(text: str) -> list[list[str]]:
    """The arguments after `console` of every `python -m bot console …` the README shows
    with lines to run (without any it is the interactive console)."""
    found = [shlex.split(args) for args in re.findall(r"python -m bot console([^`\n]*)", text)]
    return [arguments for arguments in found if typed_lines(arguments)]


def typed_lines(arguments: list[str]) -> list[str]:
    """The console lines among the arguments (not `--user NAME`, `--out DIR`)."""
    lines, rest = [], iter(arguments)
    for argument in rest:
        if argument.startswith("--"):
            next(rest, None)
        else:
            lines.append(argument)
    return lines


def answers(output: str) -> dict[int, list[str]]:
    """The console's output split per command (in the order run)."""
    parts = re.split(r"^> .*$", output, flags=re.MULTILINE)[1:]
    return {
        n: [line.rstrip() for line in part.strip("\n").splitlines()] for n, part in enumerate(parts)
    }


def shows(expected: list[str], got: list[str]) -> bool:
    """Every expected line matches an output line, in order; "…" stands for anything."""
    lines = iter(got)
    for want in expected:
        if want == "…":
            continue
        pattern = ".*".join(re.escape(piece) for piece in want.split("…"))
        if not any(re.fullmatch(pattern, line) for line in lines):
            return False
    return True


def test_the_readme_has_console_examples_to_walk():
    shown = sessions(README)
    words = {command.split()[0] for command, _ in shown}
    assert {"/similar", "more", "love", "never", "export", "/features", "complete"} <= words
    assert all(lines for _, lines in shown)  # each shows what it answers
    assert len(command_lines(README)) >= 2 and len(typed_examples(README)) >= 5


@pytest.fixture
async def readme_console(real_rec, tmp_path, monkeypatch):
    """The console as `make console` starts it: the member `you`, a members' database, files
    written to the default folder under the current one."""
    monkeypatch.chdir(tmp_path)
    store = SQLiteTasteStore(tmp_path / "members.db")
    services = Services(real_rec, Settings(), store)
    taste = TasteReplies(real_rec, store, services.catalog, 180.0, services)
    out = io.StringIO()
    console = Console(services, out=out, taste=taste, user="you")
    yield console, out
    await store.close()


async def test_the_readme_console_session_answers_what_the_readme_shows(readme_console):
    console, out = readme_console
    shown = sessions(README)
    for command, _ in shown:
        out.write(f"> {command}\n")
        assert await console.handle(command)
    got = answers(out.getvalue())
    for n, (command, expected) in enumerate(shown):
        assert shows(expected, got[n]), f"> {command}\nREADME:\n{expected}\nconsole:\n{got[n]}"
    written = [
        Path(line.split("→ wrote ")[1])
        for line in out.getvalue().splitlines()
        if "→ wrote " in line
    ]
    assert written and all(path.stat().st_size > 0 and path.is_absolute() for path in written)
    assert any(path.read_bytes().startswith(b"\x89PNG") for path in written)  # the chart


def test_the_readme_command_lines_run_as_written(real_index, tmp_path):
    env = {
        **os.environ,
        "INDEX_DIR": str(real_index),
        "DATABASE_PATH": str(tmp_path / "members.db"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DISCORD_TOKEN", None)
    for arguments in command_lines(README):
        result = subprocess.run(
            [sys.executable, "-m", "bot", "console", *arguments],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        replies = answers(result.stdout)
        assert len(replies) == len(typed_lines(arguments)) >= 1
        for lines in replies.values():
            text = "\n".join(lines)
            assert lines and not any(error in text for error in ERRORS), text
            assert "╭ " in text or "Liked **" in text


async def test_what_the_readme_says_members_type_answers_with_a_box(readme_console):
    console, out = readme_console
    for line in typed_examples(README):
        out.seek(0)
        out.truncate()
        assert await console.handle(line)
        text = out.getvalue()
        assert text.startswith("╭ ") and not any(error in text for error in ERRORS), line


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_console_is_a_local_member_so_the_likes_commands_work():
    recipe = subprocess.run(
        ["make", "-n", "console"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    assert '-m bot console --user "you"' in recipe

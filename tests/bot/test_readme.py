"""The README's commands table says what the registered commands take: every command, every
option a member can type (by the name they type), and nothing that is not there."""

from __future__ import annotations

import re
from pathlib import Path

from discord import app_commands

README = Path(__file__).resolve().parents[2] / "README.md"


def commands_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]


def table_rows() -> list[str]:
    """The first cell of each row of the commands table."""
    rows = [line for line in commands_section().splitlines() if line.startswith("| ")]
    return [row.split(" | ")[0].removeprefix("| ") for row in rows[2:]]  # past the header


def said(cell: str) -> tuple[str, set[str]]:
    """`/similar song:<name> [genre:<genre>]` -> ("similar", {"song", "genre"})."""
    command = re.match(r"`/(\w+)", cell)
    assert command, cell
    return command[1], set(re.findall(r"[\s\[](\w+):", cell))


def registered(bot) -> dict[str, set[str]]:
    return {
        c.name: {p.display_name for p in c.parameters}
        for c in bot.tree.get_commands()
        if isinstance(c, app_commands.Command)
    }


def test_the_readme_table_lists_every_command_with_every_option_it_takes(bot):
    commands = registered(bot)
    documented: dict[str, set[str]] = {}
    for cell in table_rows():
        if cell.startswith("**Apps →"):  # the message menu
            menus = [
                c.name for c in bot.tree.get_commands() if not isinstance(c, app_commands.Command)
            ]
            assert any(name in cell for name in menus), cell
            continue
        name, options = said(cell)
        assert options <= commands.get(name, set()), (name, options)  # no option it lacks
        documented.setdefault(name, set()).update(options)
    assert documented == commands  # every command, every option


def test_what_members_type_in_the_readme_uses_options_the_commands_have(bot):
    commands = registered(bot)
    block = commands_section().split("```text\n", 1)[1].split("```", 1)[0]
    lines = block.strip().splitlines()
    assert lines
    for line in lines:
        name, options = said(f"`{line}")
        assert options <= commands[name], line

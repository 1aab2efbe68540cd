"""The console's commands are the registered app commands: every option a member can type in
Discord is accepted under the same name, a misspelt one is refused with the valid ones, and
a command runs through its own callback."""

from __future__ import annotations

import io

import pytest
from discord import AppCommandOptionType

from bot.cogs.taste.handlers import TasteReplies
from bot.console import CommandTable, Console, OptionError
from bot.host.settings import Settings
from bot.services import Services
from bot.storage import SQLiteTasteStore


def sample(param) -> str:
    """A value the option accepts, as a member would type it."""
    if param.choices:
        return str(param.choices[-1].value)
    if param.type is AppCommandOptionType.boolean:
        return "yes"
    if param.type in (AppCommandOptionType.integer, AppCommandOptionType.number):
        return str(param.max_value if param.max_value is not None else 3)
    return "golden heart 01"


@pytest.fixture
def console(synthetic_rec):
    out = io.StringIO()
    return Console(Services(synthetic_rec, Settings()), out=out), out


@pytest.fixture
async def member_console(synthetic_rec, tmp_path):
    """The console as `--user ada`, over a real members' database."""
    store = SQLiteTasteStore(tmp_path / "members.db")
    services = Services(synthetic_rec, Settings(), store)
    taste = TasteReplies(synthetic_rec, store, services.catalog, 180.0, services)
    out = io.StringIO()
    yield Console(services, out=out, taste=taste, user="ada"), out
    await store.close()


@pytest.mark.parametrize("who", ["console", "member_console"])
def test_every_registered_option_is_accepted_and_listed_under_its_member_name(who, request):
    session, _ = request.getfixturevalue(who)
    table: CommandTable = session.table
    help_text = session.help_text()
    checked = 0
    for name, (_, command) in table.commands.items():
        assert f"/{name}" in help_text
        for param in command.parameters:
            assert f"{param.display_name}:<" in help_text
            arguments = table.arguments(
                name,
                {p.display_name: sample(p) for p in command.parameters if p.required}
                | {param.display_name: sample(param)},
            )
            assert param.name in arguments  # the callback's own parameter name
            checked += 1
    assert checked >= 14 and {"similar", "bridge", "features", "genres"} <= set(table.commands)
    if session.taste is not None:  # the likes commands are the member's too
        assert {"like", "dislike", "likes", "forget", "mix"} <= set(table.commands)


def test_bridge_options_are_the_names_members_type(console):
    session, _ = console
    arguments = session.table.arguments("bridge", {"from": "a", "to": "b", "steps": "3"})
    assert arguments == {"start": "a", "end": "b", "steps": 3}
    with pytest.raises(OptionError, match="needs to:"):
        session.table.arguments("bridge", {"from": "a"})


async def test_a_misspelt_option_is_refused_with_the_valid_ones_and_nothing_runs(console):
    session, out = console
    await session.handle("/similar song:golden heart 01 mod:happy")
    text = out.getvalue()
    assert "/similar has no option mod:; its options:" in text and "[mood:<happy|" in text
    assert "╭ Songs like" not in text


async def test_values_are_checked_as_discord_checks_them(console):
    session, out = console
    for line in (
        "/similar song:golden heart 01 count:99",
        "/similar song:golden heart 01 count:many",
        "/similar song:golden heart 01 scene:perhaps",
        "/similar song:golden heart 01 mood:grumpy",
    ):
        await session.handle(line)
    text = out.getvalue()
    assert "count must be from 1 to 25, got 99." in text
    assert "count takes a number, got 'many'." in text
    assert "scene is yes or no, got 'perhaps'." in text
    assert "mood is one of happy, sad, calm" in text and "got 'grumpy'" in text
    assert "╭ Songs like" not in text


async def test_a_command_runs_through_its_own_callback(console):
    session, out = console
    await session.handle("/similar song:golden heart 01 mood:calm scene:yes count:3")
    await session.handle("/genres")
    await session.handle("/nothing")
    text = out.getvalue()
    assert "╭ Songs like Golden Heart 01" in text and "│ *Steered:* mood calm" in text
    assert "╭ Genres in the catalog" in text
    assert "Unknown command /nothing. Commands: /bridge, /dislike, /features" in text


async def test_a_member_likes_and_mixes_through_the_same_commands(member_console):
    session, out = member_console
    for line in ("/like song:golden heart 01", "/dislike song:silent summer 02 artist:yes"):
        await session.handle(line)
    await session.handle("/mix count:3 popularity:any")
    await session.handle("/mix colour:blue")
    text = out.getvalue()
    assert "Liked **Golden Heart 01 — Band 0-1**" in text
    assert "Left out **Band 0-2**" in text
    assert "╭ A mix for ada" in text
    assert "/mix has no option colour:; its options: [genre:<genre>] [mood:<" in text

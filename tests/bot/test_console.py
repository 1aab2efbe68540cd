"""The console's commands are the registered app commands: every option a member can type in
Discord is accepted under the same name, a misspelt one is refused with the valid ones, and
a command runs through its own callback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from discord import AppCommandOptionType

from bot.cogs.taste.handlers import TasteReplies
from bot.console import CommandTable, Console, OptionError
from bot.console.session import WORDS, control_label
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


async def test_text_longer_than_discord_takes_is_refused_as_discord_refuses_it(console):
    session, out = console
    await session.handle("/similar song:" + "golden heart " * 20)
    await session.handle("/similar genre:" + "pop" * 100)
    text = out.getvalue()
    assert "song is at most 200 characters, got 259." in text
    assert "genre is at most 200 characters, got 300." in text
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
    assert "Unknown command /nothing. Commands: /blend, /bridge, /dislike, /features" in text


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


async def type_lines(session: Console, *lines: str) -> None:
    for line in lines:
        await session.handle(line)


async def test_more_takes_only_a_number_shown_on_the_page_and_names_the_valid_ones(console):
    session, out = console
    await session.handle("/similar song:golden heart 01 count:3")
    for line in ("more 0", "more -1", "like 0", "more 4", "more two"):
        await session.handle(line)
    await session.handle("next")
    await session.handle("more 3")  # on page 2: #3 is not shown (it was #6 that `like 3` took)
    text = out.getvalue()
    assert text.count("more takes a number shown on this page: 1-3.") == 5
    assert "more takes a number shown on this page: 4-6." in text
    assert text.count("╭ Songs like") == 2  # the list and its page 2: no pivot happened
    assert "(`like N` is now `more N`" in text and "`love N`" in text

    await session.handle("more 5")
    fifth = text.split("│ 5. ")[1].split(" — ")[0]
    after = out.getvalue()[len(text) :]
    assert after.startswith(f"╭ Songs like {fifth}")


async def test_every_reply_with_controls_names_the_words_that_press_them(member_console):
    session, out = member_console
    await type_lines(
        session,
        "/similar song:golden heart 01 count:4",
        "/like song:golden heart 01",
        "/likes",
        "/bridge from:golden heart 01 to:silent summer 02 steps:2",
        "/forget",
    )
    text = out.getvalue()
    assert "  ↳ type: next · export · more N · love N · never N  (N: 1-4)" in text
    assert "  ↳ type: export" in text  # your likes: one page
    assert "  ↳ type: more N  (N: 0, 1, 2, 3)" in text
    assert "  ↳ type: confirm · cancel" in text
    # Every button and menu on those replies (links aside) has its word.
    views = [session.forget_view, session.view]
    await type_lines(session, "more 1")
    views.append(session.view)
    await type_lines(session, "/likes")
    views.append(session.view)
    for view in views:
        labels = [control_label(item) for item in view.children]
        assert all(label is None or label in WORDS for label in labels), labels


async def test_every_control_a_member_sees_can_be_pressed_by_its_word(member_console, tmp_path):
    """Each button and menu under a list, a bridge, your likes and /forget: its word runs
    and answers, not an error."""
    session, out = member_console
    session.out_dir = tmp_path / "files"

    async def answer(line: str) -> str:
        start = len(out.getvalue())
        await session.handle(line)
        return out.getvalue()[start:]

    await answer("/similar song:golden heart 01 count:2")
    assert "page 2/" in await answer("next")
    assert "page 1/" in await answer("prev")
    assert (await answer("love 1")).startswith("(only you can see this)\nLiked **")
    assert (await answer("never 2")).startswith("(only you can see this)\nDisliked **")
    assert "→ wrote " in await answer("export")
    assert (await answer("more 1")).startswith("╭ Songs like ")
    await answer("/bridge from:golden heart 01 to:silent summer 02 steps:2")
    assert (await answer("more 3")).startswith("╭ Songs like Silent Summer 02")
    await answer("/likes")
    assert "→ wrote " in await answer("export")
    await answer("/forget")
    assert "Done: I deleted 1 liked song, 1 disliked song" in await answer("confirm")
    assert "Sorry" not in out.getvalue()


async def test_love_and_never_are_the_menus_and_record_for_the_member(member_console):
    session, out = member_console
    await session.handle("/similar song:golden heart 01 count:3")
    listed = out.getvalue().split("│ 2. ")[1].split(" · ")[0]
    await type_lines(
        session,
        "love 2",
        "never 3",
        "love 9",
        "/likes",
    )
    text = out.getvalue()
    assert f"Liked **{listed}**" in text
    assert "love takes a number shown on this page: 1-3." in text
    assert f"│ 1. {listed}" in text and "1 liked song · 1 disliked song" in text


async def test_without_a_member_love_says_how_to_get_one(console):
    session, out = console
    await type_lines(
        session,
        "love 1",
        "/similar song:golden heart 01 count:3",
        "love 1",
        "/help",
    )
    text = out.getvalue()
    assert "Run /similar first." in text
    assert "love N remembers you: start the console with --user NAME (make console does)." in text
    assert "With --user NAME (make console gives you one): /like, /dislike, /likes" in text


async def test_export_writes_every_page_of_the_list_and_prints_the_paths(console, tmp_path):
    session, out = console
    session.out_dir = tmp_path / "exports"
    await type_lines(
        session,
        "/similar song:golden heart 01 count:3",
        "export",
    )
    text = out.getvalue()
    paths = [Path(line.split("→ wrote ")[1]) for line in text.splitlines() if "→ wrote" in line]
    assert [p.name for p in paths] == [
        "songs-like-golden-heart-01-soundalike.csv",
        "songs-like-golden-heart-01-soundalike-links.txt",
    ]
    assert all(p.parent == session.out_dir.absolute() for p in paths)
    rows = paths[0].read_text().splitlines()
    pages = int(text.split("page 1/")[1].split()[0])
    assert rows[0] == "title,artist,spotify_url" and len(rows) - 1 > 3 * (pages - 1)
    assert f"{len(rows) - 1} songs: a table (title, artist, link)" in text
    assert paths[1].read_text().count("https://open.spotify.com/track/") == len(rows) - 1


async def test_features_writes_its_chart_to_a_file_and_prints_the_path(console, tmp_path):
    session, out = console
    session.out_dir = tmp_path / "charts"
    await session.handle("/features song:golden heart 01")
    wrote = [line for line in out.getvalue().splitlines() if line.startswith("→ wrote ")]
    assert len(wrote) == 1
    chart = Path(wrote[0].removeprefix("→ wrote "))
    assert chart.name == "golden-heart-01-band-0-1-profile.png"
    assert chart.read_bytes().startswith(b"\x89PNG")


async def test_complete_offers_what_the_autocomplete_offers(console):
    session, out = console
    await type_lines(
        session,
        "complete song golden heart",
        "complete genre ro",
        "complete from: silent",
        "complete mood happy",
    )
    text = out.getvalue()
    services = session.services
    songs = await services.song_choices("golden heart")
    assert songs and f"  {songs[0][0]}  →  song:{songs[0][1]}" in text
    assert "Autocomplete for genre:ro offers" in text and "\n  rock\n" in text
    assert "Autocomplete for from:silent offers" in text and "→  from:" in text
    assert "complete takes an option that autocompletes (song, song2, song3, artist" in text


def test_the_no_token_message_says_make_console(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env | {"PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "To try the bot without Discord, run: make console" in result.stderr

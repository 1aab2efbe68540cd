"""A console session: lines in, the bot's replies out; the words that press its buttons."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import discord

from bot.cogs.bridge.view import BridgeView
from bot.cogs.help.guide import help_embeds
from bot.cogs.message_menu.menu import songs_like_this
from bot.cogs.radio.view import RadioButton
from bot.cogs.taste.handlers import TasteReplies
from bot.cogs.taste.views import ForgetView, LikesView
from bot.console.commands import (
    MEMBER_COMMANDS,
    CommandTable,
    OptionError,
    Sent,
    console_member,
    parse,
)
from bot.console.render import render
from bot.i18n import t
from bot.services import Services
from bot.ui.reply import Reply
from bot.ui.song_list import ExportButton, SongListView, VerdictMenu

log = logging.getLogger(__name__)
OUT_DIR = Path("soundalike-files")  # where charts and exports are written, unless --out
# The words that press a reply's controls, by the control's English label (as `t` is given
# it); every button or menu the bot shows has one, or is a link.
WORDS = {
    "◀ Previous": "prev",
    "Next ▶": "next",
    "Export": "export",
    "Find songs like…": "more N",
    "♥ Like a song…": "love N",
    "✕ Never recommend a song to me…": "never N",
    "Delete everything": "confirm",
    "Cancel": "cancel",
    "More like this": "more",
    "Skip": "skip",
    "Never": "never",
    "Stop": "stop",
    "Loosen": "loosen",
    "Saving likes: off": "save",
    "Saving likes: on": "save",
}
WORD_LABELS = {word.split()[0]: label for label, word in WORDS.items()}
# A radio card's words -> its buttons' action letters (`bot.cogs.radio.view`).
RADIO_WORDS = {"more": "m", "skip": "s", "never": "n", "stop": "x", "save": "t", "loosen": "l"}
BUTTONS = """Then, the buttons and menus under a reply (N: a song's number on the page shown):
  next, prev        ◀ Previous / Next ▶: turn the page
  more N            "Find songs like…" song N: a new list that starts from it
  love N            "♥ Like a song…": save song N to your likes, as /like does
  never N           "✕ Never recommend a song to me…": as /dislike does
  export            Export: write the list as files (CSV and links) and print where
  confirm, cancel   answer /forget
  more, skip, never, stop, save, loosen   a /radio card's buttons (more and never alone)
  menu TEXT         the "Songs like this" message menu, on a message's text
  complete OPTION TEXT   what autocomplete offers while typing: complete song blin
  help, quit
Charts (/features) and exports are written to {out}/."""
MEMBER_ONLY = "{word} remembers you: start the console with --user NAME (make console does)."
LIKE_IS_MORE = (
    "(`like N` is now `more N`: songs like song N. To save song N to your likes, "
    "as /like does: `love N`.)"
)


class Console:
    def __init__(
        self,
        services: Services,
        out: TextIO = sys.stdout,
        taste: TasteReplies | None = None,
        user: str | None = None,
        out_dir: Path | None = None,
    ) -> None:
        self.services = services
        self.out = out
        self.taste = taste if user else None
        self.user = user or "you"
        self.member_id = console_member(user) if user else 0
        self.out_dir = out_dir or OUT_DIR
        self.view: SongListView | LikesView | BridgeView | None = None
        self.forget_view: ForgetView | None = None
        self.radio: discord.ui.View | None = None  # the last radio card's buttons
        self.table = CommandTable(services, self.taste)

    async def handle(self, line: str) -> bool:
        """Run one line; False means quit. Like the bot, never shows a traceback."""
        line = line.strip()
        if not line:
            return True
        word = line.split()[0].lower() if line[0] != "/" else ""
        if word in ("quit", "exit"):
            return False
        try:
            await self.dispatch(word, line)
        except Exception:
            error_id = secrets.token_hex(4)
            log.exception("console command %r failed [error id %s]", line, error_id)
            self.say(f"Sorry, something went wrong (error id {error_id}).")
        return True

    async def dispatch(self, word: str, line: str) -> None:
        rest = line.split(maxsplit=1)[1] if " " in line else ""
        if word == "help":
            self.say(self.help_text())
        elif word in RADIO_WORDS and self.radio is not None and not rest.strip():
            await self.press_radio(word)
        elif word in ("next", "prev"):
            await self.turn(+1 if word == "next" else -1)
        elif word in ("more", "like"):
            if word == "like":
                self.say(LIKE_IS_MORE)
            await self.more(rest)
        elif word in ("love", "never"):
            await self.verdict(word, rest)
        elif word == "export":
            await self.export()
        elif word in ("confirm", "cancel"):
            await self.answer_forget(word == "confirm")
        elif word == "menu":
            text = line[4:].replace("\\n", "\n")
            await self.show(await songs_like_this(self.services, text, self.member_id))
        elif word == "complete":
            await self.complete(rest)
        elif line.startswith("/"):
            await self.command(line)
        else:
            self.say("Type a command such as /similar song:blinding lights — or help.")

    async def command(self, line: str) -> None:
        name, typed = parse(line)
        if name == "help":
            commands = [command for _, command in self.table.commands.values()]
            first, *more = help_embeds(commands, {}, self.services.catalog)
            self.say(render(Reply(embed=first, more_embeds=tuple(more), ephemeral=True)))
            if self.taste is None:
                self.say(self.member_line())
            return
        if name not in self.table.commands:
            if name in MEMBER_COMMANDS:
                self.say(MEMBER_ONLY.format(word=f"/{name}"))
            else:
                known = ", ".join(f"/{n}" for n in self.table.names)
                self.say(f"Unknown command /{name}. Commands: {known}; or help.")
            return
        try:
            arguments = self.table.arguments(name, typed)
        except OptionError as exc:
            self.say(f"(only you can see this)\n{exc}")
            return
        self.print_sent(await self.table.run(name, arguments, self.member_id, self.user))

    def print_sent(self, sent: Sent) -> None:
        """Each reply, the words for its controls, then where its files were written."""
        for reply in sent.replies:
            self.keep(reply)
            self.say(render(reply))
            self.say_controls(reply)
        for path in self.save(sent.files, sent.replies):
            self.say(f"→ wrote {path}")

    def save(self, files: Sequence[tuple[str, bytes]], replies: Sequence[Reply]) -> list[Path]:
        """Write files where the member can open them, named after what they show (the
        song, the list) so one does not overwrite another's."""
        if not files:
            return []
        titles = [r.embed.title for r in replies if r.embed and r.embed.title]
        if isinstance(self.view, SongListView | LikesView) and not titles:
            titles = [self.shown_title()]
        prefix = slug(titles[0]) if titles and titles[0] else ""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, data in files:
            path = (self.out_dir / (f"{prefix}-{name}" if prefix else name)).absolute()
            path.write_bytes(data)
            paths.append(path)
        return paths

    def shown_title(self) -> str:
        if isinstance(self.view, SongListView):
            return self.view.embed().title or ""
        if isinstance(self.view, LikesView):
            return self.view.render(self.view.page).title or ""
        return ""

    def keep(self, reply: Reply) -> None:
        """Remember the controls a reply carries, for the words that press them."""
        if isinstance(reply.view, SongListView | LikesView | BridgeView):
            self.view = reply.view
        elif isinstance(reply.view, ForgetView):
            self.forget_view = reply.view
        elif reply.view is not None and any(
            isinstance(i, RadioButton) for i in reply.view.children
        ):
            self.radio = reply.view

    async def press_radio(self, word: str) -> None:
        """A radio card's button, through its own callback (as Discord would press it)."""
        assert self.radio is not None
        button = next(
            (
                i
                for i in self.radio.children
                if isinstance(i, RadioButton) and i.action == RADIO_WORDS[word]
            ),
            None,
        )
        if button is None:
            self.say(f"This radio card has no {word} button now.")
            return
        self.print_sent(await self.table.press(button, self.member_id, self.user, None))

    def help_text(self) -> str:
        lines = ["Commands (as in Discord; options as name:value):", *self.table.help_lines()]
        if self.taste is None:
            lines.append(self.member_line())
        return "\n".join([*lines, BUTTONS.format(out=self.out_dir)])

    def member_line(self) -> str:
        named = ", ".join("/" + n for n in MEMBER_COMMANDS)
        return f"With --user NAME (make console gives you one): {named}, love N, never N"

    async def answer_forget(self, confirmed: bool) -> None:
        if self.forget_view is None:
            self.say("Run /forget first.")
            return
        view, self.forget_view = self.forget_view, None
        self.say(await view.answer(confirmed))

    async def turn(self, delta: int) -> None:
        view = self.view
        if view is None:
            self.say("Run /similar first.")
        elif isinstance(view, BridgeView):
            self.say(f"A bridge has one page; more <N> takes a number shown ({numbers(view)}).")
        else:
            await self.show(Reply(embed=view.turn(delta), view=view))

    async def more(self, typed: str) -> None:
        """ "Find songs like…" song N: on a list or a bridge, a new list from it."""
        view = self.view
        if isinstance(view, BridgeView):
            track_id = self.picked(view, "more", typed)
            if track_id is not None:
                listed = await view.list_like(track_id)
                await self.show(Reply(embed=listed.embed(), view=listed))
            return
        if not isinstance(view, SongListView):
            self.say(self.no_list("more N"))
            return
        track_id = self.picked(view, "more", typed)
        if track_id is not None:
            await self.show(Reply(embed=await view.pivot(track_id), view=view))

    async def verdict(self, word: str, typed: str) -> None:
        """ "♥ Like a song…" / "✕ Never recommend a song to me…" song N, through the menu's
        own callback (it records the verdict for whoever picks)."""
        view = self.view
        if not isinstance(view, SongListView):
            self.say(self.no_list(f"{word} N"))
            return
        if self.taste is None:
            self.say(MEMBER_ONLY.format(word=f"{word} N"))
            return
        track_id = self.picked(view, word, typed)
        if track_id is None:
            return
        menu = next(
            i for i in view.children if isinstance(i, VerdictMenu) and i.like == (word == "love")
        )
        self.print_sent(await self.table.press(menu, self.member_id, self.user, [track_id]))

    async def export(self) -> None:
        """Export, through the button's own callback; the files it attaches are written."""
        view = self.view
        if not isinstance(view, SongListView | LikesView):
            self.say(self.no_list("export"))
            return
        export = t(WORD_LABELS["export"])
        button = next(
            (i for i in view.children if control_label(i) == export or isinstance(i, ExportButton)),
            None,
        )
        if button is None:
            self.say("This list has nothing to export.")
            return
        self.print_sent(await self.table.press(button, self.member_id, self.user, None))

    async def complete(self, typed: str) -> None:
        """What autocomplete offers for an option while typing, from the same lookups."""
        offers = self.table.completing()
        option, _, text = typed.partition(" ")
        if option.rstrip(":") not in offers:
            named = ", ".join(offers)
            self.say(f"complete takes an option that autocompletes ({named}) and some text.")
            return
        option = option.rstrip(":")
        services = self.services
        kind = offers[option]
        if kind == "song":
            choices = await services.song_choices(text)
        elif kind == "artist":
            choices = await services.artist_choices(text)
        else:
            choices = services.genre_choices(text)
        if not choices:
            self.say(f"Autocomplete offers nothing for {option}:{text}")
            return
        self.say(f"Autocomplete for {option}:{text} offers (picking one sends its value):")
        for label, value in choices:
            self.say(f"  {label}" + ("" if value == label else f"  →  {option}:{value}"))

    def picked(self, view: SongListView | BridgeView, word: str, typed: str) -> str | None:
        """The track id of song N on the page shown; None, said why, for any other N."""
        shown = shown_songs(view)
        track_id = shown.get(typed.strip())
        if track_id is None:
            self.say(f"{word} takes a number shown on this page: {numbers(view)}.")
        return track_id

    def no_list(self, words: str) -> str:
        if self.view is None:
            return "Run /similar first."
        return f"{words} works on a list of songs: run /similar first."

    async def show(self, reply: Reply) -> None:
        self.keep(reply)
        self.say(render(reply))
        self.say_controls(reply)

    def say_controls(self, reply: Reply) -> None:
        hint = controls(reply.view) if reply.view is not None else ""
        if hint:
            self.say(hint)

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)


def control_label(item: discord.ui.Item) -> str | None:
    """A control's label (a button's) or placeholder (a menu's)."""
    if isinstance(item, discord.ui.DynamicItem):
        item = item.item
    if isinstance(item, discord.ui.Button):
        return None if item.url else item.label
    if isinstance(item, discord.ui.Select):
        return item.placeholder
    return None


def controls(view: discord.ui.View) -> str:
    """The words that press a reply's controls, with the numbers N can be."""
    by_label = {t(label): word for label, word in WORDS.items()}
    words: list[str] = []
    for item in view.children:
        word = by_label.get(control_label(item) or "")
        control = item.item if isinstance(item, discord.ui.DynamicItem) else item
        if word is not None and word not in words and not getattr(control, "disabled", False):
            words.append(word)
    hint = "  ↳ type: " + " · ".join(words) if words else ""
    if any(w.endswith(" N") for w in words) and isinstance(view, SongListView | BridgeView):
        hint += f"  (N: {numbers(view)})"
    return hint


def shown_songs(view: SongListView | BridgeView) -> dict[str, str]:
    """The numbers on the page shown, as typed, to their track ids."""
    if isinstance(view, BridgeView):
        return {o.label.split(".")[0]: o.value for o in view.menu.options}
    source, page = view.source, view.page
    items = source.items(page)
    return {str(n): i.track.track_id for n, i in enumerate(items, start=source.first_number(page))}


def numbers(view: SongListView | BridgeView) -> str:
    shown = list(shown_songs(view))
    if isinstance(view, SongListView) and len(shown) > 2:
        return f"{shown[0]}-{shown[-1]}"
    return ", ".join(shown)


def slug(title: str) -> str:
    """A title as a file name's start: "Songs like Blinding Lights" -> songs-like-blinding-lights."""
    return re.sub(r"\W+", "-", title.casefold()).strip("-")[:60]


async def run_console(
    services: Services,
    commands: list[str],
    stream: TextIO = sys.stdin,
    taste: TasteReplies | None = None,
    user: str | None = None,
    out_dir: Path | None = None,
) -> None:
    console = Console(services, taste=taste, user=user, out_dir=out_dir)
    if commands:
        for line in commands:
            console.say(f"> {line}")
            await console.handle(line)
        return
    console.say(console.help_text())
    while True:
        console.say("")
        line = await asyncio.to_thread(_prompt, stream)
        if line is None or not await console.handle(line):
            break


def _prompt(stream: TextIO) -> str | None:
    if stream is sys.stdin and stream.isatty():
        try:
            return input("> ")
        except EOFError:
            return None
    line = stream.readline()
    return line if line else None

"""A console session: lines in, the bot's replies out; the words that press its buttons."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import sys
from typing import TextIO

from bot.cogs.bridge.view import BridgeView
from bot.cogs.help.guide import help_embed
from bot.cogs.message_menu.menu import songs_like_this
from bot.cogs.taste.handlers import TasteReplies
from bot.cogs.taste.views import ForgetView, LikesView
from bot.console.commands import MEMBER_COMMANDS, CommandTable, OptionError, parse
from bot.console.render import render
from bot.services import Services
from bot.ui.reply import Reply
from bot.ui.song_list import SongListView

log = logging.getLogger(__name__)
BUTTONS = """Then, as the buttons and menus under a reply:
  next, prev     turn the page
  like <N>       find songs like result N
  confirm, cancel   answer /forget
  menu <a message's text>   the "Songs like this" message menu
  help, quit"""


def console_member(name: str) -> int:
    """A stable id for a console member. Negative, so it can never be a Discord member's
    (snowflakes are positive): console likes stay apart from real members' likes."""
    digest = hashlib.sha256(name.strip().casefold().encode()).digest()
    return -(int.from_bytes(digest[:7], "big") + 1)


class Console:
    def __init__(
        self,
        services: Services,
        out: TextIO = sys.stdout,
        taste: TasteReplies | None = None,
        user: str | None = None,
    ) -> None:
        self.services = services
        self.out = out
        self.taste = taste if user else None
        self.user = user or "you"
        self.member_id = console_member(user) if user else 0
        self.view: SongListView | LikesView | BridgeView | None = None
        self.forget_view: ForgetView | None = None
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
        if word == "help":
            self.say(self.help_text())
        elif word in ("next", "prev", "like"):
            await self.press(word, line)
        elif word in ("confirm", "cancel"):
            await self.answer_forget(word == "confirm")
        elif word == "menu":
            await self.show(await songs_like_this(self.services, line[4:].replace("\\n", "\n"), 0))
        elif line.startswith("/"):
            await self.command(line)
        else:
            self.say("Type a command such as /similar song:blinding lights — or help.")

    async def command(self, line: str) -> None:
        name, typed = parse(line)
        if name == "help":
            commands = [command for _, command in self.table.commands.values()]
            embed = help_embed(commands, {}, self.services.catalog)
            self.say(render(Reply(embed=embed, ephemeral=True)))
            return
        if name not in self.table.commands:
            if name in MEMBER_COMMANDS:
                self.say(f"/{name} remembers you: start the console with --user NAME.")
            else:
                known = ", ".join(f"/{n}" for n in self.table.names)
                self.say(f"Unknown command /{name}. Commands: {known}; or help.")
            return
        try:
            arguments = self.table.arguments(name, typed)
        except OptionError as exc:
            self.say(f"(only you can see this)\n{exc}")
            return
        for reply in await self.table.run(name, arguments, self.member_id, self.user):
            self.keep(reply)
            self.say(render(reply))

    def keep(self, reply: Reply) -> None:
        """Remember the controls a reply carries, for the words that press them."""
        if isinstance(reply.view, SongListView | LikesView | BridgeView):
            self.view = reply.view
        elif isinstance(reply.view, ForgetView):
            self.forget_view = reply.view

    def help_text(self) -> str:
        lines = ["Commands (as in Discord; options as name:value):", *self.table.help_lines()]
        if self.taste is None:
            lines.append(f"With --user NAME: {', '.join('/' + n for n in MEMBER_COMMANDS)}")
        return "\n".join([*lines, BUTTONS])

    async def answer_forget(self, confirmed: bool) -> None:
        if self.forget_view is None:
            self.say("Run /forget first.")
            return
        view, self.forget_view = self.forget_view, None
        self.say(await view.answer(confirmed))

    async def press(self, word: str, line: str) -> None:
        if self.view is None:
            self.say("Run /similar first.")
            return
        if isinstance(self.view, LikesView):
            if word == "like":
                self.say("like <N> works on a /similar list.")
                return
            self.say(render(Reply(embed=self.view.turn(+1 if word == "next" else -1))))
            return
        if isinstance(self.view, BridgeView):
            await self.press_bridge(self.view, word, line)
            return
        if word == "like":
            source, page = self.view.source, self.view.page
            items, first = source.items(page), source.first_number(page)
            try:
                track = items[int(line.split()[1]) - first].track
            except (IndexError, ValueError):
                self.say(
                    f"like takes a number shown on this page ({first}-{first + len(items) - 1})."
                )
                return
            embed = await self.view.pivot(track.track_id)
        else:
            embed = self.view.turn(+1 if word == "next" else -1)
        self.say(render(Reply(embed=embed, view=self.view)))

    async def show(self, reply: Reply) -> None:
        self.keep(reply)
        self.say(render(reply))

    async def press_bridge(self, bridge: BridgeView, word: str, line: str) -> None:
        """A bridge has one page; `like N` starts a list from the song numbered N."""
        numbers = {o.label.split(".")[0]: o.value for o in bridge.menu.options}
        picked = numbers.get(line.split()[1]) if word == "like" and len(line.split()) > 1 else None
        if picked is None:
            self.say(
                f"A bridge has one page; like <N> takes a number shown ({', '.join(numbers)})."
            )
            return
        listed = await bridge.list_like(picked)
        self.view = listed
        self.say(render(Reply(embed=listed.embed(), view=listed)))

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)


async def run_console(
    services: Services,
    commands: list[str],
    stream: TextIO = sys.stdin,
    taste: TasteReplies | None = None,
    user: str | None = None,
) -> None:
    console = Console(services, taste=taste, user=user)
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

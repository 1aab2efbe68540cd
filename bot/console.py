"""`python -m bot console`: the bot's replies as text, no Discord account needed.

Commands go through the same `Services` the cogs use; buttons are typed as `next`, `prev`
and `like N`. With `--user NAME` the likes commands work too, for a member of that name, on
the bot's own database.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import secrets
import sys
from typing import TextIO

import discord

from bot.cogs.bridge.cog import BridgeCog
from bot.cogs.bridge.view import BridgeView
from bot.cogs.genres import GenresCog
from bot.cogs.help.guide import console_help
from bot.cogs.message_menu.menu import songs_like_this
from bot.cogs.profile.cog import FeaturesCog
from bot.cogs.similar import SimilarCog
from bot.cogs.taste.handlers import TasteReplies
from bot.cogs.taste.views import ForgetView, LikesView
from bot.services import Services
from bot.ui.reply import Reply
from bot.ui.song_list import SongListView

log = logging.getLogger(__name__)
HELP = """Commands (as in Discord):
  /similar song:<name> [song2:<name>] [song3:<name>] [artist:<name>] [genre:<genre>] [scene:yes]
           [mood:<mood>] [popularity:mainstream|any|deep] [exclude_artist:<name>] [count:<1-25>]
  /bridge from:<song> to:<song> [steps:<1-25>]
  /features song:<name>
  /genres
  /help
  menu <a message's text>   (the "Songs like this" message menu)
With --user NAME: /like song:<name>, /dislike song:<name> [artist:yes], /likes, /forget,
  /mix [genre:<genre>] [mood:<mood>] [popularity:mainstream|any|deep] [count:<1-25>]
Then: next, prev, like <N> (find songs like result N), confirm or cancel (after /forget),
help, quit"""
TASTE_COMMANDS = ("like", "dislike", "likes", "forget", "mix")
_OPTION = re.compile(r"(?<!\S)(\w+):")  # a name at the start or after a space: not "https:"


def parse(line: str) -> tuple[str, dict[str, str]]:
    """ "/similar song:blinding lights genre:pop" -> ("similar", {"song": ..., "genre": "pop"})."""
    line = line.strip()
    name, _, rest = line.lstrip("/").partition(" ")
    options: dict[str, str] = {}
    parts = _OPTION.split(rest)
    for key, value in zip(parts[1::2], parts[2::2], strict=True):
        options[key.lower()] = value.strip()
    return name.lower(), options


def _number(raw: str | None, default: int) -> int:
    """A typed count; 0 for anything that is not a whole number, so the reply explains."""
    raw = raw or str(default)
    return int(raw) if raw.isdigit() else 0


def render_embed(embed: discord.Embed) -> list[str]:
    lines = []
    if embed.title:
        lines.append(f"╭ {embed.title}" + (f"  <{embed.url}>" if embed.url else ""))
    if embed.description:
        lines += [f"│ {_plain(line)}" for line in embed.description.splitlines()]
    for f in embed.fields:
        lines.append(f"│ {f.name}: {_plain(f.value)}")
    if embed.image and embed.image.url:
        lines.append(f"│ [image: {embed.image.url.removeprefix('attachment://')}]")
    if embed.footer and embed.footer.text:
        lines.append(f"╰ {embed.footer.text}")
    return lines


def render_view(view: discord.ui.View) -> list[str]:
    buttons, menus = [], []
    for item in view.children:
        if isinstance(item, discord.ui.DynamicItem):  # state in its custom id; shown the same
            item = item.item
        if isinstance(item, discord.ui.Button):
            mark = " (disabled)" if item.disabled else ""
            buttons.append(f"[{item.label}{' ↗ ' + item.url if item.url else ''}{mark}]")
        elif isinstance(item, discord.ui.Select):
            menus.append(f"[{item.placeholder} ▾ {len(item.options)} songs]")
    return [" ".join(buttons + menus)] if buttons or menus else []


def render(reply: Reply) -> str:
    lines = ["(only you can see this)"] if reply.ephemeral else []
    if reply.content:
        lines.append(reply.content)
    if reply.embed:
        lines += render_embed(reply.embed)
    if reply.attachment:
        lines.append(f"[attached: {reply.attachment[0]}, {len(reply.attachment[1]):,} bytes]")
    if reply.view:
        lines += render_view(reply.view)
    return "\n".join(lines)


def _plain(text: str) -> str:
    """Markdown to terminal text: links as 'name', bold/italics/escapes dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\\(.)", r"\1", text.replace("**", "").replace("`", ""))


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
            self.say(HELP)
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
        name, opts = parse(line)
        if name == "similar":
            reply = await SimilarCog(self.services).answer(
                opts.get("song"),
                opts.get("genre"),
                _number(opts.get("count"), 10),
                owner_id=self.member_id,
                more_songs=(opts.get("song2"), opts.get("song3")),
                artist=opts.get("artist"),
                mood=opts.get("mood"),
                popularity=opts.get("popularity"),
                exclude_artist=opts.get("exclude_artist"),
                scene=opts.get("scene", "").lower() in ("yes", "true", "1"),
            )
            self.view = reply.view if isinstance(reply.view, SongListView) else self.view
        elif name == "bridge":
            if not (opts.get("from") and opts.get("to")):
                self.say("/bridge needs from:<song> and to:<song>.")
                return
            steps = _number(opts.get("steps"), 8)
            reply = await BridgeCog(self.services).answer(
                opts["from"], opts["to"], steps, owner_id=0
            )
            self.view = reply.view if isinstance(reply.view, BridgeView) else self.view
        elif name == "features":
            if not opts.get("song"):
                self.say("/features needs song:<name>.")
                return
            reply = await FeaturesCog(self.services).answer(opts["song"])
        elif name == "genres":
            reply = await GenresCog(self.services).answer()
        elif name in TASTE_COMMANDS:
            reply = await self.taste_command(name, opts)
            if reply is None:
                return
        elif name == "help":
            reply = console_help(self.services)
        else:
            self.say(f"Unknown command /{name}. " + HELP)
            return
        self.say(render(reply))

    async def taste_command(self, name: str, opts: dict[str, str]) -> Reply | None:
        taste, member = self.taste, self.member_id
        if taste is None:
            self.say(f"/{name} remembers you: start the console with --user NAME.")
            return None
        if name in ("like", "dislike") and not opts.get("song"):
            self.say(f"/{name} needs song:<name>.")
            return None
        if name == "like":
            return await taste.like(member, opts["song"])
        if name == "dislike":
            whole_artist = opts.get("artist", "").lower() in ("yes", "true", "1")
            return await taste.dislike(member, opts["song"], whole_artist)
        if name == "likes":
            reply = await taste.likes(member, self.user)
            self.view = reply.view if isinstance(reply.view, LikesView) else self.view
            return reply
        if name == "forget":
            reply = await taste.forget_prompt(member)
            self.forget_view = reply.view if isinstance(reply.view, ForgetView) else None
            return reply
        count = _number(opts.get("count"), 10)
        return await taste.mix(
            member, self.user, opts.get("genre"), count, opts.get("mood"), opts.get("popularity")
        )

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
            await self.press_bridge(word, line)
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
        self.view = reply.view if isinstance(reply.view, SongListView) else self.view
        self.say(render(reply))

    async def press_bridge(self, word: str, line: str) -> None:
        """A bridge has one page; `like N` starts a list from the song numbered N."""
        numbers = {o.label.split(".")[0]: o.value for o in self.view.menu.options}
        picked = numbers.get(line.split()[1]) if word == "like" and len(line.split()) > 1 else None
        if picked is None:
            self.say(
                f"A bridge has one page; like <N> takes a number shown ({', '.join(numbers)})."
            )
            return
        self.view = await self.view.list_like(picked)
        self.say(render(Reply(embed=self.view.embed(), view=self.view)))

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
    console.say(HELP)
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

"""The console's commands are the bot's registered app commands: the same cogs are built, a
typed line is checked against each command's own parameters (the names members see, their
types, ranges and choices), and the command's own callback runs with a stand-in interaction
that hands back what it would have sent. Adding an option to a command adds it here too."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

import discord
from discord import app_commands

from bot.app import cog_commands, feature_cogs
from bot.cogs.blend.cog import BlendCog
from bot.cogs.blend.handlers import BlendReplies
from bot.cogs.radio.cog import RadioCog
from bot.cogs.taste.cog import TasteCog
from bot.cogs.taste.handlers import TasteReplies
from bot.services import Services
from bot.ui.reply import Reply

_OPTION = re.compile(r"(?<!\S)(\w+):")  # a name at the start or after a space: not "https:"
TRUE, FALSE = ("yes", "true", "1", "on"), ("no", "false", "0", "off")
# The likes commands need a member; without --user the console still knows their names.
MEMBER_COMMANDS = tuple(
    c.name for cog in (TasteCog, BlendCog, RadioCog) for c in cog.__cog_app_commands__
)
TYPE_HINTS = {
    discord.AppCommandOptionType.integer: "number",
    discord.AppCommandOptionType.number: "number",
    discord.AppCommandOptionType.boolean: "yes|no",
    discord.AppCommandOptionType.user: "member",
}
# Below any Discord member's id: a snowflake holds the milliseconds since 2015 shifted left
# by 22 bits, so every account's id is at least this.
SNOWFLAKE_FLOOR = 1 << 22


def console_member(name: str) -> int:
    """A stable id for a console member, below every Discord member's (see SNOWFLAKE_FLOOR):
    console likes stay apart from real members' likes. Positive, as a member's id is where
    lists carry it in their buttons' ids."""
    digest = hashlib.sha256(name.strip().casefold().encode()).digest()
    return int.from_bytes(digest[:8], "big") % (SNOWFLAKE_FLOOR - 1) + 1


# Console members by id, as their names were typed (`with:ada`): a blend names them so.
CONSOLE_NAMES: dict[int, str] = {}


def console_person(name: str) -> SimpleNamespace:
    """A member option in the console: another local member, by the name given to --user."""
    member = console_member(name)
    CONSOLE_NAMES[member] = name
    return SimpleNamespace(id=member, display_name=name, name=name, mention=f"@{name}", bot=False)


def console_mention(member: int) -> str:
    return f"@{CONSOLE_NAMES.get(member, member)}"


class OptionError(ValueError):
    """A typed option the command does not take, or a value it cannot take: the message
    says which, and what would do."""


def parse(line: str) -> tuple[str, dict[str, str]]:
    """ "/similar song:blinding lights genre:pop" -> ("similar", {"song": ..., "genre": "pop"})."""
    line = line.strip()
    name, _, rest = line.lstrip("/").partition(" ")
    options: dict[str, str] = {}
    parts = _OPTION.split(rest)
    for key, value in zip(parts[1::2], parts[2::2], strict=True):
        options[key.lower()] = value.strip()
    return name.lower(), options


@dataclass
class Sent:
    """What a command's callback, or a pressed control, sent through the stand-in
    interaction: the replies, and every file attached to them, in order."""

    replies: list[Reply] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)

    def record(
        self, *, content=None, embed=None, view=None, file=None, files=(), ephemeral=False, **_
    ):
        attached = [
            (f.filename, f.fp.read())
            for f in ([file] if file is not None else []) + list(files or ())
            if isinstance(f, discord.File)
        ]
        self.files += attached
        first = attached[0] if attached else None
        self.replies.append(Reply(content, embed, view, first, ephemeral))


class _Response:
    def __init__(self, sent: Sent) -> None:
        self.sent = sent
        self.done = False

    def is_done(self) -> bool:
        return self.done

    async def send_message(self, content: str | None = None, **kwargs: Any) -> None:
        self.done = True
        self.sent.record(content=content, **kwargs)

    async def edit_message(self, **kwargs: Any) -> None:
        """A control that changes its message in place (a radio's card): printed anew."""
        self.done = True
        self.sent.record(**kwargs)

    async def defer(self, **_: Any) -> None:  # "thinking…" has no console form
        self.done = True


class _Followup:
    def __init__(self, sent: Sent) -> None:
        self.sent = sent

    async def send(self, content: str | None = None, **kwargs: Any) -> None:
        self.sent.record(content=content, **kwargs)


class ConsoleInteraction:
    """What a command callback or a control touches of a `discord.Interaction`: who asked,
    the client's services, a menu's picked values, a response and a follow-up; what is sent
    lands in `sent`."""

    command = None  # a control's press, or a command the console runs itself
    type = discord.InteractionType.component  # what reaches the checks: a control's press
    channel_id = 0  # the console is no server channel
    guild_id = None

    def __init__(
        self, client: Any, member_id: int, member_name: str, values: list[str] | None = None
    ) -> None:
        self.client = client
        self.data = {"values": values} if values is not None else {}  # a menu's pick
        self.user = SimpleNamespace(
            id=member_id, display_name=member_name, name=member_name, mention=f"@{member_name}"
        )
        CONSOLE_NAMES.setdefault(member_id, member_name)
        self.locale = discord.Locale.american_english
        self.sent = Sent()
        self.response = _Response(self.sent)
        self.followup = _Followup(self.sent)
        self.extras: dict[str, Any] = {}  # as discord.py's: what the bot notes on the side

    async def edit_original_response(self, **_: Any) -> None:
        """A view that times out switches itself off; the console has nothing to edit."""


class CommandTable:
    """The registered slash commands by name, as the bot builds them."""

    def __init__(self, services: Services, taste: TasteReplies | None) -> None:
        cogs = feature_cogs(services, taste)
        self.commands: dict[str, tuple[Any, app_commands.Command]] = {
            command.name: (cog, command)
            for cog in cogs
            for command in cog_commands(cog)
            if isinstance(command, app_commands.Command)
        }
        radio = next((cog.desk for cog in cogs if isinstance(cog, RadioCog)), None)
        self.client = SimpleNamespace(
            services=services,
            settings=services.settings,
            taste=taste,
            blends=BlendReplies(taste) if taste is not None else None,
            radio=radio,
            mention_of=console_mention,
        )

    @property
    def names(self) -> list[str]:
        return sorted({*self.commands, *MEMBER_COMMANDS})

    def arguments(self, name: str, typed: dict[str, str]) -> dict[str, Any]:
        """The callback's keyword arguments for what was typed: every option must be one the
        command takes, with a value it accepts; required ones must be there."""
        _, command = self.commands[name]
        params = {p.display_name: p for p in command.parameters}
        unknown = [key for key in typed if key not in params]
        if unknown:
            raise OptionError(
                f"/{name} has no option {', '.join(f'{k}:' for k in unknown)}; "
                f"its options: {self.usage(name) or 'none'}."
            )
        missing = [
            p.display_name for p in command.parameters if p.required and p.display_name not in typed
        ]
        if missing:
            raise OptionError(f"/{name} needs {' and '.join(f'{m}:<…>' for m in missing)}.")
        return {params[key].name: _value(params[key], raw) for key, raw in typed.items()}

    async def run(
        self, name: str, arguments: dict[str, Any], member_id: int, member_name: str
    ) -> Sent:
        """Run the command's own callback; what it sent."""
        cog, command = self.commands[name]
        interaction = ConsoleInteraction(self.client, member_id, member_name)
        # The stand-in has the parts a callback touches (user, client, response, followup).
        await command.callback(cog, cast(discord.Interaction, interaction), **arguments)
        return interaction.sent

    async def press(
        self, item: discord.ui.Item, member_id: int, member_name: str, values: list[str] | None
    ) -> Sent:
        """Press a control as Discord would: its own check, then its own callback (a menu's
        pick in `values`); what it sent."""
        interaction = cast(
            discord.Interaction, ConsoleInteraction(self.client, member_id, member_name, values)
        )
        if await item.interaction_check(interaction):
            await item.callback(interaction)
        return cast(ConsoleInteraction, interaction).sent

    def completing(self) -> dict[str, str]:
        """Every option that autocompletes, by the name members type: what it offers
        ("song", "artist" or "genre")."""
        found: dict[str, str] = {}
        for _, command in self.commands.values():
            for param in command.parameters:
                if param.autocomplete:
                    found[param.display_name] = _offers(param)
        return found

    def usage(self, name: str) -> str:
        """ "song:<text> [genre:<text>] [count:<1-25>]" from the command's parameters."""
        _, command = self.commands[name]
        return " ".join(_usage(p) for p in command.parameters)

    def help_lines(self) -> Iterable[str]:
        for name in sorted(self.commands, key=lambda n: (n == "help", n)):
            yield f"  /{name} {self.usage(name)}".rstrip()


NUMBERS = (discord.AppCommandOptionType.integer, discord.AppCommandOptionType.number)


def _usage(param: app_commands.Parameter) -> str:
    if param.choices:
        shape = "|".join(str(c.value) for c in param.choices)
    elif param.type in NUMBERS and param.min_value is not None and param.max_value is not None:
        shape = f"{param.min_value:g}-{param.max_value:g}"
    else:
        named = "genre" if _offers(param) == "genre" else "name"  # what autocomplete offers
        shape = TYPE_HINTS.get(param.type, named if param.autocomplete else "text")
    text = f"{param.display_name}:<{shape}>"
    return text if param.required else f"[{text}]"


def _offers(param: app_commands.Parameter) -> str:
    """What an autocompleting option offers, by its name: genres, artists, or songs (every
    other one: song, song2, from, to…)."""
    name = param.display_name
    return "genre" if "genre" in name else "artist" if "artist" in name else "song"


def _value(param: app_commands.Parameter, raw: str) -> Any:
    """A typed value as the command's parameter takes it (Discord's client checks the same
    before a command is sent)."""
    name, kind = param.display_name, param.type
    if kind is discord.AppCommandOptionType.user:
        return console_person(raw)
    if kind is discord.AppCommandOptionType.boolean:
        word = raw.casefold()
        if word not in (*TRUE, *FALSE):
            raise OptionError(f"{name} is yes or no, got '{raw}'.")
        return word in TRUE
    if kind in NUMBERS:
        try:
            number = int(raw) if kind is discord.AppCommandOptionType.integer else float(raw)
        except ValueError:
            raise OptionError(f"{name} takes a number, got '{raw}'.") from None
        low, high = param.min_value, param.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            raise OptionError(f"{name} must be from {low:g} to {high:g}, got {raw}.")
        return number
    if param.choices:
        values = [str(c.value) for c in param.choices]
        if raw.casefold() not in values:
            raise OptionError(f"{name} is one of {', '.join(values)}, got '{raw}'.")
        return raw.casefold()
    longest = param.max_value  # for text, Discord's max_length
    if longest is not None and len(raw) > longest:
        raise OptionError(f"{name} is at most {longest:g} characters, got {len(raw)}.")
    return raw

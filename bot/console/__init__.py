"""`python -m bot console`: the bot's commands and replies as text, no Discord account needed.

The commands are the registered app commands (`commands`), run through their own callbacks;
replies print as boxes and button rows (`render`); the buttons and menus are words, listed
under each reply (`session`: next, prev, more N, love N, never N, export, confirm, cancel,
menu, and complete to see what autocomplete offers). Charts and exports are written to files.
With `--user NAME` (`make console` passes one) the likes commands work too, for a member of
that name, on the bot's own database.
"""

from bot.console.commands import CommandTable, OptionError, parse
from bot.console.render import render, render_embed, render_view
from bot.console.session import Console, console_member, run_console

__all__ = [
    "CommandTable",
    "Console",
    "OptionError",
    "console_member",
    "parse",
    "render",
    "render_embed",
    "render_view",
    "run_console",
]

"""`python -m bot` runs the bot; `console` tries it without Discord; `healthcheck` for Docker.

discord.py and the recommender are imported only by the modes that use them: the health check
runs every 30 s in a fresh interpreter and must answer from the standard library alone.
"""

from __future__ import annotations

import argparse
import asyncio
import faulthandler
import logging
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.host.settings import Settings

log = logging.getLogger("bot")


def load_recommender(settings: Settings, console: bool = False):
    """The index, built first when needed: the bot says how the build goes in its log, the
    console on stderr (its log shows warnings only), both from the first second."""
    from recommender import ProgressBar, log_progress, open_or_build, sigterm_interrupts

    with sigterm_interrupts():  # a stop during the first build leaves no partial files
        return open_or_build(
            settings.index_dir,
            settings.catalog_source,
            columns=settings.catalog_columns,
            progress=ProgressBar() if console else log_progress,
            download_limit_mb=settings.download_limit_mb,
            download_timeout=settings.download_timeout,
        )


def _given(text: str) -> str:
    """An argparse type: not empty (an empty --user or --out would quietly mean no member or
    the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty; leave the option out for its default")
    return text


def _out_dir(text: str) -> Path:
    """An argparse type: a folder for charts and exports, not an existing file."""
    path = Path(_given(text)).expanduser()
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file; give a folder for charts and exports")
    return path


def main(argv: list[str] | None = None) -> int:
    try:
        release = version("soundalike")
    except PackageNotFoundError:  # a source tree that was never installed
        release = "(not installed)"
    # The console script's name (soundalike-bot), or `python -m bot` (argparse: __main__.py).
    called = Path(sys.argv[0]).name if sys.argv else ""
    prog = called if called not in ("", "__main__.py", "-m", "-c") else "python -m bot"
    parser = argparse.ArgumentParser(prog=prog, description="The soundalike bot.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {release}")
    sub = parser.add_subparsers(dest="mode")
    sub.add_parser("run", help="connect to Discord (the default)")
    console = sub.add_parser("console", help="try the commands here, no token needed")
    console.add_argument("commands", nargs="*", help='e.g. "/similar song:blinding lights"')
    console.add_argument(
        "--user",
        type=_given,
        help="be this member: /like, /likes, /forget, /mix, love N and never N work",
    )
    console.add_argument(
        "--out",
        type=_out_dir,
        help="where charts (/features) and exports are written (default: soundalike-files/)",
    )
    sub.add_parser("healthcheck", help="exit 0 when the running bot is connected")
    migrate = sub.add_parser(
        "migrate-store", help="copy members' likes from the SQLite file into PostgreSQL"
    )
    migrate.add_argument("--to", metavar="URL", help="postgresql://… (default: DATABASE_URL)")
    migrate.add_argument(
        "--from", dest="source", type=Path, help="the SQLite file (default: DATABASE_PATH)"
    )
    args = parser.parse_args(argv)
    if args.mode == "healthcheck":
        from bot.host.health import main as check_health

        return check_health()

    from bot.host.settings import Settings, SettingsError
    from recommender import RecommenderError

    try:
        settings = Settings.from_env(require_token=args.mode in (None, "run"))
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.mode == "migrate-store":  # no index needed
        from bot.storage.transfer import main as migrate_store

        return migrate_store(args.source or settings.database_file, args.to, settings.database_url)
    # A memory-mapped index file truncated under the bot kills it with SIGBUS, which Python
    # cannot catch; at least the log then says where it died (bot/reload.py tries to notice
    # first).
    faulthandler.enable()
    from bot.host.logs import setup_logging

    level = settings.log_level if args.mode in (None, "run") else "WARNING"
    setup_logging(level, settings.log_format, settings.token)
    try:
        recommender = load_recommender(settings, console=args.mode == "console")
    except RecommenderError as exc:
        log.error("cannot load the catalog: %s", exc)
        return 2
    if args.mode == "console":
        asyncio.run(console_session(settings, recommender, args.commands, args.user, args.out))
        return 0
    return asyncio.run(serve(settings, recommender))


async def console_session(
    settings: Settings,
    recommender,
    commands: list[str],
    user: str | None,
    out_dir: Path | None = None,
) -> None:
    """The console; with a user, over the bot's own database (a console member is never a
    Discord member: see `console_member`). Without one nothing is stored (nor the file
    created). Charts and exports are written to `out_dir`."""
    from bot.cogs.taste.handlers import TasteReplies
    from bot.console import run_console
    from bot.services import Services
    from bot.storage import taste_store

    if not user:
        await run_console(Services(recommender, settings), commands, out_dir=out_dir)
        return
    tastes = taste_store(settings.database_url, settings.database_file)
    services = Services(recommender, settings, tastes)
    taste = TasteReplies(recommender, tastes, services.catalog, settings.view_timeout, services)
    try:
        await run_console(services, commands, taste=taste, user=user, out_dir=out_dir)
    finally:
        await tastes.close()


async def serve(settings: Settings, recommender) -> int:
    """Connect and run until SIGTERM/SIGINT; returns the process exit code."""
    import aiohttp
    import discord

    from bot.app import RecommenderBot

    bot = RecommenderBot(settings=settings, recommender=recommender)
    try:
        return await bot.run_until_stopped(lambda: bot.start(settings.token))
    except discord.LoginFailure:
        log.error(
            "Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal "
            "(your application → Bot → Reset Token) and update .env."
        )
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("Discord refused the gateway intents; this bot needs none privileged.")
        return 1
    except (aiohttp.ClientError, OSError) as exc:
        log.error("Cannot reach Discord (%s). Check the network and try again.", exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())

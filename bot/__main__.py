"""`python -m bot` runs the bot; `console` tries it without Discord; `healthcheck` for Docker."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time

import aiohttp
import discord

from recommender import RecommenderError
from recommender.pipeline import open_or_build
from recommender.progress import log_progress

from .logs import setup_logging
from .settings import Settings, SettingsError

log = logging.getLogger("bot")


def load_recommender(settings: Settings):
    return open_or_build(settings.index_dir, settings.catalog_source, progress=log_progress)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="The soundalike bot.")
    sub = parser.add_subparsers(dest="mode")
    sub.add_parser("run", help="connect to Discord (the default)")
    console = sub.add_parser("console", help="try the commands here, no token needed")
    console.add_argument("commands", nargs="*", help='e.g. "/similar song:blinding lights"')
    sub.add_parser("healthcheck", help="exit 0 when the running bot is connected")
    args = parser.parse_args(argv)

    try:
        settings = Settings.from_env(require_token=args.mode in (None, "run"))
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.mode == "healthcheck":
        return healthcheck(settings)
    level = settings.log_level if args.mode in (None, "run") else "WARNING"
    setup_logging(level, settings.log_format, settings.token)
    try:
        recommender = load_recommender(settings)
    except RecommenderError as exc:
        log.error("cannot load the catalog: %s", exc)
        return 2
    if args.mode == "console":
        from .console import run_console
        from .replies import Replies

        asyncio.run(run_console(Replies(recommender, settings), args.commands))
        return 0
    return asyncio.run(serve(settings, recommender))


async def serve(settings: Settings, recommender) -> int:
    """Connect and run until SIGTERM/SIGINT; returns the process exit code."""
    from .client import RecommenderBot

    bot = RecommenderBot(settings=settings, recommender=recommender)
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT)
    for sig in signals:
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
    try:
        async with bot:
            await bot.start(settings.token)
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
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
    log.info("shut down cleanly")
    return 0


def healthcheck(settings: Settings, max_age: float = 90.0) -> int:
    try:
        age = time.time() - float(settings.health_file.read_text())
    except (OSError, ValueError):
        print("unhealthy: the bot has not connected", file=sys.stderr)
        return 1
    if age > max_age:
        print(f"unhealthy: last heartbeat {age:.0f} s ago", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Helpers for driving the bot through discord.py's real command machinery."""

from __future__ import annotations

from bot.app import RecommenderBot
from bot.host.settings import Settings
from tests.support.discord_driver import (
    command_payload,
    dispatch,
    message_payload,
    prepare,
    wait_for,
)

EPHEMERAL = 64


async def started_bot(
    recommender, tmp_path, cooldown_rate, database_url: str | None = None, **settings_
):
    """A bot over `recommender`, ready for payloads; `settings_` override its settings."""
    settings = Settings(
        database_url=database_url,  # None: the SQLite file beside the index
        token="t",
        index_dir=tmp_path / "index",
        cooldown_rate=cooldown_rate,
        cooldown_seconds=10,
        health_file=tmp_path / "health",
        **settings_,
    )
    client = RecommenderBot(settings=settings, recommender=recommender)
    await client.__aenter__()
    await client.add_feature_cogs()
    prepare(client)
    return client


async def restarted_bot(settings: Settings, recommender) -> RecommenderBot:
    """Another bot process on the same settings (and members' database): it never saw the
    messages an earlier one sent."""
    client = RecommenderBot(settings=settings, recommender=recommender)
    await client.__aenter__()
    await client.add_feature_cogs()
    prepare(client)
    return client


async def run(bot, adapter, payload, count=1):
    await dispatch(bot, payload)
    return await wait_for(adapter, payload, count=count)


def button(sent, label):
    return next(c for c in sent.components if c.get("label") == label)


async def similar_message(bot, adapter, user_id=1):
    sent = (
        await run(
            bot,
            adapter,
            command_payload("similar", user_id=user_id, song="golden heart 01", count=3),
        )
    )[0]
    return sent


def menu_payload(text: str, user_id: int = 1, embeds: list | None = None) -> dict:
    """A message context-menu interaction, as Discord sends it, on a message saying `text`."""
    payload = command_payload("Songs like this", user_id=user_id)
    message = message_payload({"content": text, "embeds": embeds or []})
    payload["data"] = {
        "id": "42",
        "name": "Songs like this",
        "type": 3,  # MESSAGE context menu
        "target_id": message["id"],
        "resolved": {"messages": {message["id"]: message}},
    }
    return payload


ALICE, BOB = 101, 202


def tid(cluster: int, i: int) -> str:
    return f"{cluster:02d}{i:02d}".ljust(22, "x")


def guide_text(message) -> str:
    """/help's text as a member reads it: every embed's description, in order (a long guide
    spills into a second embed of the same message)."""
    return "\n\n".join(e["description"] for e in message.embeds)

"""User installs: every command is registered for server and user installs, in servers, DMs
and group DMs, and answers when a member uses it from a DM through a user install."""

from __future__ import annotations

from tests.support.bot import run
from tests.support.discord_driver import command_payload, user_payload

GUILD_INSTALL, USER_INSTALL = 0, 1  # Discord's integration types
GUILD, BOT_DM, PRIVATE_CHANNEL = 0, 1, 2  # Discord's interaction context types


def in_a_dm_through_a_user_install(payload: dict, user_id: int = 5) -> dict:
    """The same interaction as Discord sends it from a DM with an app the member installed."""
    for key in ("guild_id", "member", "guild_locale"):
        payload.pop(key, None)
    payload["user"] = user_payload(user_id)
    payload["channel"] = {"id": payload["channel_id"], "type": 1, "recipients": []}
    payload["context"] = BOT_DM
    payload["authorizing_integration_owners"] = {str(USER_INSTALL): str(user_id)}
    return payload


def test_every_command_is_offered_to_server_and_user_installs_everywhere(bot):
    registered = [c.to_dict(bot.tree) for c in bot.tree.get_commands()]
    kinds = {c["name"]: c["type"] for c in registered}
    assert kinds["Songs like this"] == 3  # a message context menu
    assert kinds["similar"] == kinds["help"] == 1  # slash commands
    for command in registered:
        assert sorted(command["integration_types"]) == [GUILD_INSTALL, USER_INSTALL], command
        assert sorted(command["contexts"]) == [GUILD, BOT_DM, PRIVATE_CHANNEL], command


async def test_similar_answers_in_a_dm_through_a_user_install(bot, adapter):
    payload = in_a_dm_through_a_user_install(
        command_payload("similar", song="golden heart 01", count=3)
    )
    sent = (await run(bot, adapter, payload))[0]
    assert not sent.ephemeral
    assert sent.embeds[0]["title"] == "Songs like Golden Heart 01"

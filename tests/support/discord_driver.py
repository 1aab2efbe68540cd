"""Drive the bot's real command tree with gateway-shaped payloads and no connection.

Used by the tests and by the burst benchmark: interactions go through discord.py's own
parsing, option transformers, autocomplete and error handling; what the bot would POST to
Discord is recorded instead of sent.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from discord.webhook.async_ import AsyncWebhookAdapter, async_context

APPLICATION_ID = 900000000000000001
GUILD_ID = 900000000000000002
CHANNEL_ID = 900000000000000003
DISCORD_EPOCH_MS = 1_420_070_400_000
_sequence = itertools.count()


def new_id(age: float = 0.0) -> int:
    """A snowflake stamped `age` seconds ago, as Discord would mint it: the bot reads an
    interaction's age from its id."""
    ms = int((time.time() - age) * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_sequence) & 0x3FFFFF)


@dataclass
class Sent:
    """One request the bot made: e.g. POST /interactions/{id}/{token}/callback."""

    method: str
    path: str
    payload: dict
    files: list[str]
    at: float
    message_id: int | None = None  # of the message a callback response created
    contents: dict[str, bytes] = field(default_factory=dict)  # attached files, by name

    @property
    def data(self) -> dict:
        return self.payload.get("data", self.payload)

    @property
    def embeds(self) -> list[dict]:
        return self.data.get("embeds") or []

    @property
    def ephemeral(self) -> bool:
        return bool((self.data.get("flags") or 0) & 64)

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    @property
    def components(self) -> list[dict]:
        return [c for row in self.data.get("components") or [] for c in row["components"]]

    @property
    def choices(self) -> list[dict]:
        return self.data.get("choices") or []


@dataclass
class RecordingAdapter(AsyncWebhookAdapter):
    """Records what the bot sends to Discord's webhook endpoints and answers plausibly."""

    sent: list[Sent] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    async def request(
        self, route, session, *, payload=None, multipart=None, files=None, **kwargs
    ) -> Any:
        if multipart:
            body = json.loads(next(p["value"] for p in multipart if p["name"] == "payload_json"))
        else:
            body = payload or {}
        path = route.path.format_map(_Keep(route))
        sent = Sent(
            route.method, path, body, [f.filename for f in files or []], time.perf_counter()
        )
        for attached in files or []:
            attached.fp.seek(0)
            sent.contents[attached.filename] = attached.fp.read()
        self.sent.append(sent)
        if "callback" in path:
            sent.message_id = new_id()
            interaction_id = str(getattr(route, "webhook_id", "0"))
            return {
                "interaction": {
                    "id": interaction_id,
                    "type": body.get("type"),
                    "response_message_id": str(sent.message_id),
                }
            }
        return message_payload(body)

    def responses_to(self, payload: dict) -> list[Sent]:
        return [s for s in self.sent if payload["token"] in s.path]


class _Keep(dict):
    def __init__(self, route) -> None:
        super().__init__()
        self.route = route

    def __missing__(self, key: str) -> str:
        return str(getattr(self.route, key, "{" + key + "}"))


def user_payload(user_id: int, name: str = "member") -> dict:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
    }


def message_payload(body: dict | None = None) -> dict:
    body = body or {}
    return {
        "id": str(new_id()),
        "channel_id": str(CHANNEL_ID),
        "type": 0,
        "content": body.get("content") or "",
        "author": user_payload(APPLICATION_ID, "bot"),
        "attachments": [],
        "embeds": body.get("embeds") or [],
        "mentions": [],
        "mention_roles": [],
        "pinned": False,
        "mention_everyone": False,
        "tts": False,
        "timestamp": "2026-11-24T12:00:00+00:00",
        "edited_timestamp": None,
        "flags": 0,
        "components": body.get("components") or [],
    }


def _base(
    kind: int, user_id: int, data: dict, message: dict | None = None, age: float = 0.0
) -> dict:
    payload = {
        "id": str(new_id(age)),
        "application_id": str(APPLICATION_ID),
        "type": kind,
        "token": f"token-{new_id()}",
        "version": 1,
        "guild_id": str(GUILD_ID),
        "channel_id": str(CHANNEL_ID),
        "channel": {
            "id": str(CHANNEL_ID),
            "type": 0,
            "name": "music",
            "position": 0,
            "guild_id": str(GUILD_ID),
            "nsfw": False,
            "permission_overwrites": [],
        },
        "member": {
            "user": user_payload(user_id),
            "roles": [],
            "permissions": "0",
            "joined_at": "2025-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        },
        "app_permissions": "2147483647",
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 0,
        "attachment_size_limit": 10_485_760,
        "data": data,
    }
    if message is not None:
        payload["message"] = message
    return payload


def command_payload(
    name: str, user_id: int = 1, focused: str | None = None, age: float = 0.0, **options: Any
) -> dict:
    """A slash command (or, with `focused`, an autocomplete request) as the gateway sends it,
    created `age` seconds ago."""
    opts = []
    for key, value in options.items():
        kind = 4 if isinstance(value, int) else 3
        opt = {"name": key, "type": kind, "value": value}
        if key == focused:
            opt["focused"] = True
        opts.append(opt)
    data = {"id": str(hash(name) & 0xFFFFFFFF), "name": name, "type": 1, "options": opts}
    return _base(4 if focused else 2, user_id, data, age=age)


def component_payload(
    message_id: int, custom_id: str, user_id: int = 1, values: list[str] | None = None
) -> dict:
    data = {"custom_id": custom_id, "component_type": 3 if values is not None else 2}
    if values is not None:
        data["values"] = values
    # Discord sends the message with its components, the pressed one among them.
    if values is None:
        pressed = {"type": 2, "style": 2, "label": "button", "custom_id": custom_id}
    else:
        options = [{"label": v, "value": v} for v in values]
        pressed = {"type": 3, "custom_id": custom_id, "options": options}
    message = message_payload({"components": [{"type": 1, "components": [pressed]}]})
    message["id"] = str(message_id)
    return _base(3, user_id, data, message)


async def dispatch(bot, payload: dict) -> None:
    """Hand a payload to the client as the gateway would (INTERACTION_CREATE)."""
    bot._connection.parse_interaction_create(payload)


async def wait_for(
    adapter: RecordingAdapter, payload: dict, count: int = 1, timeout: float = 5.0
) -> list[Sent]:
    """The bot's requests for one interaction (callback and follow-ups share its token),
    waiting, boundedly, until there are `count` of them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = adapter.responses_to(payload)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.005)
    raise TimeoutError(
        f"{len(adapter.responses_to(payload))} of {count} responses to "
        f"interaction {payload['id']} within {timeout}s"
    )


def install(adapter: RecordingAdapter) -> None:
    """Route this context's interaction responses to `adapter`."""
    async_context.set(adapter)


def prepare(bot) -> None:
    """Give an unconnected client the identity a login would have given it."""
    import discord

    state = bot._connection
    state.application_id = APPLICATION_ID
    state.user = discord.ClientUser(
        state=state,
        data={
            **user_payload(APPLICATION_ID, "bot"),
            "bot": True,
            "mfa_enabled": False,
            "verified": True,
            "flags": 0,
        },
    )

"""Discord's hard limits, and text helpers that keep user content inside them."""

from __future__ import annotations

import io

import discord

TITLE = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
EMBED_TOTAL = 6000
CHOICE_NAME = 100
CHOICES = 25
SELECT_LABEL = 100
SELECT_DESCRIPTION = 100


def clip(text: str, limit: int) -> str:
    """Cut to `limit` characters with an ellipsis, never mid-way past the limit."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def unping(text: str) -> str:
    """`text` with @everyone, @here and user or role mentions broken by a zero-width space."""
    return discord.utils.escape_mentions(text)


def safe(text: str, limit: int = 200) -> str:
    """User-visible catalog or typed text: clipped, markdown, link brackets and mentions
    escaped (every message also carries allowed_mentions that cannot ping: see `app.py`)."""
    escaped = unping(discord.utils.escape_markdown(clip(text, limit)))
    return escaped.replace("[", "(").replace("]", ")")


def text_files(files: dict[str, str]) -> list[discord.File]:
    """{filename: text} as attachments (UTF-8); a `discord.File` can be sent once."""
    return [discord.File(io.BytesIO(text.encode("utf-8")), filename=n) for n, text in files.items()]

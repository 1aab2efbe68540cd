"""Replies as terminal text: an embed as a box, a view as its buttons and menus."""

from __future__ import annotations

import re

import discord

from bot.ui.reply import Reply


def render_embed(embed: discord.Embed) -> list[str]:
    lines = []
    if embed.title:
        lines.append(f"╭ {embed.title}" + (f"  <{embed.url}>" if embed.url else ""))
    if embed.description:
        lines += [f"│ {_plain(line)}" for line in embed.description.splitlines()]
    for f in embed.fields:
        lines.append(f"│ {f.name}: {_plain(f.value or '')}")
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
    for embed in (reply.embed, *reply.more_embeds) if reply.embed else ():
        lines += render_embed(embed)
    if reply.attachment:
        lines.append(f"[attached: {reply.attachment[0]}, {len(reply.attachment[1]):,} bytes]")
    if reply.view:
        lines += render_view(reply.view)
    return "\n".join(lines)


def _plain(text: str) -> str:
    """Markdown to terminal text: links as 'name', bold/italics/escapes dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\\(.)", r"\1", text.replace("**", "").replace("`", ""))

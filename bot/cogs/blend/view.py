"""The blend's buttons, each carrying the whole request in its custom id (`<asker>.<member>…:
<count>:<mood>`, ids in base 62), so they keep working after the bot restarts:

- "Allow this blend" (`sa:Ba<ask>`) under a blend that waits for members' consent; any member
  may press it, and it counts only for a member the blend waits for.
- ◀ ▶ (`sa:Bp<arrow><page>:<ask>`) and Export (`sa:Be<ask>`) under a blend: a press runs the
  blend again for its members, if they all still allow it (`BlendReplies.again`). Only the
  blend's members may press them: the list shows which of their liked songs each pick is like.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import discord

from bot.client import client_of
from bot.cogs.blend.ask import BlendAsk, decode_ask, encode_ask
from bot.cogs.taste.views import LikesView, Render
from bot.host.backlog import admit
from bot.i18n import speak_to, t
from bot.ui.limits import text_files
from bot.ui.reply import NO_PINGS, Reply
from bot.ui.song_list import GARBLED
from bot.ui.tree import apologise, reply_privately


def mention_of(interaction: discord.Interaction) -> Callable[[int], str]:
    """How to name a member by id: a mention on Discord (shown as their name, pinging no one),
    the console's own names there."""
    named = getattr(interaction.client, "mention_of", None)
    if callable(named):
        return lambda member: str(named(member))
    return lambda member: f"<@{member}>"


class BlendControl(discord.ui.DynamicItem[discord.ui.Button], template=r"sa:B(?!)"):
    """A button under a blend whose custom id ends in the request: answers a garbled id or a
    crash privately, and leaves the rest to `press`."""

    def __init__(self, button: discord.ui.Button, ask: BlendAsk | None) -> None:
        super().__init__(button)
        self.ask = ask  # None: the id was garbled

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        speak_to(interaction)  # this press's answers in the presser's language
        backlog = client_of(interaction).services.backlog
        return await admit(interaction, backlog, type(self).__name__)

    async def callback(self, interaction: discord.Interaction) -> Any:
        blends = getattr(client_of(interaction), "blends", None)
        if self.ask is None or blends is None:
            await reply_privately(interaction, t(GARBLED))
            return
        try:
            name = mention_of(interaction)
            mention = {m: name(m) for m in self.ask.members}
            await self.press(interaction, blends, self.ask, mention)
        except Exception as exc:  # discord.py would only log it; the member gets an answer
            await apologise(interaction, exc)

    async def show(self, interaction: discord.Interaction, reply: Reply) -> None:
        """A private answer privately; else the reply in place of the message pressed."""
        if reply.ephemeral:
            await reply_privately(interaction, reply.content or "")
            return
        await interaction.response.edit_message(
            content=reply.content, embed=reply.embed, view=reply.view, allowed_mentions=NO_PINGS
        )

    async def press(
        self,
        interaction: discord.Interaction,
        blends: Any,  # the client's BlendReplies (which builds these views)
        ask: BlendAsk,
        mention: dict[int, str],
    ) -> None:
        raise NotImplementedError


class AllowButton(BlendControl, template=r"sa:Ba(?P<ask>.*)"):
    """ "Allow this blend": the presser's one-time consent, then the blend once no one is
    waiting (`BlendReplies.allow`)."""

    def __init__(self, ask: BlendAsk | None) -> None:
        button = discord.ui.Button(
            label=t("Allow this blend"),
            style=discord.ButtonStyle.success,
            custom_id=f"sa:Ba{encode_ask(ask)}" if ask else "sa:Ba",
        )
        super().__init__(button, ask)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str]
    ) -> AllowButton:
        return cls(decode_ask(match["ask"]))

    async def press(self, interaction, blends, ask, mention) -> None:
        await self.show(interaction, await blends.allow(interaction.user.id, ask, mention))


class AllowView(discord.ui.View):
    """Holds the button; stateless, so it needs no timeout."""

    def __init__(self, ask: BlendAsk) -> None:
        super().__init__(timeout=None)
        self.add_item(AllowButton(ask))


class BlendPageButton(BlendControl, template=r"sa:Bp(?P<arrow>[<>])(?P<page>\d{1,2}):(?P<ask>.*)"):
    """◀ or ▶: the id holds the page shown and the direction."""

    def __init__(
        self, ask: BlendAsk | None, page: int = 0, step: int = 1, disabled: bool = False
    ) -> None:
        arrow = ">" if step > 0 else "<"
        button = discord.ui.Button(
            label=t("Next ▶") if step > 0 else t("◀ Previous"),
            style=discord.ButtonStyle.secondary,
            custom_id=f"sa:Bp{arrow}{page}:{encode_ask(ask)}" if ask else "sa:Bp",
            disabled=disabled,
        )
        super().__init__(button, ask)
        self.page, self.step = page, step

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str]
    ) -> BlendPageButton:
        step = +1 if match["arrow"] == ">" else -1
        return cls(decode_ask(match["ask"]), int(match["page"]), step)

    async def press(self, interaction, blends, ask, mention) -> None:
        page = self.page + self.step
        await self.show(interaction, await blends.again(interaction.user.id, ask, mention, page))


class BlendExportButton(BlendControl, template=r"sa:Be(?P<ask>.*)"):
    """The whole blend (every page) as files, sent privately to the member who pressed."""

    def __init__(self, ask: BlendAsk | None) -> None:
        button = discord.ui.Button(
            label=t("Export"),
            emoji="📄",
            style=discord.ButtonStyle.secondary,
            custom_id=f"sa:Be{encode_ask(ask)}" if ask else "sa:Be",
        )
        super().__init__(button, ask)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str]
    ) -> BlendExportButton:
        return cls(decode_ask(match["ask"]))

    async def press(self, interaction, blends, ask, mention) -> None:
        reply = await blends.again(interaction.user.id, ask, mention, 0)
        view = reply.view
        if reply.ephemeral or not isinstance(view, BlendView):
            await reply_privately(interaction, reply.content or "")
            return
        await interaction.response.send_message(
            view.export_note, files=text_files(view.files() if view.files else {}), ephemeral=True
        )


class BlendView(LikesView):
    """◀ ▶ and Export under a blend, as the restart-proof buttons above. A `LikesView` to the
    console (which pages with `turn` and exports through the button); on Discord every press
    is answered by the buttons' ids alone."""

    def __init__(
        self,
        render: Render,
        pages: int,
        ask: BlendAsk,
        files: Callable[[], dict[str, str]],
        export_note: str,
        page: int = 0,
    ) -> None:
        self.ask = ask
        super().__init__(render, pages, ask.asker, 0.0, files, export_note)
        self.timeout = None  # nothing to switch off: presses keep working
        self.turn(page)

    def turn(self, delta: int) -> discord.Embed:
        self.page = max(0, min(self.pages - 1, self.page + delta))
        self.clear_items()
        if self.pages > 1:
            self.add_item(BlendPageButton(self.ask, self.page, -1, disabled=self.page == 0))
            last = self.page >= self.pages - 1
            self.add_item(BlendPageButton(self.ask, self.page, +1, disabled=last))
        self.add_item(BlendExportButton(self.ask))
        return self.render(self.page)


BLEND_CONTROLS: tuple[type[discord.ui.DynamicItem], ...] = (
    AllowButton,
    BlendPageButton,
    BlendExportButton,
)

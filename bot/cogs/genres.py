"""/genres: the genres and subgenres the catalog knows, with counts."""

from __future__ import annotations

from collections.abc import Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Interaction
from bot.i18n import plural, t
from bot.services import Services
from bot.ui import limits
from bot.ui.embeds import SPOTIFY_GREEN, footer_text
from bot.ui.limits import clip
from bot.ui.reply import Reply
from bot.ui.sending import send, user_cooldown
from recommender import GenreInfo


class GenresCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="genres")
    @app_commands.checks.dynamic_cooldown(user_cooldown)
    async def genres(self, interaction: Interaction) -> None:
        """List the genres and subgenres this bot knows, with how many songs each has."""
        await send(interaction, await self.answer())

    async def answer(self) -> Reply:
        services = self.services
        infos = await services.off_loop(services.recommender.genres)
        return Reply(embed=genres_embed(infos, services.catalog.name, services.catalog.size))


def genres_embed(genres: Sequence[GenreInfo], catalog: str, catalog_size: int) -> discord.Embed:
    embed = discord.Embed(
        title=t("Genres in the catalog"),
        colour=SPOTIFY_GREEN,
        description=t("Use any of these with `/similar genre:`."),
    )
    for info in genres[:25]:
        subs = ", ".join(f"{name} ({n:,})" for name, n in info.subgenres) or "—"
        embed.add_field(
            name=clip(
                plural(
                    info.tracks,
                    "{genre} · {count:,} track",
                    "{genre} · {count:,} tracks",
                    genre=info.name,
                ),
                limits.FIELD_NAME,
            ),
            value=clip(subs, limits.FIELD_VALUE),
            inline=False,
        )
    if len(genres) > 25:
        rest = ", ".join(g.name for g in genres[25:])
        also = t("Also: {genres}", genres=rest)
        embed.description = clip(f"{embed.description}\n{also}", limits.DESCRIPTION)
    embed.set_footer(text=footer_text(catalog, catalog_size))
    return embed

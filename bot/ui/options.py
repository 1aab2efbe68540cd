"""Option types shared by every command: a song autocompletes the same way wherever it is asked."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.host.backlog import too_late_for_choices
from recommender import mood_names

# Small fixed sets are choices, not free text (every list that can be steered offers them).
MOODS = [app_commands.Choice(name=name, value=name) for name in mood_names()]
POPULARITY = [
    app_commands.Choice(name="mainstream (the best known quarter)", value="mainstream"),
    app_commands.Choice(name="any (default)", value="any"),
    app_commands.Choice(name="deep cuts (the least known quarter)", value="deep"),
]


def choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=value) for name, value in pairs]


class SongOption(app_commands.Transformer):
    """A song: offers "Title — Artist" choices while typing, valued by track id; a name typed
    without picking passes through as typed and is resolved (once) by the recommender."""

    async def transform(self, interaction: discord.Interaction, value: str) -> str:
        return value.strip()

    async def autocomplete(
        self, interaction: discord.Interaction, value: str
    ) -> list[app_commands.Choice[str]]:
        services = interaction.client.services
        found = await services.song_choices(
            value, expired=lambda: too_late_for_choices(interaction)
        )
        return choices(found)


Song = app_commands.Transform[str, SongOption]

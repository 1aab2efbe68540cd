"""Option types shared by every command: a song autocompletes the same way wherever it is asked."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.client import Interaction, SoundalikeClient
from bot.host.backlog import too_late_for_choices
from recommender import MAX_TYPED, mood_names

# Small fixed sets are choices, not free text (every list that can be steered offers them).
MOODS = [app_commands.Choice(name=name, value=name) for name in mood_names()]
POPULARITY = [
    app_commands.Choice(name="mainstream (the best known quarter)", value="mainstream"),
    app_commands.Choice(name="any (default)", value="any"),
    app_commands.Choice(name="deep cuts (the least known quarter)", value="deep"),
]


# Free text (a genre, an artist) Discord refuses past the recommender's own limit.
Typed = app_commands.Range[str, 1, MAX_TYPED]


def choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=value) for name, value in pairs]


class SongOption(app_commands.Transformer[SoundalikeClient]):
    """A song: offers "Title — Artist" choices while typing, valued by track id; a name typed
    without picking passes through as typed and is resolved (once) by the recommender."""

    @property
    def max_value(self) -> int:
        return MAX_TYPED  # for text, Discord's max_length: longer is refused before sending

    async def transform(self, interaction: Interaction, value: Any, /) -> str:
        return str(value).strip()

    async def autocomplete(
        self, interaction: Interaction, value: int | float | str, /
    ) -> list[app_commands.Choice[int | float | str]]:
        services = interaction.client.services
        found = await services.song_choices(
            str(value), expired=lambda: too_late_for_choices(interaction)
        )
        return [app_commands.Choice(name=name, value=track_id) for name, track_id in found]


Song = app_commands.Transform[str, SongOption]

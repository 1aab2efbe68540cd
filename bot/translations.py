"""Command names and descriptions, and this module's owners' short replies, in Spanish.

English is the source text (what the code says); Spanish covers Discord's `es-ES` and
`es-419` locales. discord.py asks the tree's translator for every command name, description
and option when it syncs, so the commands appear in Spanish to members whose Discord is in
Spanish. A test checks that every string the commands register has its Spanish here.
"""

from __future__ import annotations

import discord
from discord import app_commands

SPANISH: dict[str, str] = {
    # command names (lowercase, no spaces: Discord's rule for slash command names)
    "similar": "parecidas",
    "features": "perfil",
    "genres": "géneros",
    "help": "ayuda",
    "Songs like this": "Canciones como esta",
    # option names
    "song": "canción",
    "genre": "género",
    "count": "cantidad",
    # descriptions
    "Find songs that sound alike: like a song, typical of a genre, or both.": (
        "Canciones que suenan parecido: a una canción, típicas de un género, o ambas."
    ),
    "Show a song's audio profile: energy, mood, tempo, key and more, with a chart.": (
        "El perfil sonoro de una canción: energía, ánimo, tempo, tonalidad y más, con gráfico."
    ),
    "List the genres and subgenres this bot knows, with how many songs each has.": (
        "Los géneros y subgéneros que conoce el bot, con cuántas canciones tiene cada uno."
    ),
    "What each command does, with examples, and which catalog is loaded.": (
        "Qué hace cada comando, con ejemplos, y qué catálogo está cargado."
    ),
    "A song to start from: pick one while typing, or type a name (typos are fine)": (
        "Una canción de partida: elígela al escribir o escribe un nombre (se admiten erratas)"
    ),
    "Only recommend songs of this genre or subgenre": (
        "Recomendar solo canciones de este género o subgénero"
    ),
    "How many songs per page (1-25, default 10)": (
        "Cuántas canciones por página (1-25, 10 por defecto)"
    ),
    "The song to describe: pick one while typing, or type a name": (
        "La canción a describir: elígela al escribir o escribe un nombre"
    ),
    # /help
    "soundalike — songs that sound alike": "soundalike — canciones que suenan parecido",
    (
        "Recommendations from the sound itself: energy, mood, tempo, danceability and the rest "
        "of Spotify's audio features. Song names autocomplete as you type; a typo, an "
        "“Artist - Title” or an open.spotify.com link works too. Buttons under a list page "
        "through it; “Find songs like…” starts again from any song listed."
    ): (
        "Recomendaciones a partir del propio sonido: energía, ánimo, tempo, bailabilidad y el "
        "resto de rasgos de audio de Spotify. Los nombres se autocompletan al escribir; también "
        "valen una errata, «Artista - Título» o un enlace de open.spotify.com. Los botones bajo "
        "una lista pasan de página; «Find songs like…» vuelve a empezar desde cualquier canción."
    ),
    (
        "**{menu}** (message menu): right-click a message (on a phone: long-press) → **Apps** → "
        "**{menu}** to get songs like the Spotify links or “Title - Artist” lines in it."
    ): (
        "**{menu}** (menú de mensaje): clic derecho en un mensaje (en el móvil: mantener "
        "pulsado) → **Aplicaciones** → **{menu}** para obtener canciones como las de sus "
        "enlaces de Spotify o líneas «Título - Artista»."
    ),
    "optional": "opcional",
    "Try": "Prueba",
    "Catalog loaded: {name} · {tracks} tracks": "Catálogo cargado: {name} · {tracks} canciones",
    # replies from the list buttons and the message menu
    "These buttons belong to someone else's search — run `/similar` for your own.": (
        "Estos botones son de la búsqueda de otra persona: usa `/parecidas` para la tuya."
    ),
    "This list has expired — run `/similar` again.": (
        "Esta lista ha caducado: vuelve a usar `/parecidas`."
    ),
    "That button doesn't look right — run `/similar` again.": (
        "Ese botón no parece correcto: vuelve a usar `/parecidas`."
    ),
    (
        "I didn't find a song in that message. “Songs like this” reads open.spotify.com track "
        "links, `spotify:track:` links and lines like `Blinding Lights - The Weeknd`."
    ): (
        "No encontré ninguna canción en ese mensaje. «Canciones como esta» lee enlaces de "
        "canciones de open.spotify.com, enlaces `spotify:track:` y líneas como "
        "`Blinding Lights - The Weeknd`."
    ),
    (
        "I couldn't match the songs in that message closely enough to the catalog I serve "
        "({catalog}). Try `/similar` and pick the song from the list as you type."
    ): (
        "No pude relacionar con seguridad las canciones de ese mensaje con el catálogo que "
        "sirvo ({catalog}). Prueba `/parecidas` y elige la canción de la lista al escribir."
    ),
}
CATALOGS = {"es": SPANISH}


def translation(text: str, locale: discord.Locale | str) -> str | None:
    """`text` in `locale`'s language, or None when there is none (English: the text)."""
    language = str(getattr(locale, "value", locale)).split("-")[0]
    return CATALOGS.get(language, {}).get(text)


class Translator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        return translation(string.message, locale)


def said(interaction: discord.Interaction, text: str) -> str:
    """A reply in the member's language when it is translated; English otherwise."""
    return translation(text, interaction.locale) or text

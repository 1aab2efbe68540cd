"""The bot in the member's language: one lookup, `translation`, over the Spanish catalogs.

English is the source text (what the code says); Spanish covers Discord's `es-ES` and
`es-419` locales. discord.py asks the tree's translator for every command name, description
and option when it syncs, so the commands appear in Spanish to members whose Discord is in
Spanish; `SPANISH` below holds those and the guide (a test checks every registered string has
its Spanish). Replies go through `t(text, **fields)`, which answers in the language
`speak_to(interaction)` set for the interaction being handled; their Spanish is in
`spanish_replies` (a test reads the source for every `t()` text).
"""

from __future__ import annotations

from contextvars import ContextVar

import discord
from discord import app_commands

from bot.i18n.es_replies import SPANISH_REPLIES

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
    # steering, /bridge and a member's likes
    "bridge": "puente",
    "like": "megusta",
    "dislike": "nomegusta",
    "likes": "favoritas",
    "forget": "olvidar",
    "mix": "mezcla",
    "artist": "artista",
    "exclude_artist": "excluir_artista",
    "mood": "ánimo",
    "popularity": "popularidad",
    "public": "público",
    "song2": "canción2",
    "song3": "canción3",
    "steps": "pasos",
    "scene": "escena",
    "Same scene: songs people put in playlists with it, not just alike in sound": (
        "Misma escena: canciones que la gente pone en listas con ella, no solo de sonido parecido"
    ),
    "from": "desde",
    "to": "hasta",
    "happy": "alegre",
    "sad": "triste",
    "calm": "tranquila",
    "chill": "relajada",
    "dance": "bailable",
    "energetic": "enérgica",
    "focus": "concentración",
    "workout": "ejercicio",
    "party": "fiesta",
    "melancholy": "melancólica",
    "any (default)": "cualquiera (por defecto)",
    "mainstream (the best known quarter)": "conocidas (el cuarto más conocido)",
    "deep cuts (the least known quarter)": "joyas ocultas (el cuarto menos conocido)",
    "A mix for you, from the songs you liked: each style you like gets its share.": (
        "Una mezcla para ti, a partir de tus canciones favoritas: cada estilo tiene su parte."
    ),
    "A song you don't want recommended again": "Una canción que no quieres que te recomiende",
    "A song you like: pick one while typing, or type a name": (
        "Una canción que te gusta: elígela al escribir o escribe un nombre"
    ),
    "A third song for the blend": "Una tercera canción para la mezcla",
    "An artist whose sound to start from (their own songs are left out)": (
        "Un artista cuyo sonido tomar de partida (se excluyen sus propias canciones)"
    ),
    "Another song: the list sounds like the songs blended": (
        "Otra canción: la lista suena como la mezcla de las canciones"
    ),
    "Delete everything the bot stores about you (asks first).": (
        "Borra todo lo que el bot guarda sobre ti (pregunta antes)."
    ),
    "Find songs that sound alike: like songs or an artist, of a genre, in a mood.": (
        "Canciones que suenan parecido: a canciones o a un artista, de un género, con un ánimo."
    ),
    "How many songs (1-25, default 10)": "Cuántas canciones (1-25, 10 por defecto)",
    "Leave out the song's artist altogether (default: just this song)": (
        "Excluir por completo al artista de la canción (por defecto: solo esta canción)"
    ),
    "Leave this artist out": "Excluir a este artista",
    "Like a song: /mix builds on your likes.": (
        "Marca una canción como favorita: /mezcla se basa en tus favoritas."
    ),
    "List the songs you liked.": "Lista las canciones que te gustaron.",
    "Never recommend this song (or its artist) to you again, in any command.": (
        "No volver a recomendarte esta canción (o su artista) en ningún comando."
    ),
    "Only songs of this genre or subgenre": "Solo canciones de este género o subgénero",
    "Pull the list toward a mood (ranked by fit: nothing is cut out)": (
        "Llevar la lista hacia un ánimo (ordenada por ajuste: no se descarta nada)"
    ),
    "Show the list to the channel (default: only to you)": (
        "Mostrar la lista al canal (por defecto: solo a ti)"
    ),
    "Songs in between (1-25, default 8)": "Canciones intermedias (1-25, 8 por defecto)",
    "Songs that move step by step from one song's sound to another's.": (
        "Canciones que van paso a paso del sonido de una canción al de otra."
    ),
    "The song to arrive at": "La canción de llegada",
    "The song to start from": "La canción de partida",
    "Well-known songs, deep cuts, or any": "Canciones conocidas, joyas ocultas o cualquiera",
    # descriptions
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
        "una lista pasan de página; «Buscar canciones como…» vuelve a empezar desde cualquier "
        "canción."
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
CATALOGS = {"es": (SPANISH, SPANISH_REPLIES)}
ENGLISH = "en-US"
# The language of the member being answered. Set where an interaction enters the bot (the
# tree's and the views' checks), inside the task discord.py runs that interaction in, so each
# interaction keeps its own; the console and direct calls never set it and speak English.
_member_locale: ContextVar[str] = ContextVar("member_locale", default=ENGLISH)


def translation(text: str, locale: discord.Locale | str) -> str | None:
    """`text` in `locale`'s language, or None when there is none (English: the text)."""
    language = str(getattr(locale, "value", locale)).split("-")[0]
    for catalog in CATALOGS.get(language, ()):
        if text in catalog:
            return catalog[text]
    return None


def speak_to(interaction: discord.Interaction) -> None:
    """Answer the rest of this interaction in the member's language (see `t`)."""
    _member_locale.set(str(getattr(interaction.locale, "value", interaction.locale)))


def t(text: str, /, **fields: object) -> str:
    """`text` (English, as the code says it) in the current member's language, with its
    `{fields}` filled in; English when there is no translation."""
    said = translation(text, _member_locale.get()) or text
    return said.format(**fields) if fields else said


class Translator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        return translation(string.message, locale)

"""What the bot answers, in Spanish: lists, profiles, errors, likes, buttons and menus.

The other half of the Spanish catalog (`translations.SPANISH` holds command names,
descriptions and the guide); `translations.translation` looks in both. Keys are the English
texts exactly as the code passes them to `translations.t`, `{fields}` included: a test checks
that every one has its Spanish, with the same fields. Command and option names in the texts
are the Spanish ones a Spanish member sees in Discord (`/parecidas`, `canción:`).
"""

from __future__ import annotations

SPANISH_REPLIES: dict[str, str] = {
    # lists of songs (embeds)
    "Catalog: {catalog} · {tracks:,} tracks": "Catálogo: {catalog} · {tracks:,} canciones",
    "page {page}/{pages}": "página {page}/{pages}",
    " in {genre}": " en {genre}",
    "Songs like {name}": "Canciones como {name}",
    "by {artist} · {summary}": "de {artist} · {summary}",
    "a blend of the seeds; ≈ marks the seed each song is closest to": (
        "una mezcla de las canciones de partida; ≈ marca a cuál se parece más cada canción"
    ),
    "songs by other artists with their sound": "canciones de otros artistas con su sonido",
    "The most typical {genre} songs": "Las canciones más típicas de {genre}",
    "one song per artist": "una canción por artista",
    "Songs that fit": "Canciones que encajan",
    "one song per artist, from the whole catalog": "una canción por artista, de todo el catálogo",
    "*Steered:* {steering}": "*Orientada:* {steering}",
    "*Also matched:* {others} — pick from the autocomplete list to choose.": (
        "*También coinciden:* {others}. Elige en la lista que aparece al escribir."
    ),
    "No songs found with these filters.": "No hay canciones con estos filtros.",
    # /bridge
    "From {start} to {end}": "De {start} a {end}",
    "start": "salida",
    "arrival": "llegada",
    "each step closer to the arrival": "cada paso más cerca de la llegada",
    # /features
    "Danceability": "Bailabilidad",
    "Energy": "Energía",
    "Speechiness": "Palabra hablada",
    "Acousticness": "Acústica",
    "Instrumentalness": "Instrumentalidad",
    "Liveness": "En directo",
    "Valence": "Positividad",
    "Tempo": "Tempo",
    "Key": "Tonalidad",
    "Loudness": "Volumen",
    "Duration": "Duración",
    "Popularity": "Popularidad",
    "Album": "Álbum",
    "Genres": "Géneros",
    "unknown": "desconocida",
    "none listed": "ninguno indicado",
    "{ordinal} pct": "percentil {number}",
    # Spotify's readings of the skewed features (recommender.describe.MEANINGS and PLAIN)
    "instrumental": "instrumental",
    "spoken word": "palabra hablada",
    "rap-like": "tipo rap",
    "live": "en directo",
    "has vocals": "con voz",
    "mostly music": "sobre todo música",
    "studio": "de estudio",
    "pct: percentile in the catalog; words: Spotify's thresholds": (
        "percentil: posición en el catálogo; palabras: umbrales de Spotify"
    ),
    # the /features chart's spokes ("mood", "dance", "instrumental", "live": above) and caption
    "energy": "energía",
    "tempo": "tempo",
    "loudness": "volumen",
    "acoustic": "acústica",
    "speech": "habla",
    "Spotify's 0–1 scale · tempo 50–200 BPM · loudness −30–0 dB": (
        "escala 0–1 de Spotify · tempo 50–200 BPM · volumen −30–0 dB"
    ),
    # /genres
    "Genres in the catalog": "Géneros del catálogo",
    "Use any of these with `/similar genre:`.": "Usa cualquiera con `/parecidas género:`.",
    "{genre} · {tracks:,} tracks": "{genre} · {tracks:,} canciones",
    "Also: {genres}": "También: {genres}",
    # errors (the recommender's `explain` templates: "{}" is what the member typed)
    "That track isn't in this catalog: {}.": "Esa canción no está en este catálogo: {}.",
    "I couldn't find a song matching {}.": "No encontré ninguna canción que coincida con {}.",
    "Did you mean": "Quizás quisiste decir",
    "This catalog has no genres, so a genre filter can't be used.": (
        "Este catálogo no tiene géneros, así que no se puede filtrar por género."
    ),
    "I don't know the genre {}.": "No conozco el género {}.",
    "Try one of": "Prueba uno de estos",
    " and {more} more (see `/genres`).": " y {more} más (mira `/géneros`).",
    "Tip: pick a song from the list that appears while you type.": (
        "Consejo: elige una canción de la lista que aparece mientras escribes."
    ),
    (
        "Tell me a song, an artist, a genre or a mood — for example "
        "`/similar song:Blinding Lights`, `/similar song:Blinding Lights song2:Someone Like You`, "
        "`/similar artist:Radiohead` or `/similar genre:rock mood:calm`."
    ): (
        "Dime una canción, un artista, un género o un ánimo; por ejemplo "
        "`/parecidas canción:Blinding Lights`, "
        "`/parecidas canción:Blinding Lights canción2:Someone Like You`, "
        "`/parecidas artista:Radiohead` o `/parecidas género:rock ánimo:tranquila`."
    ),
    (
        "No song passes these filters. Drop an excluded artist, the popularity band or the genre "
        "and try again."
    ): (
        "Ninguna canción pasa estos filtros. Quita un artista excluido, la popularidad o el "
        "género y vuelve a intentarlo."
    ),
    "count must be a whole number from 1 to {most}.": (
        "cantidad debe ser un número entero del 1 al {most}."
    ),
    # the command tree's answers
    "You're going fast — try again in {seconds:.0f} s.": (
        "Vas muy rápido: vuelve a intentarlo en {seconds:.0f} s."
    ),
    "That option doesn't look right; please check it.": (
        "Esa opción no parece correcta; revísala, por favor."
    ),
    (
        "Sorry, something went wrong on my side. If it keeps happening, tell the bot's host "
        "this error id: `{error_id}`."
    ): (
        "Lo siento, algo ha fallado por mi parte. Si sigue pasando, dale al anfitrión del bot "
        "este código de error: `{error_id}`."
    ),
    # buttons and menus
    "Next ▶": "Siguiente ▶",
    "◀ Previous": "◀ Anterior",
    "Open on Spotify": "Abrir en Spotify",
    "Export": "Exportar",
    "Find songs like…": "Buscar canciones como…",
    "♥ Like a song…": "♥ Marcar como favorita…",
    "✕ Never recommend a song to me…": "✕ No recomendarme nunca una canción…",
    "Delete everything": "Borrarlo todo",
    "Cancel": "Cancelar",
    "These buttons belong to someone else's request — run the command for your own.": (
        "Estos botones son de la petición de otra persona: usa el comando para la tuya."
    ),
    (
        "{count} songs: a table (title, artist, link) and the links alone — paste those into a "
        "Spotify playlist in the desktop app."
    ): (
        "{count} canciones: una tabla (título, artista, enlace) y solo los enlaces; pega estos "
        "en una lista de Spotify en la aplicación de escritorio."
    ),
    (
        "Your liked songs: a table (title, artist, link) and the links alone — paste those "
        "into a Spotify playlist in the desktop app."
    ): (
        "Tus canciones favoritas: una tabla (título, artista, enlace) y solo los enlaces; pega "
        "estos en una lista de Spotify en la aplicación de escritorio."
    ),
    # likes, dislikes, /likes, /forget
    "You already like {song}.": "{song} ya está entre tus favoritas.",
    "Moved {song} from your dislikes to your likes.": (
        "He pasado {song} de las que no te gustan a tus favoritas."
    ),
    "Liked {song}. `/mix` builds a list from your likes.": (
        "{song} añadida a tus favoritas. `/mezcla` crea una lista a partir de ellas."
    ),
    "You had left out {artist}; they're back in.": (
        "Habías excluido a {artist}; vuelve a estar incluido."
    ),
    "You already left out {artist}.": "Ya habías excluido a {artist}.",
    (
        "Left out {artist}: none of their songs will be recommended to you. Liking one of "
        "their songs brings them back."
    ): (
        "Excluido {artist}: no te recomendaré ninguna de sus canciones. Si marcas una como "
        "favorita, vuelve a estar incluido."
    ),
    "You already disliked {song}.": "Ya habías marcado {song} como que no te gusta.",
    "Disliked {song}. Moved it from your likes. I won't recommend it to you again.": (
        "Anotado que no te gusta {song}. La he quitado de tus favoritas. No te la volveré a "
        "recomendar."
    ),
    "Disliked {song}. I won't recommend it to you again.": (
        "Anotado que no te gusta {song}. No te la volveré a recomendar."
    ),
    "{likes} liked · {dislikes} disliked · {artists} artists left out": (
        "{likes} favoritas · {dislikes} que no te gustan · {artists} artistas excluidos"
    ),
    "{member}'s liked songs": "Canciones favoritas de {member}",
    "Your liked songs": "Tus canciones favoritas",
    "No liked songs yet: `/like song:` adds one.": (
        "Aún no tienes favoritas: `/megusta canción:` añade una."
    ),
    "*not in this catalog*": "*no está en este catálogo*",
    "Artists you left out: {names}": "Artistas que excluiste: {names}",
    "I have nothing stored about you, so there is nothing to forget.": (
        "No guardo nada sobre ti, así que no hay nada que olvidar."
    ),
    (
        "This deletes everything I store about you: {likes} liked and {dislikes} disliked "
        "songs, {artists} left-out artists. It can't be undone."
    ): (
        "Esto borra todo lo que guardo sobre ti: {likes} canciones favoritas y {dislikes} que "
        "no te gustan, {artists} artistas excluidos. No se puede deshacer."
    ),
    "Cancelled: nothing was deleted.": "Cancelado: no se ha borrado nada.",
    "There was nothing left to delete: I store nothing about you.": (
        "No quedaba nada que borrar: no guardo nada sobre ti."
    ),
    (
        "Done: I deleted {likes} liked and {dislikes} disliked songs and {artists} left-out "
        "artists. I store nothing about you now."
    ): (
        "Hecho: he borrado {likes} canciones favoritas, {dislikes} que no te gustan y "
        "{artists} artistas excluidos. Ya no guardo nada sobre ti."
    ),
    "I'm busy saving other members' likes; please try again in a few seconds.": (
        "Estoy ocupado guardando las favoritas de otros miembros; vuelve a intentarlo en unos "
        "segundos."
    ),
    "the bot's database is read-only": "la base de datos del bot es de solo lectura",
    "the bot's database file is damaged": "el archivo de la base de datos del bot está dañado",
    "the bot's database can't be used right now": (
        "la base de datos del bot no se puede usar ahora mismo"
    ),
    (
        "I can't reach your likes right now ({reason}; the host has been told). "
        "Recommendations still work; nothing you saved before is lost."
    ): (
        "Ahora mismo no puedo acceder a tus favoritas ({reason}; ya se ha avisado al "
        "anfitrión). Las recomendaciones siguen funcionando; no se ha perdido nada de lo que "
        "guardaste."
    ),
    # /mix
    (
        "Your mix is built from songs you like, and you haven't liked any yet. Try "
        "`/like song:Blinding Lights`, then `/mix`."
    ): (
        "Tu mezcla se basa en tus canciones favoritas y aún no tienes ninguna. Prueba "
        "`/megusta canción:Blinding Lights` y luego `/mezcla`."
    ),
    (
        "None of the songs you like are in this bot's catalog any more (it was rebuilt); "
        "`/likes` lists them. Like a few songs from this catalog for a mix."
    ): (
        "Ninguna de tus favoritas está ya en el catálogo del bot (se reconstruyó); "
        "`/favoritas` las lista. Marca algunas canciones de este catálogo para una mezcla."
    ),
    "A mix for {member}": "Una mezcla para {member}",
    "{count} styles": "{count} estilos",
    "one style": "un estilo",
    "From 1 liked song, grouped into {styles}.": "A partir de 1 favorita, agrupada en {styles}.",
    "From {likes:,} liked songs, grouped into {styles}.": (
        "A partir de {likes:,} favoritas, agrupadas en {styles}."
    ),
    "({count} more are not in this catalog; `/likes` lists them.)": (
        "({count} más no están en este catálogo; `/favoritas` las lista.)"
    ),
    "like {song}": "como {song}",
    "nothing you liked or disliked": "sin nada que ya marcaste",
}

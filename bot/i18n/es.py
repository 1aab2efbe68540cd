"""Everything the bot says in Spanish, in three tables:

- `COMMANDS`: command names, descriptions, options, choices and the guide, which discord.py
  asks the tree's translator for when it syncs;
- `REPLIES`: what the bot answers (lists, profiles, errors, likes, buttons, menus), keyed by
  the English text exactly as the code passes it to `bot.i18n.t`, `{fields}` included;
- `WORDS`: the recommender's records (why a song is listed, how a list was steered, a song's
  sound, a bridge step) in Spanish: one `recommender.Words` table.

Tests check every text the bot registers or passes to `t()`, and every id of the records'
vocabulary, has its Spanish here, with the same fields. Command and option names in the texts
are the Spanish ones a Spanish member sees in Discord (`/parecidas`, `canción:`).
"""

from __future__ import annotations

from recommender import ENGLISH, Words, join_with, mood_names

COMMANDS: dict[str, str] = {
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
    "blend": "fusión",
    "privacy": "privacidad",
    "with": "con",
    "with2": "con2",
    "with3": "con3",
    "with4": "con4",
    "blends": "fusiones",
    "Songs for you and up to four members together, fair to each, from everyone's likes.": (
        "Canciones para ti y hasta cuatro miembros a la vez, justas con cada uno, de lo que "
        "os gusta."
    ),
    "A member to blend with": "Un miembro con quien fusionar",
    "Another member": "Otro miembro",
    "How many songs a page (1-25, default 10)": "Cuántas canciones por página (1-25, 10 por defecto)",
    "Choose whether your likes may join other members' blends (or see your choice).": (
        "Elige si tus favoritas pueden entrar en las fusiones de otros (o mira tu elección)."
    ),
    "Whether your likes may join other members' blends": (
        "Si tus favoritas pueden entrar en las fusiones de otros miembros"
    ),
    "allow: my likes may join other members' blends": (
        "permitir: mis favoritas pueden entrar en fusiones de otros"
    ),
    "deny: keep my likes out of other members' blends": (
        "denegar: mis favoritas quedan fuera de las fusiones de otros"
    ),
    "radio": "emisora",
    "shared": "compartida",
    "A radio that learns: More like this, Skip and Never steer the next song.": (
        "Una radio que aprende: Más como esta, Saltar y Nunca orientan la siguiente canción."
    ),
    "A song to start from: pick one while typing, or type a name": (
        "Una canción de partida: elige una al escribir o escribe un nombre"
    ),
    "An artist whose sound to start from": "Un artista de cuyo sonido partir",
    "Pull the radio toward a mood": "Llevar la radio hacia un estado de ánimo",
    "Everyone in this channel can press its buttons (the majority steers)": (
        "Todos en este canal pueden pulsar sus botones (manda la mayoría)"
    ),
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

REPLIES: dict[str, str] = {
    # /blend and /privacy
    "for {members}": "para {members}",
    "{first} and {last}": "{first} y {last}",
    "A blend for {count} members": "Una fusión para {count} miembros",
    "From everyone's likes; each song is for whoever the list served least so far (songs for "
    "each: {counts}).": (
        "De las favoritas de todos; cada canción es para quien la lista ha servido menos hasta "
        "ahora (canciones para cada uno: {counts})."
    ),
    "leaves out everyone's likes and dislikes": ("sin las favoritas ni las descartadas de nadie"),
    "Waiting for {members}: their likes join a blend only if they allow it. Press **Allow this "
    "blend** to join this one (only this one); `/privacy blends:allow` allows every blend.": (
        "Esperando a {members}: sus favoritas entran en una fusión solo si lo permiten. Pulsa "
        "**Permitir esta fusión** para unirte a esta (solo a esta); `/privacidad "
        "fusiones:allow` permite todas."
    ),
    "The blend: a table (title, artist, link) and the links alone — paste those into a Spotify "
    "playlist in the desktop app.": (
        "La fusión: una tabla (título, artista, enlace) y solo los enlaces: pégalos en una lista "
        "de Spotify en la aplicación de escritorio."
    ),
    "Your likes may join other members' blends. `/privacy blends:deny` stops that.": (
        "Tus favoritas pueden entrar en las fusiones de otros miembros. `/privacidad "
        "fusiones:deny` lo impide."
    ),
    "Name at least one member to blend with: `/blend with:@member`.": (
        "Nombra al menos a un miembro con quien fusionar: `/fusión con:@miembro`."
    ),
    "Bots have no likes to blend: pick members who use `/like`.": (
        "Los bots no tienen favoritas: elige miembros que usen `/megusta`."
    ),
    "A blend is you and others: for songs from your likes alone, use `/mix`.": (
        "Una fusión es contigo y otros: para canciones solo de tus favoritas, usa `/mezcla`."
    ),
    "A blend is for you and up to {most} members; leave some out.": (
        "Una fusión es para ti y hasta {most} miembros; deja fuera a alguno."
    ),
    "Your likes join someone else's blend only if you allow it: press **Allow this blend** when "
    "a blend asks, or `/privacy blends:allow` for every blend.": (
        "Tus favoritas entran en la fusión de otro solo si lo permites: pulsa **Permitir esta "
        "fusión** cuando una fusión lo pida, o `/privacidad fusiones:allow` para todas."
    ),
    "Your likes stay out of other members' blends, unless you press **Allow this blend** on "
    "one. `/privacy blends:allow` lets them join every blend.": (
        "Tus favoritas quedan fuera de las fusiones de otros, salvo que pulses **Permitir esta "
        "fusión** en una. `/privacidad fusiones:allow` las deja entrar en todas."
    ),
    "This button is for the members the blend waits for; `/blend` makes your own.": (
        "Este botón es para los miembros a los que espera la fusión; `/fusión` crea la tuya."
    ),
    "These buttons are for the members of this blend — `/blend` makes your own.": (
        "Estos botones son para los miembros de esta fusión: `/fusión` crea la tuya."
    ),
    "Not everyone in this blend allows it any more — run `/blend` again to ask them.": (
        "No todos en esta fusión la permiten ya: vuelve a usar `/fusión` para pedírselo."
    ),
    "No liked songs yet from {members}, so there is nothing of theirs to blend: a few `/like "
    "song:` first, then `/blend` again.": (
        "{members} aún no tiene favoritas, así que no hay nada suyo que fusionar: primero unas "
        "cuantas con `/megusta canción:`, luego `/fusión` otra vez."
    ),
    "None of the songs {members} liked are in this bot's catalog any more (it was rebuilt); a "
    "few `/like song:` from this catalog, then `/blend`.": (
        "Ninguna de las favoritas de {members} está ya en el catálogo de este bot (se "
        "reconstruyó); unas cuantas con `/megusta canción:` de este catálogo, luego `/fusión`."
    ),
    "Allow this blend": "Permitir esta fusión",
    "Done: I deleted your blend permission. I store nothing about you now.": (
        "Hecho: borré tu permiso de fusiones. Ya no guardo nada sobre ti."
    ),
    "Your blend permission is gone too.": "Tu permiso de fusiones también.",
    # /radio
    "**Next:**": "**Después:**",
    "*Less like:* {songs}": "*Menos como:* {songs}",
    "*More like:* {songs}": "*Más como:* {songs}",
    "*More like this* also saves the song to your likes.": (
        "*Más como esta* también guarda la canción en tus favoritas."
    ),
    "*Why:* {why}": "*Por qué:* {why}",
    "A shared radio is for a server channel; here, start it without `shared`.": (
        "Una radio compartida es para un canal de un servidor; aquí, iníciala sin `compartida`."
    ),
    "Give the radio somewhere to start: a song, an artist, a genre or a mood.": (
        "Dale a la radio un punto de partida: una canción, un artista, un género o un ánimo."
    ),
    "Loosen": "Aflojar filtros",
    "More like this": "Más como esta",
    "Never": "Nunca",
    "Skip": "Saltar",
    "Stop": "Parar",
    "Saving likes: off": "Guardar favoritas: no",
    "Saving likes: on": "Guardar favoritas: sí",
    "No song fits these filters — drop the genre, mood or popularity and try again.": (
        "Ninguna canción encaja con estos filtros: quita el género, el ánimo o la popularidad "
        "y vuelve a intentarlo."
    ),
    "No song is left that fits this radio's filters — press **Loosen** to drop the genre, "
    "mood and popularity, or start a new `/radio`.": (
        "No queda ninguna canción que encaje con los filtros de esta radio: pulsa **Aflojar "
        "filtros** para quitar el género, el ánimo y la popularidad, o inicia otra `/emisora`."
    ),
    "Only the member who started this radio can do that.": (
        "Solo quien inició esta radio puede hacer eso."
    ),
    "Radio stopped after {count} song.": "Radio parada tras {count} canción.",
    "Radio stopped after {count} songs.": "Radio parada tras {count} canciones.",
    "Shared radio — everyone here can press. Votes on this song: ♥ {likes} · ⏭ {skips} · "
    "✕ {nevers}": (
        "Radio compartida: todos aquí pueden pulsar. Votos para esta canción: ♥ {likes} · "
        "⏭ {skips} · ✕ {nevers}"
    ),
    "The radio needs the bot's database, which can't be used right now; try again later.": (
        "La radio necesita la base de datos del bot, que ahora no se puede usar; inténtalo "
        "más tarde."
    ),
    "This radio belongs to someone else — start your own with `/radio`.": (
        "Esta radio es de otra persona: inicia la tuya con `/emisora`."
    ),
    "This radio has ended or expired — start a new one with `/radio`.": (
        "Esta radio terminó o caducó: inicia otra con `/emisora`."
    ),
    "This song has already moved on — press the buttons on the newest card.": (
        "Esta canción ya pasó: pulsa los botones de la tarjeta más reciente."
    ),
    "by {artist}": "de {artist}",
    "sounds most like {song}": "se parece sobre todo a {song}",
    "📻 Radio": "📻 Radio en marcha",
    "📻 Radio · song {step}": "📻 Radio · canción {step}",
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
    "pct: percentile in the catalog; words: Spotify's thresholds": (
        "percentil: posición en el catálogo; palabras: umbrales de Spotify"
    ),
    # the /features chart's spokes and caption
    "instrumental": "instrumental",
    "live": "en directo",
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
    "{genre} · {count:,} track": "{genre} · {count:,} canción",
    "{genre} · {count:,} tracks": "{genre} · {count:,} canciones",
    "Also: {genres}": "También: {genres}",
    # a press on a control no longer known (bot/ui/stale.py)
    "This button is from an older message — run the command again.": (
        "Este botón es de un mensaje anterior: vuelve a usar el comando."
    ),
    # a shutdown under way (bot/host/backlog.py)
    "I'm restarting — try again in a moment.": "Me estoy reiniciando: vuelve a probar en un momento.",
    # errors (the recommender's `explain` templates: "{}" is what the member typed)
    "That track isn't in this catalog: {}.": "Esa canción no está en este catálogo: {}.",
    "I couldn't find a song matching {}.": "No encontré ninguna canción que coincida con {}.",
    "Did you mean": "Quizás quisiste decir",
    "A name can be at most 200 characters long; type a shorter one.": (
        "Un nombre puede tener como mucho 200 caracteres; escribe uno más corto."
    ),
    "This catalog has no genres, so a genre filter can't be used.": (
        "Este catálogo no tiene géneros, así que no se puede filtrar por género."
    ),
    "This catalog has no popularity, so a popularity band can't be used.": (
        "Este catálogo no tiene popularidad, así que no se puede elegir por popularidad."
    ),
    "I don't know the genre {}.": "No conozco el género {}.",
    "I don't know the artist {}.": "No conozco al artista {}.",
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
    "No song passes these filters. Drop one and try again: {given}.": (
        "Ninguna canción pasa estos filtros. Quita uno y vuelve a intentarlo: {given}."
    ),
    "genre {genre}": "género {genre}",
    "popularity {band}": "popularidad {band}",
    "without {artist}": "sin {artist}",
    "No other song in this catalog can be recommended for that.": (
        "No hay otra canción en este catálogo que recomendar para eso."
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
    "Open #{number} on Spotify": "Abrir la n.º {number} en Spotify",
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
        "{count} song: a table (title, artist, link) and the link alone — paste it into a "
        "Spotify playlist in the desktop app."
    ): (
        "{count} canción: una tabla (título, artista, enlace) y solo el enlace; pégalo en una "
        "lista de Spotify en la aplicación de escritorio."
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
        "This deletes everything I store about you: {likes}, {dislikes} and {artists}. "
        "It can't be undone."
    ): (
        "Esto borra todo lo que guardo sobre ti: {likes}, {dislikes} y {artists}. "
        "No se puede deshacer."
    ),
    "Cancelled: nothing was deleted.": "Cancelado: no se ha borrado nada.",
    "There was nothing left to delete: I store nothing about you.": (
        "No quedaba nada que borrar: no guardo nada sobre ti."
    ),
    "Done: I deleted {likes}, {dislikes} and {artists}. I store nothing about you now.": (
        "Hecho: he borrado {likes}, {dislikes} y {artists}. Ya no guardo nada sobre ti."
    ),
    "{count} liked song": "{count} canción favorita",
    "{count} liked songs": "{count} canciones favoritas",
    "{count} disliked song": "{count} canción que no te gusta",
    "{count} disliked songs": "{count} canciones que no te gustan",
    "{count} artist left out": "{count} artista excluido",
    "{count} artists left out": "{count} artistas excluidos",
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
    "({count} more is not in this catalog; `/likes` lists it.)": (
        "({count} más no está en este catálogo; `/favoritas` la lista.)"
    ),
    "({count} more are not in this catalog; `/likes` lists them.)": (
        "({count} más no están en este catálogo; `/favoritas` las lista.)"
    ),
    "like {song}": "como {song}",
    "leaves out songs you already liked or disliked": (
        "sin las canciones que ya marcaste como favoritas o que no te gustan"
    ),
}


def y(items: list[str]) -> str:
    """ "a, b y c"; "y" becomes "e" before an i- sound ("energía e instrumentalidad")."""
    said = join_with("y")(items)
    last = items[-1].casefold() if items else ""
    if len(items) > 1 and last.startswith(("i", "hi")) and not last.startswith("hie"):
        return said[: -len(items[-1]) - 3] + " e " + items[-1]
    return said


FEATURES = {
    "danceability": "bailabilidad",
    "energy": "energía",
    "loudness": "volumen",
    "speechiness": "palabra hablada",
    "acousticness": "acústica",
    "instrumentalness": "instrumentalidad",
    "liveness": "presencia de público",
    "valence": "positividad",
    "tempo": "tempo",
    "mode": "modo",
}
WORDS = Words(
    features={**FEATURES, "valence": "positividad (ánimo)"},
    target_features=FEATURES,
    traits={
        "very danceable": "muy bailable",
        "hard to dance to": "poco bailable",
        "high-energy": "enérgica",
        "calm": "tranquila",
        "acoustic": "acústica",
        "electronic": "electrónica",
        "upbeat": "alegre",
        "dark": "oscura",
        "fast": "rápida",
        "slow": "lenta",
        "loud": "fuerte",
        "quiet": "suave",
        "instrumental": "instrumental",
        "spoken word": "palabra hablada",
        "rap-like": "tipo rap",
        "live": "en directo",
        "has vocals": "con voz",
        "mostly music": "sobre todo música",
        "studio": "de estudio",
    },
    moods={mood: COMMANDS[mood] for mood in mood_names()},  # as the mood choices say them
    levels={"low": "baja", "mid": "media", "medium": "media", "high": "alta"},
    bands={"deep": "joyas ocultas", "mainstream": "conocidas"},
    where={"playlists": "en listas", "albums": "en álbumes", "lists": "en listas o álbumes"},
    pitches=("Do", "Do♯", "Re", "Re♯", "Mi", "Fa", "Fa♯", "Sol", "Sol♯", "La", "La♯", "Si"),
    modes={True: "mayor", False: "menor"},
    templates={
        "close": "parecida en {features}",
        "blend": "cerca de la mezcla en {features}",
        "artist_sound": "cerca del sonido de {artist} en {features}",
        "typical": "típica de {genre} en {features}",
        "targets": "{targets}",
        "scene": "a menudo {where} con {artist}; parecida en {features}",
        "same_artist_scene": "más de {artist}, a menudo juntas {where}; parecida en {features}",
        "same key": "; misma tonalidad",
        "target": "{feature} {value}",
        "bridge": "al {percent} del camino hacia {destination}",
        "mood": "ánimo {mood}",
        "level": "{feature} {level}",
        "band": "{band} (popularidad {low:.0f}-{high:.0f})",
        "no explicit": "sin contenido explícito",
        "explicit unknown": "este catálogo no indica el contenido explícito",
        "tempo": ENGLISH.templates["tempo"],  # "118 BPM" reads the same
        "key": "{pitch} {mode}",
        "unknown key": "tonalidad desconocida",
    },
    join=y,
)

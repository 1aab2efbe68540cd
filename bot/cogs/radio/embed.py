"""The /radio card: the song playing (title, artist, link, why), the next two, what the
radio learned from the presses, and on a shared radio the votes on this song (counts only)."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.i18n import plural, render, t
from bot.storage import RadioSession
from bot.ui import limits
from bot.ui.embeds import SPOTIFY_GREEN, footer_text
from bot.ui.limits import clip, safe
from bot.ui.pages import Catalog
from recommender import RadioTurn, Track

LEARNED = 3  # songs named per "more like" / "less like" line


def titles(tracks: Sequence[Track]) -> str:
    return ", ".join(safe(track.name, 40) for track in tracks[:LEARNED])


def radio_embed(
    session: RadioSession, turn: RadioTurn, votes: dict, catalog: Catalog
) -> discord.Embed:
    lines: list[str] = []
    now = turn.now
    if now is None:
        lines.append(
            t(
                "No song is left that fits this radio's filters — press **Loosen** to drop the "
                "genre, mood and popularity, or start a new `/radio`."
            )
        )
    else:
        track = now.track
        lines.append(f"## [{safe(track.name, 80)}]({track.url})")
        lines.append(t("by {artist}", artist=f"**{safe(track.artist, 80)}**"))
        why = clip(render(now.reason), 150)
        if turn.because is not None:
            why = t("sounds most like {song}", song=safe(turn.because.name, 60)) + f" · {why}"
        lines.append(t("*Why:* {why}", why=why))
        if turn.upcoming:
            lines.append("")
            lines.append(t("**Next:**"))
            lines += [
                f"{n}. [{safe(r.track.name, 60)}]({r.track.url}) — {safe(r.track.artist, 40)}"
                for n, r in enumerate(turn.upcoming, start=1)
            ]
    if turn.more_like or turn.less_like:
        lines.append("")
    if turn.more_like:
        lines.append(t("*More like:* {songs}", songs=titles(turn.more_like)))
    if turn.less_like:
        lines.append(t("*Less like:* {songs}", songs=titles(turn.less_like)))
    if session.shared:
        lines.append("")
        lines.append(
            t(
                "Shared radio — everyone here can press. Votes on this song: ♥ {likes} · "
                "⏭ {skips} · ✕ {nevers}",
                likes=votes.get("like", 0),
                skips=votes.get("skip", 0),
                nevers=votes.get("never", 0),
            )
        )
    if session.save_likes:
        lines.append(t("*More like this* also saves the song to your likes."))
    embed = discord.Embed(
        title=clip(t("📻 Radio · song {step}", step=turn.step), limits.TITLE),
        colour=SPOTIFY_GREEN,
        description=clip("\n".join(lines), limits.DESCRIPTION),
    )
    embed.set_footer(text=footer_text(catalog.name, catalog.size))
    return embed


def stopped_embed(session: RadioSession, tracks) -> discord.Embed:
    """The card once stopped: how many songs played, and what was liked."""
    liked = [
        tracks.track(tracks.row_of[i])
        for i, k in session.presses
        if k == "like" and i in tracks.row_of
    ]
    played = len(session.presses)
    lines = [
        plural(played, "Radio stopped after {count} song.", "Radio stopped after {count} songs.")
    ]
    if liked:
        lines.append(t("*More like:* {songs}", songs=titles(liked[::-1])))
    return discord.Embed(
        title=t("📻 Radio"), colour=SPOTIFY_GREEN, description=clip("\n".join(lines), 1000)
    )

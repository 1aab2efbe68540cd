"""Errors in a member's words: the recommender's `explain` mapping, formatted for Discord in
the member's language (the recommender's templates are English; the bot translates them)."""

from __future__ import annotations

from bot.i18n import t
from bot.ui.limits import clip, safe, unping
from recommender import RecommenderError, SongNotFoundError, explain

INLINE_OPTIONS = 40  # a long list (genres) goes inline, capped; a short one as bullets


def error_text(error: RecommenderError) -> str:
    said = explain(error)
    # The template's "{}" is the subject's place, filled after translating (not str.format).
    text = t(said.template).replace("{}", f"**{safe(said.subject, 100)}**", 1)
    options, title = said.options, t(said.options_title) if said.options_title else ""
    if options and len(options) <= 5:
        text += f"\n{title}:\n" + "\n".join(f"• {safe(o, 100)}" for o in options)
    elif options:
        names = ", ".join(f"`{safe(o, 60)}`" for o in options[:INLINE_OPTIONS])
        more = len(options) - INLINE_OPTIONS
        text += f" {title}: {names}" + (
            t(" and {more} more (see `/genres`).", more=more) if more > 0 else "."
        )
    if isinstance(error, SongNotFoundError):
        text += "\n" + t("Tip: pick a song from the list that appears while you type.")
    # A recommender message may quote what was typed ("I don't know the artist '@here'").
    return clip(unping(text), 1900)

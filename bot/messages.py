"""Errors in a member's words: the recommender's `explain` mapping, formatted for Discord."""

from __future__ import annotations

from recommender import RecommenderError, SongNotFoundError, explain

from .limits import clip, safe

INLINE_OPTIONS = 40  # a long list (genres) goes inline, capped; a short one as bullets


def error_text(error: RecommenderError) -> str:
    said = explain(error)
    text = said.sentence(lambda subject: f"**{safe(subject, 100)}**")
    options = said.options
    if options and len(options) <= 5:
        text += f"\n{said.options_title}:\n" + "\n".join(f"• {safe(o, 100)}" for o in options)
    elif options:
        names = ", ".join(f"`{safe(o, 60)}`" for o in options[:INLINE_OPTIONS])
        more = len(options) - INLINE_OPTIONS
        text += f" {said.options_title}: {names}" + (
            f" and {more} more (see `/genres`)." if more > 0 else "."
        )
    if isinstance(error, SongNotFoundError):
        text += "\nTip: pick a song from the list that appears while you type."
    return clip(text, 1900)

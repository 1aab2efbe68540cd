"""/radio: the command, the session rules (`desk`), its card and buttons."""

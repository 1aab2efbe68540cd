"""/bridge: the command, its embed and the menu under it."""

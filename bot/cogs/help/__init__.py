"""/help: the guide generated from the registered commands."""

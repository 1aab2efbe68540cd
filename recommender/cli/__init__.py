"""`python -m recommender …`: the command line over the library, in English text or JSON."""

from recommender.cli.commands import main

__all__ = ["main"]

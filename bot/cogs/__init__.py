"""One module or package per command family: its cog, and the handler, embed and view that
only it uses."""

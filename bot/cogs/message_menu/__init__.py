"""The "Songs like this" message menu."""

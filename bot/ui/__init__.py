"""Shared Discord building blocks: replies and sending, page source and list view with its
restart-proof controls, owned views, embed helpers, limits, error replies, option types."""

"""What the tests share: a Discord driver, synthetic catalogs, a local HTTP server, small
file systems, the real catalogs' paths and the bot's test helpers."""

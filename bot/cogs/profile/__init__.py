"""/features: a song's audio profile, its embed and its radar chart."""

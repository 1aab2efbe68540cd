"""The catalog: where it comes from, how it is read, its stored schema, its derived data
(feature space, track table, playlist scene)."""

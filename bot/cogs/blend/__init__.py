"""/blend (songs for a group, from everyone's likes, with their consent) and /privacy."""

"""What typed text means: songs, artists and genres as people type them (rapidfuzz is
imported only in `matcher`)."""

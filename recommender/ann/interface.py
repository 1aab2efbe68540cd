"""What every nearest-neighbour backend offers, in words that are not any library's."""

from __future__ import annotations

from typing import Literal, Protocol

import numpy as np

# How hard a search looks; each backend maps it to its own knob. "careful": the list as
# shown, near-exact; "pool": candidates re-ordered exactly afterwards (the scene pull);
# "steered": a pool re-ranked by a steered fit.
Effort = Literal["careful", "pool", "steered"]


class NearestIndex(Protocol):
    """One loaded forest: items are 0..len-1, in the order the vectors were built."""

    def __len__(self) -> int: ...

    def nearest(
        self, vector: np.ndarray, n: int, effort: Effort | int = "careful"
    ) -> tuple[list[int], list[float]]:
        """Up to `n` items nearest `vector`, nearest first, with distances. An int `effort`
        is the backend's own per-result knob, for the sweeps that tune the named ones."""
        ...

    def warm(self) -> None:
        """Map the whole index into this process now, safely beside running searches."""
        ...

    def close(self) -> None: ...

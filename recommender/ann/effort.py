"""How hard a nearest-neighbour search looks, in words every backend maps to its own knob."""

from typing import Literal

# "careful": the list as shown, near-exact; "pool": candidates that are re-ordered exactly
# afterwards (the scene re-rank); "steered": a pool re-ranked by a steered fit.
Effort = Literal["careful", "pool", "steered"]

"""Python's cyclic garbage collector, tuned for a serving process (issue 21).

A batch of 1,000 entries keeps tens of thousands of objects alive while it is applied (its wire models, rows,
procurations). With the default thresholds (a young collection every 700 new objects) they are promoted to the
older generations mid-batch, and the full collections that follow walk the whole heap, the application's own
objects included: measured, a quarter to a third of the central store's CPU per entry. `tune()` freezes what start-up
built (never collected, never walked again) and runs young collections every `YOUNG` new objects instead. Cycles
are still collected, only less often: nothing else changes (reference counting frees everything else at once).
"""

from __future__ import annotations

import gc

YOUNG = 10_000  # new objects between two young collections (CPython's default: 700)
OLDER = 10  # young collections between two middle ones, and middle ones between two full ones (the defaults)


def tune() -> None:
    """Call once a serving process has built its application, before it serves."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, OLDER, OLDER)

"""What the central store says it holds of this station, in two headers of its feed and push answers.

A central store restored from a backup, or failed over to a replica that lagged, has forgotten what came after its
restore point: this station's last acts, and the changes of its feed. A station that pushes learns it from the 409
`seq` refusal (`recovery.recover`); an idle station pushes nothing, so every answer says what the store holds:

- `Guichet-Last-Seq`: the last seq of this station's entries the store holds. Below the highest seq this station had
  acknowledged: acts the store confirmed are lost there, and must be sent again;
- `Guichet-Feed-High`: the highest cursor of this station's feed (0: none). Below the cursor this station stored:
  the feed went back, and the changes made since the restore may carry cursors this station believes it has read.

A central store older than the headers sends none: nothing is judged. A value that is not a plain decimal number
within the wire's bounds is ignored, as if absent: never trusted, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from desktop.sync.wire.check import MAX_INT

LAST_SEQ_HEADER = "Guichet-Last-Seq"
FEED_HIGH_HEADER = "Guichet-Feed-High"
_MAX_DIGITS = len(str(MAX_INT))


@dataclass(frozen=True, slots=True)
class Standing:
    """The central store's word on this station; None where it said nothing readable."""

    last_seq: int | None
    feed_high: int | None


@dataclass(frozen=True, slots=True)
class Regression:
    """What the central store forgot: this station's acts after `last_seq`, its feed after `feed_high` (else None)."""

    last_seq: int | None
    feed_high: int | None


def read(headers: Mapping[str, str]) -> Standing | None:
    """The standing an answer's headers give, or None when they give nothing readable (an older central store)."""
    last_seq, feed_high = _count(headers.get(LAST_SEQ_HEADER)), _count(headers.get(FEED_HIGH_HEADER))
    if last_seq is None and feed_high is None:
        return None
    return Standing(last_seq=last_seq, feed_high=feed_high)


def judge(standing: Standing | None, *, acknowledged: int, cursor: int) -> Regression | None:
    """Whether the store holds less than this station knows it held: fewer acknowledged acts, or a shorter feed."""
    if standing is None:
        return None
    lost = standing.last_seq is not None and standing.last_seq < acknowledged
    behind = standing.feed_high is not None and standing.feed_high < cursor
    if not (lost or behind):
        return None
    return Regression(last_seq=standing.last_seq if lost else None, feed_high=standing.feed_high if behind else None)


def _count(text: str | None) -> int | None:
    """A header's non-negative integer: ASCII digits only, within the wire's bounds; anything else is None."""
    if text is None:
        return None
    text = text.strip()
    if not 0 < len(text) <= _MAX_DIGITS or not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if value <= MAX_INT else None

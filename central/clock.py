"""Clock correction on the central side: never trust a station clock for ordering (spec/sync.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.sync.wire import Entry

TOLERANCE = timedelta(minutes=5)
# A station reads the server's time at the middle of a round trip: under a queue of several seconds its estimate
# runs ahead by up to half that round trip. An act dated that little past the server's now is set to now without a
# flag (it gains nothing in L73 order: nothing can be dated after now); further ahead it is clamped and flagged.
FUTURE_SLACK = timedelta(seconds=10)
FLAG_CLAMPED = "horloge_bornee"  # the time was moved into [the station's previous contact, receipt]
FLAG_SKEWED = "horloge_decalee"  # the station's wall clock is more than 5 minutes off
FLAG_UNVERIFIED = "horloge_inconnue"  # the claimed last sync was never issued to this station (or went back)
CLOCK_FLAGS = frozenset({FLAG_CLAMPED, FLAG_SKEWED, FLAG_UNVERIFIED})


def effective_time(
    entry: Entry, *, lower: datetime, now: datetime, unverified: bool = False
) -> tuple[datetime, tuple[str, ...]]:
    """The establishment time used for L73 ordering, and the clock flags of the entry.

    `lower` is the contact the server trusts for this entry (central/contacts.py): the last sync it claims when the
    server issued that time to this station, else the station's previous contact. An entry cannot be dated before
    it, nor after now.
    """
    upper = max(now, lower)
    effective = min(max(entry.established_at, lower), upper)
    flags: list[str] = []
    ahead_within_slack = upper < entry.established_at <= upper + FUTURE_SLACK
    if effective != entry.established_at and not ahead_within_slack:
        flags.append(FLAG_CLAMPED)
    if unverified:
        flags.append(FLAG_UNVERIFIED)
    if abs(entry.clock.wall - effective) > TOLERANCE:
        flags.append(FLAG_SKEWED)
    return effective, tuple(flags)

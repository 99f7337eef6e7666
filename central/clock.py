"""Clock correction on the central side: never trust a station clock for ordering (spec/sync.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.sync.wire import Entry

TOLERANCE = timedelta(minutes=5)
FLAG_CLAMPED = "horloge_bornee"  # the time was moved into [last contact, receipt]
FLAG_SKEWED = "horloge_decalee"  # the station's wall clock is more than 5 minutes off


def effective_time(
    entry: Entry, *, last_contact: datetime, enrolled_at: datetime, now: datetime
) -> tuple[datetime, tuple[str, ...]]:
    """The establishment time used for L73 ordering, and the clock flags of the entry.

    The counter sends its corrected time (server time at its last sync + monotonic seconds since). It cannot be
    earlier than the last contact the station knew of when it dated the entry (never later than the last contact
    this server recorded), nor later than now.
    """
    reference = entry.clock.last_sync or enrolled_at
    lower = max(enrolled_at, min(reference, last_contact))
    upper = max(now, lower)
    effective = min(max(entry.established_at, lower), upper)
    flags: list[str] = []
    if effective != entry.established_at:
        flags.append(FLAG_CLAMPED)
    if abs(entry.clock.wall - effective) > TOLERANCE:
        flags.append(FLAG_SKEWED)
    return effective, tuple(flags)

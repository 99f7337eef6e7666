"""A station's contacts: the server times issued to it, the only `last_sync` claims the central store believes.

A station dates an entry from the server time of its last sync (desktop/sync/clock.py). Were that claim taken as
given, a station could date entries back to its enrolment (issue 14.1). So every server time handed to a station is
recorded, a claim is trusted only if it is one of them and not older than a claim the station already used (an
honest station's reference only moves forward, seq after seq), and anything else is bounded by the station's
previous contact and flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from central.clock import effective_time
from central.schema import contacts, utc
from desktop.sync.wire import Entry

Times = dict[str, tuple[datetime, tuple[str, ...]]]
PULL_SLACK = timedelta(seconds=5)  # an act made while the feed read was on its way is not clamped
# Unclaimed contacts kept per station. A quiet station polls every 30 s and claims only the latest time it heard;
# without a bound, every poll of a station that never pushes left a row (national simulation: ~1.4 GB a day for
# 5,000 quiet stations). A claim older than the last KEPT_CONTACTS times is bounded and flagged, never lost.
KEPT_CONTACTS = 64


def record_contact(conn: Connection, *, station_id: str, at: datetime, pulled: bool = False) -> None:
    """Remember that `at` was handed to this station as the server time (inside the caller's transaction).

    `pulled`: the time of a feed page (the station's outbox was empty when it asked).
    """
    at = at.astimezone(UTC)
    known = conn.execute(
        select(contacts.c.station_id).where(contacts.c.station_id == station_id, contacts.c.server_time == at)
    ).first()
    if known is None:
        conn.execute(insert(contacts).values(station_id=station_id, server_time=at, claimed=False, pulled=pulled))
        _prune(conn, station_id)
    elif pulled:
        conn.execute(
            update(contacts)
            .where(contacts.c.station_id == station_id, contacts.c.server_time == at)
            .values(pulled=True)
        )


def _prune(conn: Connection, station_id: str) -> None:
    """Forget the unclaimed contacts older than the station's newest KEPT_CONTACTS (claimed ones set its floor)."""
    unclaimed = and_(contacts.c.station_id == station_id, contacts.c.claimed.is_(False))
    oldest_kept = conn.execute(
        select(contacts.c.server_time)
        .where(unclaimed)
        .order_by(contacts.c.server_time.desc())
        .offset(KEPT_CONTACTS - 1)
        .limit(1)
    ).scalar()
    if oldest_kept is not None:
        conn.execute(delete(contacts).where(unclaimed, contacts.c.server_time < oldest_kept))


def entry_times(
    conn: Connection,
    *,
    station_id: str,
    previous_contact: datetime,
    enrolled_at: datetime,
    entries: Sequence[Entry],
    now: datetime,
) -> Times:
    """Effective time and clock flags of every entry of a batch; marks the claims it trusted as used.

    - A claim issued to this station, not older than one it already used: the entry is bounded by it.
    - No claim, before the station ever used one: entries stamped before its first sync (a new station's backlog
      may take several batches), bounded by its enrolment, and flagged once the station has had a contact.
    - Anything else (a claim never issued, one going back, no claim after claims): bounded by the station's previous
      contact, and flagged.
    """
    mine = contacts.c.station_id == station_id
    claims = sorted({e.clock.last_sync.astimezone(UTC) for e in entries if e.clock.last_sync is not None})
    issued: set[datetime] = set()
    if claims:
        rows = conn.execute(select(contacts.c.server_time).where(mine, contacts.c.server_time.in_(claims)))
        issued = {utc(t) for t in rows.scalars()}
    newest = conn.execute(select(func.max(contacts.c.server_time)).where(mine, contacts.c.claimed)).scalar()
    floor = utc(newest) if newest is not None else None
    latest = conn.execute(select(func.max(contacts.c.server_time)).where(mine)).scalar()
    if latest is not None:  # feed pages are contacts too
        previous_contact = max(previous_contact, utc(latest))
    had_contact = previous_contact > enrolled_at
    pulled = conn.execute(select(func.max(contacts.c.server_time)).where(mine, contacts.c.pulled)).scalar()
    drained = utc(pulled) - PULL_SLACK if pulled is not None else None
    out: Times = {}
    used: set[datetime] = set()
    for e in entries:  # in seq order: a claim may not go back behind one an earlier entry used
        claim = e.clock.last_sync.astimezone(UTC) if e.clock.last_sync is not None else None
        if claim is not None and claim in issued and (floor is None or claim >= floor):
            floor = claim
            used.add(claim)
            lower, unverified = claim, False
        elif claim is None and floor is None:
            lower, unverified = enrolled_at, had_contact
        else:
            lower, unverified = previous_contact, True
        if drained is not None and drained > lower:
            lower = drained
        out[e.id] = effective_time(e, lower=lower, now=now, unverified=unverified)
    if used:
        conn.execute(update(contacts).where(and_(mine, contacts.c.server_time.in_(sorted(used)))).values(claimed=True))
        # A claim older than one already used is never believed again: those contacts need not be kept.
        conn.execute(delete(contacts).where(mine, contacts.c.server_time < max(used)))
    return out

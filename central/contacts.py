"""A station's contacts: the server times issued to it, the only `last_sync` claims the central store believes.

A station dates an entry from the server time of its last sync (desktop/sync/clock.py). Were that claim taken as
given, a station could date entries back to its enrolment (issue 14.1). So every server time handed to a station is
recorded, a claim is trusted only if it is one of them and not older than a claim the station already used (an
honest station's reference only moves forward, seq after seq), and anything else is bounded by the station's
previous contact and flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection, and_, func, insert, select, update

from central.clock import effective_time
from central.schema import contacts, utc
from desktop.sync.wire import Entry

Times = dict[str, tuple[datetime, tuple[str, ...]]]


def record_contact(conn: Connection, *, station_id: str, at: datetime) -> None:
    """Remember that `at` was handed to this station as the server time (inside the caller's transaction)."""
    at = at.astimezone(UTC)
    known = conn.execute(
        select(contacts.c.station_id).where(contacts.c.station_id == station_id, contacts.c.server_time == at)
    ).first()
    if known is None:
        conn.execute(insert(contacts).values(station_id=station_id, server_time=at, claimed=False))


def entry_times(
    conn: Connection, *, station_id: str, previous_contact: datetime, entries: Sequence[Entry], now: datetime
) -> Times:
    """Effective time and clock flags of every entry of a batch; marks the claims it trusted as used."""
    claims = sorted({e.clock.last_sync.astimezone(UTC) for e in entries if e.clock.last_sync is not None})
    issued: set[datetime] = set()
    if claims:
        mine = contacts.c.station_id == station_id
        rows = conn.execute(select(contacts.c.server_time).where(mine, contacts.c.server_time.in_(claims)))
        issued = {utc(t) for t in rows.scalars()}
    newest = conn.execute(
        select(func.max(contacts.c.server_time)).where(contacts.c.station_id == station_id, contacts.c.claimed)
    ).scalar()
    floor = utc(newest) if newest is not None else None
    latest = conn.execute(select(func.max(contacts.c.server_time)).where(contacts.c.station_id == station_id)).scalar()
    if latest is not None:  # feed pages are contacts too
        previous_contact = max(previous_contact, utc(latest))
    out: Times = {}
    used: set[datetime] = set()
    for e in entries:  # in seq order: a claim may not go back behind one an earlier entry used
        claim = e.clock.last_sync.astimezone(UTC) if e.clock.last_sync is not None else None
        trusted = claim is not None and claim in issued and (floor is None or claim >= floor)
        if trusted:
            assert claim is not None
            floor = claim
            used.add(claim)
            out[e.id] = effective_time(e, lower=claim, now=now)
        else:
            # No claim (a station that never synced) is bounded by the previous contact, unflagged unless clamped;
            # a claim this server never issued, or one going back, is bounded the same way and flagged.
            out[e.id] = effective_time(e, lower=previous_contact, now=now, unverified=claim is not None)
    if used:
        conn.execute(
            update(contacts)
            .where(and_(contacts.c.station_id == station_id, contacts.c.server_time.in_(sorted(used))))
            .values(claimed=True)
        )
    return out

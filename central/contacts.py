"""A station's contacts: the server times issued to it, the only `last_sync` claims the central store believes.

A station dates an entry from the server time of its last sync (desktop/sync/clock.py). Were that claim taken as
given, a station could date entries back to its enrolment (issue 14.1). So every server time handed to a station is
recorded, a claim is trusted only if it is one of them and not older than a claim the station already used (an
honest station's reference only moves forward, seq after seq), and anything else is bounded by the station's
previous contact and flagged.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from central.clock import FLAG_CLAMPED, effective_time
from central.db import Rows, Write, pipelined
from central.schema import contacts, entries, utc
from desktop.sync.wire import Entry

Times = dict[str, tuple[datetime, tuple[str, ...]]]
PULL_SLACK = timedelta(seconds=5)  # an act made while the feed read was on its way is not clamped
# Unclaimed contacts kept per station. A quiet station polls every 30 s and claims only the latest time it heard;
# without a bound, every poll of a station that never pushes left a row (national simulation: ~1.4 GB a day for
# 5,000 quiet stations). A claim older than the last KEPT_CONTACTS times is bounded and flagged, never lost.
KEPT_CONTACTS = 64
# A claim is the contact before the act: an honest station pushes its acts at once, or after an outage in the drain
# that follows its next contact (seconds to minutes). A station still claiming a contact once a later one it was
# issued is older than this no longer says when its act was made: it could pin an old contact and date acts before
# other stations' for ever, without reading the feed (central audit, 4 December 2026). Bounded and flagged.
STALE_CLAIM = timedelta(hours=1)
# A claim is also judged by its own age when it arrives: a stolen laptop that goes quiet after its last contact has
# no later contact to make its claim stale, and could date acts back to it days later (central re-audit). An act
# that arrives over a day after the contact it claims is believed for its time, and flagged: the review decides when
# that time decides an L73 outcome (an honest station back from a day offline costs a review only then).
AGED_CLAIM = timedelta(hours=24)


def record_contact(conn: Connection, *, station_id: str, at: datetime, pulled: bool = False) -> None:
    """Remember that `at` was handed to this station as the server time (inside the caller's transaction).

    `pulled`: the time of a feed page (the station's outbox was empty when it asked).
    """
    pipelined(conn, contact_writes(conn, station_id=station_id, at=at, pulled=pulled))


def contact_then_rows(conn: Connection, *, station_id: str, at: datetime, then: tuple[str, Mapping[str, Any]]) -> Rows:
    """`record_contact(pulled=True)`, and a read in PostgreSQL's text in the same round trip (a feed page)."""
    return pipelined(conn, contact_writes(conn, station_id=station_id, at=at, pulled=True), then)


def contact_writes(conn: Connection, *, station_id: str, at: datetime, pulled: bool = False) -> list[Write]:
    """The two statements of `record_contact`, for a caller that sends them with others (central/apply.py).

    The insert (a time already kept only gains `pulled`), then the prune; the prune runs even when the time was
    kept already, which removes nothing more than the next new contact's prune would have.
    """
    at = at.astimezone(UTC)
    if conn.dialect.name == "postgresql":  # every poll writes these two: text made once, not compiled per request
        params = {"station_id": station_id, "at": at, "keep": KEPT_CONTACTS - 1}
        return [(_PG_PULLED if pulled else _PG_HEARD, params), (_PG_PRUNE, params)]
    return constructs(sqlite_insert, station_id=station_id, at=at, pulled=pulled)


def constructs(dialect_insert: Any, *, station_id: str, at: datetime, pulled: bool) -> list[Write]:
    """`contact_writes` as SQLAlchemy constructs (SQLite; on PostgreSQL, what its text is tested against)."""
    new = dialect_insert(contacts).values(station_id=station_id, server_time=at, claimed=False, pulled=pulled)
    key = [contacts.c.station_id, contacts.c.server_time]
    if pulled:
        return [(new.on_conflict_do_update(index_elements=key, set_={"pulled": True}), {}), _prune(station_id)]
    return [(new.on_conflict_do_nothing(index_elements=key), {}), _prune(station_id)]


# The same statements in PostgreSQL's own text, with named parameters: compiling the constructs cost a poll about
# 0.45 ms of the API's ~3.2 ms of CPU (issue 21). tests/central/test_central_perf.py holds the two forms equal.
_PG_INSERT = (
    "INSERT INTO contacts (station_id, server_time, claimed, pulled) "
    "VALUES (%(station_id)s, %(at)s, false, {pulled}) ON CONFLICT (station_id, server_time) "
)
_PG_HEARD = _PG_INSERT.format(pulled="false") + "DO NOTHING"
_PG_PULLED = _PG_INSERT.format(pulled="true") + "DO UPDATE SET pulled = true"
_PG_PRUNE = (
    "DELETE FROM contacts WHERE contacts.station_id = %(station_id)s AND contacts.claimed IS false "
    "AND contacts.server_time < (SELECT c.server_time FROM contacts AS c WHERE c.station_id = %(station_id)s "
    "AND c.claimed IS false ORDER BY c.server_time DESC LIMIT 1 OFFSET %(keep)s)"
)


def _prune(station_id: str) -> Write:
    """Forget the unclaimed contacts older than the station's newest KEPT_CONTACTS (claimed ones set its floor)."""
    unclaimed = and_(contacts.c.station_id == station_id, contacts.c.claimed.is_(False))
    oldest_kept = (
        select(contacts.c.server_time)
        .where(unclaimed)
        .order_by(contacts.c.server_time.desc())
        .offset(KEPT_CONTACTS - 1)
        .limit(1)
        .scalar_subquery()
    )
    # Fewer than KEPT_CONTACTS: the sub-select is NULL, the comparison never true, nothing is deleted.
    return delete(contacts).where(unclaimed, contacts.c.server_time < oldest_kept), {}


ONE_MICROSECOND = timedelta(microseconds=1)


def entry_times(
    conn: Connection,
    *,
    station_id: str,
    previous_contact: datetime,
    enrolled_at: datetime,
    entries: Sequence[Entry],
    now: datetime,
    writes: list[Write] | None = None,
) -> Times:
    """Effective time and clock flags of every entry of a batch; marks the claims it trusted as used.

    `writes`: where to leave that marking for the caller to send later in the same transaction (central/apply.py);
    without it, it is written here.

    - A claim issued to this station, not older than one it already used, and not stale (the next contact issued to
      the station after it is at most STALE_CLAIM old): the entry is bounded by it; flagged when the claim itself
      is over AGED_CLAIM old (no later contact to judge it by: a quiet stolen laptop).
    - No claim, before the station ever used one: entries stamped before its first sync (a new station's backlog
      may take several batches), bounded by its enrolment, and flagged once the station has had a contact, or when
      the entry is dated over AGED_CLAIM before now (the enrolment is no fresher a bound than an aged claim).
    - Anything else (a claim never issued, one going back, a stale one, no claim after claims): bounded by the
      station's previous contact, and flagged.
    """
    claims = {e.clock.last_sync.astimezone(UTC) for e in entries if e.clock.last_sync is not None}
    issued, floor, latest, pulled, next_after = known_contacts(conn, station_id=station_id, claims=claims)
    if latest is not None:  # feed pages are contacts too
        previous_contact = max(previous_contact, latest)
    had_contact = previous_contact > enrolled_at
    drained = pulled - PULL_SLACK if pulled is not None else None
    out: Times = {}
    used: set[datetime] = set()
    last: datetime | None = None  # the latest time given to this station's entries: in this batch, or stored
    read_stored = False
    for e in entries:  # in seq order: a claim may not go back behind one an earlier entry used
        claim = e.clock.last_sync.astimezone(UTC) if e.clock.last_sync is not None else None
        stale = claim is not None and claim in next_after and now - next_after[claim] > STALE_CLAIM
        if claim is not None and claim in issued and (floor is None or claim >= floor) and not stale:
            floor = claim
            used.add(claim)
            lower, unverified = claim, now - claim > AGED_CLAIM
        elif claim is None and floor is None:
            # The enrolment is a bound as old as it is: judged by AGED_CLAIM as a claim is, else a station silent
            # since its enrolment days ago could date its first batch back to it unflagged (central audit, F3).
            aged = now - max(e.established_at.astimezone(UTC), enrolled_at) > AGED_CLAIM
            lower, unverified = enrolled_at, had_contact or aged
        else:
            lower, unverified = previous_contact, True
        if drained is not None and drained > lower:
            lower = drained
        at, flags = effective_time(e, lower=lower, now=now, unverified=unverified)
        # Once a batch, and only where a time was moved or comes from the station's wall clock: no server reference
        # ran it on from the station's previous entries (a restart drops it). That wall clock, hours behind, dated a
        # résiliation before the station's own procuration of an earlier batch, and it revoked nothing
        # (R-REVOKE-2; clock audit, 6 December 2026). A time the server's reference gives follows the seqs.
        if (FLAG_CLAMPED in flags or e.clock.basis != "server") and not read_stored:
            read_stored = True
            stored = _last_time(conn, station_id)
            last = stored if last is None or (stored is not None and stored > last) else last
        if last is not None and at <= last:
            # A station's entries keep their order (its seq): clamped to one bound, an establishment and the
            # résiliation after it tied, and the résiliation revoked nothing (R-REVOKE-2, session 26).
            at = last + ONE_MICROSECOND
        out[e.id] = (at, flags)
        last = at
    if used:
        # A claim older than one already used is never believed again: those contacts need not be kept, so of the
        # claims used only the newest is left to mark.
        marking = claim_writes(conn, station_id=station_id, newest=max(used))
        if writes is None:
            pipelined(conn, marking)
        else:
            writes += marking
    return out


def _last_time(conn: Connection, station_id: str) -> datetime | None:
    """The effective time of the station's last stored entry (its highest seq: the times follow the seqs)."""
    found = conn.execute(
        select(entries.c.established_at)
        .where(entries.c.station_id == station_id)
        .order_by(entries.c.seq.desc())
        .limit(1)
    ).scalar()
    return utc(found) if found is not None else None


def claim_writes(conn: Connection, *, station_id: str, newest: datetime) -> list[Write]:
    """Mark the newest claim used and forget the station's older contacts (PostgreSQL: its text, made once)."""
    if conn.dialect.name == "postgresql":
        params = {"station_id": station_id, "at": newest}
        return [(_PG_CLAIMED, params), (_PG_FORGET_OLDER, params)]
    return claim_constructs(station_id=station_id, newest=newest)


def claim_constructs(*, station_id: str, newest: datetime) -> list[Write]:
    """`claim_writes` as SQLAlchemy constructs (SQLite; on PostgreSQL, what its text is tested against)."""
    mine = contacts.c.station_id == station_id
    return [
        (update(contacts).where(and_(mine, contacts.c.server_time == newest)).values(claimed=True), {}),
        (delete(contacts).where(mine, contacts.c.server_time < newest), {}),
    ]


_PG_CLAIMED = "UPDATE contacts SET claimed = true WHERE station_id = %(station_id)s AND server_time = %(at)s"
_PG_FORGET_OLDER = "DELETE FROM contacts WHERE station_id = %(station_id)s AND server_time < %(at)s"


def known_contacts(
    conn: Connection, *, station_id: str, claims: set[datetime]
) -> tuple[set[datetime], datetime | None, datetime | None, datetime | None, dict[datetime, datetime]]:
    """What the station's kept contacts say, from one read of them: the claims among them (issued to it), the
    newest claimed, the newest, the newest pulled (one read instead of four, issue 21), and for each claim the
    first contact issued after it (`_next_contacts`).

    Few rows: KEPT_CONTACTS unclaimed at most (`_prune`), and no claimed one older than the last claim used.
    """
    rows = conn.execute(
        select(contacts.c.server_time, contacts.c.claimed, contacts.c.pulled).where(contacts.c.station_id == station_id)
    )
    kept = [(utc(r.server_time), bool(r.claimed), bool(r.pulled)) for r in rows]
    issued = {t for t, _, _ in kept if t in claims}
    floor = max((t for t, claimed, _ in kept if claimed), default=None)
    latest = max((t for t, _, _ in kept), default=None)
    pulled = max((t for t, _, was_pulled in kept if was_pulled), default=None)
    return issued, floor, latest, pulled, _next_contacts(kept, issued)


def _next_contacts(kept: list[tuple[datetime, bool, bool]], claims: set[datetime]) -> dict[datetime, datetime]:
    """For each kept claim with a later contact, the first contact issued after it (or the claim itself, the
    earliest that contact can be, when the prune may have removed it).

    An unclaimed contact kept means every later one is kept too (the prune removes the oldest first). A claimed one
    is kept whatever the prune did after it: with KEPT_CONTACTS unclaimed contacts after it, the first ones after
    it may be gone; with fewer, none was ever pruned there (the prune leaves KEPT_CONTACTS, all newer)."""
    times = sorted(kept)
    instants = [t for t, _, _ in times]
    out: dict[datetime, datetime] = {}
    for claim in claims:
        at = bisect_right(instants, claim)
        if at == len(times):
            continue
        claimed = any(t == claim and was_claimed for t, was_claimed, _ in times)
        unclaimed_after = sum(1 for _, was_claimed, _ in times[at:] if not was_claimed)
        out[claim] = claim if claimed and unclaimed_after >= KEPT_CONTACTS else instants[at]
    return out

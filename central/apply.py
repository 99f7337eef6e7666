"""The apply path: one transaction per batch (spec/sync.md, "Central side").

Record the batch (or replay it), check the station's seq, lock every person key in sorted order, insert, apply
revocations, re-decide what the batch can change with the rules engine (R-VALID-6 and L73), then append the change
feed last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, bindparam, exists, select, update
from sqlalchemy.exc import DBAPIError

from central import (
    agent_authority,
    annulment,
    attribution,
    contacts,
    decide,
    lineage,
    ownership,
    places,
    renewal_checks,
    review,
    revoke_form,
)
from central.batch_digest import digest_and_bodies
from central.batch_writes import batch_writes
from central.db import (
    Write,
    append_changes,
    deadlock,
    existing_ids,
    feed_writes,
    insert_writes,
    is_postgres,
    lock_keys,
    pipelined,
)
from central.new_procs import new_proc, person_key
from central.register import resolve
from central.request_checks import REFUSAL_FLAGS, request_findings
from central.schema import batches, entries, procurations, revocations, station_heirs, stations, utc
from desktop.rules.calendar import ElectionCalendar
from desktop.rules.limits import DEFAULT_POLICY, LimitsPolicy
from desktop.rules.terms import Status
from desktop.sync.wire import (
    Batch,
    BatchResult,
    Entry,
    Identity,
    ProcurationEtablie,
    ProcurationResiliation,
    Verdict,
)


class SeqConflict(Exception):
    """The batch does not continue the station's seq; carries the last seq the server holds."""

    def __init__(self, last_seq: int) -> None:
        super().__init__(f"seq discontinuity, server has {last_seq}")
        self.last_seq = last_seq


class BatchConflict(Exception):
    """A known batch_id came back with other content (or from another station)."""


class UnknownStation(Exception):
    """The authenticated station no longer exists."""


class StationRevoked(Exception):
    """The station was revoked (`station revoke`) after its token was checked, before its batch was applied."""


@dataclass(frozen=True, slots=True)
class Rules:
    """What the re-decision needs, loaded once at start-up."""

    calendar: ElectionCalendar
    policy: LimitsPolicy = DEFAULT_POLICY


def apply_batch(engine: Engine, *, station_id: str, batch: Batch, rules: Rules, now: datetime | None = None) -> str:
    """Apply one batch atomically and return the answer's JSON text (the stored one on a resend).

    Run again when PostgreSQL broke a deadlock by cancelling it: two batches can each reach, past the persons they
    lock first, a person the other holds (`decide.load_around`); nothing of the cancelled one was written.
    """
    for attempt in range(DEADLOCK_RETRIES + 1):
        try:
            return _apply_batch(engine, station_id=station_id, batch=batch, rules=rules, now=now)
        except DBAPIError as exc:
            if attempt == DEADLOCK_RETRIES or not deadlock(exc):
                raise
    raise AssertionError("unreachable")


DEADLOCK_RETRIES = 3


def _apply_batch(engine: Engine, *, station_id: str, batch: Batch, rules: Rules, now: datetime | None) -> str:
    digest, bodies = digest_and_bodies(batch)
    moment = now or datetime.now(UTC)
    with engine.begin() as conn:
        # The station's row, locked, whether it has heirs (central/lineage.py), and the batch if already stored, in one
        # statement.
        station = conn.execute(
            select(
                stations,
                exists().where(station_heirs.c.station_id == stations.c.id).label("has_heirs"),
                batches.c.station_id.label("known_station"),
                batches.c.digest.label("known_digest"),
                batches.c.response.label("known_response"),
            )
            .select_from(stations.outerjoin(batches, batches.c.batch_id == batch.batch_id))
            .where(stations.c.id == station_id)
            .with_for_update(of=stations)
        ).first()
        if station is None:
            raise UnknownStation(station_id)
        if station.revoked_at is not None:  # read after the row's lock: a revocation committed meanwhile is seen
            raise StationRevoked(station_id)
        known: tuple[Any, ...] | None = None if station.known_station is None else tuple(station)[-3:]
        if known is None and batch.entries[0].seq != station.last_seq + 1:
            # The same batch may have been stored while this one waited for the station's lock: the join above
            # read the batches from before the wait (PostgreSQL rechecks only the locked row), a new statement sees it.
            found = conn.execute(
                select(batches.c.station_id, batches.c.digest, batches.c.response).where(
                    batches.c.batch_id == batch.batch_id
                )
            ).first()
            known = None if found is None else tuple(found)
        if known is not None:
            known_station, known_digest, known_response = known
            if known_station != station_id or known_digest != digest:
                raise BatchConflict(batch.batch_id)
            return replayed(str(known_response), moment)
        if batch.entries[0].seq != station.last_seq + 1:
            raise SeqConflict(int(station.last_seq))
        stored = ownership.check(conn, station_id=station_id, batch=batch, texts=bodies)
        places.check(station.place_kind, batch.entries)
        writes: list[Write] = []  # statements nobody reads an answer of: sent together at the end
        response, feed, in_review = _apply(conn, station, batch, rules, moment, stored, bodies, writes)
        writes += batch_writes(
            conn,
            batch_id=batch.batch_id,
            station_id=station_id,
            digest=digest,
            response=response,
            last_seq=batch.entries[-1].seq,
            at=moment,
        )
        writes += contacts.contact_writes(conn, station_id=station_id, at=moment)
        # The very last statements: the feed sequencer's row lock, which concurrent batches queue on, is held from
        # there to the commit only (issue 21).
        _append_feed(conn, feed, moment, in_review, writes, heirless=None if station.has_heirs else station_id)
        return response


def replayed(stored: str, moment: datetime) -> str:
    """The stored answer, with the time of this replay beside it: the station must not take its clock from it."""
    return BatchResult.from_json(stored).model_copy(update={"replayed_at": moment}).to_json()


@dataclass(slots=True)
class _Work:
    """What the steps of one batch pass on to each other."""

    station_id: str
    batch: Batch
    now: datetime
    times: dict[str, tuple[datetime, tuple[str, ...]]]
    known: ownership.Known  # entries stored already; another station's replayed: its stored verdict, nothing else
    bodies: list[str] = field(default_factory=list)  # canonical body text of each entry, in entry order
    agent_flags: dict[str, str] = field(default_factory=dict)  # entry id -> its agent is not the station's own
    entry_rows: list[dict[str, object]] = field(default_factory=list)
    new_procs: list[decide.Proc] = field(default_factory=list)
    new_revs: list[decide.Rev] = field(default_factory=list)
    duplicates: set[str] = field(default_factory=set)
    known_revs: set[str] = field(default_factory=set)
    affected: list[str] = field(default_factory=list)
    stored: dict[str, decide.Proc] = field(default_factory=dict)
    refused_revs: dict[str, tuple[str, str]] = field(default_factory=dict)  # R-AUTH, R-REVOKE-5/6: id -> (rule, msg)
    refused_renewals: dict[str, tuple[str, str]] = field(default_factory=dict)  # R-PASS, R-IVOTE: entry id -> same


def _apply(
    conn: Connection,
    station: Row[Any],
    batch: Batch,
    rules: Rules,
    now: datetime,
    stored: ownership.Known,
    bodies: list[str],
    writes: list[Write],
) -> tuple[str, list[decide.Proc], frozenset[str]]:
    """The steps of spec/sync.md "Central side" after the batch is known new: each one below, in this order.

    Returns the answer, and the change-feed rows (with those in review) that the caller appends last.
    """
    times = _entry_times(conn, station, fresh := [e for e, _ in stored.fresh(batch, bodies)], now, writes)
    # R-AUTH-1/3: each act against the agent the central store enrolled for the station (central/agent_authority.py).
    authority = agent_authority.findings(conn, station_id=station.id, entries=fresh, times=times)
    # R-CHAN-A-4/5/8: a Maprocuration act against its request, the register, the enrolment (central/request_checks.py).
    online = request_findings(conn, station_id=station.id, place=station.place_kind, entries=fresh, times=times)
    refusing = {e: f for e, f in online.items() if f.flag in REFUSAL_FLAGS} | authority
    # R-PASS-*, R-IVOTE-2: a renewal entry against its record and the act's effective time (central/renewal_checks.py).
    renewals = renewal_checks.findings(
        conn,
        station_id=station.id,
        place_kind=station.place_kind,
        entries_=fresh,
        times=times,
        known=stored.entry_ids,
        pilots=rules.calendar.passport_pilots,  # R-PASS-4, as the calendar file gives them
    )
    work = _Work(
        station_id=station.id,
        batch=batch,
        now=now,
        times=times,
        known=stored,
        bodies=bodies,
        # Each flag below puts what its entry decided in review (attribution.reviews); the authority's first.
        agent_flags=attribution.entry_flags(conn, station_id=station.id, entries=fresh)
        | {entry_id: f.flag for entry_id, f in online.items()}
        | {entry_id: f.flag for entry_id, f in authority.items()},
        refused_renewals=renewals,
    )
    _read_entries(conn, work, rules)
    _drop_known_records(conn, work)
    work.refused_revs, work.new_revs = agent_authority.refuse(refusing, work.new_procs, work.new_revs)
    _lock_affected(conn, work)
    outcome = _redecide(conn, work, rules)
    changed = _persist(conn, work, writes)
    every = [*work.stored.values(), *work.new_procs]
    # What an agent not the station's own decided goes to review too (central/attribution.py).
    to_review = attribution.merged(outcome.review, attribution.reviews(work.agent_flags, every, work.new_revs))
    if to_review or work.duplicates:  # the reads below look at what was just written: send it first
        pipelined(conn, writes)
        writes.clear()
    # Later status changes, and the refusals too, so a station that lost the batch answer still learns them.
    refused = [p for p in work.new_procs if p.status != Status.VALIDEE]
    in_review = review.open_reviews(conn, every, to_review, now=now)
    acts = agent_authority.acts_to_review(
        work.batch.entries,
        station_id=work.station_id,
        times=work.times,
        agent_flags=work.agent_flags,
        refused_revs=work.refused_revs,
        stored=work.known.entry_ids,
    )
    in_review |= review.open_renewal_reviews(conn, acts, now=now)
    answer = _answer(conn, work, in_review).to_json()
    # The feed's « revue » says an establishment time is checked (desktop/sync/verdicts.IN_REVIEW): L73 reviews only.
    return answer, [p for p in changed if p.status_changed()] + refused, frozenset(outcome.review)


def _entry_times(
    conn: Connection, station: Row[Any], fresh: list[Entry], now: datetime, writes: list[Write]
) -> contacts.Times:
    """Effective time and clock flags of every entry, bounded by the contact the server trusts (spec: clock)."""
    return contacts.entry_times(
        conn,
        station_id=station.id,
        previous_contact=utc(station.last_contact),
        enrolled_at=utc(station.enrolled_at),
        entries=fresh,
        now=now,
        writes=writes,
    )


def _read_entries(conn: Connection, work: _Work, rules: Rules) -> None:
    """Match the people against the register and turn the entries into rows, procurations and revocations."""
    people: list[Identity] = []
    fresh = work.known.fresh(work.batch, work.bodies)  # another station's entry replayed is not applied
    for e, _ in fresh:
        if isinstance(e.body, ProcurationEtablie):
            people += [e.body.mandant, e.body.mandataire]
        elif isinstance(e.body, ProcurationResiliation):
            people.append(e.body.mandant)
    matches = iter(resolve(conn, people))
    for e, body in fresh:
        at, flags = work.times[e.id]
        work.entry_rows.append(_entry_row(work, e, body, at, flags))
        if isinstance(e.body, ProcurationEtablie):
            m_reg, t_reg = next(matches), next(matches)
            work.new_procs.append(new_proc(e, e.body, m_reg, t_reg, work.station_id, at, bool(flags), rules.calendar))
        elif isinstance(e.body, ProcurationResiliation):
            reg = next(matches)
            work.new_revs.append(
                decide.Rev(
                    id=e.body.id,
                    entry_id=e.id,
                    mandant_key=person_key(e.body.mandant, reg),
                    established_at=at,
                    registered=reg is not None,
                )
            )


def _entry_row(work: _Work, e: Entry, body: str, at: datetime, flags: tuple[str, ...]) -> dict[str, object]:
    """The `entries` row of one entry, as received."""
    return {
        "id": e.id,
        "station_id": work.station_id,
        "seq": e.seq,
        "kind": e.kind,
        "record_id": getattr(e.body, "id", e.id),
        "batch_id": work.batch.batch_id,
        "body": body,
        "established_at": at,
        "declared_at": e.established_at,
        "flags": ",".join((*flags, *_agent_flag(work, e))),
        "received_at": work.now,
    }


def _agent_flag(work: _Work, e: Entry) -> tuple[str, ...]:
    """The entry's attribution flag, if its agent is not the pushing station's (central/attribution.py)."""
    flag = work.agent_flags.get(e.id)
    return (flag,) if flag else ()


def _drop_known_records(conn: Connection, work: _Work) -> None:
    """Keep unknown record ids only.

    A record id already stored (re-enqueued by the counter) answers its stored status, and a record id repeated
    inside the batch answers as its first occurrence.
    """
    known = existing_ids(conn, procurations, [p.id for p in work.new_procs])
    work.duplicates = {p.id for p in work.new_procs if p.id in known}
    work.new_procs = list({p.id: p for p in reversed(work.new_procs) if p.id not in work.duplicates}.values())[::-1]
    work.known_revs = existing_ids(conn, revocations, [r.id for r in work.new_revs])
    work.new_revs = list({r.id: r for r in reversed(work.new_revs) if r.id not in work.known_revs}.values())[::-1]


def _lock_affected(conn: Connection, work: _Work) -> None:
    """Lock every person key the batch touches in sorted order; list the persons whose procurations it re-decides."""
    procs = work.new_procs
    revoking = sorted({r.mandant_key for r in work.new_revs if r.registered})
    pre_keys = decide.mandataires_of(conn, revoking)
    lock_keys(conn, [p.mandant_key for p in procs] + [p.mandataire_key for p in procs] + revoking + pre_keys)
    late_keys = set(decide.mandataires_of(conn, revoking)) - set(pre_keys)
    if late_keys:  # a concurrent batch added procurations between the look-up and the lock
        lock_keys(conn, late_keys)
    counted = [p for p in procs if not p.void_other]
    parties = {p.mandataire_key for p in counted} | {p.mandant_key for p in counted}
    work.affected = sorted(parties | set(revoking) | set(pre_keys) | late_keys)


def _redecide(conn: Connection, work: _Work, rules: Rules) -> decide.Outcome:
    """Apply revocations, then re-decide what the batch can change, mandants and mandataires together, from the
    earliest of its acts on (R-VALID-6 and L73: first drawn up wins). A résiliation without the NNEs its path needs
    (R-REVOKE-5/6, central/revoke_form.py) is refused first: it revokes nothing."""
    refused, work.new_revs = revoke_form.screen(
        conn, work.station_id, work.batch, work.new_revs, work.new_procs, rules.calendar
    )
    work.refused_revs |= refused
    work.stored = decide.load_around(conn, work.affected, decide.first_change(work.new_procs, work.new_revs))
    annulment.mark_annulled(conn, [*work.stored.values(), *work.new_procs])  # R-ELIG-5: the register's reports
    stored_revs = decide.load_revs(conn, sorted({p.mandant_key for p in work.new_procs}))
    decide.apply_revocations(work.new_procs, stored_revs + work.new_revs, rules.calendar)
    decide.apply_revocations(list(work.stored.values()), work.new_revs, rules.calendar)
    return decide.redecide(list(work.stored.values()) + work.new_procs, rules.calendar, rules.policy)


def _persist(conn: Connection, work: _Work, writes: list[Write]) -> list[decide.Proc]:
    """Queue the inserts of the entries, revocations and new procurations, and the updates of the stored ones that
    changed (returned), in `writes`."""
    rows = [r for r in work.entry_rows if r["id"] not in work.known.entry_ids]  # a resent entry is stored once
    writes += insert_writes(conn, entries, rows)
    revs = [
        {
            "id": r.id,
            "entry_id": r.entry_id,
            "station_id": work.station_id,
            "mandant_key": r.mandant_key,
            "established_at": r.established_at,
        }
        for r in work.new_revs
    ]
    writes += insert_writes(conn, revocations, revs)
    writes += insert_writes(conn, procurations, [p.row() for p in work.new_procs])
    changed = [p for p in work.stored.values() if p.changed()]
    if changed:
        writes.append(
            (
                update(procurations)
                .where(procurations.c.id == bindparam("pid"))
                .values(
                    status=bindparam("new_status"),
                    rule_id=bindparam("new_rule"),
                    message=bindparam("new_message"),
                    revoked_at=bindparam("new_revoked_at"),
                    revocation_id=bindparam("new_revocation_id"),
                ),
                [p.update_params() for p in changed],
            )
        )
    return changed


def _append_feed(
    conn: Connection,
    feed: list[decide.Proc],
    now: datetime,
    in_review: frozenset[str],
    writes: list[Write],
    *,
    heirless: str | None = None,
) -> None:
    """Send the pending writes, then the change-feed rows last, under the sequencer, so feed order equals commit
    order (on PostgreSQL all of them in one pipeline). `heirless`: the pushing station, when it has no heirs."""
    # Copied to the later ids of a station enrolled again: the counter learns what became of its earlier id's records.
    own = [p.feed_row(review.FLAG_REVIEW if p.id in in_review else "") for p in feed]
    rows = lineage.with_heirs(conn, own, heirless=heirless)
    if is_postgres(conn):
        pipelined(conn, [*writes, *feed_writes(rows, at=now)])
        return
    pipelined(conn, writes)
    append_changes(conn, rows, at=now)


def _answer(conn: Connection, work: _Work, in_review: frozenset[str]) -> BatchResult:
    """One verdict per entry, in entry order."""
    dup_status = decide.stored_status(conn, sorted(work.duplicates))
    every = [*work.stored.values(), *work.new_procs]
    # Only those it took out of force (R-REVOKE-2): a void one (invalidée, annulée) keeps its status and is not counted.
    revoked = {
        r.id: sum(1 for p in every if p.revocation_id == r.id and p.status == Status.RESILIEE) for r in work.new_revs
    }
    by_id = {p.id: p for p in work.new_procs}
    revs = {r.id: r for r in work.new_revs}
    verdicts = ownership.replay_verdicts(conn, work.known, work.batch)  # another station's entries: as stored
    for e, _ in work.known.fresh(work.batch, work.bodies):
        flags = work.times[e.id][1] + _agent_flag(work, e)
        if isinstance(e.body, ProcurationEtablie):
            status, rule, msg, flags = _procuration_verdict(e.body.id, flags, work, dup_status, by_id, in_review)
        elif isinstance(e.body, ProcurationResiliation):
            status, rule, msg = _revocation_verdict(e.body.id, work, revs, revoked)
        else:
            status, rule, msg = Status.VALIDEE, None, None
            if e.id in work.refused_renewals:  # central/renewal_checks.py
                status, rule, msg = Status.INVALIDEE, *work.refused_renewals[e.id]
            flags += (review.FLAG_REVIEW,) if e.body.id in in_review else ()
        verdicts.append(Verdict(seq=e.seq, id=e.id, status=status, rule_id=rule, message=msg, flags=flags))
    verdicts.sort(key=lambda v: v.seq)  # in entry order (the seqs of a batch follow each other)
    batch = work.batch
    return BatchResult(
        batch_id=batch.batch_id, last_seq=batch.entries[-1].seq, server_time=work.now, verdicts=tuple(verdicts)
    )


_Said = tuple[str, str | None, str | None]


def _procuration_verdict(
    record_id: str,
    flags: tuple[str, ...],
    work: _Work,
    dup_status: dict[str, _Said],
    by_id: dict[str, decide.Proc],
    in_review: frozenset[str],
) -> tuple[str, str | None, str | None, tuple[str, ...]]:
    """A known record answers its stored status; a new one its decision, flagged when a review was opened on it
    (L73 hung on a flagged time, or an agent not the station's own established it)."""
    if record_id in work.duplicates:
        return (*dup_status[record_id], flags)
    p = by_id[record_id]
    asked = (review.FLAG_REVIEW,) if p.id in in_review else ()
    return p.status, p.rule_id, p.message, flags + asked


def _revocation_verdict(revocation_id: str, work: _Work, revs: dict[str, decide.Rev], revoked: dict[str, int]) -> _Said:
    """Refused with an unknown mandant or without the NNEs its path needs (R-REVOKE-5/6); else how many it revoked."""
    if revocation_id in work.refused_revs:
        return Status.INVALIDEE, *work.refused_revs[revocation_id]
    if revocation_id in work.known_revs:
        return Status.VALIDEE, None, "Résiliation déjà enregistrée."
    rev = revs[revocation_id]
    if not rev.registered:
        return Status.INVALIDEE, "R-PARTY-1", decide.MSG_MANDANT_UNKNOWN
    return Status.VALIDEE, None, f"Résiliation enregistrée : {revoked[rev.id]} procuration(s) résiliée(s)."

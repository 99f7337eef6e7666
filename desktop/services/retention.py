"""Retention (R-DATA-2, spec/security.md): purge personal data the counter no longer needs; keep a pseudonymous log."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.models import (
    AuditCheckpoint,
    AuditEvent,
    Elector,
    IssuedReceipt,
    IvoteRequest,
    OutboxEntry,
    PassportCase,
    PassportEvent,
    Procuration,
    ProcurationEvent,
    Revocation,
    SequenceCounter,
    SupervisorDecision,
)
from desktop.models.base import unindexed
from desktop.models.db import Store
from desktop.receipts.files import purge_receipt_files
from desktop.rules.calendar import ElectionCalendar
from desktop.rules.data import retention_until, unestablished_request_destroyed_on
from desktop.rules.terms import Status
from desktop.rules.types import Rounds
from desktop.services.journal import Actor, action, audit
from desktop.sync.kinds import PURGED_BODY

log = logging.getLogger(__name__)
# (election id, rounds covered: "T1", "T2", "T1_T2" or None) → the last vote date the procuration covers
ScrutinEnd = Callable[[str, "str | None"], "date | None"]
CONFIRMED_DONE = (
    Status.VALIDEE,
    Status.RESILIEE,
    Status.EXPIREE,
    Status.ANNULEE,  # R-ELIG-5: it was in force until the mandataire's death or loss of civic rights
)  # confirmed by the central store, no longer waiting for anything
NEVER_ESTABLISHED = tuple(s for s in Status if s.never_in_force)
CLOSED_PASSPORT = ("cloture", "refusee", "invalide_interpol")


SWEPT = "retention.electeurs"  # the creation time (epoch seconds) up to which every elector was looked at
DEFAULT_AFTER_VALIDITY = timedelta(days=365)
DEFAULT_NEVER_ESTABLISHED = timedelta(days=61)


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """Delays; R-DATA-2 gives 1 year after validity and 2 months for requests never established (configurable)."""

    after_validity: timedelta = DEFAULT_AFTER_VALIDITY  # procurations: the calendar's year (retention_until)
    never_established: timedelta = DEFAULT_NEVER_ESTABLISHED  # procurations: two calendar months
    audit_events: timedelta = timedelta(days=365)  # CNIL 2021-122: 6 months to 1 year

    def __post_init__(self) -> None:
        if not timedelta(days=183) <= self.audit_events <= timedelta(days=366):
            raise ValueError("audit retention must be between 6 months and 1 year")


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """Counts only: what was removed (the audit event records the same)."""

    procurations: int = 0
    revocations: int = 0
    electors: int = 0
    renewals: int = 0
    audit_events: int = 0
    decisions: int = 0

    def detail(self) -> str:
        return (
            f"procurations={self.procurations} resiliations={self.revocations} electeurs={self.electors} "
            f"renouvellements={self.renewals} audit={self.audit_events} decisions={self.decisions}"
        )


def last_vote_in(calendar: ElectionCalendar) -> ScrutinEnd:
    """The last vote date a procuration for one scrutin covers: its first round's for a first-round-only one."""

    def end(election_id: str, rounds: str | None) -> date | None:
        election = calendar.get(election_id)
        if election is None:
            return None
        return election.t1 if rounds == Rounds.T1 or election.t2 is None else election.t2

    return end


def _end_of_validity(p: Procuration, scrutin_end: ScrutinEnd) -> date | None:
    if p.valid_until is not None:
        return p.valid_until
    return scrutin_end(p.election_id, p.rounds) if p.election_id else None


def _kept_until(end: date, rules: RetentionPolicy) -> date:
    """R-DATA-2: one year after the end of validity, as the calendar counts it (29 February → 28 February)."""
    if rules.after_validity == DEFAULT_AFTER_VALIDITY:
        return retention_until(end)
    return end + rules.after_validity


def _destroyed_on(requested: date, rules: RetentionPolicy) -> date:
    """R-DATA-2: two calendar months after a request never established."""
    if rules.never_established == DEFAULT_NEVER_ESTABLISHED:
        return unestablished_request_destroyed_on(requested)
    return requested + rules.never_established


def _forget_record(s: Session, record_id: str) -> None:
    """Receipts and acknowledged outbox bodies carry names: remove them with the record."""
    s.execute(delete(IssuedReceipt).where(IssuedReceipt.record_id == record_id))
    s.execute(delete(SupervisorDecision).where(SupervisorDecision.record_id == record_id))  # the act as typed
    s.execute(
        update(OutboxEntry)
        .where(OutboxEntry.record_id == record_id, OutboxEntry.acked_at.is_not(None))
        .values(body=PURGED_BODY)
    )


def purge(
    store: Store,
    *,
    station_code: str,
    now: datetime,
    scrutin_end: ScrutinEnd,
    policy: RetentionPolicy | None = None,
    signing_key: Ed25519PrivateKey | None = None,
    receipts_dir: Path | None = None,
    zone: tzinfo = UTC,
) -> PurgeReport:
    """Purge everything past its retention in one transaction and audit the counts (a system task, no agent).

    R-DATA-2's days are the station's (`zone`, its time zone): UTC's day took a procuration on the last day it is
    kept, in the evenings west of Greenwich (Los Angeles, Cayenne, Papeete)."""
    from desktop.services.consultation_writer import settle

    settle(store)  # at start-up: the consultations a previous process journaled go into the chain first
    rules = policy or RetentionPolicy()
    today = now.astimezone(zone).date()
    with action(store) as s:
        procurations = 0
        touched: set[str] = set()  # the electors the records removed named: they may be orphans now
        for p in _procuration_candidates(s, rules, today, now, scrutin_end):
            end = _end_of_validity(p, scrutin_end)
            done = (
                p.status in CONFIRMED_DONE
                and p.confirmed_at is not None
                and end is not None
                and today > _kept_until(end, rules)
            )
            dead = p.status in NEVER_ESTABLISHED and today > _destroyed_on(
                p.established_at.astimezone(zone).date(), rules
            )
            if done or dead:
                touched.update((p.mandant_id, p.mandataire_id))
                s.execute(delete(ProcurationEvent).where(ProcurationEvent.procuration_id == p.id))
                _forget_record(s, p.id)
                s.delete(p)
                procurations += 1
        revocations = 0
        for r in s.scalars(
            select(Revocation).where(
                Revocation.confirmed_at.is_not(None), Revocation.established_at < now - rules.after_validity
            )
        ):
            if r.established_at + rules.after_validity < now:
                touched.add(r.mandant_id)
                _forget_record(s, r.id)
                s.delete(r)
                revocations += 1
        s.flush()
        renewals = _purge_renewals(s, rules, now)
        decisions = _purge_decisions(s, rules, now)
        electors = _purge_orphans(s, rules, now, touched)
        audited = _purge_audit(s, rules, now, signing_key=signing_key, station_code=station_code)
        report = PurgeReport(
            procurations=procurations,
            revocations=revocations,
            electors=electors,
            renewals=renewals,
            audit_events=audited,
            decisions=decisions,
        )
        audit(
            s,
            actor=Actor(station_code=station_code, agent_id=None),
            action_name="retention.purge",
            now=now,
            record_kind="retention",
            detail=report.detail(),
        )
    log.info("retention purge: %s", report.detail())
    # secure_delete zeroes what the purge freed in the pages it wrote, but the WAL still holds those pages as they
    # were, the deleted rows in them, until SQLite writes over its frames: empty it now.
    if not store.checkpoint():
        log.warning("retention purge: the store's WAL could not be emptied (a reader kept it); next start retries")
    if receipts_dir is not None:
        with store.read() as s:
            kept = set(s.scalars(select(IssuedReceipt.number)))
        purge_receipt_files(receipts_dir, keep_numbers=kept)
    return report


def _procuration_candidates(
    s: Session, rules: RetentionPolicy, today: date, now: datetime, scrutin_end: ScrutinEnd
) -> list[Procuration]:
    """The procurations that may be past their time, found through indexes: a few among the tens of thousands an
    aged store holds (every one of them was loaded, at every start, before the first act). A superset of what the
    purge removes: each one is then decided as before.

    Kept until at least `end` + 365 days (`retention_until` adds a calendar year), destroyed at least 59 days after
    the request (two calendar months), a day's margin for the station's zone."""
    after = timedelta(days=365) if rules.after_validity == DEFAULT_AFTER_VALIDITY else rules.after_validity
    ended_before = today - after
    # Not through the status's index: nearly every procuration is « validée ».
    done = unindexed(Procuration.status).in_(CONFIRMED_DONE) & Procuration.confirmed_at.is_not(None)
    ids = set(s.scalars(select(Procuration.id).where(done, Procuration.valid_until < ended_before)))
    for election in _elections(s):
        ends = [scrutin_end(election, rounds) for rounds in (Rounds.T1, None)]  # T1 ends first, else the last round
        if any(end is not None and end < ended_before for end in ends):
            of_election = (Procuration.election_id == election) & Procuration.valid_until.is_(None)
            ids.update(s.scalars(select(Procuration.id).where(done, of_election)))
    never = timedelta(days=59) if rules.never_established == DEFAULT_NEVER_ESTABLISHED else rules.never_established
    requested_before = now - never + timedelta(days=1)
    ids.update(
        s.scalars(
            select(Procuration.id).where(
                Procuration.status.in_(NEVER_ESTABLISHED), Procuration.established_at < requested_before
            )
        )
    )
    found: list[Procuration] = []
    chosen = sorted(ids)
    for start in range(0, len(chosen), 500):
        found.extend(s.scalars(select(Procuration).where(Procuration.id.in_(chosen[start : start + 500]))))
    return found


def _elections(s: Session) -> list[str]:
    """The scrutins the store holds procurations for, one index probe each (not a read of every procuration)."""
    found: list[str] = []
    while True:
        query = select(Procuration.election_id).where(Procuration.election_id.is_not(None))
        if found:
            query = query.where(Procuration.election_id > found[-1])
        election = s.scalar(query.order_by(Procuration.election_id).limit(1))
        if election is None:
            return found
        found.append(election)


def _purge_renewals(s: Session, rules: RetentionPolicy, now: datetime) -> int:
    """Passport cases a year after they closed, internet-vote requests a year after they were made, once the central
    store answered them. One it refused never becomes « confirmed », and stayed for ever: an internet-vote request
    refused (R-IVOTE-5, R-IVOTE-2) and a case whose opening was refused (void, R-PASS-2/3/4)
    go a year after they were made, as the central store's copies do (central/retention_renewals.py)."""
    count = 0
    made_before = now - rules.after_validity
    cases = select(PassportCase).where(
        or_(
            and_(PassportCase.confirmed_at < made_before, PassportCase.status.in_(CLOSED_PASSPORT)),
            PassportCase.created_at < made_before,
        )
    )
    for case in s.scalars(cases):
        closed = case.confirmed_at is not None and case.status in CLOSED_PASSPORT
        if closed:
            assert case.confirmed_at is not None
            due = case.confirmed_at + rules.after_validity < now
        else:
            due = case.created_at + rules.after_validity < now and _void(s, case.id)
        if due:
            s.execute(delete(PassportEvent).where(PassportEvent.case_id == case.id))
            _forget_record(s, case.id)
            s.delete(case)
            count += 1
    for req in s.scalars(select(IvoteRequest).where(IvoteRequest.created_at < made_before)):
        if req.confirmed_at is not None or _refused(s, req.id):
            _forget_record(s, req.id)
            s.delete(req)
            count += 1
    s.flush()
    return count


def _entries_of(s: Session, record_id: str) -> list[OutboxEntry]:
    return list(s.scalars(select(OutboxEntry).where(OutboxEntry.record_id == record_id).order_by(OutboxEntry.seq)))


def _refused(s: Session, record_id: str) -> bool:
    """The central store refused this record's entries and none of them still waits for it."""
    found = _entries_of(s, record_id)
    waiting = any(e.acked_at is None and e.set_aside_at is None for e in found)
    return bool(found) and not waiting and any(e.verdict == Status.INVALIDEE or e.set_aside_at for e in found)


def _void(s: Session, case_id: str) -> bool:
    """A passport case whose opening (its first entry) the central store refused, nothing of it waiting any more."""
    found = _entries_of(s, case_id)
    waiting = any(e.acked_at is None and e.set_aside_at is None for e in found)
    return bool(found) and not waiting and (found[0].verdict == Status.INVALIDEE or found[0].set_aside_at is not None)


def _purge_decisions(s: Session, rules: RetentionPolicy, now: datetime) -> int:
    """Acts that never became a procuration (refused, never decided or never established) go after 2 months."""
    stale = select(SupervisorDecision.id).where(
        SupervisorDecision.record_id.is_(None), SupervisorDecision.created_at < now - rules.never_established
    )
    ids = list(s.scalars(stale))
    if ids:
        s.execute(delete(SupervisorDecision).where(SupervisorDecision.id.in_(ids)))
    return len(ids)


def _purge_orphans(s: Session, rules: RetentionPolicy, now: datetime, touched: set[str]) -> int:
    """Electors no record refers to any more (after the purge above, or never used after 2 months).

    Only the purge removes records: an elector becomes an orphan when a record this purge removed named them, or
    was never named by any. So each start looks at those, and at the electors that came of age for it since the
    last start (`SWEPT`, in the store); never again at the tens of thousands an aged store holds (each start read
    every elector against every procuration). A store without the counter is swept whole once."""
    old_enough = now - rules.never_established  # a person typed in just now may be about to appear on a procuration
    counter = s.get(SequenceCounter, SWEPT)
    swept = None if counter is None else datetime.fromtimestamp(counter.value, UTC)
    looked = select(Elector.id).where(Elector.created_at < old_enough)
    if swept is not None:
        chosen = sorted(touched)
        looked = looked.where((Elector.created_at >= swept) | Elector.id.in_(chosen))
    candidates = list(s.scalars(looked))
    count = 0
    for start in range(0, len(candidates), 500):
        page = candidates[start : start + 500]
        used = set(s.scalars(select(Procuration.mandant_id).where(Procuration.mandant_id.in_(page))))
        used.update(s.scalars(select(Procuration.mandataire_id).where(Procuration.mandataire_id.in_(page))))
        used.update(s.scalars(select(Revocation.mandant_id).where(Revocation.mandant_id.in_(page))))
        for elector_id in page:
            if elector_id not in used:
                s.execute(delete(Elector).where(Elector.id == elector_id))
                count += 1
    mark = int(old_enough.timestamp())
    if counter is None:
        s.add(SequenceCounter(name=SWEPT, value=mark))
    elif mark > counter.value:  # a clock set back does not look again at what was looked at
        counter.value = mark
    s.flush()
    return count


def _purge_audit(
    s: Session, rules: RetentionPolicy, now: datetime, *, signing_key: Ed25519PrivateKey | None, station_code: str
) -> int:
    """Old audit events go; the chain's new start (seq, MAC) is kept so verification still works, and signed as a
    start anchor (issue 15, item 5: without it, deleting the start and writing a checkpoint passed verification)."""
    newest = s.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
    if newest is None:
        return 0
    # The last old event by seq, found among the old ones through the index on their time (0014). `+seq`: neither
    # down the seq's own index nor by SQLite's min/max shortcut, which walk the seq from the top until a row is old
    # (the whole retained year, at every start).
    seq = unindexed(AuditEvent.seq)
    last_old_seq = s.scalar(select(func.max(seq)).where(AuditEvent.at < now - rules.audit_events, seq < newest))
    if last_old_seq is None:
        return 0
    last_old = s.execute(
        select(AuditEvent.seq, AuditEvent.mac, AuditEvent.at).where(AuditEvent.seq == last_old_seq)
    ).first()
    if last_old is None or last_old.mac is None:
        return 0
    count = len(s.scalars(select(AuditEvent.seq).where(AuditEvent.seq <= last_old.seq)).all())
    s.execute(delete(AuditEvent).where(AuditEvent.seq <= last_old.seq))
    checkpoint = s.get(AuditCheckpoint, 1)
    if checkpoint is None:
        s.add(AuditCheckpoint(id=1, seq=last_old.seq, mac=last_old.mac, purged_at=now))
    else:
        checkpoint.seq, checkpoint.mac, checkpoint.purged_at = last_old.seq, last_old.mac, now
    if signing_key is not None:
        from desktop.services.audit_log import anchor_checkpoint

        anchor_checkpoint(
            s, private_key=signing_key, station_code=station_code, seq=last_old.seq, mac=last_old.mac, at=last_old.at
        )
    else:
        log.warning("audit retention checkpoint not anchored: no station signing key given")
    s.flush()
    return count


__all__ = ["PurgeReport", "RetentionPolicy", "purge"]

"""Retention (R-DATA-2, spec/security.md): purge personal data the counter no longer needs; keep a pseudonymous log."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import and_, delete, or_, select, update
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
    SupervisorDecision,
)
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
        for p in s.scalars(select(Procuration)):
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
                s.execute(delete(ProcurationEvent).where(ProcurationEvent.procuration_id == p.id))
                _forget_record(s, p.id)
                s.delete(p)
                procurations += 1
        revocations = 0
        for r in s.scalars(select(Revocation).where(Revocation.confirmed_at.is_not(None))):
            if r.established_at + rules.after_validity < now:
                _forget_record(s, r.id)
                s.delete(r)
                revocations += 1
        s.flush()
        renewals = _purge_renewals(s, rules, now)
        decisions = _purge_decisions(s, rules, now)
        electors = _purge_orphans(s, rules, now)
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


def _purge_renewals(s: Session, rules: RetentionPolicy, now: datetime) -> int:
    """Passport cases a year after they closed, internet-vote requests a year after they were made, once the central
    store answered them. One it refused never becomes « confirmed », and stayed for ever: an internet-vote request
    refused (R-IVOTE-5, R-IVOTE-2) and a case whose opening was refused (void, R-PASS-2/3/4)
    go a year after they were made, as the central store's copies do (central/retention_renewals.py)."""
    count = 0
    made_before = now - rules.after_validity
    cases = select(PassportCase).where(
        or_(
            and_(PassportCase.confirmed_at.is_not(None), PassportCase.status.in_(CLOSED_PASSPORT)),
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


def _purge_orphans(s: Session, rules: RetentionPolicy, now: datetime) -> int:
    """Electors no record refers to any more (after the purge above, or never used after 2 months)."""
    used = select(Procuration.mandant_id).union(select(Procuration.mandataire_id), select(Revocation.mandant_id))
    orphans = s.scalars(select(Elector.id).where(Elector.id.not_in(used))).all()
    count = 0
    for elector_id in orphans:
        elector = s.get(Elector, elector_id)
        assert elector is not None
        # A person typed in just now may be about to appear on a procuration: only old orphans go.
        if elector.created_at + rules.never_established < now:
            s.delete(elector)
            count += 1
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
    last_old = s.execute(
        select(AuditEvent.seq, AuditEvent.mac, AuditEvent.at)
        .where(AuditEvent.at < now - rules.audit_events, AuditEvent.seq < newest)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
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

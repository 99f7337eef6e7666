"""The central store's word applied locally: a batch's verdicts (entries acknowledged, records confirmed) and the
change feed's pages, each in one transaction with the clock reference and the cursor that go with it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import IvoteRequest, OutboxEntry, PassportCase, Procuration, ProcurationEvent, Revocation, SyncState
from desktop.models.db import Store
from desktop.rules.terms import Status
from desktop.sync.clock import Reference
from desktop.sync.feed import check_page
from desktop.sync.refused_revocation import restore_after_refused_revocation
from desktop.sync.wire import (
    KIND_PASSEPORT,
    KIND_PROCURATION,
    KIND_RESILIATION,
    KIND_VOTE_INTERNET,
    BatchResult,
    ChangesPage,
)

STATE_ID = 1
IN_REVIEW = N_(
    "Une revue est ouverte au répertoire central : l'heure d'établissement qui a départagé ces procurations y est "
    "vérifiée."
)


_RENEWALS: dict[str, type[PassportCase] | type[IvoteRequest]] = {
    KIND_PASSEPORT: PassportCase,
    KIND_VOTE_INTERNET: IvoteRequest,
}


def record_result(store: Store, result: BatchResult, *, now: datetime, reference: Reference | None) -> None:
    """Apply a batch's verdicts locally, acknowledge its entries and keep the clock reference, atomically.

    `reference` is None for a replayed answer: its server time is the original one, not a clock reference.
    """
    with store.session() as s, s.begin():
        rows = {
            r.id: r
            for r in s.execute(
                select(OutboxEntry.seq, OutboxEntry.id, OutboxEntry.kind, OutboxEntry.record_id).where(
                    OutboxEntry.batch_id == result.batch_id
                )
            )
        }
        acks: list[dict[str, Any]] = []  # the parameters of _ACK, one per entry
        procs: dict[str, tuple[str, str | None, str | None]] = {}
        for v in result.verdicts:
            row = rows.get(v.id)
            if row is None:
                continue
            # A refused entry other than a procuration (whose reason goes to its events) keeps the central store's
            # French reason, which the Synchronisation screen shows (status.refused_items; R-REVOKE-5/6).
            said = v.message if v.status == Status.INVALIDEE and row.kind != KIND_PROCURATION else None
            acks.append(
                {
                    "row_seq": row.seq,
                    "row_acked_at": now,
                    "row_verdict": v.status,
                    "row_rule_id": v.rule_id,
                    "row_refusal": said,
                }
            )
            if row.kind == KIND_PROCURATION:
                procs[row.record_id] = (v.status, v.rule_id, v.message)
            elif row.kind == KIND_RESILIATION:
                revocation = s.get(Revocation, row.record_id)
                if revocation is not None:
                    revocation.status, revocation.confirmed_at = v.status, now
                    if v.status == Status.INVALIDEE:
                        restore_after_refused_revocation(s, row.record_id, now, v.rule_id, v.message)
            elif row.kind in _RENEWALS and v.status == Status.VALIDEE:
                # Renewal records keep their own status (the steps); the central store's word is the confirmation.
                model = _RENEWALS[row.kind]
                s.execute(update(model).where(model.id == row.record_id).values(confirmed_at=now))
        if acks:
            s.execute(_ACK, acks)  # one executemany per batch
        _set_procurations(s, procs, now)
        state = sync_state(s)
        _keep_reference(state, reference)
        state.last_success_at, state.last_error = now, None


_ACK = (
    update(OutboxEntry.__table__)  # type: ignore[arg-type]  # a Core statement: one executemany, no unit of work
    .where(OutboxEntry.__table__.c.seq == bindparam("row_seq"))
    .values(
        acked_at=bindparam("row_acked_at", type_=OutboxEntry.__table__.c.acked_at.type),
        verdict=bindparam("row_verdict"),
        verdict_rule_id=bindparam("row_rule_id"),
        refusal=bindparam("row_refusal"),
        last_error=None,
    )
)


def _keep_reference(state: SyncState, reference: Reference | None) -> None:
    if reference is not None:
        state.server_time, state.monotonic_at_server_time = reference.server_time, reference.monotonic
        state.boot_id = reference.boot_id


def apply_changes(store: Store, page: ChangesPage, *, now: datetime, reference: Reference | None = None) -> None:
    """Apply a page of the change feed, then store its cursor in the same transaction (never ahead of the data).

    The page's clock reference is kept too: after a restart the station must not date entries from an older last
    sync than the one it already used (the central store refuses a claim that goes back). A page that does not follow
    the stored cursor raises `feed.FeedOutOfOrder` before anything is written: an old status never comes back.
    """
    with store.session() as s, s.begin():
        state = sync_state(s)
        check_page(page, int(state.cursor) if state.cursor and state.cursor.isdigit() else 0)
        for c in page.changes:  # in cursor order: a later change of the same record wins
            in_review = _(IN_REVIEW)  # an N_() constant: the catalog has it
            message = f"{c.message or ''} {in_review}".strip() if "revue" in c.flags else c.message
            _set_procurations(s, {c.record_id: (c.status, c.rule_id, message)}, now)
        state.cursor = str(page.next_cursor)
        state.last_success_at = now
        _keep_reference(state, reference)


_PROCURATIONS = Procuration.__table__
_SET_STATUS = (
    update(_PROCURATIONS)  # type: ignore[arg-type]  # Core statements: one executemany each, no unit of work
    .where(_PROCURATIONS.c.id == bindparam("row_id"))
    .values(
        status=bindparam("row_status"),
        status_rule_id=bindparam("row_rule_id"),
        confirmed_at=bindparam("row_at", type_=_PROCURATIONS.c.confirmed_at.type),
    )
)
_CONFIRM = (
    update(_PROCURATIONS)  # type: ignore[arg-type]
    .where(_PROCURATIONS.c.id == bindparam("row_id"))
    .values(confirmed_at=bindparam("row_at", type_=_PROCURATIONS.c.confirmed_at.type))
)


def _set_procurations(s: Session, updates: dict[str, tuple[str, str | None, str | None]], now: datetime) -> None:
    """Set central statuses on local procurations (read in one query per 500), with a status event when it
    changed; written in one statement per kind of change (issue 21: a batch of 1,000 verdicts)."""
    ids = list(updates)
    changed: list[dict[str, Any]] = []
    confirmed: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for start in range(0, len(ids), 500):
        query = select(
            Procuration.id, Procuration.status, Procuration.status_rule_id, Procuration.mandant_id,
            Procuration.established_at,
        ).where(Procuration.id.in_(ids[start : start + 500]))  # fmt: skip
        rows = s.execute(query).all()
        revoked_here = _revoked_here(
            s, [r for r in rows if r.status == Status.RESILIEE and updates[r.id][0] != r.status]
        )
        for pid, old_status, old_rule_id, _mandant, _at in rows:
            status, rule_id, message = updates[pid]
            if pid in revoked_here:
                continue  # the mandant's résiliation, recorded here, is not at the central store yet: it stands
            if old_status != status or old_rule_id != rule_id:
                changed.append({"row_id": pid, "row_status": status, "row_rule_id": rule_id, "row_at": now})
                event = {"procuration_id": pid, "at": now, "status": status, "rule_id": rule_id, "note": message}
                events.append(event | {"source": "central"})
            else:
                confirmed.append({"row_id": pid, "row_at": now})
    if changed:
        s.execute(_SET_STATUS, changed)
        s.execute(insert(ProcurationEvent), events)
    if confirmed:
        s.execute(_CONFIRM, confirmed)


def _revoked_here(s: Session, rows: list[Any]) -> set[str]:
    """Of these locally revoked procurations, those a résiliation recorded here and not yet answered by the central
    store revoked (R-REVOKE-2: one of the mandant's, established after them). The central store's word on them is
    from before it: applied, it put a revoked procuration back in force until the next sync (session 26)."""
    if not rows:
        return set()
    pending = s.execute(
        select(Revocation.id, Revocation.mandant_id, Revocation.established_at).where(
            Revocation.mandant_id.in_({r.mandant_id for r in rows}), Revocation.confirmed_at.is_(None)
        )
    ).all()
    if not pending:
        return set()
    latest: dict[str, datetime] = {}
    for _rid, mandant_id, at in pending:
        latest[mandant_id] = max(at, latest.get(mandant_id, at))
    # The ones a pending résiliation ended here, named in their history, whatever the clock said at each act: one
    # made after a restart, on a wall clock hours behind, is dated before the procuration it ended.
    ended = set(
        s.scalars(
            select(ProcurationEvent.procuration_id).where(
                ProcurationEvent.procuration_id.in_([r.id for r in rows]),
                ProcurationEvent.note.in_([f"resiliation:{rid}" for rid, _m, _a in pending]),
            )
        )
    )
    return {
        r.id for r in rows if r.id in ended or (r.mandant_id in latest and latest[r.mandant_id] >= r.established_at)
    }


def sync_state(s: Session) -> SyncState:
    state = s.get(SyncState, STATE_ID)
    if state is None:
        state = SyncState(id=STATE_ID)
        s.add(state)
    return state

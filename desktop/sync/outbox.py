"""The local side of sync over the store: frozen batches, the sync state (verdicts and feed changes are applied by
`desktop.sync.verdicts`, re-exported here), one transaction each.

Outbox bodies: services pass `envelope(body, stamp)` to `desktop.services.journal.enqueue` so that the corrected
establishment time and the clock facts travel with the entry. A plain wire body (no envelope) is accepted too:
its time is then the entry's `created_at`, flagged as a wall-clock time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, select, update
from sqlalchemy.orm import Session

from desktop.models import OutboxEntry, SyncState
from desktop.models.db import Store
from desktop.models.ids import uuid7
from desktop.sync.central_words import UNREADABLE
from desktop.sync.clock import Reference, Stamp
from desktop.sync.entries import OutboxRow, entry_of
from desktop.sync.verdicts import STATE_ID, apply_changes, record_result, sync_state
from desktop.sync.wire import (
    MAX_BATCH_BYTES,
    Batch,
    Body,
    Entry,
    WireError,
    iso,
)


def envelope(body: Body, stamp: Stamp) -> dict[str, Any]:
    """The outbox body for a wire body: the body, its corrected time and its clock facts."""
    return {"body": body.to_dict(), "established_at": iso(stamp.at), "clock": stamp.clock.to_dict()}


LIVE = OutboxEntry.set_aside_at.is_(None)  # entries set aside are never sent again


@dataclass(frozen=True, slots=True)
class Prepared:
    """The next batch, read, checked and serialised while the one before it is on its way (issue 21).

    Nothing is written when it is prepared: `next_batch` freezes it only if the outbox still holds exactly the rows
    it was built from, numbered the same way; otherwise it is dropped and the batch is built afresh.
    """

    batch: Batch
    text: bytes  # the batch's wire JSON (what CentralClient.push sends)
    top: int  # the highest wire seq given when it was read
    rows: tuple[tuple[Any, ...], ...]  # what each entry was built from (_source)
    size: int  # the max_entries it was prepared for: reused only for a batch of that size


def _source(r: OutboxRow) -> tuple[Any, ...]:
    """Everything `entry_of` reads from a row: equal sources give the same entry."""
    return (r.seq, r.wire_seq, r.id, r.kind, r.body, r.created_at)


_SOURCE = (
    OutboxEntry.seq,
    OutboxEntry.wire_seq,
    OutboxEntry.id,
    OutboxEntry.kind,
    OutboxEntry.body,
    OutboxEntry.created_at,
)


def _unfrozen(s: Session, max_entries: int) -> list[OutboxRow]:
    """The next rows to freeze, as plain rows of `_SOURCE` (no ORM objects: read twice per batch, issue 21)."""
    return list(
        s.execute(
            select(*_SOURCE)
            .where(OutboxEntry.acked_at.is_(None), OutboxEntry.batch_id.is_(None), LIVE)
            .order_by(OutboxEntry.seq)
            .limit(max_entries)
        )
    )


def _top_wire_seq(s: Session) -> int:
    return int(s.scalar(select(func.max(OutboxEntry.wire_seq)).where(LIVE)) or 0)


def prepare_next(store: Store, *, max_entries: int) -> Prepared | None:
    """Read-only: the batch `next_batch` will freeze once the one in flight is acknowledged, built ahead of time.

    None when there is nothing more, or when an entry cannot be read back (`next_batch` then sets it aside).
    """
    with store.read() as s:
        rows = _unfrozen(s, max_entries)
        if not rows:
            return None
        top = _top_wire_seq(s)
        try:
            entries = _numbered([(r, entry_of(r)) for r in rows], top)
        except WireError:
            return None
        batch, text = fitted(uuid7(), entries)
        kept = rows[: len(batch.entries)]
        return Prepared(batch=batch, text=text, top=top, rows=tuple(_source(r) for r in kept), size=max_entries)


def _numbered(read: Sequence[tuple[OutboxRow, Entry]], top: int) -> tuple[Entry, ...]:
    """The entries of these rows with the wire seqs `_number` would give them after `top`."""
    out = []
    fresh = 0
    for r, entry in read:
        if r.wire_seq is None:
            fresh += 1
            entry = entry.model_copy(update={"seq": top + fresh})
        out.append(entry)
    return tuple(out)


def fitted(batch_id: str, entries: tuple[Entry, ...]) -> tuple[Batch, bytes]:
    """The batch of the longest run of `entries` (from the first) whose JSON fits in MAX_BATCH_BYTES, and that JSON.

    The central store refuses a body over its limit (413) as a whole: a batch is cut before it is frozen, never
    after. One entry alone always goes (the wire's own limits keep it far below the budget).
    """
    count = len(entries)
    while True:
        batch = Batch(batch_id=batch_id, entries=entries[:count])
        text = batch.to_json().encode()
        if len(text) <= MAX_BATCH_BYTES or count == 1:
            return batch, text
        count = max(1, min(count - 1, count * MAX_BATCH_BYTES // len(text)))


def next_batch(store: Store, *, max_entries: int, now: datetime) -> Batch | None:
    """The batch to send: the frozen one in flight if any (same id, same entries), else a newly frozen one."""
    frozen = freeze_next(store, max_entries=max_entries, now=now)
    return None if frozen is None else frozen[0]


def freeze_next(
    store: Store, *, max_entries: int, now: datetime, ahead: Prepared | None = None, answered: str | None = None
) -> tuple[Batch, bytes | None] | None:
    """`next_batch`, and the batch's wire JSON when it was made just now (None for a batch in flight, rebuilt).

    `ahead`: the batch `prepare_next` built while the previous one was on its way; frozen as it is when the outbox
    still holds exactly its rows, else ignored (the batch is built afresh, as `next_batch` does).
    `answered`: the batch the central store has just answered, its answer not yet recorded (the worker records it
    while this batch is on its way): not in flight any more, so not resent. Should the recording fail, the batch is
    in flight again at the next call and resent: the central store replays its stored answer.
    """
    with store.session() as s, s.begin():
        frozen_unacked: list[ColumnElement[bool]] = [
            OutboxEntry.acked_at.is_(None),
            OutboxEntry.batch_id.is_not(None),
            LIVE,
        ]
        if answered is not None:
            frozen_unacked.append(OutboxEntry.batch_id != answered)
        in_flight = s.scalar(select(OutboxEntry.batch_id).where(*frozen_unacked).order_by(OutboxEntry.seq).limit(1))
        if in_flight is not None:
            rows = list(
                s.scalars(select(OutboxEntry).where(OutboxEntry.batch_id == in_flight, LIVE).order_by(OutboxEntry.seq))
            )
            _count_attempt(s, rows, {})
            try:
                entries = tuple(entry_of(r) for r in rows)
            except WireError as exc:
                raise OutboxCorrupt(rows[0].seq, str(exc)) from None
            return Batch(batch_id=in_flight, entries=entries), None
        reused = _still(s, ahead, max_entries) if ahead is not None else None
        if reused is not None:
            assert ahead is not None
            _freeze(s, reused, ahead.batch, now)
            return ahead.batch, ahead.text
        read = _readable(s, max_entries, now)
        if not read:
            return None
        # Each entry was parsed once by _readable and is numbered after the highest wire seq given so far; the
        # batch is cut to the byte budget before anything is frozen.
        batch, text = fitted(uuid7(), _numbered(read, _top_wire_seq(s)))
        _freeze(s, [r for r, _ in read[: len(batch.entries)]], batch, now)
        return batch, text


_FREEZE = (
    update(OutboxEntry.__table__)  # type: ignore[arg-type]  # a Core statement: one executemany, no unit of work
    .where(OutboxEntry.__table__.c.seq == bindparam("row_seq"))
    .values(
        wire_seq=bindparam("row_wire_seq"),
        batch_id=bindparam("row_batch_id"),
        sent_at=bindparam("row_sent_at", type_=OutboxEntry.__table__.c.sent_at.type),
        attempts=OutboxEntry.__table__.c.attempts + 1,
    )
)


def _freeze(s: Session, rows: Sequence[OutboxRow], batch: Batch, now: datetime) -> None:
    """Freeze these rows as `batch`: each gets the wire seq of its entry (a fresh row its new number), the batch id,
    the time and one more attempt, in one statement."""
    s.execute(
        _FREEZE,
        [
            {"row_seq": r.seq, "row_wire_seq": e.seq, "row_batch_id": batch.batch_id, "row_sent_at": now}
            for r, e in zip(rows, batch.entries, strict=True)
        ],
    )


def _count_attempt(s: Session, rows: list[OutboxEntry], values: dict[str, Any]) -> None:
    """One more attempt for these rows (and their batch id when freezing them), in one statement."""
    s.execute(
        update(OutboxEntry)
        .where(OutboxEntry.seq.in_([r.seq for r in rows]))
        .values(attempts=OutboxEntry.attempts + 1, **values)
        .execution_options(synchronize_session=False)  # the session's rows are not read again
    )


def _still(s: Session, ahead: Prepared, max_entries: int) -> list[OutboxRow] | None:
    """The rows `ahead` was built from, if the outbox still holds exactly them, numbered after the same top."""
    if ahead.size != max_entries:
        return None
    rows = _unfrozen(s, len(ahead.rows))
    if tuple(_source(r) for r in rows) != ahead.rows or _top_wire_seq(s) != ahead.top:
        return None
    return rows


def _readable(s: Session, max_entries: int, now: datetime) -> list[tuple[OutboxEntry, Entry]]:
    """The next entries to freeze, read back; one that cannot be read back is set aside, never a blocker."""
    from desktop.sync.recovery import mark_set_aside  # recovery builds on this module's tables, not the reverse

    while True:
        rows = list(
            s.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.acked_at.is_(None), OutboxEntry.batch_id.is_(None), LIVE)
                .order_by(OutboxEntry.seq)
                .limit(max_entries)
            )
        )
        good = []
        for r in rows:
            try:
                entry = entry_of(r)
            except WireError as exc:  # its message says where, never the value (desktop/sync/wire/check.py)
                mark_set_aside(s, r, UNREADABLE.format(exc=exc), now)  # stored in French
            else:
                good.append((r, entry))
        s.flush()
        if good or not rows:
            return good


class OutboxCorrupt(Exception):
    """An outbox body cannot be read back locally: sync stops and says so (the store itself is damaged)."""

    def __init__(self, seq: int, detail: str) -> None:
        super().__init__(f"outbox entry {seq} unreadable: {detail}")
        self.seq = seq


def record_error(store: Store, batch_id: str, error: str) -> None:
    """Remember why the last attempt of a batch failed (no personal data in `error`)."""
    with store.session() as s, s.begin():
        s.execute(update(OutboxEntry).where(OutboxEntry.batch_id == batch_id).values(last_error=error[:500]))
        sync_state(s).last_error = error[:500]


@dataclass(frozen=True, slots=True)
class Persisted:
    """What the worker reloads at start-up."""

    cursor: int
    reference: Reference | None
    last_success: datetime | None


def load_state(store: Store) -> Persisted:
    """The stored cursor and clock reference."""
    with store.read() as s:
        state = s.get(SyncState, STATE_ID)
        if state is None:
            return Persisted(0, None, None)
        ref = None
        if state.server_time is not None and state.monotonic_at_server_time is not None:
            ref = Reference(state.server_time, state.monotonic_at_server_time, state.boot_id)
        cursor = int(state.cursor) if state.cursor and state.cursor.isdigit() else 0
        return Persisted(cursor, ref, state.last_success_at)


def pending(store: Store) -> tuple[int, datetime | None]:
    """Entries not yet acknowledged (set-aside ones excepted) and the creation time of the oldest."""
    with store.read() as s:
        count, oldest = s.execute(
            select(func.count(OutboxEntry.seq), func.min(OutboxEntry.created_at)).where(
                OutboxEntry.acked_at.is_(None), LIVE
            )
        ).one()
    return int(count or 0), oldest


@dataclass(frozen=True, slots=True)
class SetAside:
    """An entry the central store refused at reception (malformed, or an id it holds elsewhere): never resent."""

    seq: int
    record_id: str
    kind: str
    reason: str
    at: datetime


def set_aside_entries(store: Store, *, since: datetime | None = None) -> tuple[SetAside, ...]:
    """Entries set aside (since `since` if given), newest first: for the Synchronisation and Activité du jour lists."""
    query = select(OutboxEntry).where(OutboxEntry.set_aside_at.is_not(None)).order_by(OutboxEntry.seq.desc())
    if since is not None:
        query = query.where(OutboxEntry.set_aside_at >= since)
    with store.read() as s:
        return tuple(
            SetAside(r.seq, r.record_id, r.kind, r.refusal or "", r.set_aside_at)
            for r in s.scalars(query)
            if r.set_aside_at is not None
        )


__all__ = [
    "STATE_ID",
    "OutboxCorrupt",
    "Persisted",
    "Prepared",
    "SetAside",
    "apply_changes",
    "entry_of",
    "envelope",
    "fitted",
    "freeze_next",
    "load_state",
    "next_batch",
    "pending",
    "prepare_next",
    "record_error",
    "record_result",
    "set_aside_entries",
]

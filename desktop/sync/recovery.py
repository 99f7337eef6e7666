"""What the worker does when the central store refuses a batch instead of answering it (nothing was applied).

- One entry refused (a 409 naming it, or the last one left of a batch refused as malformed): it is set aside with
  the central store's reason, its record marked refused, and the entries behind it renumbered so the wire stays
  gap-free; they go on (issue 15.1).
- A batch refused as a whole (422, 413): it is unfrozen, and the worker sends smaller batches to find the entry.
- A sequence conflict (the central store restored from a backup, or this station's store): resend everything after
  the last seq the central store holds, renumber what it never acknowledged, and audit the recovery.
- A feed answer saying the central store holds less than this station knew (desktop/sync/standing.py: restored, or
  failed over to a replica that lagged, while this station was idle): the same recovery for the acts it lost, and
  the feed read again from the start (`catch_up`).
- This station enrolled again (a new station id and token, the same store: `rebind`): everything is sent once more
  under the new id, renumbered from 1 (what the earlier id had acknowledged first, in its order, then what it never
  acknowledged), so a central store restored to before some of those acts gets them back; the ones it holds are
  answered with their stored verdict and not stored twice (central/ownership.py, replays). The new id's feed is read
  from the start. Acknowledged, for the two cases above, means by the current id only.

Unfreezing is safe in each case because a refused batch was not applied: its batch id is unknown to the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.orm import Session

from desktop.models import OutboxEntry, Procuration, ProcurationEvent, Revocation, SyncState
from desktop.models.db import Store
from desktop.rules.terms import Status
from desktop.services.journal import Actor, audit
from desktop.sync.kinds import PURGED_BODY
from desktop.sync.standing import Regression, Standing, judge
from desktop.sync.verdicts import sync_state
from desktop.sync.wire import KIND_PROCURATION, KIND_RESILIATION

SET_ASIDE_RULE = "SYNC-REFUS"  # the verdict rule id of an entry the central store refused at reception
LIVE = OutboxEntry.set_aside_at.is_(None)
# An entry retention emptied (its record purged, R-DATA-2) has nothing to send again: a resend left it unreadable,
# set aside with a refusal the agent read for every purged act. It stays acknowledged, out of the wire's numbers.
RESENDABLE = and_(LIVE, OutboxEntry.body != PURGED_BODY)


def unfreeze(store: Store, batch_id: str) -> None:
    """Forget a refused batch's id: its entries keep their wire seqs and go out again in new batches."""
    with store.write() as s:
        s.execute(update(OutboxEntry).where(OutboxEntry.batch_id == batch_id).values(batch_id=None))


def set_aside(
    store: Store, *, batch_id: str, wire_seq: int, reason: str, now: datetime, actor: Actor | None = None
) -> str | None:
    """Set aside the entry of a refused batch carrying `wire_seq`; renumber the ones behind it. Returns its record."""
    with store.write() as s:
        row = s.scalars(
            select(OutboxEntry).where(OutboxEntry.batch_id == batch_id, OutboxEntry.wire_seq == wire_seq, LIVE)
        ).first()
        if row is None:
            return None
        mark_set_aside(s, row, reason, now)
        s.execute(update(OutboxEntry).where(OutboxEntry.batch_id == batch_id).values(batch_id=None))
        s.flush()
        behind = s.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.acked_at.is_(None), LIVE, OutboxEntry.wire_seq > wire_seq)
            .order_by(OutboxEntry.wire_seq)
        ).all()
        for r in behind:  # ascending: each takes the number just freed before it
            r.wire_seq = (r.wire_seq or 0) - 1
            s.flush([r])
        if actor is not None:
            audit(
                s,
                actor=actor,
                action_name="synchronisation.ecartee",
                now=now,
                record_kind=row.kind[:24],
                record_id=row.record_id,
                detail=f"seq={row.seq}",
            )
        return row.record_id


def mark_set_aside(s: Session, row: OutboxEntry, reason: str, now: datetime) -> None:
    """Set one row aside, and its local record says it: refused, with the reason (the Synchronisation screen)."""
    row.set_aside_at, row.refusal, row.batch_id = now, reason[:2000], None
    row.verdict, row.verdict_rule_id, row.wire_seq = Status.INVALIDEE, SET_ASIDE_RULE, None
    if row.kind == KIND_PROCURATION:
        proc = s.get(Procuration, row.record_id)
        if proc is not None:
            proc.status, proc.status_rule_id = Status.INVALIDEE, SET_ASIDE_RULE
            s.add(
                ProcurationEvent(
                    procuration_id=proc.id,
                    at=now,
                    status=Status.INVALIDEE,
                    rule_id=SET_ASIDE_RULE,
                    source="central",
                    note=reason[:2000],
                )
            )
    elif row.kind == KIND_RESILIATION:
        revocation = s.get(Revocation, row.record_id)
        if revocation is not None:
            revocation.status = Status.INVALIDEE


@dataclass(frozen=True, slots=True)
class Recovery:
    """What a sequence recovery did: the central store's last seq, entries resent, entries renumbered."""

    last_seq: int
    resent: int
    renumbered: int


def recover(store: Store, *, last_seq: int, now: datetime, actor: Actor | None = None) -> Recovery:
    """Continue from the central store's `last_seq`: resend what it lost, renumber what it never acknowledged."""
    with store.write() as s:
        done = _recover(s, last_seq=last_seq)
        if actor is not None:
            audit(
                s,
                actor=actor,
                action_name="synchronisation.reprise",
                now=now,
                detail=f"dernier_recu={last_seq} renvoyees={done.resent} renumerotees={done.renumbered}",
            )
        return done


def _recover(s: Session, *, last_seq: int) -> Recovery:
    top_acked = _top_acknowledged(s)
    _unnumber_purged(s, OutboxEntry.wire_seq > last_seq)
    lost = s.scalars(
        select(OutboxEntry).where(OutboxEntry.acked_at.is_not(None), RESENDABLE, OutboxEntry.wire_seq > last_seq)
    )
    resent = 0
    for r in lost:  # acknowledged by the store before its restore: send again (same ids, same bodies)
        r.acked_at, r.batch_id = None, None
        resent += 1
    s.flush()
    todo = s.scalars(select(OutboxEntry).where(OutboxEntry.acked_at.is_(None), LIVE).order_by(OutboxEntry.seq)).all()
    _renumber(s, todo, after=last_seq)
    if last_seq < top_acked:
        # The store went back in time: its change feed did too. Read it again from the start (idempotent).
        state = s.get(SyncState, 1)
        if state is not None:
            state.cursor = "0"
    return Recovery(last_seq=last_seq, resent=resent, renumbered=len(todo) - resent)


def _unnumber_purged(s: Session, which: ColumnElement[bool]) -> None:
    """Purged entries keep no wire seq: none is sent again, and none counts as acknowledged by the central store
    (`_top_acknowledged`), which would otherwise judge it went back for a number it will never receive again."""
    s.execute(
        update(OutboxEntry)
        .where(OutboxEntry.acked_at.is_not(None), OutboxEntry.body == PURGED_BODY, which)
        .values(wire_seq=None, batch_id=None)
    )


def _renumber(s: Session, todo: Sequence[OutboxEntry], *, after: int) -> None:
    """Number `todo`, in order, from `after` + 1, out of any batch (the numbers freed first: wire_seq is indexed,
    not unique, but the update stays simple)."""
    for r in todo:
        r.batch_id, r.wire_seq = None, None
    s.flush()
    for i, r in enumerate(todo, start=after + 1):
        r.wire_seq = i


def _top_acknowledged(s: Session) -> int:
    """The highest wire seq the central store acknowledged to this station id (0: none). `rebind` leaves nothing
    acknowledged: an act of the earlier id counts once the new id's answer acknowledged it under its new number, the
    central store then holding that number for the new id (a replay included: the new id's last seq went past it)."""
    return int(s.scalar(select(func.max(OutboxEntry.wire_seq)).where(OutboxEntry.acked_at.is_not(None), LIVE)) or 0)


@dataclass(frozen=True, slots=True)
class CaughtUp:
    """What the worker did when a feed answer said the central store holds less than this station knew it held."""

    regression: Regression
    cursor: int  # the feed cursor this station had stored (now 0: the feed is read again from the start)
    resent: int  # acknowledged acts sent again


def catch_up(store: Store, standing: Standing | None, *, now: datetime, actor: Actor | None = None) -> CaughtUp | None:
    """Judge the central store's standing against this station's, in one transaction; act on a regression.

    Acts it lost: the sequence recovery above, from the store's last seq (they are resent before the feed is read
    again). A feed behind the stored cursor: the cursor goes back to 0, never to the store's highest cursor, as a
    change made since the restore may carry a cursor this station had already read before it; reading the feed
    again is idempotent (a later change of a record wins, as ever). Audited without personal data (counts and
    numbers only).
    """
    if standing is None:
        return None
    with store.read() as s:  # every poll: a read; the write lock only when there is something to do
        if judge(standing, acknowledged=_top_acknowledged(s), cursor=_stored_cursor(s.get(SyncState, 1))) is None:
            return None
    with store.write() as s:
        state = s.get(SyncState, 1)
        cursor = _stored_cursor(state)
        found = judge(standing, acknowledged=_top_acknowledged(s), cursor=cursor)
        if found is None:
            return None
        resent = 0
        if found.last_seq is not None:
            resent = _recover(s, last_seq=found.last_seq).resent
        if state is not None:
            state.cursor = "0"
        if actor is not None:
            audit(
                s,
                actor=actor,
                action_name="synchronisation.retour_central",
                now=now,
                detail=(
                    f"dernier_recu={_said(found.last_seq)} curseur_central={_said(found.feed_high)} "
                    f"curseur_poste={cursor} renvoyees={resent}"
                ),
            )
        return CaughtUp(regression=found, cursor=cursor, resent=resent)


@dataclass(frozen=True, slots=True)
class Rebound:
    """What the worker did when this station's store met a new station id (the station enrolled again)."""

    earlier: int  # entries acknowledged under an earlier id: renumbered first, sent again under the new id
    pending: int  # entries to send under the new id in all: those, then the ones never acknowledged


def rebind(store: Store, station_id: str, *, now: datetime, actor: Actor | None = None) -> Rebound | None:
    """Tie the outbox's wire seqs and the feed cursor to the station id syncing now, in one transaction.

    The store's first station id (a new store, or one from before migration 0013) is taken as the one that
    acknowledged what it holds. Another one: the station was enrolled again keeping its store (a revoked token, a
    central store that forgot the station, one restored from a backup). The central store knows the new id with no
    history: its last seq is 0, its feed empty. This station cannot tell what it still holds of the earlier id's
    acts (a restore may have lost the last ones, or all of them), so every live entry is sent once more under the
    new id: those the earlier id acknowledged first, in their order, then those it never acknowledged (new acts, a
    batch whose answer was lost), renumbered 1, 2, … and unacknowledged. An entry the central store holds under the
    earlier id comes back with its stored verdict and is not stored twice (central/ownership.py, replays); one it
    lost is applied. None counts as acknowledged by the new id before its answer, so a central store that went back
    later is judged on the new id's numbers alone. The cursor goes back to 0. Audited with counts only. None when
    the id is the stored one (a read, every cycle).
    """
    with store.read() as s:
        state = s.get(SyncState, 1)
        if state is not None and state.station_id == station_id:
            return None
    with store.write() as s:
        state = sync_state(s)
        earlier_id, state.station_id = state.station_id, station_id
        if earlier_id is None or earlier_id == station_id:
            return None
        _unnumber_purged(s, OutboxEntry.wire_seq.is_not(None))
        acked = s.scalars(
            select(OutboxEntry).where(OutboxEntry.acked_at.is_not(None), RESENDABLE).order_by(OutboxEntry.seq)
        ).all()
        never = s.scalars(
            select(OutboxEntry).where(OutboxEntry.acked_at.is_(None), LIVE).order_by(OutboxEntry.seq)
        ).all()
        earlier, todo = len(acked), [*acked, *never]
        for r in acked:  # sent again under the new id; the verdicts stay until the new answers
            r.acked_at = None
        _renumber(s, todo, after=0)
        state.cursor = "0"
        if actor is not None:
            audit(
                s,
                actor=actor,
                action_name="synchronisation.nouvel_enrolement",
                now=now,
                detail=f"acquittees_avant={earlier} a_envoyer={len(todo)}",
            )
        return Rebound(earlier=earlier, pending=len(todo))


def _stored_cursor(state: SyncState | None) -> int:
    return int(state.cursor) if state is not None and state.cursor and state.cursor.isdigit() else 0


def _said(value: int | None) -> str:
    return "-" if value is None else str(value)

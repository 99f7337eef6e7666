"""The service layer's first rule: the record, its audit event and its outbox entry go in one transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import AuditEvent, OutboxEntry, SequenceCounter
from desktop.models.db import Store
from desktop.models.ids import uuid7


@dataclass(frozen=True)
class Actor:
    """Who acts, where: every service call names it, every audit event records it."""

    station_code: str
    agent_id: str | None


@contextmanager
def action(store: Store) -> Iterator[Session]:
    """One agent action: a session in one IMMEDIATE transaction, committed on exit or rolled back whole."""
    with store.write() as session:
        yield session


def audit(
    session: Session,
    *,
    actor: Actor,
    action_name: str,
    now: datetime,
    record_kind: str | None = None,
    record_id: str | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Append an audit event (pseudonymous: ids and rule codes only), sealed into the HMAC chain (spec/security.md)."""
    from desktop.security.chain import ChainRow, row_mac

    last_seq, previous = _chain_end(session)
    event = AuditEvent(
        seq=last_seq + 1,
        at=now,
        station_code=actor.station_code,
        agent_id=actor.agent_id,
        action=action_name,
        record_kind=record_kind,
        record_id=record_id,
        detail=detail,
    )
    key = session.info.get("audit_key")
    if key is not None:
        event.mac = row_mac(
            key,
            previous,
            ChainRow(
                seq=event.seq,
                at=now,
                station_code=actor.station_code,
                agent_id=actor.agent_id,
                action=action_name,
                record_kind=record_kind,
                record_id=record_id,
                detail=detail,
            ),
        )
    session.add(event)
    session.flush([event])
    return event


def _chain_end(session: Session) -> tuple[int, bytes]:
    """The chain's last seq and MAC, inside the caller's write transaction."""
    from desktop.models.security import AuditCheckpoint
    from desktop.security.chain import GENESIS

    # Writers are serialised by BEGIN IMMEDIATE, so the last row read here is still the last row at commit.
    last = session.execute(select(AuditEvent.seq, AuditEvent.mac).order_by(AuditEvent.seq.desc()).limit(1)).first()
    if last is None:
        # Retention may have purged every row: the chain goes on from its checkpoint, never from seq 1 again.
        checkpoint = session.get(AuditCheckpoint, 1)
        return (checkpoint.seq, checkpoint.mac) if checkpoint else (0, GENESIS)
    return last.seq, last.mac or GENESIS


# actor, action name, time, record kind, record id, detail: what `audit` takes, for several events at once
Audited = tuple[Actor, str, datetime, str | None, str | None, str | None]


def audit_group(session: Session, events: Sequence[Audited]) -> None:
    """Append several events in order, sealed like `audit`'s, with one read of the chain's end and one insert."""
    from desktop.security.chain import ChainRow, row_mac

    if not events:
        return
    last_seq, previous = _chain_end(session)
    key = session.info.get("audit_key")
    rows = []
    for offset, (actor, name, at, kind, record_id, detail) in enumerate(events, start=1):
        row = ChainRow(seq=last_seq + offset, at=at, station_code=actor.station_code, agent_id=actor.agent_id,
                       action=name, record_kind=kind, record_id=record_id, detail=detail)  # fmt: skip
        mac = None if key is None else row_mac(key, previous, row)
        previous = mac or previous
        values = {"seq": row.seq, "at": at, "station_code": row.station_code, "agent_id": row.agent_id}
        rows.append({**values, "action": name, "record_kind": kind, "record_id": record_id, "detail": detail,
                     "mac": mac})  # fmt: skip
    session.execute(insert(AuditEvent), rows)


class NotQueued(ValueError):
    """The act's outbox body would not pass the wire format: the act is refused whole (nothing is written).

    `message` is French for the agent and never quotes the input (the wire's own messages never do).
    """

    def __init__(self, detail: str) -> None:
        self.message = _(
            "Enregistrement refusé : le répertoire central refuserait cette saisie ({detail}). "
            "Corrigez-la ; rien n'a été enregistré."
        ).format(detail=detail)
        super().__init__(self.message)


@contextmanager
def wire_checked(where: str = "corps") -> Iterator[None]:
    """Turn a wire validation failure while building an outbox body into `NotQueued`."""
    from pydantic import ValidationError

    from desktop.sync.wire import WireError, describe

    try:
        yield
    except ValidationError as exc:
        raise NotQueued(describe(exc.errors(include_input=False), where)) from None
    except WireError as exc:
        raise NotQueued(str(exc).removeprefix("outbox").lstrip("[0123456789].")) from None


def enqueue(session: Session, *, kind: str, record_id: str, body: dict[str, Any], now: datetime) -> OutboxEntry:
    """Append an outbox entry with the next gap-free seq (writers are serialised by BEGIN IMMEDIATE).

    The entry is read back with the sync worker's own strict parser first: a body the central store would refuse
    raises `NotQueued`, and the caller's transaction (the act itself) is rolled back with it.
    """
    from desktop.sync.entries import entry_of

    try:
        text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
        text.encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError, RecursionError):
        raise NotQueued(_("caractère illisible ou valeur impossible")) from None
    seq = (session.scalar(select(func.max(OutboxEntry.seq))) or 0) + 1
    entry = OutboxEntry(seq=seq, id=uuid7(), kind=kind, record_id=record_id, body=text, created_at=now, attempts=0)
    with wire_checked():
        entry_of(entry)
    session.add(entry)
    session.flush([entry])
    return entry


def next_number(session: Session, name: str) -> int:
    """The next value of a named counter (receipt numbers), inside the caller's transaction."""
    counter = session.get(SequenceCounter, name)
    if counter is None:
        counter = SequenceCounter(name=name, value=0)
        session.add(counter)
    counter.value += 1
    session.flush([counter])
    return counter.value

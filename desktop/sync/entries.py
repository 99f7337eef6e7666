"""An outbox row as the wire entry it stands for: shared by the outbox (sending) and the journal (checking before
queueing), in a module of its own so the journal does not depend on the sync machinery."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from desktop.sync.wire import Entry, iso, loads


class OutboxRow(Protocol):
    """What `entry_of` reads of an outbox row: an `OutboxEntry`, or a row of just these columns."""

    @property
    def seq(self) -> int: ...
    @property
    def wire_seq(self) -> int | None: ...
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


def entry_of(row: OutboxRow) -> Entry:
    """Rebuild the wire entry of an outbox row (the same bytes on every resend); its seq is the wire seq."""
    raw = loads(row.body)
    seq = row.wire_seq if row.wire_seq is not None else row.seq
    if isinstance(raw, dict) and set(raw) == {"body", "established_at", "clock"}:
        return Entry.from_dict({"seq": seq, "id": row.id, "kind": row.kind, **raw}, f"outbox[{row.seq}]")
    created = iso(row.created_at)
    return Entry.from_dict(
        {
            "seq": seq,
            "id": row.id,
            "kind": row.kind,
            "body": raw,
            "established_at": created,
            "clock": {"wall": created, "basis": "wall"},
        },
        f"outbox[{row.seq}]",
    )

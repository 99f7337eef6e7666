"""An outbox row as the wire entry it stands for: shared by the outbox (sending) and the journal (checking before
queueing), in a module of its own so the journal does not depend on the sync machinery."""

from __future__ import annotations

from desktop.models import OutboxEntry
from desktop.sync.wire import Entry, iso, loads


def entry_of(row: OutboxEntry) -> Entry:
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

"""A resend after retention (desktop/sync/recovery.py): an acknowledged entry whose record the counter purged keeps
only « {"purge": true} ». A sequence recovery (the central store restored) or a new enrolment (`rebind`) sent it
again: unreadable, it was set aside and the Synchronisation screen showed a refusal for every purged act, and a
recovery left its number counted as acknowledged. Now it is not sent again and keeps no wire seq; the others are
numbered without a gap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from desktop.models import OutboxEntry, SyncState
from desktop.models.db import Store
from desktop.sync.kinds import PURGED_BODY
from desktop.sync.recovery import Rebound, _top_acknowledged, rebind, recover

NOW = datetime(2028, 6, 1, 9, 0, tzinfo=UTC)


def _outbox(store: Store) -> None:
    """Five entries acknowledged under « poste-1 » (the 1st and 4th purged since), a sixth never acknowledged."""
    with store.write() as s:
        for seq in range(1, 7):
            acked = seq < 6
            s.add(
                OutboxEntry(
                    seq=seq,
                    id=f"e{seq}",
                    kind="procuration.etablie",
                    record_id=f"r{seq}",
                    body=PURGED_BODY if seq in (1, 4) else "{}",
                    created_at=NOW - timedelta(days=400),
                    acked_at=NOW - timedelta(days=399) if acked else None,
                    wire_seq=seq if acked else None,
                    attempts=1,
                )
            )
        s.add(SyncState(id=1, cursor="9", station_id="poste-1"))


def _wire(store: Store) -> dict[int, tuple[int | None, bool]]:
    with store.read() as s:
        return {r.seq: (r.wire_seq, r.acked_at is not None) for r in s.scalars(select(OutboxEntry))}


def test_a_new_enrolment_does_not_send_purged_entries_again(store: Store) -> None:
    _outbox(store)
    assert rebind(store, "poste-2", now=NOW) == Rebound(earlier=3, pending=4)
    assert _wire(store) == {
        1: (None, True),
        2: (1, False),
        3: (2, False),
        4: (None, True),
        5: (3, False),
        6: (4, False),
    }
    with store.read() as s:
        assert _top_acknowledged(s) == 0  # nothing counts as the new id's yet


def test_a_sequence_recovery_does_not_send_purged_entries_again(store: Store) -> None:
    _outbox(store)
    done = recover(store, last_seq=2, now=NOW)  # the central store restored: it holds seqs 1 and 2 only
    assert done.resent == 2  # 3 and 5; 4 is purged
    assert _wire(store) == {1: (1, True), 2: (2, True), 3: (3, False), 4: (None, True), 5: (4, False), 6: (5, False)}
    with store.read() as s:
        assert _top_acknowledged(s) == 2  # what the restored store holds: it is not judged behind again

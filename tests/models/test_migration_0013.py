"""Migration 0013: the sync state names the station id its acknowledgements and cursor belong to.

A store from before has none: the station id of its next sync is taken as the one that acknowledged what it holds
(nothing resent, nothing renumbered, the cursor kept); another id after that is a new enrolment
(desktop/sync/recovery.py `rebind`: everything sent once more under it).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import select, text

from desktop.models import OutboxEntry, SyncState
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.models.migrate import _config, current_revision, head_revision, upgrade
from desktop.sync.recovery import Rebound, rebind


def test_a_store_of_0012_adopts_its_first_station_id_then_rebinds_to_another(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db", StaticKeyProvider(b"\x07" * 32), migrate=False)
    upgrade(store.engine, "0012")
    with store.engine.begin() as conn:
        for seq, acked in ((1, "'2026-12-01 09:30:00.000000'"), (2, "'2026-12-01 09:31:00.000000'"), (3, "NULL")):
            conn.execute(
                text(
                    "INSERT INTO outbox (seq, id, kind, record_id, body, created_at, attempts, acked_at, wire_seq)"
                    f" VALUES (:seq, :id, 'procuration.etablie', :rid, '{{}}', '2026-12-01 09:00:00.000000', 0,"
                    f" {acked}, :wire)"
                ),
                {"seq": seq, "id": f"e{seq}", "rid": f"r{seq}", "wire": seq if acked != "NULL" else None},
            )
        conn.execute(text("INSERT INTO sync_state (id, cursor) VALUES (1, '17')"))
    upgrade(store.engine, "head")
    assert current_revision(store.engine) == head_revision()
    now = datetime.now(UTC)

    def seen() -> tuple[list[int | None], str | None, str | None]:
        with store.read() as s:
            state = s.get(SyncState, 1)
            assert state is not None
            wire = list(s.scalars(select(OutboxEntry.wire_seq).order_by(OutboxEntry.seq)))
            return wire, state.cursor, state.station_id

    assert seen() == ([1, 2, None], "17", None)
    assert rebind(store, "poste-1", now=now) is None  # adopted: what the store holds is this id's
    assert seen() == ([1, 2, None], "17", "poste-1")
    assert rebind(store, "poste-1", now=now) is None
    assert rebind(store, "poste-2", now=now) == Rebound(earlier=2, pending=3)  # enrolled again
    assert seen() == ([1, 2, 3], "0", "poste-2")  # all sent once more under the new id, in their order
    with store.read() as s:
        assert all(r.acked_at is None for r in s.scalars(select(OutboxEntry)))
    command.downgrade(_config(store.engine), "0012")
    assert current_revision(store.engine) == "0012"
    store.close()

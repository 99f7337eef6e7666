"""Migration 0011: résiliations recorded before it keep their rows, with no authority (the receipt falls back)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from desktop.models import Revocation
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.models.migrate import _config, current_revision, upgrade


def test_a_revocation_of_0010_upgrades_with_no_authority(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db", StaticKeyProvider(b"\x07" * 32), migrate=False)
    upgrade(store.engine, "0010")
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO electors (id, last_name, given_names, birth_date, eu_citizen, search_name, created_at) "
                "VALUES ('e1', 'MARTIN', 'Claire', '1990-01-15', 0, 'MARTIN CLAIRE', '2026-12-01 09:30:00.000000')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO revocations (id, receipt_number, mandant_id, channel, station_code, agent_id, "
                "established_at, status) VALUES ('r1', 'GCH-1', 'e1', 'cerfa_12668', '75056-01', 'agent-1', "
                "'2026-12-01 09:30:00.000000', 'provisoire')"
            )
        )
    upgrade(store.engine, "0011")
    assert current_revision(store.engine) == "0011"
    with store.session() as s:
        rev = s.get(Revocation, "r1")
        assert rev is not None and rev.agent_id == "agent-1"
        assert (rev.authority_name, rev.authority_capacity) == (None, None)
    command.downgrade(_config(store.engine), "0010")  # and back down
    with store.engine.connect() as conn:
        columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(revocations)")}
    assert "authority_name" not in columns and "agent_id" in columns
    store.close()

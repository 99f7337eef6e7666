"""The embedded central store's SQLite file on a disk that fills while a station pushes (a real tmpfs,
tests/diskkit.py). Checked, not a finding: the station gets a 503 it retries, nothing is acknowledged that the central
store did not keep, and once space is freed everything is acknowledged and stored once."""

from __future__ import annotations

import pytest
from centralkit import procuration_body
from diskkit import SmallDisk
from sqlalchemy import text
from synckit import establish
from test_central_l73 import MANDANTS, MANDATAIRES

from central.embedded import start_embedded
from desktop.models import OutboxEntry
from desktop.models.db import Store
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.worker import SyncWorker

pytestmark = pytest.mark.slow  # a server on a socket


def _acked(store: Store) -> int:
    with store.read() as s:
        return sum(1 for r in s.query(OutboxEntry) if r.acked_at is not None)


def test_a_push_to_a_full_central_store_is_retried_and_nothing_acknowledged_is_lost(
    store: Store, small_disk: SmallDisk
) -> None:
    central = start_embedded(small_disk.path / "central.sqlite3", demo_data=False)
    try:
        creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label="guichet")
        worker = SyncWorker(store, CentralClient(central.base_url, creds, timeout=10), StationClock())
        for i in range(3):
            establish(store, worker.clock, procuration_body(MANDANTS[i], MANDATAIRES[i % 3], rounds="T1"))
        assert worker.run_once(), worker.status().last_error
        for i in range(3, 30):
            establish(store, worker.clock, procuration_body(MANDANTS[i % len(MANDANTS)], MANDATAIRES[i % 3]))
        small_disk.fill()
        assert not worker.run_once()
        assert "503" in (worker.status().last_error or "")  # « Guichet réessaiera »
        assert _acked(store) == 3
        small_disk.free()
        assert worker.run_once(), worker.status().last_error
        assert _acked(store) == 30
        with central.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM procurations")).scalar_one() == 30
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    finally:
        central.stop()

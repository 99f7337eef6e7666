"""SIGKILL a writer at random moments: nothing acknowledged is lost, nothing is half-written."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.models import AuditEvent, OutboxEntry, Procuration
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider

CHILD = Path(__file__).with_name("writer_child.py")
KILLS = 32


@pytest.mark.slow
def test_sigkill_loses_no_acknowledged_commit(tmp_path: Path, store_key: bytes) -> None:
    db = tmp_path / "kill.db"
    rng = random.Random(20261124)
    acknowledged: list[str] = []
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for _ in range(KILLS):
        out = tmp_path / "ids.txt"
        with out.open("wb") as sink:
            proc = subprocess.Popen([sys.executable, str(CHILD), str(db), store_key.hex()], stdout=sink, env=env)
            deadline = time.monotonic() + 60
            while not out.read_bytes().startswith(b"ready\n") and time.monotonic() < deadline:
                time.sleep(0.01)  # imports take seconds on a loaded machine: the countdown starts after them
            # Kill at a random moment: while opening the store, migrating, or in the middle of the write loop.
            time.sleep(rng.uniform(0.05, 1.2))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        lines = out.read_bytes().split(b"\n")
        # The last line may be torn by the kill: only complete lines were acknowledged.
        acknowledged += [line.decode() for line in lines[:-1] if line and line != b"ready"]
    assert len(acknowledged) > KILLS  # the writer did get work done between kills

    store = open_store(db, StaticKeyProvider(store_key))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    with store.session() as s:
        stored = set(s.scalars(select(Procuration.id)))
        assert set(acknowledged) <= stored
        audited = set(s.scalars(select(AuditEvent.record_id)))
        queued = set(s.scalars(select(OutboxEntry.record_id)))
        assert stored == audited == queued  # no record without its audit event and outbox entry
        n_out, max_out = s.execute(select(func.count(OutboxEntry.seq), func.max(OutboxEntry.seq))).one()
        n_aud, max_aud = s.execute(select(func.count(AuditEvent.seq), func.max(AuditEvent.seq))).one()
        assert n_out == max_out == len(stored)  # outbox seq is gap-free
        assert n_aud == max_aud == len(stored)
    store.close()
    print(f"kills={KILLS} acknowledged={len(acknowledged)} stored={len(stored)}")

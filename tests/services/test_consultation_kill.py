"""SIGKILL a process in the middle of look-ups: every result it returned has its consultation event.

The consultation's audit event is committed without an fsync (desktop/services/consultations.py): a crash of the
process must still lose none of them (the WAL is in the operating system's hands), and the chain stays whole.
"""

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

from desktop.models import AuditEvent
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.services.audit_log import verify

CHILD = Path(__file__).with_name("consultation_child.py")
KILLS = 8


@pytest.mark.slow
def test_sigkill_loses_no_returned_consultation(tmp_path: Path, store_key: bytes) -> None:
    db = tmp_path / "kill.db"
    rng = random.Random(20261130)
    returned = 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for _ in range(KILLS):
        out = tmp_path / "done.txt"
        with out.open("wb") as sink:
            proc = subprocess.Popen([sys.executable, str(CHILD), str(db), store_key.hex()], stdout=sink, env=env)
            deadline = time.monotonic() + 60
            while not out.read_bytes().startswith(b"ready\n") and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.3, 1.5))  # opening the store, or in the middle of the look-ups
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        lines = out.read_bytes().split(b"\n")
        # The last line may be torn by the kill: only complete lines were returned.
        returned += sum(1 for line in lines[:-1] if line and line != b"ready")
    assert returned > KILLS  # look-ups did return between kills

    store = open_store(db, StaticKeyProvider(store_key))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    with store.read() as s:
        count, last = s.execute(
            select(func.count(AuditEvent.seq), func.max(AuditEvent.seq)).where(AuditEvent.action == "consultation")
        ).one()
    # At most one more per kill: committed, then killed before its line was written.
    assert returned <= count <= returned + KILLS
    assert count == last  # no gap in the chain's sequence
    assert verify(store).ok
    store.close()

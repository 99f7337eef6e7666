"""SIGKILL a process in the middle of look-ups: every result it returned has its consultation event, once.

The consultation's audit event is journaled (one write) and moved into the chain by a writer thread, or, on the
direct path, committed without an fsync (desktop/services/consultations.py): a crash of the process must lose none
of them (the journal line, the WAL, are in the operating system's hands), the next opening must move each journaled
one exactly once, in order, and the chain stays whole. Kills land while opening (the replay of the previous kill's
journal), between look-ups and during the writer's group commits.
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
from sqlalchemy import select

from desktop.models import AuditEvent
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.services.audit_log import verify
from desktop.services.consultation_writer import journal_path, settle

CHILD = Path(__file__).with_name("consultation_child.py")
KILLS = 8


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["journal", "direct"])
def test_sigkill_loses_no_returned_consultation(tmp_path: Path, store_key: bytes, mode: str) -> None:
    db = tmp_path / "kill.db"
    rng = random.Random(20261130)
    returned = 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for _ in range(KILLS):
        out = tmp_path / "done.txt"
        with out.open("wb") as sink:
            proc = subprocess.Popen([sys.executable, str(CHILD), str(db), store_key.hex(), mode], stdout=sink, env=env)
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
    left = journal_path(store).stat().st_size if journal_path(store).exists() else 0
    assert settle(store)  # what the last process journaled and did not move
    with store.read() as s:
        rows = s.execute(select(AuditEvent.seq, AuditEvent.at).where(AuditEvent.action == "consultation")).all()
    count = len(rows)
    print(f"\n{mode}: {KILLS} kills, {returned} look-ups returned, {count} consultations in the chain, "
          f"{left} bytes left in the journal at the last kill")  # fmt: skip
    # At most one more per kill: recorded, then killed before its line was written.
    assert returned <= count <= returned + KILLS
    assert count == max(seq for seq, _at in rows)  # no gap in the chain's sequence
    times = [at for _seq, at in sorted(rows)]
    assert times == sorted(set(times))  # each look-up once (its own time), in the order they were made
    assert verify(store).ok
    store.close()

"""The slot file's lock holds across threads and across processes (two OS users' sessions on one station)."""

from __future__ import annotations

import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from desktop.keystore.files import StationFileStore
from desktop.security.device import DeviceSecret
from desktop.security.filelock import FileLock
from desktop.security.kdf import FLOOR_PARAMS
from desktop.security.keyslots import KeySlots

STATION = "75056-01"


def test_a_second_thread_waits_for_the_lock(tmp_path: Path) -> None:
    lock = FileLock(tmp_path / "station" / "x.lock")
    order: list[str] = []
    with lock:
        worker = threading.Thread(
            target=lambda: (lock.__enter__(), order.append("worker"), lock.__exit__(None, None, None))
        )
        worker.start()
        time.sleep(0.2)
        order.append("holder")
    worker.join(5)
    assert order == ["holder", "worker"]
    assert stat.S_IMODE((tmp_path / "station" / "x.lock").stat().st_mode) == 0o600  # not a shared folder


@pytest.mark.slow
def test_another_process_waits_before_changing_the_slot_file(tmp_path: Path) -> None:
    slots = KeySlots.beside(
        tmp_path / "guichet.db",
        DeviceSecret(StationFileStore(tmp_path / "keys")),
        station_code=STATION,
        params=FLOOR_PARAMS,
    )
    key = slots.initialise()
    child = textwrap.dedent(
        f"""
        from datetime import UTC, datetime
        from pathlib import Path
        from desktop.keystore.files import StationFileStore
        from desktop.security.device import DeviceSecret
        from desktop.security.kdf import FLOOR_PARAMS
        from desktop.security.keyslots import KeySlots
        base = Path({str(tmp_path)!r})
        slots = KeySlots.beside(base / "guichet.db", DeviceSecret(StationFileStore(base / "keys")),
                                station_code={STATION!r}, params=FLOOR_PARAMS)
        slots.add(agent_id="b", login="bruno", password="x" * 12, database_key=bytes.fromhex({key.hex()!r}),
                  now=datetime.now(UTC))
        """
    )
    with FileLock(slots.path.with_name(slots.path.name + ".lock")):
        process = subprocess.Popen([sys.executable, "-c", child])
        time.sleep(3)  # the child's Argon2id and start-up are long done: it is waiting on the lock
        assert process.poll() is None and "b" not in slots.document().slots
    assert process.wait(30) == 0
    assert "b" in slots.document().slots

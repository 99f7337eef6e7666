"""Unlock time at login: Argon2id (m=64 MiB, t=3, p=4) + HKDF + AES-GCM unwrap, and the store opening; medians."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from desktop.keystore.files import StationFileStore
from desktop.models.db import open_store
from desktop.security.device import DeviceSecret
from desktop.security.kdf import DEFAULT_PARAMS
from desktop.security.keyslots import KeySlots, SlotKeyProvider

PASSWORD = "girafe violette marche lentement"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "guichet.db"
        device = DeviceSecret(StationFileStore(Path(tmp) / "keys"))
        slots = KeySlots.beside(db, device, station_code="BENCH-01", params=DEFAULT_PARAMS)
        key = slots.initialise()
        slots.add(agent_id="a", login="agent", password=PASSWORD, database_key=key, now=now)
        open_store(db, SlotKeyProvider(slots.unlock(login="agent", password=PASSWORD, now=now))).close()
        unwrap, total = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            unlocked = slots.unlock(login="agent", password=PASSWORD, now=now)
            middle = time.perf_counter()
            open_store(db, SlotKeyProvider(unlocked)).close()
            end = time.perf_counter()
            unwrap.append(middle - start)
            total.append(end - start)
    p = DEFAULT_PARAMS
    print(f"Argon2id m={p.memory_kib // 1024} MiB t={p.time_cost} p={p.parallelism}, {args.runs} runs")
    print(
        f"unlock (Argon2id + unwrap): median {statistics.median(unwrap) * 1000:.0f} ms, max {max(unwrap) * 1000:.0f} ms"
    )
    print(f"unlock + open store:        median {statistics.median(total) * 1000:.0f} ms (goal: under 1000 ms)")


if __name__ == "__main__":
    main()

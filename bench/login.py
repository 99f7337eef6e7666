"""Unlock time at login: Argon2id (m=64 MiB, t=3, p=4) + HKDF + AES-GCM unwrap, and the store opening; medians."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend

from desktop.models.db import open_store
from desktop.security.device import DeviceSecret
from desktop.security.kdf import DEFAULT_PARAMS
from desktop.security.keyslots import KeySlots, SlotKeyProvider

PASSWORD = "girafe violette marche lentement"


class _MemoryKeyring(KeyringBackend):
    """The benchmark never touches the real OS keystore."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    keyring.set_keyring(_MemoryKeyring())
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "guichet.db"
        device = DeviceSecret("BENCH-01", Path(tmp) / "device.secret", use_keystore=True)
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

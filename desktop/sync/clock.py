"""Station clock correction: server time at the last sync plus monotonic seconds elapsed (spec/sync.md).

The wall clock of a counter laptop may be days off; it is never used for ordering when a server reference
exists. After a reboot the monotonic clock restarts, so the reference is dropped and the wall clock is used
(the entry says so, and the central store clamps and flags it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.sync.wire import Clock

BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")


def read_boot_id() -> str | None:
    """The kernel's boot id where there is one (Linux); None elsewhere."""
    try:
        return BOOT_ID_FILE.read_text(encoding="ascii").strip()[:64] or None
    except OSError:
        return None


def system_wall() -> datetime:
    """The machine's wall clock, UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Reference:
    """A server time and the monotonic reading taken when it arrived (persisted in SyncState)."""

    server_time: datetime
    monotonic: float
    boot_id: str | None


@dataclass(frozen=True, slots=True)
class Stamp:
    """The time given to an entry: the corrected instant and the wire clock facts that go with it."""

    at: datetime
    clock: Clock


class StationClock:
    """Gives corrected times; thread-safe. Clocks are injectable so tests can run a station days off."""

    def __init__(
        self,
        *,
        wall: Callable[[], datetime] = system_wall,
        monotonic: Callable[[], float] = time.monotonic,
        boot_id: str | None = None,
        reference: Reference | None = None,
    ) -> None:
        self._wall = wall
        self._monotonic = monotonic
        self._boot_id = boot_id if boot_id is not None else read_boot_id()
        self._lock = threading.Lock()
        self._reference = reference

    @property
    def reference(self) -> Reference | None:
        """The current server reference, if usable."""
        with self._lock:
            return self._reference

    def mark(self) -> float:
        """The monotonic reading to take just before a request, to pass to `observe` as `sent`."""
        return self._monotonic()

    def observe(self, server_time: datetime, *, sent: float | None = None) -> Reference:
        """Record a server time just received (call it with the answer of every successful request).

        The server read its clock somewhere between sending and receiving: with `sent` (from `mark`), the reference
        is the middle of the round trip, so its error is at most half the round trip instead of all of it.
        """
        received = self._monotonic()
        at = received if sent is None or sent > received else (sent + received) / 2
        ref = Reference(server_time=server_time, monotonic=at, boot_id=self._boot_id)
        with self._lock:
            self._reference = ref
        return ref

    def restore(self, reference: Reference | None) -> None:
        """Reload a persisted reference at start-up."""
        with self._lock:
            self._reference = reference

    def _usable(self, ref: Reference | None, mono: float) -> bool:
        if ref is None or mono < ref.monotonic:
            return False  # the monotonic clock went back: the machine rebooted
        return ref.boot_id is None or self._boot_id is None or ref.boot_id == self._boot_id

    def _corrected(self) -> tuple[datetime, datetime, Reference | None, bool]:
        """(the corrected instant, the wall clock's, the reference, whether the reference corrected it)."""
        wall = self._wall()
        mono = self._monotonic()
        with self._lock:
            ref = self._reference
        if ref is not None and self._usable(ref, mono):
            return ref.server_time + timedelta(seconds=mono - ref.monotonic), wall, ref, True
        return wall, wall, ref, False

    def stamp(self) -> Stamp:
        """The corrected time now, with what the central store needs to judge it."""
        from desktop.sync.wire import Clock  # the wire's models: imported after the store is ready (views/loading.py)

        at, wall, ref, corrected = self._corrected()
        last = ref.server_time if ref is not None else None
        if corrected:
            return Stamp(at, Clock(wall=wall, basis="server", last_sync=last, boot_id=self._boot_id))
        return Stamp(at, Clock(wall=wall, basis="wall", last_sync=last, boot_id=self._boot_id))

    def now(self) -> datetime:
        """The corrected time now (what services should use for established_at), as `stamp` gives it.

        Without the wire's clock facts: every service's `ctx.clock()` (each look-up, each act) built and validated
        that model for nothing, 8 µs where reading the clocks takes 1."""
        return self._corrected()[0]

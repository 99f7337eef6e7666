"""Station clock correction: server time at the last sync plus monotonic seconds elapsed (spec/sync.md).

The wall clock of a counter laptop may be days off; it is never used for ordering when a server reference
exists. After a reboot the monotonic clock restarts, so the reference is dropped and the wall clock is used
(the entry says so, and the central store clamps and flags it).

The server's time is not taken blindly either (docs/SYNC.md, "Which clock to believe"): one answer is a reference
when it is within a day of what the station believes (its reference, else its wall clock) and does not go back;
further, or back, only once several answers in a row agree; never before EARLIEST nor more than MAX_SKEW from a
wall clock that is not itself impossible.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from desktop.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from desktop.sync.wire import Clock

BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")


# Which server time to believe (docs/SYNC.md). A day covers a station's time-zone mistake (left on Paris time
# anywhere in the world: at most 13 hours off) or summer-time one, and any honest server's drift: one answer suffices.
TRUSTED_SKEW = timedelta(hours=24)
# Further (a station's clock days off, the spec's case), or back, the answer is a reference only when this many in
# a row agree, each within AGREEMENT of the same offset from the monotonic clock: a single garbled, replayed or
# forged answer never is.
CONFIRMATIONS = 3
AGREEMENT = timedelta(seconds=10)
BACKWARD_SLACK = timedelta(seconds=5)  # server processes' clocks and round trips: a little back is not going back
# Never a reference, however many agree: a time before any central store of this protocol answered, or further
# than MAX_SKEW from a wall clock that is not itself impossible (before EARLIEST: a dead clock battery).
EARLIEST = datetime(2026, 1, 1, tzinfo=UTC)
MAX_SKEW = timedelta(days=30)

_FAR = N_(
    "L'heure donnée par le répertoire central s'écarte de {gap} de l'horloge de ce poste : elle n'est pas "
    "retenue. Vérifiez la date et l'heure de ce poste ; si elles sont justes, contactez le support."
)
_FAR_UNCONFIRMED = N_(
    "L'heure donnée par le répertoire central s'écarte de {gap} de celle de ce poste : elle ne sera retenue que si "
    "les prochains échanges la confirment. Vérifiez la date et l'heure de ce poste."
)
_BACK = N_(
    "L'heure donnée par le répertoire central revient de {gap} en arrière sur la précédente : elle ne sera retenue "
    "que si les prochains échanges la confirment. Si cela dure, contactez le support."
)


class TimeRefused(ValueError):
    """A server time not taken as the clock reference (the previous one is kept); `message` is French, for the agent.

    `kind`: "impossible" (never taken), "far" or "back" (taken once CONFIRMATIONS answers in a row agree).
    The text (for logs) holds times and durations only.
    """

    def __init__(self, kind: Literal["impossible", "far", "back"], server_time: datetime, gap: timedelta) -> None:
        super().__init__(f"{kind}: server time {server_time.isoformat()}, {gap.total_seconds():+.0f} s")
        self.kind, self.gap = kind, gap
        template = {"impossible": _FAR, "far": _FAR_UNCONFIRMED, "back": _BACK}[kind]
        self.message = _(template).format(gap=duration_text(abs(gap)))


def duration_text(gap: timedelta) -> str:
    """A gap in words, rounded down: « 3 jours », « 5 h », « 12 min », « 40 s »."""
    seconds = int(gap.total_seconds())
    if seconds >= 2 * 86400:
        days = seconds // 86400
        return ngettext("{n} jour", "{n} jours", days).format(n=days)
    if seconds >= 3600:
        return _("{n} h").format(n=seconds // 3600)
    if seconds >= 60:
        return _("{n} min").format(n=seconds // 60)
    return _("{n} s").format(n=seconds)


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
        self._doubtful: list[Reference] = []  # answers in a row not yet taken, waiting for CONFIRMATIONS

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
        Raises TimeRefused, the previous reference kept, for a time the station cannot believe (module docstring).
        """
        received = self._monotonic()
        at = received if sent is None or sent > received else (sent + received) / 2
        ref = Reference(server_time=server_time, monotonic=at, boot_id=self._boot_id)
        wall = self._wall()
        with self._lock:
            try:
                self._judge(ref, wall)
            except TimeRefused as refused:
                if refused.kind == "impossible":
                    self._doubtful.clear()
                elif self._confirmed(ref):
                    self._reference, self._doubtful = ref, []
                    return ref
                raise
            self._reference, self._doubtful = ref, []
        return ref

    def _judge(self, ref: Reference, wall: datetime) -> None:
        """Raise TimeRefused unless `ref` can be believed from this one answer (called under the lock)."""
        server_time = ref.server_time
        if server_time < EARLIEST:
            raise TimeRefused("impossible", server_time, server_time - wall)
        if wall >= EARLIEST and abs(server_time - wall) > MAX_SKEW:
            raise TimeRefused("impossible", server_time, server_time - wall)
        last = self._reference
        if last is not None and server_time < last.server_time - BACKWARD_SLACK:
            raise TimeRefused("back", server_time, server_time - last.server_time)
        # What the station believes now: its reference run on by the monotonic clock, else its wall clock.
        believed = wall
        if last is not None and self._usable(last, ref.monotonic):
            believed = last.server_time + timedelta(seconds=ref.monotonic - last.monotonic)
        if abs(server_time - believed) > TRUSTED_SKEW:
            raise TimeRefused("far", server_time, server_time - believed)

    def _confirmed(self, ref: Reference) -> bool:
        """Keep `ref` as doubtful; True once CONFIRMATIONS answers in a row agree on the offset (under the lock)."""

        def offset(r: Reference) -> datetime:
            return r.server_time - timedelta(seconds=r.monotonic)

        if self._doubtful and abs(offset(ref) - offset(self._doubtful[0])) > AGREEMENT:
            self._doubtful = []  # another story: start counting again
        self._doubtful.append(ref)
        return len(self._doubtful) >= CONFIRMATIONS

    def restore(self, reference: Reference | None) -> None:
        """Reload a persisted reference at start-up."""
        with self._lock:
            self._reference, self._doubtful = reference, []

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

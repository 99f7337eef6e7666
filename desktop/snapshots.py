"""The status bar's snapshot and the feed that keeps it: workers push facts, the GUI renders the last snapshot.

The sync worker (after each cycle and on every state change) and the device monitor (after each poll) call the
feed on their own threads; the feed folds what they say into a new frozen `StatusSnapshot` and hands it to its
listeners, still on that thread (a Qt view hops to the GUI thread with a queued signal). The GUI never asks the
store, the network or a device for the status bar. No SQLAlchemy here: the window imports this before the store.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from desktop.devices.monitor import DeviceSnapshot
    from desktop.status import OutboxStatus
    from desktop.sync.status import SyncStatus

log = logging.getLogger(__name__)


class StatusSnapshot(NamedTuple):
    """What the status bar shows; `version` grows with each snapshot so a late one never overwrites a newer one.

    Immutable, as a worker's thread hands it to the GUI's. A NamedTuple, not a frozen dataclass: the window's first
    frame shows one, and a dataclass of 12 fields costs ~0.8 ms to make (it compiles its generated methods)."""

    online: bool | None  # None: no central store configured
    pending: int | None  # None: the store is still opening
    reader: str
    reader_ok: bool
    printer: str
    printer_ok: bool
    version: int = 0
    offline_too_long: bool = False  # no successful sync for longer than offline_warning_hours
    last_success: datetime | None = None  # the last exchange with the central store that succeeded
    last_failed: bool = False  # the latest exchange failed (whatever the worker's own reading of « online »)
    connecting: bool = False  # a central store is configured and nothing has said yet whether it answers
    devices_checked: bool = True  # False until the device monitor's first poll: `reader`/`printer` say nothing yet
    slow: bool = False  # an exchange with the central store has gone SLOW_AFTER seconds without news (it hangs)
    unavailable: bool = False  # the latest exchange reached the central store, which could not serve (a 5xx)


def opening(*, configured: bool) -> StatusSnapshot:
    """The snapshot while the store opens: nothing claimed about the central store or the devices yet."""
    return StatusSnapshot(
        online=None if not configured else False,
        pending=None,
        reader="…",
        reader_ok=False,
        printer="…",
        printer_ok=False,
        connecting=configured,
        devices_checked=False,
    )


# An exchange with the central store that brings no news for this long is said slow on the status bar: a central
# store that accepts the connection and never answers kept « En ligne » green for the client's whole timeout (30 s,
# then again for the feed), while the agent wondered why nothing was confirmed.
SLOW_AFTER = 8.0


class StatusFeed:
    """Holds the latest snapshot and the latest sync status; thread-safe; listeners get every new snapshot.

    `slow_after`: seconds a sync may run without any news from the worker before the snapshot says `slow` (a timer
    thread watches; each status the worker pushes while it syncs starts the wait again)."""

    def __init__(self, *, configured: bool, slow_after: float = SLOW_AFTER) -> None:
        self._slow_after = slow_after
        self._watch: threading.Timer | None = None
        self._lock = threading.Lock()
        self._snapshot = opening(configured=configured)
        self._sync: SyncStatus | None = None
        self._outbox: OutboxStatus | None = None
        self._listeners: list[Callable[[StatusSnapshot], None]] = []

    @property
    def snapshot(self) -> StatusSnapshot:
        return self._snapshot

    @property
    def sync_status(self) -> SyncStatus | None:
        """The last status the sync worker pushed (None before it runs)."""
        return self._sync

    @property
    def outbox(self) -> OutboxStatus | None:
        """The outbox as last counted (None before the first count): what the Synchronisation screen shows when no
        sync worker runs (no central store configured)."""
        return self._outbox

    def subscribe(self, listener: Callable[[StatusSnapshot], None]) -> None:
        with self._lock:
            self._listeners.append(listener)

    def sync_changed(self, status: SyncStatus) -> None:
        """From the sync worker's thread."""
        with self._lock:
            self._sync = status
            watch, fresh = self._watch, None
            if status.syncing:  # news while syncing: not slow, and the wait starts again
                fresh = threading.Timer(self._slow_after, self._no_news, args=(status,))
                fresh.daemon = True
            self._watch = fresh
        if watch is not None:
            watch.cancel()
        self._update(
            online=status.online,
            pending=status.pending,
            offline_too_long=status.offline_too_long,
            last_success=status.last_success,
            last_failed=status.last_error is not None,
            connecting=False,
            slow=False,
            unavailable=status.unavailable,
        )
        if fresh is not None:
            fresh.start()  # cancelled already if newer news came: then it ends at once

    def _no_news(self, status: SyncStatus) -> None:
        """From the watch's timer: the sync that reported `status` has said nothing since."""
        with self._lock:
            if self._sync is not status:
                return  # news came in the meantime
        self._update(slow=True)

    def devices_changed(self, devices: DeviceSnapshot) -> None:
        """From the device monitor's thread."""
        self._update(
            reader=devices.reader_text,
            reader_ok=devices.reader_ok,
            printer=devices.printer_text,
            printer_ok=devices.printer_ok,
            devices_checked=True,
        )

    def outbox_counted(self, outbox: OutboxStatus) -> None:
        """From the worker that counted the outbox (at start-up, after each write through the runner)."""
        with self._lock:
            self._outbox = outbox
        self.pending_counted(outbox.pending)

    def pending_counted(self, pending: int, *, online: bool | None = None) -> None:
        """From whichever worker counted the outbox (at start-up, after a save when no sync worker runs)."""
        if online is None:
            self._update(pending=pending)
        else:
            self._update(pending=pending, online=online, connecting=False)

    def _update(self, **changes: object) -> None:
        with self._lock:
            old = self._snapshot
            new = old._replace(**changes)  # type: ignore[arg-type]
            if new._replace(version=old.version) == old:
                return
            self._snapshot = new = new._replace(version=old.version + 1)
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(new)
            except Exception:  # a view's bug must not stop the worker that reported
                log.exception("status listener failed")

"""`guichet --demo --screenshot FILE.png`: the window saved as a picture once its screens have settled, then quit."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.settings import Settings
from desktop.views.loading import ContextHolder
from desktop.views.main_window import MainWindow


def shoot_when_settled(
    app: QApplication, window: MainWindow, holder: ContextHolder, settings: Settings, path: Path
) -> None:
    """From "ready": the picture waits (8 s at most) for the outbox count and the demo's station online."""
    from desktop.demo.central import demo_central_available

    deadline = time.monotonic() + 8.0
    wait_online = settings.demo and demo_central_available()

    def shoot() -> None:
        ctx = holder.ctx
        status = holder.feed.sync_status if holder.feed is not None else None
        counted = holder.feed is not None and holder.feed.snapshot.pending is not None
        settled = counted and (not wait_online or (status is not None and status.online))
        if not settled and time.monotonic() < deadline:
            QTimer.singleShot(100, shoot)
            return
        if ctx is not None:
            ctx.devices.poll()  # screenshot mode only: the picture must show the devices' state
        if holder.feed is not None:
            # The latest snapshot, even if its queued signal is still on its way from the worker.
            window.status_arrived.emit(holder.feed.snapshot)
        app.processEvents()  # the pushed snapshots land, the layouts take the new texts
        window.grab().save(str(path))
        app.quit()

    QTimer.singleShot(0, shoot)

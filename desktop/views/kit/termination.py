"""The operating system asks the application to stop (SIGTERM at shutdown or from a service manager, SIGHUP when the
session ends, SIGINT from a terminal): it stops as its window's closing stops it, not on the spot.

Python's default for SIGTERM and SIGHUP ended the process at once: no save or print in flight waited for, the sync
worker and the store not closed, and in demo mode its central store's process left running and its folder left in
/tmp (session 36, seen over AT-SPI). A Python handler runs only when the interpreter next runs, which Qt's loop does
not do by itself: the signal's byte on a wake-up socket (`signal.set_wakeup_fd`) wakes a socket notifier, and the
handler asks the application to quit (`QCoreApplication.quit`: the windows close, then `views/start.run` ends as
after a normal close).
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
from types import FrameType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier

log = logging.getLogger(__name__)

NAMES = ("SIGTERM", "SIGHUP", "SIGINT")


class Termination(QObject):
    """`install()` takes the stop signals (main thread only), `uninstall()` gives back what was there."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.app = app
        self.received: list[str] = []
        self._previous: dict[int, Any] = {}
        self._previous_fd = -1
        self._sockets: tuple[socket.socket, socket.socket] | None = None
        self._notifier: QSocketNotifier | None = None

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # signals are the main thread's (a test's window built elsewhere keeps Python's defaults)
        reader, writer = socket.socketpair()
        reader.setblocking(False)
        writer.setblocking(False)
        self._sockets = (reader, writer)
        self._previous_fd = signal.set_wakeup_fd(writer.fileno())
        self._notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        for name in NAMES:
            number = getattr(signal, name, None)
            if number is not None:
                self._previous[number] = signal.signal(number, self._stop)

    def uninstall(self) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self._previous.clear()
        if self._sockets is not None:
            signal.set_wakeup_fd(self._previous_fd)
            if self._notifier is not None:
                self._notifier.setEnabled(False)
            for sock in self._sockets:
                sock.close()
            self._sockets = None

    def _drain(self) -> None:
        """The wake-up bytes read; by now Python has run the handler of the signal they stand for."""
        if self._sockets is None:
            return
        try:
            while self._sockets[0].recv(64):
                pass
        except OSError:  # nothing more to read (non-blocking)
            pass

    def _stop(self, number: int, _frame: FrameType | None) -> None:
        name = signal.Signals(number).name
        self.received.append(name)
        log.info("stop asked by the operating system (%s): closing as the window's close does", name)
        self.app.quit()

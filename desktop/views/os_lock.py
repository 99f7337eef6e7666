"""The OS session lock (spec/security.md: lock at once when the OS session locks): a Protocol, logind over QtDBus on
Linux, a Fake for tests and a Null where nothing can be watched.

The callbacks run on the GUI thread: QtDBus delivers signals through the event loop of the thread that connected.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import SLOT, QObject, Slot

from desktop.views.translations import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

Listener = Callable[[], None]


class OsSessionLock(Protocol):
    """Tells its listeners when the operating system's session locks."""

    description: str

    def subscribe(self, listener: Listener) -> None: ...

    def stop(self) -> None: ...


class _Listeners:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _fire(self) -> None:
        for listener in list(self._listeners):
            listener()


class NullOsSessionLock(_Listeners):
    """Nothing to watch (no D-Bus, another OS): only the idle lock and Ctrl+L lock the window."""

    description = QT_TRANSLATE_NOOP("OsSessionLock", "non surveillé")

    def stop(self) -> None:
        self._listeners.clear()


class FakeOsSessionLock(_Listeners):
    """Tests: `lock()` is the OS session locking."""

    description = QT_TRANSLATE_NOOP("OsSessionLock", "simulé")

    def lock(self) -> None:
        self._fire()

    def stop(self) -> None:
        self._listeners.clear()


class LogindSessionLock(QObject, _Listeners):
    """Linux: logind's `Lock` signal for this process's session (loginctl lock-session, the desktop's lock) and the
    freedesktop screen saver's `ActiveChanged(true)` on the session bus (desktops that lock without logind)."""

    description = QT_TRANSLATE_NOOP("OsSessionLock", "session du système (logind)")

    def __init__(self, parent: QObject | None = None) -> None:
        QObject.__init__(self, parent)
        _Listeners.__init__(self)
        from PySide6.QtDBus import QDBusConnection

        self.watching: list[str] = []
        system: Any = QDBusConnection.systemBus()  # Any: the stubs want bytes where PySide wants SLOT()'s str
        path = self._session_path(system) if system.isConnected() else ""
        login1 = ("org.freedesktop.login1", path, "org.freedesktop.login1.Session", "Lock")
        if path and system.connect(*login1, self, SLOT("on_lock()")):
            self.watching.append("logind")
        session: Any = QDBusConnection.sessionBus()
        saver = ("", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged")
        if session.isConnected() and session.connect(*saver, self, SLOT("on_screensaver(bool)")):
            self.watching.append("screensaver")

    @staticmethod
    def _session_path(system: object) -> str:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        assert isinstance(system, QDBusConnection)
        manager = QDBusInterface(
            "org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager", system
        )
        if not manager.isValid():
            return ""
        session_id = os.environ.get("XDG_SESSION_ID", "")
        reply = manager.call("GetSession", session_id) if session_id else manager.call("GetSessionByPID", os.getpid())
        args = reply.arguments()
        if not args:
            return ""
        value = args[0]
        return str(value.path()) if hasattr(value, "path") else str(value)

    @Slot()
    def on_lock(self) -> None:
        log.info("OS session lock received from logind")
        self._fire()

    @Slot(bool)
    def on_screensaver(self, active: bool) -> None:
        if active:
            self._fire()

    def stop(self) -> None:
        self._listeners.clear()


def make_os_session_lock(parent: QObject | None = None) -> OsSessionLock:
    """logind on Linux when the system bus answers; the session notification on Windows (for the window `parent`);
    else the Null watcher."""
    if sys.platform == "win32" and parent is not None and hasattr(parent, "winId"):
        from desktop.views.os_lock_windows import WindowsSessionLock

        try:
            windows = WindowsSessionLock(int(parent.winId()))
        except OSError as exc:  # wtsapi32 missing (a stripped system): idle lock and Ctrl+L still lock
            log.info("OS session lock not watched: %s", type(exc).__name__)
            return NullOsSessionLock()
        if windows.registered:
            return windows
        windows.stop()
    if sys.platform.startswith("linux"):
        try:
            watcher = LogindSessionLock(parent)
        except Exception as exc:  # no QtDBus module, no bus: the window still locks on idle and on Ctrl+L
            log.info("OS session lock not watched: %s", type(exc).__name__)
            return NullOsSessionLock()
        if watcher.watching:
            return watcher
        watcher.deleteLater()
    return NullOsSessionLock()

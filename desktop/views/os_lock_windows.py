"""Windows: the session notification (WTSRegisterSessionNotification) tells a window when the session locks
(Win+L, the screen saver's lock, a fast user switch); the window then receives WM_WTSSESSION_CHANGE with
WTS_SESSION_LOCK. A native event filter reads those messages from Qt's event loop, so the listeners run on the GUI
thread, as with logind on Linux.

The message decoding is plain ctypes and is tested on every platform; only the registration needs Windows.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from ctypes import wintypes
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication

from desktop.views.translations import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

Listener = Callable[[], None]

WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
NOTIFY_FOR_THIS_SESSION = 0
NATIVE_MESSAGE = b"windows_generic_MSG"


def is_session_lock(event_type: bytes, message_address: int) -> bool:
    """Whether this native event is the session locking (the MSG structure at `message_address`)."""
    if event_type != NATIVE_MESSAGE or not message_address:
        return False
    msg = wintypes.MSG.from_address(message_address)
    return msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK


class WindowsSessionLock(QAbstractNativeEventFilter):
    """Fires its listeners on WM_WTSSESSION_CHANGE / WTS_SESSION_LOCK sent to the registered window."""

    description = QT_TRANSLATE_NOOP("OsSessionLock", "session Windows (notification de session)")

    def __init__(self, window_handle: int, *, register: bool = True) -> None:
        super().__init__()
        self._listeners: list[Listener] = []
        self._hwnd = window_handle
        self.registered = False
        if register and sys.platform == "win32":
            wtsapi: Any = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined]
            self.registered = bool(wtsapi.WTSRegisterSessionNotification(wintypes.HWND(window_handle), 0))
        app = QCoreApplication.instance()
        if app is not None:
            app.installNativeEventFilter(self)

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def nativeEventFilter(self, eventType: Any, message: int, /) -> tuple[bool, int]:
        kind = bytes(eventType.data()) if isinstance(eventType, QByteArray) else bytes(eventType)
        try:
            locked = is_session_lock(kind, int(message))
        except (ValueError, OSError):  # never let a malformed native message reach the event loop
            return False, 0
        if locked:
            log.info("OS session lock received from Windows")
            for listener in list(self._listeners):
                listener()
        return False, 0  # the message goes on to Qt as well

    def stop(self) -> None:
        self._listeners.clear()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self)
        if self.registered and sys.platform == "win32":
            wtsapi: Any = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined]
            wtsapi.WTSUnRegisterSessionNotification(wintypes.HWND(self._hwnd))
            self.registered = False

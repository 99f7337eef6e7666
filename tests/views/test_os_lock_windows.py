"""The Windows session notification, decoded from real MSG structures (the registration itself needs Windows)."""

from __future__ import annotations

import ctypes
from ctypes import wintypes

from pytestqt.qtbot import QtBot

from desktop.views.os_lock_windows import (
    NATIVE_MESSAGE,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    WindowsSessionLock,
    is_session_lock,
)

WTS_SESSION_UNLOCK = 0x8
WM_PAINT = 0x000F


def _msg(message: int, wparam: int) -> wintypes.MSG:
    return wintypes.MSG(hWnd=None, message=message, wParam=wparam, lParam=1)


def test_only_the_session_lock_message_is_a_lock() -> None:
    lock, unlock, paint = _msg(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK), _msg(WM_WTSSESSION_CHANGE, 8), _msg(WM_PAINT, 7)
    assert is_session_lock(NATIVE_MESSAGE, ctypes.addressof(lock))
    assert not is_session_lock(NATIVE_MESSAGE, ctypes.addressof(unlock))
    assert not is_session_lock(NATIVE_MESSAGE, ctypes.addressof(paint))
    assert not is_session_lock(b"xcb_generic_event_t", ctypes.addressof(lock))  # another platform's event
    assert not is_session_lock(NATIVE_MESSAGE, 0)


def test_the_filter_locks_on_the_message_and_lets_it_through(qtbot: QtBot) -> None:
    watcher = WindowsSessionLock(0, register=False)
    fired: list[str] = []
    watcher.subscribe(lambda: fired.append("verrou"))
    unlock = _msg(WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK)
    assert watcher.nativeEventFilter(NATIVE_MESSAGE, ctypes.addressof(unlock)) == (False, 0)
    assert fired == []
    lock = _msg(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    assert watcher.nativeEventFilter(NATIVE_MESSAGE, ctypes.addressof(lock)) == (False, 0)  # Qt still gets it
    assert fired == ["verrou"]
    watcher.stop()
    watcher.nativeEventFilter(NATIVE_MESSAGE, ctypes.addressof(lock))
    assert fired == ["verrou"]  # stopped: no listener left

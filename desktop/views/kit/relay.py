"""From worker threads to the GUI thread through one object that is never deleted.

A worker that emits a signal on a screen's own object races the GUI thread deleting that screen (an agent's
screens rebuilt, a dialog closed, a test's window gone): Qt activates the signal on an object being destroyed and the
process crashes (SIGSEGV; tests/views/kit/test_runner.py reproduces it). So workers emit on the relay only, made on
the GUI thread at first use and kept for the process's life; on the GUI thread it calls the function with its owner
if the owner still exists, Python object and C++ object both.

The relay holds its owners weakly: nothing of a screen is kept alive, or released, by a worker thread.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

OwnerT = TypeVar("OwnerT", bound=QObject)


class _Relay(QObject):
    called = Signal(object, object, object)  # the owner (weakly), function(owner, value), value

    def __init__(self) -> None:
        super().__init__()
        self.called.connect(self._call)  # queued from other threads: the relay lives on the GUI thread

    @staticmethod
    def _call(owner_ref: weakref.ref[QObject], function: Callable[[QObject, Any], None], value: Any) -> None:
        owner = owner_ref()
        if owner is not None and isValid(owner):
            function(owner, value)


_relay: _Relay | None = None


def relay_to(owner: OwnerT, function: Callable[[OwnerT, Any], None]) -> Callable[[Any], None]:
    """A callable for any thread: `function(owner, value)` runs on the GUI thread if `owner` is still there then.

    Call this on the GUI thread. `function` should not be a bound method of `owner` (it would keep it alive)."""
    global _relay
    if _relay is None:
        _relay = _Relay()
    emit, ref = _relay.called.emit, weakref.ref(owner)

    def call(value: Any) -> None:
        emit(ref, function, value)

    return call

"""The agent card's reader watched through PC/SC: one thread blocked in SCardGetStatusChange, woken by a change.

No polling: pcsc-lite (and WinSCard) answer the moment the card leaves, so the counter locks at once. The thread
finds the reader by the setting's name, then waits on it; a reader unplugged, or a PC/SC service that stops, is
searched for again every `rescan` seconds."""

from __future__ import annotations

import logging
import threading
from typing import Any

from desktop.devices.agent_card.base import Presence, WatchBase, matches

log = logging.getLogger(__name__)

try:
    from smartcard import scard as _scard

    scard: Any = _scard
except ImportError:  # pyscard missing: the registry makes a Null watch and says so in the log
    scard = None


class _ServiceGone(Exception):
    """The PC/SC service refused a call: the context is dropped and made again later."""


class PcscAgentCard(WatchBase):
    """Watches the first connected reader whose name holds `setting`."""

    def __init__(self, setting: str, *, wait_ms: int = 1000, rescan: float = 1.0) -> None:
        super().__init__(setting, Presence.NO_READER)
        self.wait_ms = wait_ms
        self.rescan = rescan
        self._stop = threading.Event()
        self._context: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="carte-agent", daemon=True)
            self._thread.start()

    def close(self) -> None:
        self._stop.set()
        context = self._context
        if context is not None:
            scard.SCardCancel(context)  # wakes the thread out of its wait at once
        if self._thread is not None:
            self._thread.join(timeout=2.0)  # SCardCancel answers at once; a stuck service leaves a daemon thread
        with self._lock:
            self._listeners.clear()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self._context is None:
                    self._context = _establish()
                name = self._find(self._context)
                if name is None:
                    self._set(Presence.NO_READER)
                    self._stop.wait(self.rescan)
                    continue
                self._follow(self._context, name)
            except _ServiceGone:
                self._drop_context()
                self._set(Presence.UNAVAILABLE)
                self._stop.wait(self.rescan)
            except Exception:  # never let the watch die silently: say so, then try again
                log.exception("agent card watch failed")
                self._drop_context()
                self._set(Presence.UNAVAILABLE)
                self._stop.wait(self.rescan)
        self._drop_context()

    def _find(self, context: Any) -> str | None:
        result, names = scard.SCardListReaders(context, [])
        if result == scard.SCARD_E_NO_READERS_AVAILABLE:
            return None
        if result != scard.SCARD_S_SUCCESS:
            raise _ServiceGone
        return next((str(name) for name in names if matches(self.setting, str(name))), None)

    def _follow(self, context: Any, name: str) -> None:
        """Wait for changes on `name` until it goes away, the service fails or the watch stops."""
        known = scard.SCARD_STATE_UNAWARE
        while not self._stop.is_set():
            result, states = scard.SCardGetStatusChange(context, self.wait_ms, [(name, known)])
            if result in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
                continue
            if result in (scard.SCARD_E_UNKNOWN_READER, scard.SCARD_E_READER_UNAVAILABLE):
                self._set(Presence.NO_READER)
                return
            if result != scard.SCARD_S_SUCCESS or not states:
                raise _ServiceGone
            event = int(states[0][1])
            if event & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                self._set(Presence.NO_READER)
                return
            present = bool(event & scard.SCARD_STATE_PRESENT)
            self._set(Presence.PRESENT if present else Presence.ABSENT, name)
            known = event & ~scard.SCARD_STATE_CHANGED

    def _drop_context(self) -> None:
        context, self._context = self._context, None
        if context is not None:
            scard.SCardReleaseContext(context)


def _establish() -> Any:
    result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if result != scard.SCARD_S_SUCCESS:
        raise _ServiceGone
    return context

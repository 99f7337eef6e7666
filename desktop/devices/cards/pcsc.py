"""The PC/SC driver (pyscard over pcsc-lite or WinSCard): reader listing, insertion events, card I/O."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import AbstractContextManager, contextmanager
from typing import Any, TypeVar

from desktop.devices.cards.base import CardEventKind, ReaderBase
from desktop.devices.cards.errors import CardError, card_error
from desktop.devices.cards.passive_auth import CscaSource
from desktop.devices.cards.transport import Connection, apdu_timeout

log = logging.getLogger(__name__)
T = TypeVar("T")

try:
    from smartcard import scard as _scard

    scard: Any = _scard
except ImportError:  # pyscard missing: the registry falls back to the Null reader
    scard = None


def _removed_codes() -> set[int]:
    return {
        scard.SCARD_W_REMOVED_CARD,
        scard.SCARD_E_NO_SMARTCARD,
        scard.SCARD_W_RESET_CARD,
        scard.SCARD_E_NOT_TRANSACTED,
        scard.SCARD_E_READER_UNAVAILABLE,
        scard.SCARD_W_UNPOWERED_CARD,
        scard.SCARD_W_UNRESPONSIVE_CARD,
    }


class PcscError(CardError):
    """A PC/SC call that failed; carries the raw code for logs, the French message for the agent."""


def _context() -> Any:
    if scard is None:
        raise card_error("pcsc_unavailable")
    result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if result != scard.SCARD_S_SUCCESS:
        log.warning("PC/SC context refused: %s", scard.SCardGetErrorMessage(result))
        raise card_error("pcsc_unavailable")
    return context


def _list(context: Any) -> list[str]:
    result, names = scard.SCardListReaders(context, [])
    if result == scard.SCARD_E_NO_READERS_AVAILABLE:
        return []
    if result != scard.SCARD_S_SUCCESS:
        raise card_error("pcsc_unavailable")
    return list(names)


def _presence(context: Any, names: list[str]) -> dict[str, bool]:
    if not names:
        return {}
    result, states = scard.SCardGetStatusChange(context, 0, [(n, scard.SCARD_STATE_UNAWARE) for n in names])
    if result != scard.SCARD_S_SUCCESS:
        return dict.fromkeys(names, False)
    return {name: bool(state & scard.SCARD_STATE_PRESENT) for name, state, _atr in states}


def _release(handles: dict[str, Any]) -> None:
    """Reset the card so the chip drops its session keys (a pulled card makes this fail, which is fine)."""
    if "card" in handles:
        scard.SCardDisconnect(handles["card"], scard.SCARD_RESET_CARD)
    if "context" in handles:
        scard.SCardReleaseContext(handles["context"])


class PcscCardReader(ReaderBase):
    """Real readers through PC/SC; a monitor thread turns reader and card changes into events."""

    def __init__(
        self,
        *,
        csca: CscaSource = None,
        monitor: bool = True,
        poll_interval: float = 0.2,
        reserved: Callable[[str], bool] | None = None,
    ) -> None:
        """`reserved` names the readers that are not this one's to read (the agent card's: devices/agent_card)."""
        super().__init__(csca=csca)
        self.poll_interval = poll_interval
        self._reserved = reserved
        self._known: dict[str, bool] = {}
        self._stop = threading.Event()
        self._monitor: threading.Thread | None = None
        if monitor:
            self._monitor = threading.Thread(target=self._watch, name="carte:moniteur", daemon=True)
            self._monitor.start()

    @property
    def available(self) -> bool:
        """Whether the PC/SC service answers."""
        try:
            context = _context()
        except CardError:
            return False
        scard.SCardReleaseContext(context)
        return True

    def readers(self) -> list[str]:
        """Connected reader names, asked of the PC/SC service (no card I/O, quick)."""
        context = _context()
        try:
            return self._names(context)
        finally:
            scard.SCardReleaseContext(context)

    def _names(self, context: Any) -> list[str]:
        """The readers of identity documents: every connected one but those reserved."""
        names = _list(context)
        reserved = self._reserved
        return names if reserved is None else [name for name in names if not reserved(name)]

    def card_present(self, reader: str) -> bool:
        """Whether the reader reports a card."""
        context = _context()
        try:
            return _presence(context, [reader]).get(reader, False)
        finally:
            scard.SCardReleaseContext(context)

    def _watch(self) -> None:
        context = None
        while not self._stop.is_set():
            try:
                if context is None:
                    context = _context()
                names = self._names(context)
                current = _presence(context, names)
            except CardError:
                # pcscd restarting or gone: forget the readers and try again later.
                if context is not None:
                    scard.SCardReleaseContext(context)
                context, current = None, {}
            self._diff(current)
            self._stop.wait(self.poll_interval)
        if context is not None:
            scard.SCardReleaseContext(context)

    def _diff(self, current: dict[str, bool]) -> None:
        previous, self._known = self._known, current
        for name in current.keys() - previous.keys():
            self._emit(CardEventKind.READER_ADDED, name)
        for name, present in current.items():
            if present and not previous.get(name, False):
                self._emit(CardEventKind.CARD_INSERTED, name)
            elif not present and previous.get(name, False):
                self._emit(CardEventKind.CARD_REMOVED, name)
        for name in previous.keys() - current.keys():
            if previous[name]:
                self._emit(CardEventKind.CARD_REMOVED, name)
            self._emit(CardEventKind.READER_REMOVED, name)

    def _connect(self, reader: str) -> AbstractContextManager[Connection]:
        return self._session(reader)

    @contextmanager
    def _session(self, reader: str) -> Iterator[Connection]:
        # Every PC/SC call of this card runs on one helper thread so that the reader's worker can stop waiting on
        # a chip that no longer answers (PC/SC has no per-command timeout); the helper cleans up when it can.
        io = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"pcsc:{reader}")
        timeout = apdu_timeout(reader)
        handles: dict[str, Any] = {}
        stuck = False

        def call(fn: Callable[[], T]) -> T:
            nonlocal stuck
            future = io.submit(fn)
            try:
                return future.result(timeout)
            except FutureTimeout:
                stuck = True
                log.warning("PC/SC call unanswered after %.0f s", timeout)
                raise card_error("unresponsive") from None

        try:
            handles["context"] = call(_context)
            result, card, protocol = call(
                lambda: scard.SCardConnect(
                    handles["context"],
                    reader,
                    scard.SCARD_SHARE_SHARED,
                    scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
                )
            )
            if result != scard.SCARD_S_SUCCESS:
                if result == scard.SCARD_E_UNKNOWN_READER:
                    raise card_error("reader_unknown")
                if result in _removed_codes():
                    raise card_error("no_card")
                log.warning("PC/SC connect failed: %s", scard.SCardGetErrorMessage(result))
                raise card_error("communication")
            handles["card"] = card
            status = call(lambda: scard.SCardStatus(card))
            atr = bytes(status[4]) if status[0] == scard.SCARD_S_SUCCESS else b""

            def exchange(apdu: bytes) -> list[int]:
                code, response = scard.SCardTransmit(card, protocol, list(apdu))
                if code != scard.SCARD_S_SUCCESS:
                    log.warning("PC/SC transmit failed: %s", scard.SCardGetErrorMessage(code))
                    raise card_error("card_removed" if code in _removed_codes() else "communication")
                return list(response)

            def transmit(apdu: bytes) -> bytes:
                response = call(lambda: exchange(apdu))
                if len(response) < 2:
                    # vpcd and some USB readers answer nothing when the card leaves during the exchange.
                    raise card_error("card_removed")
                return bytes(response)

            yield Connection(transmit, atr)
        finally:
            cleanup = io.submit(_release, handles)
            if not stuck:
                cleanup.result(timeout)
            io.shutdown(wait=False)

    def close(self) -> None:
        """Stop the monitor and workers."""
        self._stop.set()
        if self._monitor is not None:
            self._monitor.join(2.0)
        super().close()

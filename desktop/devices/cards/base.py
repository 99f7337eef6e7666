"""The CardReader protocol, reader events, and the one-thread-per-reader worker every driver uses."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

from desktop.devices.cards.errors import CardError, card_error
from desktop.devices.cards.handler import AccessKey, CardHandler
from desktop.devices.cards.identity import IdentityRead
from desktop.devices.cards.passive_auth import CscaSource
from desktop.devices.cards.session import ReadState, read_document
from desktop.devices.cards.transport import Connection
from desktop.i18n import N_, _

log = logging.getLogger(__name__)
T = TypeVar("T")
Transmit = Callable[[bytes], bytes]
STEP_REPLACE = N_("Carte retirée : replacez-la sur le lecteur pour terminer la lecture…")
RESET_RETRIES = 2


class CardEventKind(StrEnum):
    """What changed on the reader side."""

    READER_ADDED = "reader_added"
    READER_REMOVED = "reader_removed"
    CARD_INSERTED = "card_inserted"
    CARD_REMOVED = "card_removed"


@dataclass(frozen=True, slots=True)
class CardEvent:
    """One change; listeners get it on a driver thread (views bridge it to a Qt signal)."""

    kind: CardEventKind
    reader: str


Listener = Callable[[CardEvent], None]


class CardReader(Protocol):
    """A source of identity reads: PC/SC readers, the demo's simulated reader, or none."""

    csca: CscaSource  # the CSCA certificates document signers must chain to (none: the issuer is not checked)

    @property
    def available(self) -> bool:
        """Whether reads can be attempted at all (False for the Null reader or a dead PC/SC service)."""
        ...

    def readers(self) -> list[str]:
        """Names of the readers now connected."""
        ...

    def card_present(self, reader: str) -> bool:
        """Whether a document lies on `reader`."""
        ...

    def add_listener(self, listener: Listener) -> None:
        """Be told of reader and card changes."""
        ...

    def read_identity(
        self, handler: CardHandler, *, reader: str | None = None, access: AccessKey | None = None
    ) -> Future[IdentityRead]:
        """Read the document on `reader` (default: the first with a card) on that reader's worker thread."""
        ...

    def close(self) -> None:
        """Stop monitoring and worker threads."""
        ...


class DeviceThread:
    """One thread that runs every I/O job of one reader in order, so the GUI thread never waits on a card."""

    def __init__(self, name: str) -> None:
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name=f"carte:{name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            job()

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        """Run `fn` on this thread; its result or exception lands in the returned future."""
        future: Future[T] = Future()

        def job() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn())
            except BaseException as exc:  # the future carries it to the caller; nothing escapes the thread
                future.set_exception(exc)

        self._jobs.put(job)
        return future

    def stop(self, timeout: float = 5.0) -> None:
        """Finish queued jobs then end the thread."""
        self._jobs.put(None)
        self._thread.join(timeout)


class ReaderBase:
    """Listeners, workers and the read job shared by the drivers; subclasses say how to reach a card."""

    def __init__(self, *, csca: CscaSource = None) -> None:
        self.csca = csca
        self._listeners: list[Listener] = []
        self._workers: dict[str, DeviceThread] = {}
        self._lock = threading.Lock()
        # A card pulled out mid-read and put back within this many seconds resumes where it stopped.
        self.reinsert_wait = 10.0

    @property
    def available(self) -> bool:
        """Drivers that can read say so."""
        return True

    def readers(self) -> list[str]:
        """Overridden by drivers."""
        raise NotImplementedError

    def card_present(self, reader: str) -> bool:
        """Overridden by drivers."""
        raise NotImplementedError

    def add_listener(self, listener: Listener) -> None:
        """Register `listener` for every later event."""
        with self._lock:
            self._listeners.append(listener)

    def _emit(self, kind: CardEventKind, reader: str) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(CardEvent(kind, reader))
            except Exception:  # a faulty view must not kill the monitor thread
                log.exception("card event listener failed")

    def _worker(self, reader: str) -> DeviceThread:
        with self._lock:
            if reader not in self._workers:
                self._workers[reader] = DeviceThread(reader)
            return self._workers[reader]

    def _connect(self, reader: str) -> AbstractContextManager[Connection]:
        """A context giving the connection to the card on `reader` (runs on its worker)."""
        raise NotImplementedError

    def _pick_reader(self, reader: str | None) -> str:
        names = self.readers()
        if reader is not None:
            if reader not in names:
                raise card_error("reader_unknown")
            return reader
        if not names:
            raise card_error("no_reader")
        return next((name for name in names if self.card_present(name)), names[0])

    def read_identity(
        self, handler: CardHandler, *, reader: str | None = None, access: AccessKey | None = None
    ) -> Future[IdentityRead]:
        """Read on the chosen reader's worker thread."""
        try:
            name = self._pick_reader(reader)
        except CardError as exc:
            failed: Future[IdentityRead] = Future()
            failed.set_exception(exc)
            return failed

        def job() -> IdentityRead:
            state = ReadState(access=access)
            deadline: float | None = None
            resets = 0
            while True:
                try:
                    with self._connect(name) as connection:
                        return read_document(
                            connection.transmit, handler, csca=self.csca, atr=connection.atr, state=state
                        )
                except CardError as caught:
                    # Once the read has begun, a card missing on reconnection was pulled out mid-read.
                    exc = card_error("card_removed") if caught.code == "no_card" and resets else caught
                    if exc.code == "card_removed" and resets < RESET_RETRIES and self._still_there(name):
                        # Reset, not pulled out (another session or application reset the card): start again.
                        resets += 1
                        log.info("card reset during the read: connecting again")
                        continue
                    if exc.code not in ("card_removed", "no_card") or not state.files or self.reinsert_wait <= 0:
                        if exc is caught:
                            raise
                        raise exc from caught
                    deadline = deadline or time.monotonic() + self.reinsert_wait
                    handler.progress(_(STEP_REPLACE), 0.2)
                    if not self._wait_for_card(name, deadline):
                        raise card_error("card_removed") from exc
                    log.info("card back on the reader: resuming the read")

        return self._worker(name).submit(job)

    def _still_there(self, name: str) -> bool:
        """Whether the card is still on the reader, so that a lost connection was a reset."""
        try:
            return self.card_present(name)
        except CardError:
            return False

    def _wait_for_card(self, name: str, deadline: float) -> bool:
        """Whether a card is back on `name` before `deadline` (after first seeing it gone)."""
        while time.monotonic() < deadline:
            time.sleep(0.1)
            try:
                if self.card_present(name):
                    return True
            except CardError:
                pass
        return False

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._workers = list(self._workers.values()), {}
        for worker in workers:
            worker.stop()

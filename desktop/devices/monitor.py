"""Device state for the status bar, polled on its own thread: asking a network printer can take seconds."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from desktop.devices.cards.base import CardReader
from desktop.devices.printers.base import ReceiptPrinter
from desktop.i18n import N_, _, ngettext
from desktop.threads import lower_priority

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceSnapshot:
    """French words for the status bar and the Appareils screen."""

    reader_text: str
    reader_ok: bool
    printer_text: str
    printer_ok: bool
    printer_detail: str


_PRINTER_WORDS = {
    "ready": N_("prête"),
    "paper_out": N_("plus de papier"),
    "offline": N_("hors ligne"),
    "error": N_("erreur"),
}
CHECKING = N_("vérification…")
UNKNOWN = DeviceSnapshot(CHECKING, False, CHECKING, False, "")  # the first snapshot, as French shows it


class DeviceMonitor:
    """Polls the reader and the printer every `interval` seconds; `snapshot()` never blocks; listeners are told."""

    def __init__(self, reader: CardReader, printer: ReceiptPrinter, *, interval: float = 5.0) -> None:
        self.reader = reader
        self.printer = printer
        self.interval = interval
        self._snapshot = DeviceSnapshot(_(CHECKING), False, _(CHECKING), False, "")  # until the first poll
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._listeners: list[Callable[[DeviceSnapshot], None]] = []

    def snapshot(self) -> DeviceSnapshot:
        return self._snapshot

    def subscribe(self, listener: Callable[[DeviceSnapshot], None]) -> None:
        """Call `listener` (on the polling thread) with every new snapshot, and now with the current one."""
        self._listeners.append(listener)
        listener(self._snapshot)

    def poll(self) -> DeviceSnapshot:
        """Ask both devices now (blocking); used by the thread and by tests."""
        try:
            readers = self.reader.readers() if self.reader.available else []
            reader_ok = bool(readers)
            reader_text = (
                (_("prêt") if len(readers) == 1 else ngettext("{count} lecteur", "{count} lecteurs", len(readers)))
                if reader_ok
                else _("aucun")
            ).format(count=len(readers))
        except Exception:  # a driver failing must not take the status bar down
            log.exception("card reader status failed")
            reader_ok, reader_text = False, _("erreur")
        try:
            status = self.printer.status()
            printer_ok, detail = status.ready, status.message
            printer_text = _(_PRINTER_WORDS.get(status.state.value, N_("erreur")))
        except Exception:
            log.exception("printer status failed")
            printer_ok, printer_text, detail = False, _("erreur"), _("État de l'imprimante indisponible.")
        snapshot = DeviceSnapshot(reader_text, reader_ok, printer_text, printer_ok, detail)
        changed, self._snapshot = snapshot != self._snapshot, snapshot
        if changed:
            for listener in list(self._listeners):
                try:
                    listener(snapshot)
                except Exception:  # a view's bug must not stop the polling
                    log.exception("device status listener failed")
        return snapshot

    def refresh_soon(self) -> None:
        self._wake.set()

    def start(self) -> None:
        def run() -> None:
            lower_priority()
            while not self._stop.is_set():
                self.poll()
                self._wake.wait(self.interval)
                self._wake.clear()

        self._thread = threading.Thread(target=run, name="device-monitor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

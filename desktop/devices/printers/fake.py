"""Printers for demo mode and tests (FakePrinter) and for a station with no printer at all (NullPrinter)."""

from __future__ import annotations

import threading

from desktop.devices.printers.base import PrinterState, PrinterStatus, PrinterUnavailable
from desktop.i18n import _
from desktop.receipts.signing import SignedReceipt


class FakePrinter:
    """Keeps what it printed; paper-out and offline can be switched on to rehearse the agent's reactions."""

    def __init__(self, *, paper_out: bool = False, offline: bool = False, sheets: int | None = None) -> None:
        self._lock = threading.Lock()  # printing runs on a worker thread while the view reads the list
        self._paper_out = paper_out
        self._offline = offline
        self._sheets = sheets  # receipts left on the roll; None means endless
        self.printed: list[SignedReceipt] = []

    @property
    def description(self) -> str:
        """French description for the Appareils screen."""
        return _("Imprimante simulée (démonstration)")

    def set_paper_out(self, value: bool = True) -> None:
        """Simulate an empty roll (or a reloaded one)."""
        with self._lock:
            self._paper_out = value
            if not value:
                self._sheets = None

    def set_offline(self, value: bool = True) -> None:
        """Simulate a printer switched off (or back on)."""
        with self._lock:
            self._offline = value

    def status(self) -> PrinterStatus:
        """Current simulated state."""
        with self._lock:
            return self._status()

    def _status(self) -> PrinterStatus:
        if self._offline:
            return PrinterStatus.offline()
        if self._paper_out or self._sheets == 0:
            return PrinterStatus.paper_out()
        return PrinterStatus.ok()

    def print_receipt(self, signed: SignedReceipt) -> None:
        """Record the receipt, or fail as the simulated printer would."""
        with self._lock:
            status = self._status()
            if status.state is not PrinterState.READY:
                raise PrinterUnavailable(status)
            self.printed.append(signed)
            if self._sheets is not None:
                self._sheets -= 1


class NullPrinter:
    """No printer configured: every print is refused with a plain explanation."""

    @property
    def description(self) -> str:
        """French description for the Appareils screen."""
        return _("Aucune imprimante")

    def status(self) -> PrinterStatus:
        """Always offline."""
        return PrinterStatus.offline(_("Aucune imprimante n'est configurée pour ce poste."))

    def print_receipt(self, signed: SignedReceipt) -> None:
        """Refuse."""
        raise PrinterUnavailable(self.status())

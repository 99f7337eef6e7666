"""What every receipt printer offers the counter: print a signed receipt, and say in French how it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from desktop.i18n import N_, _
from desktop.receipts.signing import SignedReceipt


class PrinterState(StrEnum):
    """Coarse printer states the agent acts on."""

    READY = "ready"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    ERROR = "error"


READY_MESSAGE = N_("Imprimante prête.")
# No DUPLICATA for a receipt that never printed: its first copy, printed later, is the original.
PAPER_OUT_MESSAGE = N_("Plus de papier dans l'imprimante : rechargez le rouleau, puis imprimez le récépissé.")
OFFLINE_MESSAGE = N_("Imprimante hors ligne : vérifiez qu'elle est allumée et raccordée, puis imprimez le récépissé.")


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """A state and the French sentence shown to the agent."""

    state: PrinterState
    message: str

    @property
    def ready(self) -> bool:
        """True when a receipt can be sent now."""
        return self.state is PrinterState.READY

    @classmethod
    def ok(cls, message: str | None = None) -> PrinterStatus:
        """Ready to print."""
        return cls(PrinterState.READY, message if message is not None else _(READY_MESSAGE))

    @classmethod
    def paper_out(cls) -> PrinterStatus:
        """The roll is empty."""
        return cls(PrinterState.PAPER_OUT, _(PAPER_OUT_MESSAGE))

    @classmethod
    def offline(cls, message: str | None = None) -> PrinterStatus:
        """Unreachable, switched off or unplugged."""
        return cls(PrinterState.OFFLINE, message if message is not None else _(OFFLINE_MESSAGE))

    @classmethod
    def error(cls, message: str) -> PrinterStatus:
        """Anything else the agent must know about."""
        return cls(PrinterState.ERROR, message)


class PrinterUnavailable(Exception):
    """Printing did not happen; ``status`` says why, in French, and the receipt can be reprinted."""

    def __init__(self, status: PrinterStatus) -> None:
        super().__init__(status.message)
        self.status = status


@runtime_checkable
class ReceiptPrinter(Protocol):
    """A printer the counter can hand a signed receipt to. Calls block: run them off the GUI thread."""

    @property
    def description(self) -> str:
        """French description for the Appareils screen (kind and address, no personal data)."""
        ...

    def status(self) -> PrinterStatus:
        """Ask the device how it is now."""
        ...

    def print_receipt(self, signed: SignedReceipt) -> None:
        """Print, or raise PrinterUnavailable with the reason."""
        ...

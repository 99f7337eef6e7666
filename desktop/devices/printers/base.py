"""What every receipt printer offers the counter: print a signed receipt, and say in French how it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from desktop.receipts.signing import SignedReceipt


class PrinterState(StrEnum):
    """Coarse printer states the agent acts on."""

    READY = "ready"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    ERROR = "error"


READY_MESSAGE = "Imprimante prête."
# No DUPLICATA for a receipt that never printed: its first copy, printed later, is the original.
PAPER_OUT_MESSAGE = "Plus de papier dans l'imprimante : rechargez le rouleau, puis imprimez le récépissé."
OFFLINE_MESSAGE = "Imprimante hors ligne : vérifiez qu'elle est allumée et raccordée, puis imprimez le récépissé."


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
    def ok(cls, message: str = READY_MESSAGE) -> PrinterStatus:
        """Ready to print."""
        return cls(PrinterState.READY, message)

    @classmethod
    def paper_out(cls) -> PrinterStatus:
        """The roll is empty."""
        return cls(PrinterState.PAPER_OUT, PAPER_OUT_MESSAGE)

    @classmethod
    def offline(cls, message: str = OFFLINE_MESSAGE) -> PrinterStatus:
        """Unreachable, switched off or unplugged."""
        return cls(PrinterState.OFFLINE, message)

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

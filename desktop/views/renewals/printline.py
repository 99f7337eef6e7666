"""The line under a renewal's actions: prints a kept receipt off the GUI thread, then says how it went."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel

from desktop.services.printing import PrintOutcome
from desktop.services.renewal_base import RenewalError
from desktop.views.kit.fields import failure_text
from desktop.views.kit.runner import Runner
from desktop.views.widgets import set_state


class PrintLine(QLabel):
    """Prints on the runner's serial lane (receipts come out in the order they were made)."""

    def __init__(self, runner: Runner, print_receipt: Callable[[str], PrintOutcome]) -> None:
        super().__init__()
        self._runner, self._print = runner, print_receipt
        # Wrapped: « Plus de papier dans l'imprimante : rechargez le rouleau… » on one line widened the case beyond
        # its pane at 1366×768 (everything cut on the right, a sideways scroll bar).
        self.setWordWrap(True)

    def print_receipt(self, number: str) -> None:
        self.setText(self.tr("Impression du récépissé {0}…").format(number))
        set_state(self, "neutral")
        self._runner.submit(
            lambda: self._print(number), done=self._printed, failed=self._failed, lane="serial", writes=True
        )

    def _printed(self, outcome: PrintOutcome) -> None:
        self.setText(outcome.message)
        set_state(self, "ok" if outcome.printed else "error")

    def _failed(self, exc: Exception) -> None:
        text = str(exc) if isinstance(exc, RenewalError) else failure_text(exc)
        self.setText(self.tr("Impression impossible : {0}").format(text))
        set_state(self, "error")

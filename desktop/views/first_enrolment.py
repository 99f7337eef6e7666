"""At start-up, the token an installer dropped in the data folder is traded for credentials off the GUI thread."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.settings import Settings
from desktop.views.kit.runner import Runner

log = logging.getLogger(__name__)


class FirstEnrolment(QObject):
    """Runs `desktop.enrolment.consume_token_file` on the runner; `finished` lands on the GUI thread."""

    finished = Signal(object)  # desktop.enrolment.Result | None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = Runner(self)

    def start(self, settings: Settings) -> None:
        def work() -> object:
            from desktop.enrolment import consume_token_file

            return consume_token_file(settings)

        def failed(exc: Exception) -> None:
            # Start-up must go on: the agent logs in, and enrolment is tried again at the next start.
            log.error("enrolment with the token file failed (%s)", type(exc).__name__)
            self.finished.emit(None)

        self.runner.submit(work, done=self.finished.emit, failed=failed, key="enrolment")

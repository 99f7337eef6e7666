"""At start-up, the token an installer dropped in the data folder is traded for credentials off the GUI thread."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from desktop.settings import Settings

log = logging.getLogger(__name__)


class FirstEnrolment(QObject):
    """Runs `desktop.enrolment.consume_token_file` on a worker thread; `finished` lands on the GUI thread."""

    finished = Signal(object)  # desktop.enrolment.Result | None

    def start(self, settings: Settings) -> None:
        def work() -> None:
            from desktop.enrolment import consume_token_file

            try:
                result = consume_token_file(settings)
            except Exception:  # start-up must go on: the agent logs in, enrolment is retried next time
                log.exception("enrolment with the token file failed")
                result = None
            self.finished.emit(result)

        threading.Thread(target=work, name="first-enrolment", daemon=True).start()

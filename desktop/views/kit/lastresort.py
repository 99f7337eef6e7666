"""The GUI's last resort: an exception nothing else caught is logged without personal data and said in French.

Installed once by `views/start.run` as `sys.excepthook` (PySide6 hands exceptions raised in slots to it) and
`threading.excepthook`. The window is left as it is, so what the agent typed stays on screen; the message box is
non-modal, one at a time, and shown on the GUI thread whichever thread failed.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from desktop.failures import plain_failure
from desktop.views.translations import translate

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox  # made when first shown (its enums: 1.6 ms before the first frame)

log = logging.getLogger(__name__)


def last_resort_text(exc: BaseException, ref: str) -> str:
    """The French sentence for an unexpected failure (its kind when known, never its message)."""
    known = plain_failure(exc)
    lead = known or translate("failure", "Une erreur inattendue est survenue.")
    return translate(
        "failure",
        "{failure} Ce que vous avez saisi est conservé à l'écran : vérifiez-le puis réessayez. "
        "Si le problème revient, signalez la référence {ref} au support.",
    ).format(failure=lead, ref=ref)


class LastResort(QObject):
    """Catches what escaped every handler; `install()` replaces the hooks, `uninstall()` puts them back."""

    _show = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show.connect(self._on_show)  # emitted from any thread, delivered on the GUI thread
        self.box: QMessageBox | None = None
        self.shown: list[str] = []
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook

    def install(self) -> None:
        self._previous, self._previous_thread = sys.excepthook, threading.excepthook
        sys.excepthook = self.hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous, self._previous_thread

    def hook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            self._previous(kind, exc, tb)
            return
        # Not imported before the window's first frame (the runner's pool starts after it); loaded by any later failure.
        from desktop.views.kit.runner import reference

        ref = reference()
        # The frames (files, lines, code) help support; the message may hold personal data, so it is left out.
        frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
        log.error("unhandled %s (ref %s)\n%s", kind.__name__, ref, frames)
        self._show.emit(last_resort_text(exc, ref))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.hook(args.exc_type, args.exc_value, args.exc_traceback)

    def _on_show(self, text: str) -> None:
        self.shown.append(text)
        if self.box is not None and self.box.isVisible():
            self.box.setText(text)  # one box at a time: the latest failure's reference
            return
        from PySide6.QtWidgets import QMessageBox

        parent = QApplication.activeWindow()
        from desktop.views.kit.dialogs import open_passing

        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Guichet"), text, QMessageBox.StandardButton.Ok, parent)
        box.setWindowModality(box.windowModality().NonModal)
        self.box = open_passing(box, self._closed)

    def _closed(self, box: QMessageBox) -> None:
        if self.box is box:
            self.box = None

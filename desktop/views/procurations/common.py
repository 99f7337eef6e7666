"""Shared pieces of the desk screens: labelled fields with their error line, dates as typed, a worker-thread bridge."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

_DATE_RE = re.compile(r"\s*(\d{1,2})[/. -]?(\d{1,2})[/. -]?(\d{4})\s*")


def parse_date(text: str) -> date | None:
    """A date as agents type it: 15011990, 15/01/1990, 15.01.1990, 15 01 1990; None when incomplete or wrong."""
    compact = text.strip()
    if re.fullmatch(r"\d{8}", compact):
        compact = f"{compact[:2]}/{compact[2:4]}/{compact[4:]}"
    match = _DATE_RE.fullmatch(compact)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_date(value: date | None) -> str:
    """15/01/1990."""
    return value.strftime("%d/%m/%Y") if value else ""


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class Field(QWidget):
    """A label with its mnemonic, the editor, and the error line under it (QLabel#fieldError)."""

    def __init__(self, text: str, editor: QWidget, *, hint: str = "") -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.label = QLabel(text)
        self.label.setBuddy(editor)
        self.editor = editor
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.label)
        self.label.setVisible(bool(text))  # a check box carries its own text
        layout.addWidget(editor)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setObjectName("hint")
            hint_label.setWordWrap(True)
            layout.addWidget(hint_label)
        layout.addWidget(self.error)

    def show_error(self, text: str, *, warning: bool = False) -> None:
        """Show a rule message under the editor and mark the editor invalid."""
        self.error.setObjectName("fieldWarning" if warning else "fieldError")
        repolish(self.error)
        self.error.setText(text)
        self.error.show()
        self.editor.setProperty("invalid", "false" if warning else "true")
        repolish(self.editor)

    def clear_error(self) -> None:
        """Back to normal."""
        if self.error.isHidden() and self.editor.property("invalid") != "true":
            return
        self.error.clear()
        self.error.hide()
        self.editor.setProperty("invalid", "false")
        repolish(self.editor)

    @property
    def error_text(self) -> str:
        """The message shown, or ''."""
        return "" if self.error.isHidden() else self.error.text()


def section(title: str) -> tuple[QFrame, QVBoxLayout]:
    """A framed card with a section title; returns the frame and the layout to fill."""
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.setSpacing(8)
    heading = QLabel(title)
    heading.setObjectName("sectionTitle")
    layout.addWidget(heading)
    return frame, layout


class Background(QObject):
    """Runs a blocking call (device, network, printer) on a thread and delivers the result on the GUI thread."""

    finished = Signal(object, object)  # (callback, result or exception)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.finished.connect(self._deliver)
        self._running = 0
        self._lock = threading.Lock()

    @property
    def busy(self) -> bool:
        """True while a call is running."""
        with self._lock:
            return self._running > 0

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Call `fn` on a new thread; `done(result_or_exception)` runs on the GUI thread afterwards."""
        with self._lock:
            self._running += 1

        def work() -> None:
            try:
                result: Any = fn()
            except Exception as exc:  # delivered to the screen, which says it plainly
                log.exception("background call failed")
                result = exc
            self.finished.emit(done, result)

        threading.Thread(target=work, name="guichet-desk", daemon=True).start()

    def _deliver(self, done: Callable[[Any], None], result: Any) -> None:
        with self._lock:
            self._running -= 1
        done(result)

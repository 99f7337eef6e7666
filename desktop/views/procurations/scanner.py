"""Scanner input typed into whatever field has the focus: a whole MRZ or a Maprocuration reference/QR.

Scanners behave as keyboards: they type very fast and end lines with Enter. This filter watches key presses on the
form's line edits, keeps the current burst (keys closer than ``BURST_GAP`` seconds), and when the burst is a valid
MRZ (3×30, 2×36, 2×44, with or without Enter between lines) or ends with Enter after a reference, it restores the
field the characters fell into and hands the recognised value to the form.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from desktop.rules.mrz import Mrz, MrzError, parse_mrz

BURST_GAP = 0.08  # seconds: a person types slower than this, a scanner faster
_MRZ_LENGTHS = (72, 88, 90)
_LINE_LENGTHS = {30: 3, 36: 2, 44: 2}
_REFERENCE = re.compile(r"(?:.*[/=#:])?([A-Z0-9]{6})")


class ScanFilter(QObject):
    """Recognises scanner bursts on the line edits it is installed on."""

    def __init__(
        self,
        *,
        on_mrz: Callable[[Mrz], None],
        on_reference: Callable[[str], None],
        today: Callable[[], date],
        skip_reference: Callable[[QLineEdit], bool] = lambda w: False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._on_mrz = on_mrz
        self._on_reference = on_reference
        self._today = today
        self._skip_reference = skip_reference
        self._clock = clock
        self._buffer = ""
        self._last = 0.0
        self._target: QLineEdit | None = None
        self._before = ""
        self._swallow_enter_until = 0.0

    def watch(self, edit: QLineEdit) -> None:
        """Install on one line edit."""
        edit.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QLineEdit):
            return False
        assert isinstance(event, QKeyEvent)
        now = self._clock()
        if now - self._last > BURST_GAP or obj is not self._target:
            self._buffer, self._target, self._before = "", obj, obj.text()
        self._last = now
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self._buffer:
                # The scanner's own Enter after a recognised MRZ must not validate the form.
                return now <= self._swallow_enter_until
            if self._try_reference(obj):
                return True
            if self._lines_complete():
                return self._try_mrz(obj, swallow_enter=True)
            if self._buffer and self._is_mrz_line_start():
                self._buffer += "\n"
                return True  # an Enter between MRZ lines must not validate the form
            return False
        self._swallow_enter_until = 0.0  # only the key right after a recognised MRZ may be its trailing Enter
        text = event.text()
        if len(text) == 1 and text.isprintable():
            self._buffer += text.upper()
            flat = self._buffer.replace("\n", "")
            if len(flat) in _MRZ_LENGTHS and ("\n" not in self._buffer or self._lines_complete()):
                return self._try_mrz(obj, swallow_enter=False)
        return False

    def _is_mrz_line_start(self) -> bool:
        last = self._buffer.split("\n")[-1]
        return len(last) in _LINE_LENGTHS and all(c.isalnum() or c == "<" for c in last)

    def _lines_complete(self) -> bool:
        lines = [ln for ln in self._buffer.split("\n") if ln]
        if not lines or len(lines[-1]) not in _LINE_LENGTHS:
            return False
        width = len(lines[-1])
        return len(lines) == _LINE_LENGTHS[width] and all(len(ln) == width for ln in lines)

    def _try_mrz(self, obj: QLineEdit, *, swallow_enter: bool) -> bool:
        try:
            mrz = parse_mrz(self._buffer, today=self._today())
        except MrzError:
            return False
        obj.setText(self._before)  # the characters fell into the wrong field: put it back as it was
        self._buffer = ""
        self._swallow_enter_until = self._clock() + BURST_GAP
        self._on_mrz(mrz)
        return True  # swallow the last key (the Enter, or the last MRZ character)

    def _try_reference(self, obj: QLineEdit) -> bool:
        if "\n" in self._buffer or self._skip_reference(obj):
            return False
        match = _REFERENCE.fullmatch(self._buffer.strip())
        if (
            match is None
            or not any(c.isalpha() for c in match.group(1))
            or not any(c.isdigit() for c in match.group(1))
        ):
            return False
        obj.setText(self._before)
        self._buffer = ""
        self._on_reference(match.group(1))
        return True

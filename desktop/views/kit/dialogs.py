"""A screen's passing dialog (a receipt's preview, a list of acts): opened window-modal, deleted once closed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


def open_passing(dialog: D, forget: Callable[[D], None] | None = None) -> D:
    """Open `dialog` (window-modal: the event loop keeps running); once it is closed, `forget(dialog)` lets go of the
    screen's reference and the dialog is deleted from the event loop (`deleteLater`), never by Python's collector.

    A closed dialog only hides: parented to its screen, each one opened lived as long as the screen, a receipt's
    preview with its page painted at 96 dpi (3.5 MB an A4), for a screen that an agent keeps all day
    (tests/views/test_week_without_restart.py)."""

    def closed(_code: int) -> None:
        if forget is not None:
            forget(dialog)
        dialog.deleteLater()

    dialog.finished.connect(closed)
    dialog.open()
    return dialog

"""A screen's passing dialog (a receipt's preview, a list of acts): opened window-modal, deleted once closed; a dialog
sized to what it says within the screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFrame, QLayout, QVBoxLayout, QWidget

from desktop.views.kit.reflow import InnerScrollArea

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


def fit_to_screen(dialog: QDialog, *, width: int) -> None:
    """`width` wide (its least if more, the screen's if less), as tall as its wrapped texts need at that width, within
    the screen.

    Left to Qt, a window opens at its preferred size cut to two thirds of the screen: at 200 % text on a 1024×600
    screen the first set-up's introduction took its five wrapped lines and its fields were drawn over one another,
    and the supervisor's dialog was wider than the screen (tests/views/test_fit_sweep.py)."""
    layout = dialog.layout()
    if layout is None:
        return
    dialog.ensurePolished()  # measured in the style sheet's fonts and paddings
    screen = dialog.screen().availableGeometry() if dialog.screen() is not None else None
    wide = min(width, screen.width()) if screen is not None else width
    wide = max(wide, dialog.minimumSizeHint().width())
    tall = _tall(layout, wide)
    margins = layout.contentsMargins()
    for area in dialog.findChildren(InnerScrollArea):  # a scrolling body counts for all it holds
        body = area.widget()
        inner = body.layout() if body is not None else None
        if inner is not None:
            tall += _tall(inner, wide - margins.left() - margins.right()) - area.sizeHint().height()
    if screen is not None:
        tall = min(tall, screen.height())
    dialog.resize(wide, max(tall, dialog.minimumSizeHint().height()))


def _tall(layout: QLayout, width: int) -> int:
    return layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()


def scrolling_body(layout: QVBoxLayout) -> QVBoxLayout:
    """A body added to a dialog's `layout` that scrolls when the dialog is shorter than what it holds (a small screen
    at 200 % text), the buttons added after it staying in sight; its own layout, to fill, is returned."""
    area = InnerScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    body = QWidget()
    inner = QVBoxLayout(body)
    inner.setContentsMargins(0, 0, 0, 0)
    area.setWidget(body)
    layout.addWidget(area, 1)
    return inner

"""The dashboard's charts and tables when the screen is too short for them (1024×768, 150 % text): they scroll, and
that is said and reachable from the keyboard.

At 1024×768 the four boxes need about 440 px and have 340: nothing is cut, the last lines are below. Before, only a
thin scroll bar said so, the « Refus et invalidations par règle » table showed its titles and no row, and a keyboard
reached neither the renewals line under it nor the end of the synchronisation box. Now a few words just under the
area say there is more and how to reach it; Pg. suiv. / Pg. préc. scroll it from anywhere on the screen (but from a
list, which pages through its own rows); and a control that takes the focus brings its whole box into sight (its
title, the chart or table, the sentences under it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QScrollBar, QWidget

from desktop.views.kit.reflow import InnerScrollArea
from desktop.views.widgets import set_state

_PAGING = {Qt.Key.Key_PageDown: QScrollBar.SliderAction.SliderPageStepAdd,
           Qt.Key.Key_PageUp: QScrollBar.SliderAction.SliderPageStepSub}  # fmt: skip


class ChartsScroll(InnerScrollArea):
    """The scroll area of the dashboard's boxes, with its `hint` (placed by the page just under the area)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        set_state(self.hint, "neutral")
        self.hint.hide()
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(lambda *_: self._say())
        bar.valueChanged.connect(lambda *_: self._say())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def _say(self) -> None:
        """Shown while the boxes scroll (hidden, it gives the room back: at 1366×768 nothing scrolls)."""
        bar = self.verticalScrollBar()
        if bar.maximum() <= 0:
            self.hint.hide()
            return
        if bar.value() >= bar.maximum():
            text = self.tr("▲ Début des chiffres plus haut (Pg. préc.)")
        else:
            text = self.tr("▼ Suite des chiffres plus bas (Pg. suiv.)")
        self.hint.setText(text)
        self.hint.show()

    def page(self, key: int) -> bool:
        """Scroll one page for Pg. suiv. / Pg. préc.; False for another key."""
        step = _PAGING.get(Qt.Key(key))
        if step is None or self.verticalScrollBar().maximum() <= 0:
            return False
        self.verticalScrollBar().triggerAction(step)
        return True

    def watch_keys(self, outer: QObject | None) -> None:
        """Pg. suiv. / Pg. préc. that no control used (a button, a date field) scroll the boxes: the screen's own
        scroll area, which would take them, has nothing to scroll when the boxes do."""
        if outer is not None:
            outer.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and self.page(event.key()):
            return True
        return super().eventFilter(watched, event)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        content = self.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self._bring(new)

    def _bring(self, focused: QWidget) -> None:
        """The focused control's whole box in sight when it fits, else the control itself."""
        content = self.widget()
        box = focused
        while box.parentWidget() is not None and box.parentWidget() is not content:
            box = box.parentWidget()  # type: ignore[assignment]
        if box.height() <= self.viewport().height():
            self.ensureWidgetVisible(box, 0, 0)
        else:
            self.ensureWidgetVisible(focused)

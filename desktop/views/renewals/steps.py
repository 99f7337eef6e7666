"""A passport case's steps: a list the keyboard goes through step by step, each step in sight and said in words.

At 200 % text in 1366×900 the list shows two steps and a half. It took no focus: the other steps were behind a scroll
bar only a mouse could move, and a screen reader never reached them (RGAA 10.4, 12.8). It is a stop of the Tab chain,
its arrows and Pg. suiv. go from step to step, and the pane it sits in scrolls so that the list (else the step) is
whole in the window: the pane showed its top two thirds, the step under them was read by no one.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QScrollArea, QWidget


class StepsList(QListWidget):
    """A history, not a choice: the step the agent is on has the focus frame, none is selected."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseSteps")  # the theme highlights the step the keyboard is on
        self.setAccessibleName(name)
        self.setMaximumHeight(230)
        # A step's line wraps to the pane's width (200 % text) instead of scrolling sideways.
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSelectionMode(QListView.SelectionMode.NoSelection)

    def add_step(self, text: str, said: str, tooltip: str = "") -> None:
        """A line as the eye reads it (its mark ✓, → or ·), `said` in words to a screen reader."""
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, said)
        if tooltip:
            item.setToolTip(tooltip)
        self.addItem(item)

    def start_at(self, row: int) -> None:
        """The step Tab lands on (the one to record), in sight in the list."""
        self.setCurrentRow(row)
        if self.currentItem() is not None:
            self.scrollToItem(self.currentItem())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._reveal()

    def currentChanged(
        self, current: QModelIndex | QPersistentModelIndex, previous: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().currentChanged(current, previous)  # the list scrolls to the step first
        if self.hasFocus():
            self._reveal()

    def _reveal(self) -> None:
        """The whole list in the pane's window when it fits there, else the step the agent is on."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        content = area.widget() if area is not None else None
        if area is None or content is None:
            return
        shown = QRect(self.mapTo(content, QPoint(0, 0)), self.size())
        item = self.currentItem()
        if shown.height() > area.viewport().height() and item is not None:
            step = self.visualItemRect(item)
            shown = QRect(self.viewport().mapTo(content, step.topLeft()), step.size())
        area.ensureVisible(shown.center().x(), shown.center().y(), shown.width() // 2, shown.height() // 2)

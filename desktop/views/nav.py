"""The navigation on the left of the main window: its sections under their group headings, a section refused or
badged painted apart, and a width that gives way to a small window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from desktop.views.widgets import USER_ROLE

if TYPE_CHECKING:
    from PySide6.QtCore import Qt


class NavList(QListWidget):
    """The navigation list: Home and End land on the first and last screens, never on a group heading."""

    HEADING_SCALE = 0.8  # a group heading (« PROCURATIONS »), in capitals: 12 px beside the sections' 15 at 100 %
    # Of the window's width at most: the style sheet's 230 px grow with the text size (theme.qss), and at 200 % its
    # 460 px took 45 % of a 1024 px window, the screens scrolled sideways beside it (tests/views/test_fit_sweep.py).
    SHARE = 0.3

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[QListWidgetItem] = []
        self.setWordWrap(True)  # a name longer than the width given goes on two lines, never cut
        self._styled = 230  # the style sheet's width at the current text size, read when it polishes the list
        self._fitted = -1
        self._window_width = 0  # not known yet: the style sheet's width
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)  # once the style sheet has set its width (it polishes after the event)
        self._refit.timeout.connect(self.fit_window)

    def fit_window(self, window_width: int | None = None) -> None:
        """As wide as the style sheet makes it, never more than SHARE of its window's width (given by the window at
        each resize: asking `self.window()` made PySide build QMessageBox's class before the first frame)."""
        if window_width is not None:
            self._window_width = window_width
        if self.minimumWidth() != self._fitted:  # polished again (another text size): the style sheet's width
            self._styled = self.minimumWidth()
        width = self._styled
        if self._window_width > 0:
            share = max(round(self._window_width * self.SHARE), self.least_width())  # never cut a word
            width = min(self._styled, share)
        if width != self._fitted or self.minimumWidth() != width:
            self._fitted = width
            self.setFixedWidth(width)

    def add_heading(self, text: str) -> QListWidgetItem:
        head = QListWidgetItem(text)
        head.setFont(self._heading_font())
        self.headings.append(head)
        self.addItem(head)
        return head

    def _heading_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        if font.pixelSize() > 0:  # the style sheet's size
            font.setPixelSize(max(1, round(font.pixelSize() * self.HEADING_SCALE)))
        else:
            font.setPointSizeF(font.pointSizeF() * self.HEADING_SCALE)
        return font

    def least_width(self) -> int:
        """As wide as the longest word of a name, in bold (the selected section's), with the item's padding (16 px a
        side and the 4 px rule in theme.qss, Qt's text margins) and the list's frame."""
        font = QFont(self.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        words = (word for row in range(self.count()) for word in self.item(row).text().split())
        widest = max((metrics.horizontalAdvance(word) for word in words), default=0)
        # The frame and a scroll bar (the list scrolls at 200 % on a short screen); not `viewport()`: PySide then made
        # QMessageBox's class before the first frame (tests/views/test_startup_imports.py).
        bar = self.verticalScrollBar().sizeHint().width()
        return widest + 2 * 16 + 4 + 8 + 2 * self.frameWidth() + bar

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the style sheet polished, or the agent's text size changed
            font = self._heading_font()
            for head in self.headings:
                head.setFont(font)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._refit.start()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        from PySide6.QtCore import Qt  # a key pressed: long after the first frame (see widgets.USER_ROLE)

        index = super().moveCursor(action, modifiers)
        if index.isValid() and not (self.model().flags(index) & Qt.ItemFlag.ItemIsEnabled):
            step = 1 if action == QAbstractItemView.CursorAction.MoveHome else -1
            row = index.row()
            while 0 <= row < self.count() and not (self.item(row).flags() & Qt.ItemFlag.ItemIsEnabled):
                row += step
            if 0 <= row < self.count():
                return self.model().index(row, 0)
        return index


REFUSED_ROLE = USER_ROLE + 1  # why the agent at the counter may not open a section (`MainWindow.set_refused`)
BADGE_ROLE = USER_ROLE + 2  # a section's count of acts to act on (`MainWindow.set_badge`): its text in red

"""The dashboard's charts and tables when the screen is too short for them (1024×768, 150 % text): they scroll, and
that is said and reachable from the keyboard.

At 1024×768 the four boxes need about 440 px and have 340: nothing is cut, the last lines are below. Before, only a
thin scroll bar said so, the « Refus et invalidations par règle » table showed its titles and no row, and a keyboard
reached neither the renewals line under it nor the end of the synchronisation box. Now a few words just under the
area say there is more and how to reach it; Pg. suiv. / Pg. préc. scroll it from anywhere on the screen (but from a
list, which pages through its own rows); and a control that takes the focus brings its whole box into sight (its
title, the chart or table, the sentences under it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QScrollBar, QTableView, QWidget
from shiboken6 import isValid

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


class BoxGrid(QWidget):
    """The dashboard's boxes two a row when they fit side by side, one a row when they do not: at 200 % text on a
    1024×600 netbook the two columns needed 817 px where the screen had 565, and the charts scrolled sideways by
    252 px, the rules' titles cut to « Invalidé » (fit sweep, session 38)."""

    def __init__(self, stretches: tuple[int, ...]) -> None:
        """`stretches`: each row's share of the height when two a row (one a row, each box keeps its row's)."""
        super().__init__()
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._boxes: list[QWidget] = []
        self._stretches = stretches
        self._columns = 2

    def add(self, box: QWidget) -> None:
        self._boxes.append(box)
        self._place()

    def columns(self) -> int:
        return self._columns

    def _place(self) -> None:
        for box in self._boxes:
            self._grid.removeWidget(box)
        for row in range(self._grid.rowCount()):
            self._grid.setRowStretch(row, 0)
        for index, box in enumerate(self._boxes):
            row, column = divmod(index, self._columns)
            self._grid.addWidget(box, row, column)
            pair = index // 2  # the row the box has when two a row: its share of the height
            self._grid.setRowStretch(row, self._stretches[pair] if pair < len(self._stretches) else 0)

    def _side_by_side(self) -> int:
        """px the boxes need two a row: the widest left box, the widest right one, the spacing between."""
        left = max((b.minimumSizeHint().width() for b in self._boxes[0::2]), default=0)
        right = max((b.minimumSizeHint().width() for b in self._boxes[1::2]), default=0)
        return left + max(self._grid.horizontalSpacing(), 0) + right

    def minimumSizeHint(self) -> QSize:
        """As narrow as its widest box (one a row); the layout's own minimum is two a row's. One a row, as tall as the
        boxes ask to be: the area scrolls then anyway, and at their least the charts cut their legends."""
        height = super().minimumSizeHint().height()
        if self._columns == 1:
            height = max(height, self._grid.sizeHint().height())
        return QSize(max((b.minimumSizeHint().width() for b in self._boxes), default=0), height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a box's least width changed (its texts, the text size)
            self._fit(self.width())
        return super().event(event)

    def _fit(self, width: int) -> None:
        columns = 2 if width >= self._side_by_side() else 1
        if columns != self._columns:
            self._columns = columns
            self._place()
            self.updateGeometry()


HEADER_PADDING = 6  # px each side of a column title (theme.qss: QHeaderView::section { padding: 6px })


class RulesHeaderFit(QObject):
    """The rules' header as tall as its longest wrapped title (Qt's stays one line tall and cuts the others), and the
    table as wide as its rule ids beside the `wrapped` titles' longest words: « Invalidées ensuite » read « Invalidé »
    at 200 % text (the titles' room was counted with 4 px of padding a side, the theme has 6). Fitted again when a
    section is resized and when the header is shown, resized or given another font: fitted only on a section's resize,
    at 1024×600 the header stayed one line tall over two-line titles (the text size changed while it was hidden)."""

    def __init__(self, table: QTableView, wrapped: range) -> None:
        super().__init__(table)
        self._table, self._wrapped = table, wrapped
        header = table.horizontalHeader()
        # A method of this object, not a lambda: Qt drops the connection when the table and this filter are deleted
        # (a lambda was called on by a section resized during the table's destruction: SIGSEGV, once under load).
        header.sectionResized.connect(self._section_resized)
        header.installEventFilter(self)

    def _section_resized(self, _logical: int, _old: int, _new: int) -> None:
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self, self.fit)  # once the header has its new size or font
        return super().eventFilter(watched, event)

    def fit(self) -> None:
        table = self._table
        if not isValid(table) or table.model() is None:
            return  # being deleted
        header, model = table.horizontalHeader(), table.model()
        font = QFont(header.font())
        font.setBold(True)  # the style sheet's titles
        metrics = QFontMetrics(font)
        tallest = metrics.height()
        columns = range(model.columnCount())
        least = 2 * table.frameWidth() + sum(header.sectionSize(c) for c in columns if c not in self._wrapped)
        for column in columns:
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            room = max(1, header.sectionSize(column) - 2 * HEADER_PADDING)
            flags = int(Qt.TextFlag.TextWordWrap.value)
            tallest = max(tallest, metrics.boundingRect(QRect(0, 0, room, 10_000), flags, title).height())
            if column in self._wrapped:
                least += 2 * HEADER_PADDING + max(metrics.horizontalAdvance(word) for word in title.split())
        height = header.sizeHint().height() + tallest - metrics.height()
        if header.height() != height or header.minimumHeight() != height:
            header.setFixedHeight(height)
        if table.minimumWidth() != least:
            table.setMinimumWidth(least)

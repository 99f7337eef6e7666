"""Every column of a list in sight at the width it has (kit.tablefit), the chosen columns wrapping."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

from desktop.views.kit.tablefit import fit_columns, fit_row_heights, hold_again

WRAP_CAP = 30  # characters: a wrapping column's width when even wrapped the columns cannot all be in sight (200 %)


class FitColumns(QObject):
    """The columns of `table` fitted at the next turn of the event loop after new rows, a new width or a new text
    size: the `wrap` columns share the room and wrap, the others keep their text on one line; at 200 % text every
    text keeps one line and the table scrolls sideways. At 1024×768 in English the deadlines' status was cut
    (« To invalidate (period … »), the internet-vote requests' last columns were past the edge and the
    agents' roles and capacities elided (« Supervisor … », « OPJ (judicial … »)."""

    def __init__(
        self, table: QTableView, model: QAbstractItemModel, text: Callable[[int, int], str], wrap: Sequence[int]
    ) -> None:
        super().__init__(table)
        self.table, self.text, self.wrap, self.due = table, text, tuple(wrap), False
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(False)
        table.setWordWrap(True)
        table.viewport().installEventFilter(self)
        table.installEventFilter(self)
        model.modelReset.connect(self.soon)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.Show):
            self.soon()
        return False

    def soon(self) -> None:
        if not self.due:
            self.due = True
            QTimer.singleShot(0, self, self.fit)

    def fit(self) -> None:
        self.due = False
        cap = WRAP_CAP * self.table.fontMetrics().averageCharWidth()
        fit_columns(self.table, self.text, self.wrap, cap=cap)
        fit_row_heights(self.table, self.text, self.wrap)
        # The rows it holds in sight (`hold_rows`) measured again once the table is in its screen: built, a row was
        # 38 px at 200 %, 39 once shown, and the second of two passport cases was cut by 2 px under the scroll bar.
        hold_again(self.table)

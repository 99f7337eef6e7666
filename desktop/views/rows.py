"""The one table model of the views: plain rows, each column a French title and a function of the row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[T], str]]
Extra = Callable[[T, int, int], Any]  # (row, column, role) → a value for the roles other than DisplayRole
DISPLAY = Qt.ItemDataRole.DisplayRole


class RowsModel(QAbstractTableModel, Generic[T]):
    """A thin adapter over plain rows (CONVENTIONS.md §7): `set_rows()`, `row_at()`, columns as data."""

    def __init__(
        self, columns: Sequence[Column[T]], parent: QObject | None = None, *, extra: Extra[T] | None = None
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._extra = extra
        self._rows: list[T] = []
        self._texts: list[list[str]] = []  # what each cell shows, computed once per set_rows

    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        # Computed here, once: sizing and painting a table ask for each cell many times, on the GUI thread.
        self._texts = [[text(row) for _title, text in self._columns] for row in self._rows]
        self.endResetModel()

    def row_at(self, row: int) -> T | None:
        """The plain row behind a table row, if any."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[T]:
        return list(self._rows)

    def text(self, row: int, column: int) -> str:
        """What a cell shows (its DisplayRole), without going through Qt."""
        return self._texts[row][column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == DISPLAY:
            return self._texts[index.row()][index.column()]
        return None if self._extra is None else self._extra(self._rows[index.row()], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section][0]
        return None

"""Rechercher: by NNE, by name prefix with birth date, by receipt number or reference; local and central results."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView

from desktop.services.desk import DeskServices, HistoryItem, PrintOutcome, SearchQuery, SearchResult
from desktop.services.permissions import Permission, PermissionDenied
from desktop.views.kit.announce import announce
from desktop.views.kit.dates import DateInput
from desktop.views.kit.fields import Field, failure_text, section_title
from desktop.views.kit.reflow import ButtonRow
from desktop.views.kit.runner import Runner
from desktop.views.kit.tablefit import fit_columns, fit_row_heights, fit_to_contents
from desktop.views.procurations.models import HistoryTableModel, ProcurationTableModel
from desktop.views.rows import RowsModel
from desktop.views.widgets import Page, set_state

WRAP_CAP_CHARACTERS = 30  # a wrapping column no wider than this when the table scrolls sideways (200 % text)


class _FittingTable(QTableView):
    """A table whose columns are all in sight at the width it is given, its rows as tall as their wrapped text.

    Its `wrap` columns wrap within their width and share what the others leave (kit.tablefit.fit_columns); the rows
    grow to the text. At 1024×768 the procurations' table scrolled sideways: its mandataire and validity were past
    its right edge, a line under it said the selected row whole instead. The columns are fitted once per turn of the
    event loop after new rows, a new width or a new text size (the style sheet's font applied, Ctrl+plus), and the
    rows after a column's new width (the agent may drag one); before the style sheet's font applies, its header
    measures titles in the unstyled font and cuts them at 200 %.

    It asks for the height of its header and one row, and takes more as its layout's stretch gives: a screen whose
    text wraps lays out at its preferred heights in its scroll area, and Qt's 192 px for every table pushed
    Résilier's button under the window's edge at 1024×768."""

    def __init__(self, wrap: Sequence[int] = ()) -> None:
        super().__init__()
        self._wrap = tuple(wrap)
        self._rows_due = self._columns_due = False
        self.overflowing = False  # even wrapped, the columns do not fit: one line a row, the table scrolls sideways
        self._fitted = (-1, -1)  # the table's and its viewport's widths at the last fit
        self._fitting = self._dragged = False  # the columns being fitted; one dragged by the agent since
        self.setWordWrap(bool(self._wrap))
        # Tab leaves the table for the next control (the form, Résilier's button); the arrows move within it.
        self.setTabKeyNavigation(False)
        if self._wrap:
            self.horizontalHeader().sectionResized.connect(self._column_resized)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if self._wrap and model is not None:
            model.modelReset.connect(self.fit_soon)

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        self._dragged = self._dragged or not self._fitting
        if column in self._wrap and not self._rows_due:
            self._rows_due = True
            QTimer.singleShot(0, self, self._fit_rows_due)

    def _fit_rows_due(self) -> None:
        if self._rows_due:  # not fitted since, with the columns
            self.fit_rows()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if self._wrap and event.type() == QEvent.Type.FontChange:  # Ctrl+plus, the theme applied again
            self.fit_soon()

    def viewportEvent(self, event: QEvent) -> bool:
        # The columns follow the table's new width, and a vertical scroll bar that came or went unless the agent
        # dragged a column since the last fit: their rows shrinking (the bar going) would undo the drag; so would a
        # horizontal scroll bar coming (a new height only).
        if self._wrap and event.type() == QEvent.Type.Resize and self._width_changed():
            self.fit_soon()
        return super().viewportEvent(event)

    def _width_changed(self) -> bool:
        table, viewport = self._fitted
        return self.width() != table or (self.viewport().width() != viewport and not self._dragged)

    def fit_soon(self) -> None:
        """Fit the columns, then the rows, at the next turn of the event loop (once, however many changes come
        before it: a window being dragged goes through many sizes)."""
        if not self._columns_due:
            self._columns_due = True
            QTimer.singleShot(0, self, self.fit)

    def fit(self) -> None:
        """Every column in sight (one line a row, scrolling sideways, when even wrapped they cannot be), then the
        rows as tall as their wrapped text."""
        self._columns_due = False
        model = self.model()
        if isinstance(model, RowsModel) and self._wrap:
            self._fitted = (self.width(), self.viewport().width())
            cap = WRAP_CAP_CHARACTERS * self.fontMetrics().averageCharWidth()
            self._fitting = True
            try:
                self.overflowing = fit_columns(self, model.text, self._wrap, cap=cap)
            finally:
                self._fitting = self._dragged = False
            self.fit_rows()

    def fit_rows(self) -> None:
        """Each row as tall as its wrapped text needs (one line when it holds on one)."""
        self._rows_due = False
        model = self.model()
        if isinstance(model, RowsModel) and self._wrap:
            fit_row_heights(self, model.text, self._wrap)
            self.updateGeometry()  # its one-row height follows the first row's

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._wrap:
            self.fit_soon()
        elif self.model() is not None and self.model().rowCount() == 0:
            fit_to_contents(self)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._one_row_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._one_row_height())  # one whole row, never half of one

    def _one_row_height(self) -> int:
        frame = 2 * self.frameWidth() + self.horizontalScrollBar().sizeHint().height()
        model = self.model()
        row = (
            self.rowHeight(0) if model is not None and model.rowCount() else self.verticalHeader().defaultSectionSize()
        )
        return self.horizontalHeader().sizeHint().height() + row + frame


def table(model: QAbstractItemModel, *, wrap: Sequence[int] = ()) -> QTableView:
    """A read-only, row-selecting table. With `wrap` columns (a RowsModel's texts) every column is fitted in sight,
    those wrapping and their rows growing; without, the columns fit their titles and the last one stretches."""
    view = _FittingTable(wrap)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(not wrap)  # fitted, the last column takes what is left
    # Titles over their texts: centred, a stretched last column's title floated in the middle of the line.
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    fit_to_contents(view)  # empty, the columns fit their titles (English ones are not French ones)
    return view


class SearchPage(Page):
    """Look procurations up; each row says whether the central store confirmed it; history below."""

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(
            self.tr("Rechercher une procuration"),
            self.tr(
                "NNE, début du nom (sans accents ni majuscules), numéro de récépissé ou référence "
                "Maprocuration. Le répertoire central est interrogé aussi avec le NNE, ou le nom suivi des prénoms "
                "(ex. « dubois jean » ; un nom de plusieurs mots en capitales ou suivi d'une virgule : "
                "« DA SILVA Ana », « da silva, ana »), et la date de naissance."
            ),
        )
        self.desk = desk
        self.runner = Runner(self)
        self.last_result: SearchResult | None = None
        self._history_sized = False
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("ex. 204512873, mart, GCH-75056-01-2026-000001, K7M2QX"))
        self.birth = DateInput()  # optional: said in its label, in sight when typed in too (the placeholder was cut)
        self.search_button = QPushButton(self.tr("Rechercher (Entrée)"))
        self.search_button.clicked.connect(self.search)
        # At 200 % text the fields and the button stack rather than squeeze what is typed to a few letters.
        self.body.addWidget(
            ButtonRow(
                Field(self.tr("&Rechercher"), self.query),
                Field(self.tr("Date de &naissance (facultative)"), self.birth),
                self.search_button,
                stretches=(3, 1, 0),
            )
        )
        self.state = QLabel(self.tr("Tapez un critère puis Entrée."))
        self.state.setObjectName("hint")
        self.state.setWordWrap(True)
        self.body.addWidget(self.state)
        self.notices = QLabel()  # R-NC-4, R-ELIG-5: what to tell the person beyond the rows
        self.notices.setObjectName("fieldWarning")
        self.notices.setWordWrap(True)
        self.notices.hide()
        self.body.addWidget(self.notices)
        self.model = ProcurationTableModel()
        self.results = table(self.model, wrap=ProcurationTableModel.WRAPPING)
        self.results.setAccessibleName(self.tr("Résultats de la recherche"))
        self.body.addWidget(self.results, 3)
        title = section_title(self.tr("Historique des statuts"))
        self.body.addWidget(title)
        self.history_model = HistoryTableModel()
        self.history = table(self.history_model)
        self.history.setAccessibleName(self.tr("Historique des statuts"))
        self.body.addWidget(self.history, 1)
        actions = QHBoxLayout()
        self.reprint_button = QPushButton(self.tr("Imprimer le récépissé (Ctrl+P)"))
        self.reprint_button.setProperty("secondary", True)
        self.reprint_button.clicked.connect(self.reprint)
        self.reprint_button.setEnabled(False)
        actions.addWidget(self.reprint_button)
        actions.addStretch(1)
        self.body.addLayout(actions)
        self.results.selectionModel().currentRowChanged.connect(self._on_row)
        QShortcut(QKeySequence("Ctrl+P"), self, self.reprint)
        order = (self.query, self.birth, self.search_button, self.results, self.history, self.reprint_button)
        for a, b in itertools.pairwise(order):
            self.setTabOrder(a, b)

    def why_not_offered(self) -> str | None:
        """Why the agent these screens were built for may not look procurations up (the navigation greys it)."""
        return self.desk.not_offered(Permission.PROCURATION_CONSULTER)

    def focus_first(self) -> None:
        """The search field."""
        self.query.setFocus()
        self.query.selectAll()

    def search(self) -> None:
        """Search on a worker (the store, and the central store which may be slow or away); the last one wins."""
        query = SearchQuery(self.query.text(), self.birth.value())
        self.state.setText(self.tr("Recherche…"))
        set_state(self.state, "neutral")
        self.search_button.setEnabled(False)
        self.runner.submit(
            lambda: self.desk.search(query), done=self._on_result, failed=self._on_failed, key="search", writes=True
        )

    def _on_failed(self, exc: Exception) -> None:
        self.search_button.setEnabled(True)
        if isinstance(exc, PermissionDenied):
            self.state.setText(exc.message)
        else:
            self.state.setText(self.tr("La recherche a échoué : réessayez. {reason}").format(reason=failure_text(exc)))
        set_state(self.state, "error")

    def _on_result(self, result: SearchResult) -> None:
        self.search_button.setEnabled(True)
        self.last_result = result
        self.model.set_rows(result.rows)
        self.history_model.set_rows([])
        local = self.tr("%n résultat(s) sur ce poste.", "", len(result.local))
        if result.kind == "vide":
            local = self.tr("Tapez un NNE, un début de nom, un numéro de récépissé ou une référence.")
        self.state.setText(f"{local} {result.central_message}")
        found = "ok" if result.central_state == "en_ligne" else "neutral"
        set_state(self.state, found)
        if found == "neutral":
            # A neutral line is not said (set_state), but this one answers the agent's Entrée: « 0 résultat sur ce
            # poste. Répertoire central non interrogé : indiquez la date de naissance. » went unheard over AT-SPI.
            announce(self.state, self.state.text())
        self.notices.setText("\n".join(result.notices))
        self.notices.setVisible(bool(result.notices))
        if result.rows:
            self.results.selectRow(0)
            self.results.setFocus()

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        self._show_history(row.history if row else ())
        if row is not None and row.source == "local" and not row.history:
            # The search returns rows without their history: the selected row's is read on a worker, the latest
            # selection wins (moving through the rows with the arrow keys asks for each, only the last is shown).
            pid = row.id
            self.runner.submit(
                lambda: self.desk.history(pid),
                done=partial(self._on_history, pid),
                failed=self._on_history_failed,
                key="history",  # no outbox entry (at most a consultation's journal line): no recount after it
            )
        if row is not None and row.advice and self.last_result is not None:
            self.notices.setText("\n".join(dict.fromkeys((*self.last_result.notices, row.advice))))
            self.notices.show()
        self.reprint_button.setEnabled(bool(row and row.receipt_number))

    def _show_history(self, items: Sequence[HistoryItem]) -> None:
        self.history_model.set_rows(items)
        if items and not self._history_sized:
            self._history_sized = True
            fit_to_contents(self.history)

    def _on_history(self, procuration_id: str, items: tuple[HistoryItem, ...]) -> None:
        row = self.model.row_at(self.results.currentIndex().row())
        if row is not None and row.id == procuration_id:  # still the row looked at
            self._show_history(items)

    def _on_history_failed(self, exc: Exception) -> None:
        if isinstance(exc, PermissionDenied):
            self.state.setText(exc.message)
        else:
            self.state.setText(
                self.tr("L'historique n'a pas pu être lu : sélectionnez de nouveau la ligne. {reason}").format(
                    reason=failure_text(exc)
                )
            )
        set_state(self.state, "error")

    def reprint(self) -> None:
        """Print the selected row's receipt: DUPLICATA once a copy was printed, the original otherwise."""
        row = self.model.row_at(self.results.currentIndex().row())
        if row is None or not row.receipt_number or self.runner.is_busy("print"):
            return
        number = row.receipt_number
        self.runner.submit(
            lambda: self.desk.reprint(number),
            done=self._on_printed,
            failed=self._on_failed,
            key="print",
            lane="serial",
            writes=True,
        )

    def _on_printed(self, result: PrintOutcome) -> None:
        if isinstance(result, PrintOutcome):
            kind = self.tr("Duplicata du récépissé") if result.duplicate else self.tr("Récépissé")
            text = (
                self.tr("{what} {number} imprimé.").format(what=kind, number=result.number)
                if result.printed
                else result.message
            )
            self.state.setText(text)
            set_state(self.state, "ok" if result.printed else "warn")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() in (self.query, self.birth):
            self.search()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.query.clear()
            self.birth.clear()
            self.model.set_rows([])
            self.history_model.set_rows([])
            self.focus_first()
            return
        super().keyPressEvent(event)

"""Activité du jour: this station's acts of the day, their status, their receipts; what to tell a citizen whose act
the central store later refused or voided."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QPushButton, QTableView

from desktop.receipts.layout import Paper
from desktop.receipts.signing import SignedReceipt
from desktop.services.desk import ActivityRow, DeskServices, PrintOutcome
from desktop.services.permissions import Permission, PermissionDenied
from desktop.views.kit import colours
from desktop.views.kit.day_watch import DayWatch
from desktop.views.kit.dialogs import open_passing
from desktop.views.kit.fields import failure_text
from desktop.views.kit.reflow import ButtonRow
from desktop.views.kit.runner import Runner
from desktop.views.kit.tablefit import fit_row_heights, text_margins
from desktop.views.procurations.names import shown_person
from desktop.views.receipt_preview import ReceiptPreview
from desktop.views.rows import RowsModel
from desktop.views.widgets import Page, set_state

ZERO_WIDTH_SPACE = "\u200b"
PRINTABLE = ("procuration", "resiliation")  # receipts the desk rebuilds; renewal receipts print from their screen
STATUS_WIDTH = 300  # px the status column may take in any case (the agent may widen it further)
PERSON_ROOM = 260  # px the person's column keeps when the status grows to be whole
STATUS_NARROW = 110  # px the status keeps when the table is too narrow for it on one line (it wraps)
SIZING_SAMPLE = 100  # rows Qt reads to size a column to its contents
PERSON_LEAST_CHARACTERS = 12  # the person's column, wrapped, is never narrower than this many characters
PERSON_NARROW = 200  # px under which the person's column takes width from the status, which then wraps
STATUS_SHARE = 2 / 5  # of the room the status and the person share when both wrap (the names need it more)


def receipt_cut(number: str) -> int:
    """Where a receipt number goes to a second line when its column is narrow: after the hyphen nearest its middle
    (« GCH-75056-01- » / « 2026-000004 »); 0 without a hyphen."""
    cuts = [i + 1 for i, c in enumerate(number) if c == "-"]
    return min(cuts, key=lambda i: abs(len(number) - 2 * i)) if cuts else 0


def breakable_receipt(number: str) -> str:
    """The number with a line-break opportunity (a zero-width space) at its cut: a hyphen before a digit is no break
    opportunity in Unicode's line breaking, so a narrow column elided the number instead of wrapping it."""
    at = receipt_cut(number)
    return f"{number[:at]}{ZERO_WIDTH_SPACE}{number[at:]}" if at else number


class ActivityTableModel(RowsModel[ActivityRow]):
    """One act per row; Statut and Impression come before the names, so they stay in sight."""

    TIME, KIND, STATUS, PRINT, NUMBER, AGENT, PERSON = range(7)
    WRAPPING = (KIND, STATUS, PERSON)  # the columns whose text may wrap (the others are as wide as their text)

    def __init__(self) -> None:
        super().__init__(
            [
                (self.tr("Heure"), lambda r: r.local_time),
                (self.tr("Acte"), self._kind),
                (self.tr("Statut"), lambda r: ("⚠ " if r.alert else "") + r.status_label),
                (self.tr("Impression"), self._printed),
                (self.tr("Récépissé"), lambda r: breakable_receipt(r.receipt_number)),
                (self.tr("Agent"), lambda r: r.agent_login or r.agent_name),  # who did it: the login, short
                (self.tr("Personne"), lambda r: shown_person(r.person)),
            ],
            extra=self._extra_roles,
        )

    agent_under_kind = False  # the table lacks room for the agent's column: the login under the act's kind

    def set_agent_under_kind(self, under: bool) -> None:
        if under != self.agent_under_kind:
            self.agent_under_kind = under
            for row, texts in zip(self.rows(), self._texts, strict=True):  # the cells' texts are kept, not computed
                texts[self.KIND] = self._kind(row)
            if self.rowCount():
                self.dataChanged.emit(self.index(0, self.KIND), self.index(self.rowCount() - 1, self.KIND))

    def _printed(self, r: ActivityRow) -> str:
        if not r.receipt_issued:  # a passport case opened today: its steps so far give no receipt
            return "—"
        return self.tr("À imprimer") if r.to_print else self.tr("%n impression(s)", "", r.printed)

    def _kind(self, r: ActivityRow) -> str:
        agent = r.agent_login or r.agent_name
        if not (self.agent_under_kind and agent):
            return r.kind_label
        return r.kind_label + "\n" + self.tr("par {agent}").format(agent=agent)

    def _extra_roles(self, r: ActivityRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.STATUS:
                if r.alert:
                    return QBrush(QColor(colours.current().error))
                theme = colours.current()
                return QBrush(QColor(theme.ok if r.status == "validee" else theme.warn))
            if col == self.PRINT and r.to_print:
                return QBrush(QColor(colours.current().warn))
        if col == self.NUMBER and role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if not r.receipt_issued:
                return self.tr("Dossier n° {number}").format(number=r.receipt_number)
            return r.receipt_number  # as printed, without the break opportunity
        if col == self.PRINT and role == Qt.ItemDataRole.AccessibleTextRole and not r.receipt_issued:
            return self.tr("Pas de récépissé")  # « — » is read as a dash
        # The account as the Agents screen and the journal name it; a screen reader reads no tooltip of a table's
        # cell, so it is the description too (said after the login, or after « par <login> » under the kind).
        agent_cell = col == self.AGENT or (col == self.KIND and self.agent_under_kind)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and agent_cell and r.agent_login:
            return self.tr("{name} ({login})").format(name=r.agent_name, login=r.agent_login)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (self.AGENT, self.KIND) and r.agent_login:
                return self.tr("{name} ({login})").format(name=r.agent_name, login=r.agent_login)
            if col == self.PERSON:
                return shown_person(r.person)
            if col == self.STATUS:
                return r.advice or r.status_label + " — " + r.sync_label
        return None


class ActivityPage(Page):
    """Today's acts: Entrée or Ctrl+P prints the selected receipt (the original while it was never printed),
    Ctrl+Maj+P previews it, F5 refreshes (the list also refreshes after each exchange with the central store)."""

    alerts_changed = Signal(int)  # acts the central store refused or voided today

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(
            self.tr("Activité du jour"),
            self.tr(
                "Les actes de ce poste aujourd'hui, leur statut et leur récépissé. Un acte refusé ou annulé par le "
                "répertoire central est signalé ici, avec ce qu'il faut dire au citoyen."
            ),
        )
        self.desk = desk
        self.runner = Runner(self)
        self.day_watch = DayWatch(self, desk.today, self.refresh)  # past midnight: the new day's acts, its badge
        self.rows: list[ActivityRow] = []
        self.loaded = False
        self.preview: ReceiptPreview | None = None
        self.last_print: PrintOutcome | None = None
        self.summary = QLabel(self.tr("Chargement…"))
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)
        self.model = ActivityTableModel()
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, the arrows move in it: no keyboard trap
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # Long statuses and names wrap (the rows grow) rather than push the person's column out of sight.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.wrapped = False  # the status and the person wrap so that every column is in sight
        self.overflowing = False  # even so they would not be: one line a row, the table scrolls sideways
        self._fitted_width = -1
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Columns sized from the rows in sight and a sample around them, not from the whole day (Qt's 1,000): the
        # times, receipt numbers and counts are all of a width, and a rare wider cell wraps (its row grows).
        header.setResizeContentsPrecision(SIZING_SAMPLE)
        header.setSectionResizeMode(ActivityTableModel.STATUS, QHeaderView.ResizeMode.Interactive)
        # Sized here: whole on one line, or cut once at a hyphen when the names would be left too little room.
        header.setSectionResizeMode(ActivityTableModel.NUMBER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ActivityTableModel.AGENT, QHeaderView.ResizeMode.Interactive)  # sized here too
        self.receipt_cut = False
        header.setSectionResizeMode(ActivityTableModel.PERSON, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(ActivityTableModel.STATUS, STATUS_WIDTH)
        self.table.setAccessibleName(self.tr("Actes du jour"))
        self.table.viewport().installEventFilter(self)
        self._rows_due = self._columns_due = False
        header.sectionResized.connect(self._column_resized)
        self.body.addWidget(self.table, 1)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.hide()
        self.body.addWidget(self.advice)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.body.addWidget(self.state)
        self.print_button = QPushButton(self.tr("Imprimer (Ctrl+P)"))
        self.preview_button = QPushButton(self.tr("Aperçu (Ctrl+Maj+P)"))
        self.preview_button.setProperty("secondary", True)
        self.refresh_button = QPushButton(self.tr("Actualiser (F5)"))
        self.refresh_button.setProperty("secondary", True)
        self.body.addWidget(ButtonRow(self.print_button, self.preview_button, self.refresh_button))
        self.print_button.clicked.connect(self.print_selected)
        self.preview_button.clicked.connect(self.preview_selected)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.table.activated.connect(lambda _index: self.print_selected())
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_selected)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.preview_selected)
        QShortcut(QKeySequence("F5"), self, self.refresh)
        for a, b in itertools.pairwise((self.table, self.print_button, self.preview_button, self.refresh_button)):
            self.setTabOrder(a, b)
        self._on_row(QModelIndex(), QModelIndex())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def why_not_offered(self) -> str | None:
        """Why the agent these screens were built for may not see the day's acts (the navigation greys it)."""
        return self.desk.not_offered(Permission.PROCURATION_CONSULTER)

    def focus_first(self) -> None:
        self.table.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        viewport = self.table.viewport()
        if watched is viewport and event.type() == QEvent.Type.Resize and not self._columns_due:
            # Once per turn of the event loop, however many sizes a window being dragged goes through (a day of
            # 1,000 acts takes 10-30 ms to fit).
            self._columns_due = True
            QTimer.singleShot(0, self, self._fit_columns_due)
        return super().eventFilter(watched, event)

    def _fit_columns_due(self) -> None:
        self._columns_due = False
        if self.table.viewport().width() != self._fitted_width:
            self._fit_columns()

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        """A wrapping column changed width (the person's follows the window; the agent may drag the status's): the
        rows' heights follow, once the header has settled."""
        if column in ActivityTableModel.WRAPPING and not self._rows_due:
            self._rows_due = True
            QTimer.singleShot(0, self, self._fit_rows_due)  # with the page as context: not after it is gone

    def _fit_rows_due(self) -> None:
        if self._rows_due:  # not already fitted since (`_fit_columns` fits them at once)
            self._fit_rows()

    def _fit_rows(self) -> None:
        self._rows_due = False
        columns = (*ActivityTableModel.WRAPPING, ActivityTableModel.NUMBER) if self.receipt_cut else None
        fit_row_heights(self.table, self.model.text, columns or ActivityTableModel.WRAPPING)

    def _fit_columns(self) -> None:
        """Every column in sight, at any width the window takes, or one line a row when nothing can make it so.

        With room, the status is on one line, as wide as the statuses, up to STATUS_WIDTH, and beyond when the
        person's column keeps its room (at a fixed 300 px « Provisional, waiting for the central store » was cut in
        English while the names had half the table). Without it (1024×768), the status and the person wrap in the
        columns that share what is left and the rows grow: before, at 1024×768 the person's column was past the
        table's right edge, to be scrolled to sideways. When even that cannot fit (200 % text: the time, the act, the
        printing and the receipt number alone are wider than the table), wrapping would only make the rows taller:
        every column keeps its text on one line and the table scrolls sideways, as a data table may (RGAA 10.11)."""
        header = self.table.horizontalHeader()
        width = self.table.viewport().width()
        self._fitted_width = width

        def wanted(column: int) -> int:
            return max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column))

        receipt, agent = wanted(ActivityTableModel.NUMBER), wanted(ActivityTableModel.AGENT)
        sized = {ActivityTableModel.NUMBER: receipt, ActivityTableModel.AGENT: agent}
        others = sum(
            sized.get(c, header.sectionSize(c))
            for c in range(self.model.columnCount())
            if c not in (ActivityTableModel.STATUS, ActivityTableModel.PERSON)
        )
        room = width - others
        status, person = wanted(ActivityTableModel.STATUS), wanted(ActivityTableModel.PERSON)
        # The agent's login has a column while the rest keeps its layout; when the table is crowded even without it
        # (1024×768: the receipt number goes on two lines), the login goes under the act's kind, in rows that take
        # two lines there anyway, and the names keep their room.
        folded = room + agent - status < min(person, PERSON_NARROW)
        if folded:
            room += agent
        crowded = folded and room - status < min(person, PERSON_NARROW)
        # At 1024×768 the receipt number (« GCH-75056-01-2026-000004 ») took twice the names' width: when the names
        # lack room it goes on two lines, cut at a hyphen, every character in sight (never elided: it is read out).
        cut = self._receipt_cut_width() if crowded else receipt
        self.receipt_cut = cut < receipt
        room += receipt - cut
        crowded = folded and room - status < min(person, PERSON_NARROW)
        narrow = status
        if crowded:  # the widest word only when the status may have to wrap (it reads every row)
            narrow = max(STATUS_NARROW, self._longest_word(ActivityTableModel.STATUS), int(room * STATUS_SHARE))
        person_least = PERSON_LEAST_CHARACTERS * self.table.fontMetrics().averageCharWidth()
        self.wrapped = crowded and room >= min(status, narrow) + person_least
        self.overflowing = crowded and not self.wrapped
        if self.overflowing:  # one line a row: the receipt number whole on it, the agent in a column of its own
            self.receipt_cut, cut, folded = False, receipt, False
        self.model.set_agent_under_kind(folded)
        self.table.setColumnHidden(ActivityTableModel.AGENT, folded)
        header.resizeSection(ActivityTableModel.NUMBER, cut)
        header.resizeSection(ActivityTableModel.AGENT, agent)
        header.setSectionResizeMode(
            ActivityTableModel.PERSON,
            QHeaderView.ResizeMode.Interactive if self.overflowing else QHeaderView.ResizeMode.Stretch,
        )
        if self.overflowing:
            header.resizeSection(ActivityTableModel.STATUS, status)
            header.resizeSection(ActivityTableModel.PERSON, person)
        elif self.wrapped:
            header.resizeSection(ActivityTableModel.STATUS, min(status, narrow))
        else:
            header.resizeSection(ActivityTableModel.STATUS, min(status, max(STATUS_WIDTH, room - PERSON_ROOM)))
        self._fit_rows()

    def _receipt_cut_width(self) -> int:
        """px of the longest receipt number cut at the hyphen nearest its middle (« GCH-75056-01- » over
        « 2026-000004 »), its title and the cell's margins: the width at which it takes two lines."""
        longest = max((r.receipt_number for r in self.rows), key=len, default="")
        metrics = self.table.fontMetrics()
        at = receipt_cut(longest)
        if not at:
            return self.table.sizeHintForColumn(ActivityTableModel.NUMBER)
        piece = max(metrics.horizontalAdvance(longest[:at]), metrics.horizontalAdvance(longest[at:]))
        title = self.table.horizontalHeader().sectionSizeHint(ActivityTableModel.NUMBER)
        return max(piece + text_margins(self.table) + 2, title)

    def _longest_word(self, column: int) -> int:
        """px of the widest word of a column (and the cell's margins): narrower, a word would be cut."""
        texts = {self.model.text(row, column) for row in range(self.model.rowCount())}
        metrics = self.table.fontMetrics()
        widest = max((metrics.horizontalAdvance(word) for text in texts for word in text.split()), default=0)
        return widest + text_margins(self.table)

    def refresh(self) -> None:
        """Read today's acts on the runner; the latest answer wins. A role that may not consult is told so here,
        without asking the service at each sync pass (the service audits a refusal: one per attempt, not per pass)."""
        refused = self.desk.refusal(Permission.PROCURATION_CONSULTER)
        if refused is not None:
            self._failed(PermissionDenied(refused.message, permission=Permission.PROCURATION_CONSULTER))
            return
        self.runner.submit(self.desk.activity, done=self._loaded, failed=self._failed, key="load")

    def _failed(self, exc: Exception) -> None:
        self.summary.setText(exc.message if isinstance(exc, PermissionDenied) else failure_text(exc))
        set_state(self.summary, "error")

    def _loaded(self, rows: list[ActivityRow]) -> None:
        selected = self.selected()
        self.rows, self.loaded = rows, True
        self.model.set_rows(rows)
        self._fit_columns()
        alerts = sum(r.alert for r in rows)
        to_print = sum(r.to_print for r in rows)
        # The day's acts, as the dashboard's bar and the Rapport d'activité count them: an earlier day's act refused
        # today is listed (and counted among the refusals) but was not made today.
        parts = [self.tr("%n acte(s) aujourd'hui", "", sum(r.of_today for r in rows))]
        if to_print:
            parts.append(self.tr("%n récépissé(s) à imprimer", "", to_print))
        if alerts:
            parts.append(self.tr("%n acte(s) refusé(s) ou annulé(s) : prévenez le(s) citoyen(s)", "", alerts))
        self.summary.setText(" — ".join(parts) + ".")
        set_state(self.summary, "error" if alerts else ("warn" if to_print else "neutral"))
        self.alerts_changed.emit(alerts)
        row = 0
        if selected is not None:
            row = next((i for i, r in enumerate(rows) if r.receipt_number == selected.receipt_number), 0)
        if rows:
            self.table.selectRow(row)
        else:
            self._on_row(QModelIndex(), QModelIndex())

    def selected(self) -> ActivityRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        # An action with nothing to act on is disabled (and looks it); renewal receipts print from their screen.
        printable = row is not None and row.kind in PRINTABLE
        self.print_button.setEnabled(printable)
        self.preview_button.setEnabled(printable)
        if row is not None:
            label = self.tr("Imprimer (Ctrl+P)") if row.to_print else self.tr("Réimprimer (duplicata, Ctrl+P)")
            self.print_button.setText(label)
        if row is not None and row.advice:
            self.advice.setText(row.advice)
            set_state(self.advice, "error")
            self.advice.show()
        else:
            self.advice.hide()

    def print_selected(self) -> None:
        row = self.selected()
        if row is None or row.kind not in PRINTABLE or self.runner.is_busy("print"):
            return
        number = row.receipt_number
        self.state.setText(self.tr("Impression du récépissé n° {n}…").format(n=number))
        set_state(self.state, "neutral")
        self.runner.submit(
            lambda: self.desk.reprint(number),
            done=self._printed,
            failed=self._failed,
            key="print",
            lane="serial",
            writes=True,
        )

    def _printed(self, result: PrintOutcome) -> None:
        self.last_print = result
        if result.printed:
            what = self.tr("Duplicata du récépissé") if result.duplicate else self.tr("Récépissé")
            self.state.setText(self.tr("{what} n° {number} imprimé.").format(what=what, number=result.number))
            set_state(self.state, "ok")
        else:
            self.state.setText(
                self.tr("Récépissé n° {number} non imprimé : {reason}").format(
                    number=result.number, reason=result.message
                )
            )
            set_state(self.state, "warn")
        self.refresh()

    def preview_selected(self) -> None:
        row = self.selected()
        if row is None or row.kind not in PRINTABLE:
            return
        number = row.receipt_number
        self.runner.submit(lambda: self.desk.kept_receipt(number), done=self._open_preview, failed=self._failed)

    def _open_preview(self, signed: SignedReceipt | None) -> None:
        if signed is None:
            self.state.setText(self.tr("Récépissé introuvable sur ce poste."))
            set_state(self.state, "error")
            return
        paper: Paper = "roll80" if self.desk.settings.printer_paper == "rouleau80" else "a4"
        label = (
            self.tr("Réimprimer le duplicata (Entrée)") if signed.receipt.duplicate else self.tr("Imprimer (Entrée)")
        )
        self.preview = open_passing(
            ReceiptPreview(signed, paper=paper, on_print=self.print_selected, print_label=label, parent=self),
            self._preview_closed,
        )

    def _preview_closed(self, preview: ReceiptPreview) -> None:
        if self.preview is preview:
            self.preview = None

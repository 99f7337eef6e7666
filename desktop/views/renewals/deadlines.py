"""« Échéances du jour »: old passports due back soon, and cases past day 40 to invalidate (R-PASS-1)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.passports import ActResult, CaseSummary, DailyDeadlines, PassportService
from desktop.services.renewal_base import RenewalError
from desktop.views.kit.announce import announce
from desktop.views.kit.dates import fr_date
from desktop.views.kit.day_watch import DayWatch
from desktop.views.kit.fields import failure_text, section_title
from desktop.views.kit.fitcolumns import FitColumns
from desktop.views.kit.reflow import ButtonRow, WrappedBox, WrappingButton
from desktop.views.kit.runner import Runner
from desktop.views.rows import RowsModel
from desktop.views.translations import translate, units

WRAP = (0, 1, 4)  # the case number (at its hyphens), the applicant and the status wrap


def deadline_model() -> RowsModel[CaseSummary]:
    """Number, applicant, deadline, days left or late, status."""
    return RowsModel[CaseSummary](
        [
            (translate("DeadlinesPanel", "Dossier"), lambda c: c.case_number),
            (translate("DeadlinesPanel", "Demandeur"), lambda c: c.display_name),
            (translate("DeadlinesPanel", "Renvoi avant le"), lambda c: fr_date(c.deadline)),
            (translate("DeadlinesPanel", "Jours"), lambda c: _days(c.days_left)),
            (translate("DeadlinesPanel", "Statut"), lambda c: c.status_label),
        ]
    )


def _days(left: int | None) -> str:
    if left is None:
        return "—"
    if left < 0:
        return units().days_late(-left)
    return translate("DeadlinesPanel", "dernier jour") if left == 0 else units().days(left)


class _CaseTable(QTableView):
    """A list of cases never squeezed below its titles and one row (its current one, else its first): at 200 % text
    both lists were squeezed to their titles, the case « Invalider et signaler à Interpol » acts on out of sight; the
    screen scrolls instead."""

    def __init__(self) -> None:
        super().__init__()
        # The row's height follows its wrapped words, the scroll bar the columns: the layout asks again.
        self.verticalHeader().sectionResized.connect(lambda *_a: self.updateGeometry())
        self.horizontalScrollBar().rangeChanged.connect(lambda *_a: self.updateGeometry())

    def currentChanged(
        self, current: QModelIndex | QPersistentModelIndex, previous: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().currentChanged(current, previous)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        current = self.currentIndex().row()
        row = self.rowHeight(current if current >= 0 else 0) if self.model() and self.model().rowCount() else 0
        row = max(row, self.verticalHeader().defaultSectionSize())
        bar = self.horizontalScrollBar()
        below = bar.sizeHint().height() if bar.maximum() > 0 else 0  # a sideways scroll bar takes its height
        titles = self.horizontalHeader()
        header = max(titles.height(), titles.sizeHint().height()) if titles.isVisible() else 0
        return QSize(hint.width(), max(hint.height(), header + row + below + 2 * self.frameWidth()))


def _table(model: RowsModel[CaseSummary]) -> QTableView:
    table = _CaseTable()
    table.setTabKeyNavigation(False)  # Tab leaves the list, the arrows move in it: no keyboard trap
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    FitColumns(table, model, model.text, WRAP)
    return table


class DeadlinesPanel(WrappedBox):
    """Both lists; `open_requested` asks the page to show a case in the passport tab. As tall as its wrapped lines
    need (`WrappedBox`: at 200 % text the armed request and button squeezed the lists to nothing)."""

    open_requested = Signal(str)
    refused = Signal(str)  # the agent may not use this desk (R-DATA-3)
    allowed = Signal()

    def __init__(self, service: PassportService, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self.last: DailyDeadlines | None = None
        # Left open overnight: the new day's lists (day 41 flagged, R-PASS-1); hidden, the tab reads them when shown.
        self.day_watch = DayWatch(self, service.today, lambda: self.refresh() if self.isVisible() else None)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        soon_title = section_title(self.tr("Ancien passeport attendu dans les 7 jours"))
        late_title = section_title(self.tr("Délai de 40 jours dépassé : invalidation et signalement à Interpol"))
        for title in (soon_title, late_title):
            title.setWordWrap(True)
        self.soon_model, self.late_model = deadline_model(), deadline_model()
        self.soon_table, self.late_table = _table(self.soon_model), _table(self.late_model)
        self.soon_table.setAccessibleName(soon_title.text())
        self.late_table.setAccessibleName(late_title.text())
        self.soon_table.activated.connect(lambda i: self._open(self.soon_model.row_at(i.row())))
        self.late_table.activated.connect(lambda i: self._open(self.late_model.row_at(i.row())))
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)  # the request's sentence on one line made the screen scroll sideways (RGAA 10.11)
        self.error.hide()
        self.refresh_btn = QPushButton(self.tr("&Actualiser"))
        self.refresh_btn.setProperty("secondary", True)
        self.refresh_btn.clicked.connect(self.refresh)
        self.open_btn = QPushButton(self.tr("&Ouvrir le dossier"))
        self.open_btn.setProperty("secondary", True)
        self.open_btn.clicked.connect(self._open_selected)
        self._armed: str | None = None  # the case whose invalidation was asked once: the second press confirms it
        # Wraps between words: armed, it names the case (« Confirmer l'invalidation du dossier RPD-… »), wider than
        # the screen at 1024×768 with 200 % text; its whole text stays its accessible name.
        self.confirm_btn = WrappingButton(self._confirm_text())
        self.confirm_btn.setToolTip(self.tr("Confirmer l'invalidation du passeport et son signalement à Interpol"))
        self.confirm_btn.setProperty("danger", True)
        self.confirm_btn.clicked.connect(self.confirm_selected)
        self.late_table.selectionModel().currentRowChanged.connect(lambda *_a: self._disarm())
        buttons = ButtonRow(self.refresh_btn, self.open_btn, self.confirm_btn)
        self.open_btn.setEnabled(False)  # until the list says there is something to open
        self.confirm_btn.setEnabled(False)
        for w in (self.summary, soon_title, self.soon_table, late_title, self.late_table):
            layout.addWidget(w)
        layout.addWidget(buttons)
        layout.addWidget(self.error)

    def refresh(self) -> None:
        """Recompute today's list on the runner (the service flags cases past day 40 as it does)."""
        self._runner.submit(
            self._service.daily_deadlines, done=self._listed, failed=self._list_failed, key="deadlines", writes=True
        )

    def _list_failed(self, exc: Exception) -> None:
        if isinstance(exc, RenewalError):
            self.refused.emit(str(exc))
        else:
            self._say(failure_text(exc))

    def _listed(self, lists: DailyDeadlines) -> None:
        self.last = lists
        self._disarm()
        self.allowed.emit()
        self.soon_model.set_rows(lists.due_soon)
        self.late_model.set_rows(lists.overdue)
        soon, late = len(lists.due_soon), len(lists.overdue)
        text = self.tr("Le {0} : {1} bientôt, {2} en retard.").format(
            fr_date(lists.today),
            self.tr("%n renvoi(s) attendu(s)", "", soon),
            self.tr("%n dossier(s)", "", late),
        )
        if lists.newly_flagged:
            flagged = lists.newly_flagged
            text += " " + self.tr("%n dossier(s) vien(nen)t d'être signalé(s) pour invalidation.", "", flagged)
        self.summary.setText(text)
        if lists.overdue and not self.late_table.currentIndex().isValid():
            self.late_table.selectRow(0)
        # An action with nothing to act on is disabled (and looks it).
        self.confirm_btn.setEnabled(bool(lists.overdue))
        self.open_btn.setEnabled(bool(lists.overdue or lists.due_soon))

    def _confirm_text(self, case_number: str | None = None) -> str:
        if case_number is None:
            return self.tr("&Invalider et signaler à Interpol")
        return self.tr("Confirmer l'&invalidation du dossier {case}").format(case=case_number)

    def _disarm(self) -> None:
        """Another case chosen, the list read again or the act done: the invalidation asked is no longer pending."""
        if self._armed is not None:
            self.error.hide()  # « … sera invalidé … appuyez de nouveau » no longer holds
        self._armed = None
        self.confirm_btn.setText(self._confirm_text())

    def confirm_selected(self) -> None:
        """Invalidate the selected overdue case and report it to Interpol (who confirmed is recorded): the first press
        names the case and asks again, the second does it (it cannot be undone; Alt+I alone, on the first case the
        list selects, did it unseen)."""
        row = self.late_model.row_at(self.late_table.currentIndex().row())
        if row is None:
            self._say(self.tr("Choisissez un dossier en retard dans la liste."))
            return
        if self._armed != row.id:
            self._armed = row.id
            self.confirm_btn.setText(self._confirm_text(row.case_number))
            self._say(
                self.tr(
                    "Le passeport du dossier {case} ({name}) sera invalidé et signalé à Interpol, sans retour "
                    "possible : appuyez de nouveau pour confirmer."
                ).format(case=row.case_number, name=row.display_name)
            )
            return
        self._disarm()
        case_id, number = row.id, row.case_number
        self._runner.submit(
            lambda: self._service.confirm_invalidation(case_id),
            done=lambda result: self._confirmed(result, number),
            failed=lambda exc: self._say(str(exc) if isinstance(exc, RenewalError) else failure_text(exc)),
            key="deadlines.confirm",
            writes=True,
        )

    def _confirmed(self, result: ActResult, case_number: str) -> None:
        if not result.ok:
            self._say("\n".join(f"{v.message} ({v.rule_id})" for v in result.violations))
            return
        self.error.hide()
        # The row leaves the list: said, or a screen reader user hears nothing of an act that cannot be undone.
        announce(self, self.tr("Dossier {case} : passeport invalidé et signalé à Interpol.").format(case=case_number))
        self.refresh()

    def _open_selected(self) -> None:
        for table, model in ((self.late_table, self.late_model), (self.soon_table, self.soon_model)):
            if table.hasFocus() or table.currentIndex().isValid():
                self._open(model.row_at(table.currentIndex().row()))
                return

    def _open(self, row: CaseSummary | None) -> None:
        if row is not None:
            self.open_requested.emit(row.id)

    def _say(self, text: str) -> None:
        """Under the buttons, and said at once to a screen reader (the request before an act that cannot be undone,
        a refusal): the line alone was never heard."""
        self.error.setText(text)
        self.error.show()
        announce(self.error, text, assertive=True)

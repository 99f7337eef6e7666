"""The « Passeport à distance » tab: the case list on the left, the new-case form or the open case on the right."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.passports import CaseDetail, CaseSummary, PassportService
from desktop.services.renewal_base import RenewalError
from desktop.views.kit.dates import fr_date
from desktop.views.kit.fields import failure_text
from desktop.views.kit.fitcolumns import FitColumns
from desktop.views.kit.runner import Runner
from desktop.views.kit.tablefit import hold_rows
from desktop.views.renewals.passport_case import WHOLE_PART, CaseView
from desktop.views.renewals.passport_form import NewCaseForm
from desktop.views.rows import RowsModel
from desktop.views.translations import translate


def case_model() -> RowsModel[CaseSummary]:
    """Number, applicant, step, status, deadline."""
    return RowsModel[CaseSummary](
        [
            (translate("PassportPanel", "Dossier"), lambda c: c.case_number),
            (translate("PassportPanel", "Demandeur"), lambda c: c.display_name),
            (translate("PassportPanel", "Étape"), lambda c: f"{c.step}/8"),
            (translate("PassportPanel", "Statut"), lambda c: c.status_label),
            (translate("PassportPanel", "Renvoi avant le"), lambda c: fr_date(c.deadline)),
        ]
    )


WRAP = (0, 1, 3)  # the case number (at its hyphens), the applicant and the status wrap; the step and date do not


class _Pane(QScrollArea):
    """The form's or the case's pane: the control given the focus, by Tab or by the screen, in sight with what goes
    with it. Qt scrolls to a control reached by Tab only: at 200 % text a case opened with the focus on its step's
    first box under the pane's edge, and the security number (shown once) and its « J'ai communiqué le numéro » under
    it too: Espace wiped a number the agent had never seen."""

    PART_CAP = 12  # lines of text: a part taller than that scrolls inside the pane, the screen never more

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self._part = 0  # px the part holding the focus needs when the pane's share of the tab is less
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a Tab stop of its own (an unnamed « zone de défilement » between the list and the case): its controls
        # are, and each one given the focus is brought into sight (`_focus_moved`), as the screens' own scroll areas.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # As needed, not off: at 200 % text the form is wider than the pane and must stay reachable.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWidget(content)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._part:  # grown for a part: scrolled to it once the screen has given the pane its final height
            QTimer.singleShot(0, self, lambda: self._focus_moved(None, QApplication.focusWidget()))

    def minimumSizeHint(self) -> QSize:
        """Tall enough for the part that holds the focus (`_focus_moved`): under the case list's rows at 200 % text
        the pane had 206 px, the security number's sentence (shown once) 140 px above the number and its button;
        the screen scrolls a little instead, for that part only."""
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self._part))

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        content = self.widget()
        if new is None or content is None or not content.isAncestorOf(new) or not self.isVisible():
            if self._part and (new is None or content is None or not content.isAncestorOf(new)):
                self._part = 0  # the focus left the pane: the list has its rows back
                self.updateGeometry()
            return
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # a part just shown (the number) laid out
        box = new
        while box.parentWidget() is not None and box.parentWidget() is not content:
            box = box.parentWidget()  # type: ignore[assignment]
        # Its part of the pane from the top down to the control when that fits (the number's sentence, the number and
        # its button; a step's date and its label), else the control itself.
        top = box.mapTo(content, QPoint(0, 0)).y()
        bottom = new.mapTo(content, QPoint(0, new.height())).y()
        # A part shown once (the security number) is held whole in sight: the pane grows for it; others scroll.
        whole = bool(box.property(WHOLE_PART))
        part = min(bottom - top + 2 * self.frameWidth(), self.PART_CAP * self.fontMetrics().height()) if whole else 0
        shown = self.viewport().height()
        if (part > shown and part != self._part) or part < self._part:  # taller than the pane, or no longer needed
            self._part = part if part > shown else 0
            self.updateGeometry()
            # Again once the screen has laid the pane out at its new height (then this part fits, or needs it).
            QTimer.singleShot(0, self, lambda: self._focus_moved(None, QApplication.focusWidget()))
            return
        outer = self.parentWidget()
        while self._part and outer is not None and not isinstance(outer, QScrollArea):
            outer = outer.parentWidget()
        if self._part and isinstance(outer, QScrollArea):
            outer.ensureWidgetVisible(self, 0, 0)  # the screen scrolled to the pane, the pane to the part
        if bottom - top <= self.viewport().height():
            self.ensureWidgetVisible(box, 0, 0)  # the whole part when it fits, else from its top
            bar = self.verticalScrollBar()
            if bar.value() > top or bottom > bar.value() + self.viewport().height():
                bar.setValue(top)
        else:
            self.ensureWidgetVisible(new)


class PassportPanel(QWidget):
    """List and detail side by side (one above the other on a narrow window); Enter on a row opens it, Alt+N starts a
    new case."""

    WIDE = 980  # px from which the list and the form stand side by side

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= self.WIDE
        self._sides.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        # Side by side the list has the larger share (its five columns in sight); one above the other (1024×768) the
        # case or the form has it: under the list it had 200 px, its number and its steps scrolled out of sight.
        self._sides.setStretch(0, 3 if wide else 2)
        self._sides.setStretch(1, 2 if wide else 3)
        super().resizeEvent(event)

    refused = Signal(str)  # the agent may not use this desk (R-DATA-3)
    allowed = Signal()

    def __init__(self, service: PassportService, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._sides = layout
        left = QVBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Rechercher : n° de dossier ou nom"))
        self.search.setAccessibleName(self.tr("Rechercher un dossier de passeport"))
        self.search.setAccessibleDescription(self.tr("N° de dossier ou nom, puis Entrée (Ctrl+F)"))
        self.search.returnPressed.connect(self.refresh)
        self.new_btn = QPushButton(self.tr("Nouveau dossier (Alt+N)"))
        self.new_btn.setProperty("secondary", True)
        self.new_btn.clicked.connect(self.new_case)
        self.model = case_model()
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, the arrows move in it: no keyboard trap
        self.table.setAccessibleName(self.tr("Dossiers de passeport"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self._fit = FitColumns(self.table, self.model, self.model.text, WRAP)  # at 1366×768 beside the form: « St… »
        # Two cases in sight whatever the case under the list takes: at 200 % text the open case's pane took the
        # whole height and the list showed its titles and its scroll bar, no case (audit of session 33).
        hold_rows(self.table, 2)
        self.table.activated.connect(self._open_index)
        self.table.doubleClicked.connect(self._open_index)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        left.addWidget(self.search)
        left.addWidget(self.table, 1)
        left.addWidget(self.new_btn, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.error)
        self.form = NewCaseForm(service, runner)
        self.form.opened.connect(self._opened)
        self.case_view = CaseView(service, runner)
        self.case_view.changed.connect(self.refresh)
        self.stack = QStackedWidget()
        for w in (self.form, self.case_view):
            self.stack.addWidget(_Pane(w))
        layout.addLayout(left, 3)  # the list's five columns in sight at 1366×768; the form wraps its rows beside it
        layout.addWidget(self.stack, 2)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        self.setMinimumWidth(0)
        QShortcut(QKeySequence("Alt+N"), self, self.new_case)

    def refresh(self) -> None:
        """Reload the list on the runner (a consultation: audited by the service)."""
        query = self.search.text()
        self._runner.submit(
            lambda: self._service.list_cases(query=query),
            done=self._listed,
            failed=self._list_failed,
            key="passport.list",
            writes=True,
        )

    def _listed(self, rows: list[CaseSummary]) -> None:
        self.model.set_rows(rows)
        self.allowed.emit()

    def _list_failed(self, exc: Exception) -> None:
        if isinstance(exc, RenewalError):
            self.refused.emit(str(exc))
        else:
            self._say(failure_text(exc))

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def new_case(self) -> None:
        """Show the empty form with the focus on its first field."""
        self.stack.setCurrentIndex(0)
        self.form.last_name.setFocus()

    def open_case(self, case_id: str) -> None:
        """Show one case, read on the runner (a consultation: audited by the service)."""
        self._runner.submit(
            lambda: self._service.get_case(case_id),
            done=self._got,
            failed=lambda exc: self._say(str(exc) if isinstance(exc, RenewalError) else failure_text(exc)),
            key="passport.open",
            writes=True,
        )

    def _got(self, case: CaseDetail) -> None:
        self.error.hide()
        self._show(case)

    def _opened(self, case: object) -> None:
        assert isinstance(case, CaseDetail)
        self.refresh()
        self._show(case)

    def _show(self, case: CaseDetail) -> None:
        self.case_view.show_case(case)
        self.stack.setCurrentIndex(1)
        self.case_view.focus_action()

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_case(row.id)

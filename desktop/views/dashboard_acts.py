"""The dashboard's lists of acts (behind a bar, the entries waiting, a rule's refusals), and the receipt of one of them.

No elector's name in the list: the receipt number identifies the act. The receipt itself names the mandant: it opens
for a supervisor whose capacity may consult the procurations (R-DATA-3), read and journaled off the GUI thread
(R-DATA-4, `DashboardService.receipt`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.views.kit.announce import announce
from desktop.views.kit.dialogs import open_passing
from desktop.views.kit.fields import failure_text, section_title
from desktop.views.kit.fitcolumns import FitColumns
from desktop.views.kit.runner import Runner
from desktop.views.rows import RowsModel
from desktop.views.translations import unbroken
from desktop.views.widgets import name_headers, set_state

if TYPE_CHECKING:
    from desktop.receipts.signing import SignedReceipt
    from desktop.services.dashboard_values import ActRow
    from desktop.views.receipt_preview import ReceiptPreview

RECEIPTED = ("procuration", "resiliation")  # the kinds whose receipt the store rebuilds (renewals: their screens)


class ActsModel(RowsModel["ActRow"]):
    """The acts behind a bar: no elector's name, the receipt number identifies the act."""

    def __init__(
        self, zone: ZoneInfo, parent: QWidget | None = None, *, waiting: bool = False, rule: bool = False
    ) -> None:
        """`waiting`: entries waiting for the central store, queued over several days: the date with the time.
        `rule`: the acts a rule refused or invalidated over the period: when, and which of the two."""
        if waiting:
            when = (self.tr("En attente depuis"), lambda a: a.at.astimezone(zone).strftime("%d/%m/%Y %H:%M"))
        elif rule:
            when = (self.tr("Refusé ou invalidé le"), lambda a: a.at.astimezone(zone).strftime("%d/%m/%Y %H:%M"))
        else:
            when = (self.tr("Heure"), lambda a: a.at.astimezone(zone).strftime("%H:%M"))
        columns = [
            when,
            (self.tr("Nature"), lambda a: a.kind_label),
            (self.tr("N° de récépissé"), lambda a: a.receipt_number),
            (self.tr("Canal"), lambda a: a.channel_label),
            (self.tr("Statut"), lambda a: unbroken(a.status_label)),  # « (R-LIMIT-1) » whole when it wraps
            (self.tr("Agent"), lambda a: a.agent_name),
        ]
        if rule:
            columns.insert(1, (self.tr("Décision"), lambda a: a.decision))  # beside when: what the figure counts
        # The columns that wrap on a small screen (kit.FitColumns): the words, not the dates and numbers.
        self.wrap = tuple(range(len(columns) - 3, len(columns))) + ((1,) if rule else ())
        super().__init__(columns, parent)


class ActsDialog(QDialog):
    """The acts behind one figure; Entrée (or a double-click) on a procuration or a résiliation opens its receipt."""

    def __init__(
        self,
        title: str,
        rows: list[ActRow],
        zone: ZoneInfo,
        parent: QWidget | None = None,
        *,
        waiting: bool = False,
        rule: bool = False,
        receipt: Callable[[str], SignedReceipt | None] | None = None,
        receipt_refused: str | None = None,
    ) -> None:
        """`receipt`: reads an act's receipt (the store: on the dialog's runner); `receipt_refused`: why this
        supervisor may not open receipts (R-DATA-3), said under the list, the button disabled."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.runner = Runner(self)
        self.read_receipt = receipt
        self.receipt_refused = receipt_refused
        self.preview: ReceiptPreview | None = None
        # Within the screen, its frame included (1040 px wide, at 1024×768 its agents and « Fermer » were off it).
        free = (parent or self).screen().availableGeometry()
        self.resize(min(1040, free.width() - 40), min(460, free.height() - 60))
        layout = QVBoxLayout(self)
        # The waiting entries are counted as the dashboard counts them (« 26 entrées en attente »): one act may have
        # several (a passport's steps).
        count = self.tr("%n entrée(s)", "", len(rows)) if waiting else self.tr("%n acte(s)", "", len(rows))
        heading = section_title(title + " — " + count)
        layout.addWidget(heading)
        self.model = ActsModel(zone, self, waiting=waiting, rule=rule)
        self.model.set_rows(rows)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, the arrows move in it: no keyboard trap
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Every column in sight at 1024×768: the channel, status, agent (and decision) wrap within their share (the
        # agents were past the right edge, the list scrolled sideways).
        self._fit = FitColumns(self.table, self.model, self.model.text, self.model.wrap)
        layout.addWidget(self.table, 1)
        self.state = QLabel()
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Fermer"))
        self.receipt_button = QPushButton(self.tr("Voir le &récépissé (Entrée)"))
        self.receipt_button.setAutoDefault(False)
        self.receipt_button.setVisible(receipt is not None)
        buttons.addButton(self.receipt_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)
        self.setTabOrder(self.table, self.receipt_button)  # in reading order: the list, its action, then « Fermer »
        self.setTabOrder(self.receipt_button, buttons.button(QDialogButtonBox.StandardButton.Close))
        self.receipt_button.clicked.connect(self.open_receipt)
        # A double-click here; Entrée in `keyPressEvent` (the table passes it on, and the dialog would close).
        self.table.doubleClicked.connect(lambda _index: self.open_receipt())
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.open_receipt)  # the counter's « Aperçu » shortcut
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.table.setAccessibleName(title)  # the bar's series and day, as the heading says
        name_headers(self)
        if rows:
            self.table.selectRow(0)
        else:
            self._on_row(QModelIndex(), QModelIndex())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.read_receipt is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_receipt()  # not « Fermer »: Entrée on a row opens its receipt, Échap closes
            return
        super().keyPressEvent(event)

    def selected(self) -> ActRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.read_receipt is None:
            return
        row = self.model.row_at(current.row())
        has_receipt = row is not None and row.kind in RECEIPTED and row.receipt_number != "—"
        self.receipt_button.setEnabled(has_receipt and self.receipt_refused is None)
        if self.receipt_refused is not None:
            self.state.setText(self.receipt_refused)
            set_state(self.state, "neutral")
        elif row is not None and not has_receipt:
            self.state.setText(self.tr("Le récépissé de cet acte s'ouvre depuis l'écran de son renouvellement."))
            set_state(self.state, "neutral")
        else:
            self.state.clear()

    def open_receipt(self) -> None:
        """Read the selected act's receipt off the GUI thread, then show it (the counter's preview, without
        printing: a reprint is the counter's act)."""
        row, read = self.selected(), self.read_receipt
        if row is None or read is None:
            return
        if not self.receipt_button.isEnabled():
            # Why, written under the list where the focus never goes: said, or Entrée did nothing to a screen reader.
            announce(self.state, self.state.text())
            return
        number = row.receipt_number
        self.state.setText(self.tr("Lecture du récépissé n° {n}…").format(n=number))
        set_state(self.state, "neutral")
        announce(self.state, self.state.text())  # a neutral line is not said by itself; the preview comes after
        self.runner.submit(lambda: read(number), done=self._show_receipt, failed=self._failed, key="receipt")

    def _show_receipt(self, signed: SignedReceipt | None) -> None:
        if signed is None:
            self.state.setText(self.tr("Récépissé introuvable sur ce poste."))
            set_state(self.state, "error")
            return
        from desktop.views.receipt_preview import ReceiptPreview

        self.state.clear()
        self.preview = open_passing(ReceiptPreview(signed, parent=self), self._preview_closed)

    def _preview_closed(self, preview: ReceiptPreview) -> None:
        if self.preview is preview:
            self.preview = None

    def _failed(self, exc: Exception) -> None:
        message = getattr(exc, "message", None)  # a refusal (PermissionDenied) says why in French
        self.state.setText(str(message) if message else failure_text(exc))
        set_state(self.state, "error")

"""Synchronisation: the state at a glance, refused or later-invalidated entries with what to do, sync now."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.rules.terms import shown_status_label
from desktop.views.kit.fields import section_title
from desktop.views.kit.station_time import station_stamp
from desktop.views.rows import RowsModel
from desktop.views.translations import translate, units
from desktop.views.widgets import Page, notice, set_state

if TYPE_CHECKING:
    from desktop.status import OutboxStatus
    from desktop.sync.status import RefusedItem, SyncStatus


def age_text(age: timedelta | None) -> str:
    """'—', 'moins d'une minute', '12 min', '3 h 05', '2 jours 4 h' for an age (days in words, with their plural:
    English said « 2 d 4 h »)."""
    if age is None:
        return "—"
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return translate("SyncPage", "moins d'une minute")
    if minutes < 60:
        return translate("SyncPage", "{minutes} min").format(minutes=minutes)
    hours, mins = divmod(minutes, 60)
    if hours < 24:
        return translate("SyncPage", "{hours} h {minutes}").format(hours=hours, minutes=f"{mins:02d}")
    days, hours = divmod(hours, 24)
    return translate("SyncPage", "{days} {hours} h").format(days=units().days(days), hours=hours)


def local_time(value: datetime | None) -> str:
    return station_stamp(value)


def _refused_kind(item: RefusedItem) -> str:
    """The kind, then on its own line the number on the citizen's receipt: which act (under the kind, not in a
    column of its own: at 1024 px the advice beside it needs the width)."""
    kind = item.kind_label + (translate("SyncPage", " (invalidée après coup)") if item.later else "")
    return f"{kind}\n{item.receipt_number}" if item.receipt_number else kind


class RefusedModel(RowsModel["RefusedItem"]):
    """Refused or later-invalidated records, with what the agent should do."""

    KIND, STATUS, RULE, WHEN, ADVICE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                (self.tr("Acte"), _refused_kind),
                (self.tr("Statut"), lambda i: shown_status_label(i.status)),
                (self.tr("Règle"), lambda i: i.rule_id or "—"),
                (self.tr("Date"), lambda i: local_time(i.at)),
                (self.tr("Que faire"), lambda i: i.advice),
            ],
            parent,
            extra=_refused_tooltip,
        )

    def row_item(self, row: int) -> RefusedItem:
        item = self.row_at(row)
        assert item is not None
        return item


def _refused_tooltip(item: RefusedItem, column: int, role: int) -> Any:
    if role != Qt.ItemDataRole.ToolTipRole:
        return None
    return item.advice if column == RefusedModel.ADVICE else (item.message or item.advice)


RESIZE_PRECISION = 50  # rows measured to size the short columns
ROWS_FITTED = 50  # up to this many refusals, each row is as tall as its wrapped advice


class SyncBridge(QObject):
    """Carries status updates from the sync thread to the GUI thread (queued signal)."""

    changed = Signal(object)


class SyncPage(Page):
    """The Synchronisation screen; `status` is None while the store opens or when no central store is configured."""

    def __init__(
        self,
        status: Callable[[], SyncStatus | None],
        *,
        sync_now: Callable[[], None] | None,
        configured: bool,
        outbox: Callable[[], OutboxStatus | None] = lambda: None,
    ) -> None:
        super().__init__(
            self.tr("Synchronisation"),
            self.tr(
                "Les procurations et demandes enregistrées ici sont transmises au répertoire central dès que le réseau "
                "le permet. Rien n'est perdu hors ligne : tout ce qui attend est conservé et renvoyé automatiquement."
            ),
        )
        self._status = status
        self._sync_now = sync_now
        self._configured = configured
        self._outbox = outbox  # the outbox as last counted off the GUI thread: shown when no sync worker runs
        self._refused_shown: tuple[RefusedItem, ...] | None = None
        self.bridge = SyncBridge()
        self.bridge.changed.connect(self.show_status)

        if not configured:
            self.body.addWidget(
                notice(
                    self.tr(
                        "Aucun répertoire central n'est configuré pour ce poste : les enregistrements restent en "
                        "attente localement. Réglage : central_url."
                    )
                )
            )
        host = QWidget()
        form = QFormLayout(host)
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(8)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # at 200 %: the value under its title
        self.state_label = QLabel()
        self.pending_label = QLabel()
        self.oldest_label = QLabel()
        self.last_label = QLabel()
        self.error_label = QLabel()
        for label in (self.state_label, self.pending_label, self.oldest_label, self.last_label, self.error_label):
            label.setWordWrap(True)  # at 200 % a value wraps beside or under its title, never cut
        for title, widget in (
            (self.tr("Connexion"), self.state_label),
            (self.tr("En attente d'envoi"), self.pending_label),
            (self.tr("Plus ancienne en attente depuis"), self.oldest_label),
            (self.tr("Dernière synchronisation réussie"), self.last_label),
            (self.tr("Dernier incident"), self.error_label),
        ):
            form.addRow(QLabel(f"<b>{title}</b>"), widget)
        self.body.addWidget(host)

        self.offline_warning = notice(
            self.tr(
                "Ce poste n'a pas pu joindre le répertoire central depuis longtemps. Les procurations établies restent "
                "provisoires : prévenez votre responsable si la connexion ne revient pas."
            ),
            warn=True,
        )
        self.offline_warning.hide()
        self.body.addWidget(self.offline_warning)

        row = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("&Synchroniser maintenant"))
        self.sync_button.setEnabled(sync_now is not None)
        self.sync_button.clicked.connect(self._on_sync_now)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat(self.tr("%v / %m envoyées"))
        self.progress.hide()
        # At its text's width, at the left, as every screen's buttons (it stretched across the screen); the progress
        # bar takes the rest while a sync runs.
        row.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignLeft)
        row.addWidget(self.progress, 1)
        self.body.addLayout(row)

        refused_title = section_title(self.tr("Refusées ou invalidées par le répertoire central"))
        self.body.addWidget(refused_title)
        self.refused_model = RefusedModel(self)
        self.refused_view = QTableView()
        self.refused_view.setTabKeyNavigation(False)  # Tab leaves the list, the arrows move in it: no keyboard trap
        self.refused_view.setAccessibleName(self.tr("Actes refusés par le répertoire central"))
        self.refused_view.setModel(self.refused_model)
        self.refused_view.setAlternatingRowColors(True)
        self.refused_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.refused_view.setWordWrap(True)
        self.refused_view.verticalHeader().hide()
        self.refused_view.verticalHeader().setDefaultSectionSize(3 * self.fontMetrics().lineSpacing() + 8)
        header = self.refused_view.horizontalHeader()
        # Short columns fit their contents, measured on the first rows only; the advice takes the rest. Measuring
        # every row's wrapped advice cost ~100 ms on the GUI thread for 200 refusals.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RefusedModel.ADVICE, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(RESIZE_PRECISION)
        self.empty_label = QLabel(self.tr("Aucun enregistrement refusé."))
        self.empty_label.setObjectName("hint")
        self.body.addWidget(self.empty_label)
        self.body.addWidget(self.refused_view, 1)
        # With no refusal the table is hidden: the room left goes below the last line, not between the title and
        # « Aucun enregistrement refusé » (the labels shared it: a 100 px gap at 1024×768).
        self.body.addStretch(0)
        self.refresh()

    def _on_sync_now(self) -> None:
        if self._sync_now is not None:
            self.sync_button.setEnabled(False)
            self.sync_button.setText(self.tr("Synchronisation en cours…"))
            self._sync_now()

    def refresh(self) -> None:
        """Read the status (cheap) and show it."""
        self.show_status(self._status())

    def show_status(self, st: SyncStatus | None) -> None:
        if st is None:
            self.state_label.setText(
                self.tr("Non configurée") if self._sync_now is None else self.tr("Ouverture de la base…")
            )
            set_state(self.state_label, "neutral")
            for label in (self.pending_label, self.oldest_label, self.last_label, self.error_label):
                label.setText("—")
                set_state(label, "neutral")
            self.refused_view.hide()
            outbox = None if self._configured else self._outbox()
            if outbox is not None:
                self._show_outbox(outbox)
            return
        self.state_label.setText(self.tr("En ligne") if st.online else self.tr("Hors ligne"))
        set_state(self.state_label, "ok" if st.online else "warn")
        self.pending_label.setText(
            self.tr("Tout est envoyé") if st.pending == 0 else self.tr("%n enregistrement(s)", "", st.pending)
        )
        set_state(self.pending_label, "ok" if st.pending == 0 else "warn")
        self.oldest_label.setText(age_text(st.oldest_pending_age))
        self.last_label.setText(self.tr("Jamais") if st.last_success is None else local_time(st.last_success))
        self.error_label.setText(st.last_error or st.clock_problem or st.central_went_back or self.tr("Aucun"))
        self.offline_warning.setVisible(st.offline_too_long)
        if st.syncing and st.progress is not None:
            sent, total = st.progress
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(min(sent, total))
            self.progress.show()
        else:
            self.progress.hide()
            self.sync_button.setEnabled(self._sync_now is not None)
            self.sync_button.setText(self.tr("&Synchroniser maintenant"))
        if st.refused != self._refused_shown:  # the worker pushes a status at each step: same rows, nothing to do
            self._refused_shown = st.refused
            self.refused_model.set_rows(st.refused)
            # Each row as tall as its wrapped advice (a 1024-pixel screen cut it after two lines, its end lost), as
            # long as measuring them stays cheap; beyond, three lines each, the whole advice in the tooltip.
            rows = self.refused_view.verticalHeader()
            fits = len(st.refused) <= ROWS_FITTED
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents if fits else QHeaderView.ResizeMode.Fixed)
        self.refused_view.setVisible(bool(st.refused))
        self.empty_label.setVisible(not st.refused)

    def _show_outbox(self, outbox: OutboxStatus) -> None:
        """No central store configured: what waits in this station's outbox (the status bar's count, and its age)."""
        self.pending_label.setText(
            self.tr("Rien en attente")
            if outbox.pending == 0
            else self.tr("%n enregistrement(s) conservé(s) sur ce poste", "", outbox.pending)
        )
        set_state(self.pending_label, "neutral" if outbox.pending == 0 else "warn")
        self.oldest_label.setText(age_text(outbox.oldest_age(datetime.now(UTC))))
        if outbox.last_success_at is not None:
            self.last_label.setText(local_time(outbox.last_success_at))

    def showEvent(self, event: Any) -> None:
        self.refresh()
        super().showEvent(event)

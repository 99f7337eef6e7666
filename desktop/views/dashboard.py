"""Tableau de bord: the supervisor's view of the station's last 30 days, the activity report and the CSV export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.rules.terms import IdentitySource
from desktop.views.dashboard_acts import ActsDialog
from desktop.views.dashboard_scroll import ChartsScroll
from desktop.views.kit.charts import BarChart, ChartSeries, LineChart
from desktop.views.kit.dates import DateInput
from desktop.views.kit.dialogs import open_passing
from desktop.views.kit.fields import failure_text, section_title
from desktop.views.kit.reflow import ButtonRow, WrappedBox, together
from desktop.views.kit.runner import Runner
from desktop.views.kit.tablefit import hold_lines
from desktop.views.rows import RowsModel
from desktop.views.translations import QT_TRANSLATE_NOOP, translate, units
from desktop.views.widgets import Page, set_state

if TYPE_CHECKING:
    from desktop.services.dashboard import DashboardService
    from desktop.services.dashboard_values import (
        ActRow,
        CentralFigures,
        DashboardFigures,
        RuleCount,
    )
    from desktop.services.reports import ActivityService


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return translate("DashboardPage", "jamais")
    local = moment.astimezone(zone)
    return translate("DashboardPage", "{date} à {time}").format(
        date=local.strftime("%d/%m/%Y"), time=local.strftime("%H:%M")
    )


def _age(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return translate("DashboardPage", "aucune")
    minutes = max(0, int((now - moment).total_seconds() // 60))
    if minutes < 60:
        return translate("DashboardPage", "{minutes} min").format(minutes=minutes)
    if minutes < 48 * 60:
        return translate("DashboardPage", "{hours} h {minutes}").format(
            hours=minutes // 60, minutes=f"{minutes % 60:02d}"
        )
    return units().days(minutes // 1440)


class RulesModel(RowsModel["RuleCount"]):
    """Which rules bite at this counter: refusals on arrival and later invalidations, per rule id."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                (self.tr("Règle"), lambda r: r.rule_id),
                (self.tr("Refus à l'arrivée"), lambda r: str(r.refused)),
                (self.tr("Invalidées ensuite"), lambda r: str(r.invalidated_later)),
            ],
            parent,
            extra=self._reason,
        )

    @staticmethod
    def _reason(row: RuleCount, _column: int, role: int) -> Any:
        """Why the central store refuses under the rule, in words (« R-LIMIT-1 » alone answered no « why? »)."""
        said = role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole)
        return row.reason or None if said else None


# Chart heights the screen keeps at least (BarChart's own 220 px made Tableau de bord scroll at 1366×768); a little
# less since the per-agent line, so that the four boxes stay in sight at 1366×768.
BAR_CHART_LEAST, LINE_CHART_LEAST = 148, 80


class _PeriodDate(DateInput):
    """A period bound as wide as a date (QLineEdit asks for ~17 characters): the period and the three buttons then
    stand in one row at 1366×768, where they stacked and took 150 px from the charts."""

    def sizeHint(self) -> QSize:
        return QSize(
            self.minimumSizeHint().width() + self.fontMetrics().averageCharWidth() * 2, super().sizeHint().height()
        )


# The identity sources in a word or two (the review's sentences are too long for a figure).
_IDENTITY_WORDS = {
    IdentitySource.PUCE.value: QT_TRANSLATE_NOOP("DashboardPage", "puce prouvée"),
    IdentitySource.PUCE_NON_VERIFIEE.value: QT_TRANSLATE_NOOP("DashboardPage", "puce non prouvée"),
    IdentitySource.MRZ.value: QT_TRANSLATE_NOOP("DashboardPage", "zone MRZ"),
    # « saisie 2 » read as a second entry: the review's words (« saisie d'après le document présenté »).
    IdentitySource.SAISIE.value: QT_TRANSLATE_NOOP("DashboardPage", "saisie d'après le document"),
    IdentitySource.DEMANDE.value: QT_TRANSLATE_NOOP("DashboardPage", "demande en ligne"),
}


class DashboardPage(Page):
    """Charts and figures from the local store (offline too); every query runs on the runner's pool."""

    def __init__(
        self,
        dashboard: DashboardService,
        activity: ActivityService,
        *,
        zone: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        save_path: Callable[[str, str, str], Path | None] | None = None,
    ) -> None:
        super().__init__(
            self.tr("Tableau de bord"),
            self.tr(
                "L'activité du poste sur les 30 derniers jours, depuis la base locale (disponible hors ligne). "
                "Cliquez sur une barre pour voir les actes de ce jour."
            ),
        )
        self.dashboard, self.activity = dashboard, activity
        self.zone, self.clock = ZoneInfo(zone), clock
        self.save_path = save_path or self._ask_path
        self.runner = Runner(self)
        self.figures: DashboardFigures | None = None
        self.acts_dialog: ActsDialog | None = None
        self._loaded = False
        self._default_day: date | None = None  # the day the period was set to, while the agent leaves it

        self.message = QLabel(self.tr("Calcul des chiffres…"))
        self.message.setObjectName("statusLine")
        self.message.setWordWrap(True)
        self.body.addWidget(self.message)
        self.agents_label = QLabel()  # who did what: each agent's acts today and over 7 days
        self.agents_label.setWordWrap(True)
        set_state(self.agents_label, "neutral")
        self.body.addWidget(self.agents_label)
        self.central_label = QLabel()  # the central store's figures, added when online
        self.central_label.setWordWrap(True)
        self.body.addWidget(self.central_label)

        self.content = QWidget()
        grid = QGridLayout(self.content)
        grid.setContentsMargins(0, 0, 0, 0)
        self.kind_chart = BarChart(self.tr("Actes par jour, par nature"))
        self.channel_chart = BarChart(self.tr("Procurations et résiliations par jour, par canal"))
        self.sync_chart = LineChart(self.tr("Entrées en attente du répertoire central, en fin de journée"))
        self.sync_chart.setMinimumHeight(LINE_CHART_LEAST)
        for chart in (self.kind_chart, self.channel_chart):
            chart.setMinimumHeight(BAR_CHART_LEAST)
            chart.bar_clicked.connect(self.open_acts)
        self.identity_label = QLabel()  # how the mandants' identities were taken: a non-proven chip stands out
        self.identity_label.setWordWrap(True)
        kind_box = self._titled(self.tr("Actes par jour, par nature"), self.kind_chart, self.identity_label)
        grid.addWidget(kind_box, 0, 0)
        grid.addWidget(self._titled(self.tr("Procurations et résiliations, par canal"), self.channel_chart), 0, 1)
        self.sync_label = QLabel()
        self.sync_label.setWordWrap(True)
        # The list behind the count: which acts wait, since when, by whom (nowhere else before today's).
        self.waiting_button = QPushButton(self.tr("&Voir la liste"))
        self.waiting_button.setProperty("secondary", True)
        self.waiting_button.setAccessibleName(self.tr("Voir les entrées en attente du répertoire central"))
        self.waiting_button.clicked.connect(self.open_waiting)
        sync_line = QWidget()
        sync_row = QHBoxLayout(sync_line)
        sync_row.setContentsMargins(0, 0, 0, 0)
        sync_row.addWidget(self.sync_label, 1)
        sync_row.addWidget(self.waiting_button, 0, Qt.AlignmentFlag.AlignTop)
        sync_box = self._titled(self.tr("Synchronisation"), self.sync_chart, sync_line)
        grid.addWidget(sync_box, 1, 0)
        self.rules_model = RulesModel(self)
        self.rules_table = QTableView()
        self.rules_table.setTabKeyNavigation(False)  # Tab leaves the list, the arrows move in it: no keyboard trap
        self.rules_table.setAccessibleName(self.tr("Refus et invalidations par règle"))
        self.rules_table.setModel(self.rules_model)
        self.rules_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.rules_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.rules_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.rules_table.setToolTip(self.tr("Entrée ou double-clic : les actes derrière ces chiffres"))
        # Said to a screen reader too: a table's tooltip is not (its description is).
        self.rules_table.setAccessibleDescription(self.rules_table.toolTip())
        # Entrée or a double-click on a rule lists the acts behind its figures, as « Voir la liste » the entries.
        self.rules_table.activated.connect(lambda index: self.open_rule(index.row()))
        self.rules_table.verticalHeader().hide()
        # The rule id as wide as it is, the counts share the rest; their titles wrap (at 1024×768 in English, a third
        # each, they read « used on arri », « validated lat »).
        rules_header = self.rules_table.horizontalHeader()
        rules_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rules_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        rules_header.setDefaultAlignment(
            Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
        )
        rules_header.sectionResized.connect(lambda *_: self._fit_rules_header())
        # The height the grid gives it, not Qt's 192 px for every table: with it the charts scrolled at 1366×768.
        self.rules_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        hold_lines(self.rules_table, 5)  # its titles and three rows
        self.renewals_label = QLabel()
        self.renewals_label.setWordWrap(True)
        rules_box = self._titled(self.tr("Refus et invalidations par règle"), self.rules_table, self.renewals_label)
        grid.addWidget(rules_box, 1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        # At 1024×768 or 150 % the charts scroll, said just under them (beside the period, on a line of its own
        # there: no height taken from the charts) and reachable from the keyboard; the period and buttons in sight.
        self.charts = ChartsScroll()
        self.charts.setWidgetResizable(True)
        self.charts.setFrameShape(QFrame.Shape.NoFrame)
        self.charts.setWidget(self.content)
        self.body.addWidget(self.charts, 1)
        self.charts.watch_keys(self.page_scroll.widget())

        self.first_input = _PeriodDate()
        self.last_input = _PeriodDate()
        self.first_input.setAccessibleName(self.tr("Début de la période"))
        self.last_input.setAccessibleName(self.tr("Fin de la période"))
        # Side by side when they fit, else stacked: on one line, 670 px at 200 % in English, the dashboard scrolled
        # sideways beside the navigation at 1024×600 (tests/views/test_fit_sweep.py).
        period = ButtonRow(
            together(QLabel(self.tr("Période du")), self.first_input),
            together(QLabel(self.tr("au")), self.last_input),
            self.charts.hint,
            spacing=16,
        )
        self.report_button = QPushButton(self.tr("&Rapport d'activité (PDF)…"))
        self.csv_button = QPushButton(self.tr("E&xporter les actes (CSV)…"))
        self.refresh_button = QPushButton(self.tr("Ac&tualiser"))
        self.refresh_button.setProperty("secondary", True)
        # One line when it fits (1366×768); else the period, and the three buttons side by side under it (at 1024×768
        # each stacked alone at the whole width took 220 px from the charts); at 200 % text they stack too, never
        # widening the screen (RGAA 10.11).
        buttons = ButtonRow(self.report_button, self.csv_button, self.refresh_button)
        self.body.addWidget(ButtonRow(period, buttons))
        self.report_button.clicked.connect(lambda: self.save("pdf"))
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        self.refresh_button.clicked.connect(self.refresh)
        self.runner.busy_changed.connect(self._busy)

    @staticmethod
    def _titled(title: str, widget: QWidget, extra: QWidget | None = None) -> QWidget:
        box = WrappedBox()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 8, 8)
        label = section_title(title)
        layout.addWidget(label)
        layout.addWidget(widget, 1)
        if extra is not None:
            layout.addWidget(extra)
        return box

    def _fit_rules_header(self) -> None:
        """The rules' header as tall as its longest wrapped title (Qt's stays one line tall and cuts the others)."""
        from PySide6.QtCore import QRect
        from PySide6.QtGui import QFont, QFontMetrics

        header = self.rules_table.horizontalHeader()
        font = QFont(header.font())
        font.setBold(True)  # the style sheet's titles
        metrics = QFontMetrics(font)
        tallest = metrics.height()
        for column in range(self.rules_model.columnCount()):
            title = str(self.rules_model.headerData(column, Qt.Orientation.Horizontal))
            room = max(1, header.sectionSize(column) - 8)
            flags = int(Qt.TextFlag.TextWordWrap.value)
            tallest = max(tallest, metrics.boundingRect(QRect(0, 0, room, 10_000), flags, title).height())
        header.setFixedHeight(header.sizeHint().height() + tallest - metrics.height())

    def why_not_offered(self) -> str | None:
        """Why the agent these screens were built for may not open the dashboard (not audited: nothing was tried);
        the navigation greys its entry (`MainWindow.replace_page`)."""
        return self.dashboard.refusal()

    # -- loading ------------------------------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # Read at each opening, not the first only (a dashboard opened at 9:00 showed the 9:00 figures at 17:00); the
        # figures on screen stay until the new ones come. Not again for an agent refused: one audited refusal.
        if not self._loaded or self.content.isVisibleTo(self):
            self._loaded = True
            # After this paint: a worker starting its queries now would compete with the paint for the GIL.
            QTimer.singleShot(0, self, self.refresh)

    def refresh(self) -> None:
        """Recompute the figures off the GUI thread."""
        self.runner.submit(self.dashboard.figures, done=self.show_figures, failed=self._failed, key="figures")

    def show_central(self, figures: CentralFigures) -> None:
        self.central_label.setText(figures.text)
        set_state(self.central_label, "ok" if figures.state == "en_ligne" else "neutral")

    def _central_failed(self, exc: Exception) -> None:
        if getattr(exc, "permission", None) is None:  # a refusal is already said by the figures' answer
            self.central_label.setText(failure_text(exc))

    def show_figures(self, figures: DashboardFigures) -> None:
        self.figures = figures
        # Then the central store's side (an HTTP call), only for an agent the local figures were shown to: a refused
        # agent is refused (and audited) once.
        self.runner.submit(
            self.dashboard.central_figures, done=self.show_central, failed=self._central_failed, key="central"
        )
        self.content.setVisible(True)
        days = figures.days
        self.kind_chart.set_data(days, [ChartSeries(s.axis, s.key, s.label, s.counts) for s in figures.by_kind])
        self.channel_chart.set_data(days, [ChartSeries(s.axis, s.key, s.label, s.counts) for s in figures.by_channel])
        self.sync_chart.set_data(days, [ChartSeries("sync", "backlog", self.tr("En attente"), figures.sync.backlog)])
        now = self.clock()
        sync = figures.sync
        self.sync_label.setText(
            self.tr(
                "%n entrée(s) en attente ; la plus ancienne attend depuis %2 ; dernière synchronisation réussie : %3.",
                "",
                sync.pending,
            )
            .replace("%2", _age(sync.oldest_pending_at, now))
            .replace("%3", _when(sync.last_success_at, self.zone))
        )
        r = figures.renewals
        self.renewals_label.setText(
            self.tr("Renouvellements : %n retour(s) de passeport dû(s) sous 7 jours", "", r.passport_returns_due)
            + self.tr(", %n en retard", "", r.passport_returns_overdue)
            + self.tr(" ; %n renouvellement(s) d'identifiants de vote par internet sur 30 jours.", "", r.ivote_renewals)
        )
        self.rules_model.set_rows(figures.rules)
        self._show_identities(figures.identities)
        self._show_agents(figures)
        period = (self.first_input.value(), self.last_input.value())
        if period[0] is None or period == (self._default_day, self._default_day):  # not the agent's: today's
            self._default_day = figures.today  # the screen may stay open across midnight
            self.first_input.set_value(figures.today)
            self.last_input.set_value(figures.today)
        self.message.setText(
            self.tr("%n acte(s) sur les 30 derniers jours, du %2 au %3.", "", figures.total)
            .replace("%2", days[0].strftime("%d/%m/%Y"))
            .replace("%3", days[-1].strftime("%d/%m/%Y"))
        )
        set_state(self.message, "neutral")

    def _show_agents(self, figures: DashboardFigures) -> None:
        """« Par agent, aujourd'hui / sur 7 jours — Mme Claire Fontaine : 5 / 21 ; M. Paul Roy : 3 / 18. »"""
        if not figures.by_agent:
            self.agents_label.setText(self.tr("Par agent : aucun acte sur les 7 derniers jours."))
            return
        parts = [
            self.tr("{name} : {today} / {week}").format(name=a.name, today=a.today, week=a.week)
            for a in figures.by_agent
        ]
        self.agents_label.setText(
            self.tr("Par agent, aujourd'hui / sur 7 jours — {parts}.").format(parts=self.tr(" ; ").join(parts))
        )

    def _show_identities(self, identities: tuple[tuple[str, int], ...]) -> None:
        """« Identité des mandants sur 30 jours — puce prouvée : 40 ; puce non prouvée : 2 ; saisie d'après le
        document : 7. », orange when a procuration was established on a chip that did not prove the identity."""
        if not identities:
            self.identity_label.setText(
                self.tr("Identité des mandants (30 jours) : aucune procuration ne la mentionne.")
            )
            set_state(self.identity_label, "neutral")
            return
        parts = []
        for key, count in identities:
            source = translate("DashboardPage", _IDENTITY_WORDS[key]) if key in _IDENTITY_WORDS else key
            parts.append(self.tr("{source} : {count}").format(source=source, count=count))
        self.identity_label.setText(
            self.tr("Identité des mandants sur 30 jours — {parts}.").format(parts=self.tr(" ; ").join(parts))
        )
        unproven = dict(identities).get(IdentitySource.PUCE_NON_VERIFIEE.value, 0)
        set_state(self.identity_label, "warn" if unproven else "neutral")

    def _failed(self, exc: Exception) -> None:
        refused = getattr(exc, "permission", None) is not None
        if refused:
            self.content.setVisible(False)
            for button in (self.report_button, self.csv_button, self.refresh_button):
                button.setEnabled(False)
        self.message.setText(getattr(exc, "message", None) or failure_text(exc))
        set_state(self.message, "error")

    def _busy(self, busy: bool) -> None:
        self.refresh_button.setText(self.tr("Calcul…") if busy else self.tr("Ac&tualiser"))

    # -- the acts behind a bar ------------------------------------------------------------------------------------
    def open_acts(self, axis: str, key: str, day: date) -> None:
        """List the acts of one series on one day (read and audited off the GUI thread)."""
        shown = (self.figures.by_kind + self.figures.by_channel) if self.figures else ()
        label = next((s.label for s in shown if s.axis == axis and s.key == key), key)
        title = f"{label} — {day.strftime('%d/%m/%Y')}"

        def show(rows: list[ActRow]) -> None:
            self._show_acts(title, rows)

        self.runner.submit(lambda: self.dashboard.acts(axis=axis, key=key, day=day), done=show, failed=self._failed)

    def _show_acts(self, title: str, rows: list[ActRow], *, waiting: bool = False, rule: bool = False) -> None:
        """The list in its dialog, each act's receipt a keystroke away (for a supervisor who may consult)."""
        dialog = ActsDialog(
            title,
            rows,
            self.zone,
            self,
            waiting=waiting,
            rule=rule,
            receipt=self.dashboard.receipt,
            receipt_refused=self.dashboard.receipt_refusal(),
        )
        self.acts_dialog = open_passing(dialog, self._acts_closed)

    def _acts_closed(self, dialog: ActsDialog) -> None:
        if self.acts_dialog is dialog:
            self.acts_dialog = None

    def open_rule(self, row: int) -> None:
        """List the acts a rule refused on arrival or invalidated later, over the figures' period (read and audited
        off the GUI thread, as the entries waiting are)."""
        counted = self.rules_model.row_at(row)
        if counted is None:
            return
        rule_id = counted.rule_id

        def show(rows: list[ActRow]) -> None:
            title = self.tr("Refus et invalidations — règle {rule}").format(rule=rule_id)
            self._show_acts(title, rows, rule=True)

        self.runner.submit(lambda: self.dashboard.rule_acts(rule_id), done=show, failed=self._failed, key="rule")

    def open_waiting(self) -> None:
        """List the entries waiting for the central store, oldest first (read and audited off the GUI thread)."""

        def show(rows: list[ActRow]) -> None:
            self._show_acts(self.tr("En attente du répertoire central"), rows, waiting=True)

        self.runner.submit(self.dashboard.waiting, done=show, failed=self._failed)

    # -- report and export ----------------------------------------------------------------------------------------
    def _period(self) -> tuple[date, date] | None:
        first, last = self.first_input.value(), self.last_input.value()
        if first is None or last is None:
            self.message.setText(self.tr("Saisissez les dates de début et de fin de la période (JJ/MM/AAAA)."))
            set_state(self.message, "error")
            return None
        return first, last

    def _ask_path(self, title: str, name: str, pattern: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), pattern)
        return Path(chosen) if chosen else None

    def save(self, what: str) -> None:
        """Ask where, then write the report (PDF) or the export (CSV) off the GUI thread; each is an audited act."""
        period = self._period()
        if period is None:
            return
        first, last = period
        stem = f"{first.isoformat()}_{last.isoformat()}"
        if what == "pdf":
            path = self.save_path(self.tr("Rapport d'activité"), f"rapport-activite_{stem}.pdf", self.tr("PDF (*.pdf)"))
            make: Callable[[], bytes] = lambda: self.activity.report_pdf(first=first, last=last)  # noqa: E731
        else:
            path = self.save_path(self.tr("Export des actes"), f"actes_{stem}.csv", self.tr("CSV (*.csv)"))
            make = lambda: self.activity.export_csv(first=first, last=last)  # noqa: E731
        if path is None:
            return
        target = path

        def work() -> Path:
            from desktop.privatefile import write_private

            write_private(target, make(), replace=True)  # it names agents: never world-readable
            return target

        def done(written: Path) -> None:
            self.message.setText(self.tr("Enregistré : %1").replace("%1", str(written)))
            set_state(self.message, "ok")

        self.runner.submit(work, done=done, failed=self._failed, writes=True)

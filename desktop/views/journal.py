"""Journal d'audit: who did what, when, on which act, at this station; the chain's integrity (supervisors only).

Every read runs on the screen's runner; a search shows the newest `LIMIT` rows at most and says when there are more.
The rows name agents and acts (receipt numbers), never an elector (spec/security.md).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QWidget

from desktop.services.audit_search import JournalQuery
from desktop.services.audit_words import ACTION_KINDS, record_kind_label
from desktop.views.kit import colours
from desktop.views.kit.dates import DateInput
from desktop.views.kit.fields import Field, failure_text
from desktop.views.kit.reflow import ButtonRow
from desktop.views.kit.runner import Runner
from desktop.views.kit.tablefit import hold_lines
from desktop.views.rows import RowsModel
from desktop.views.translations import QT_TRANSLATE_NOOP, translate
from desktop.views.widgets import Page, name_headers, set_state

if TYPE_CHECKING:
    from desktop.services.audit_search import AgentChoice, AuditSearchService, Integrity, JournalResult, JournalRow


# The kinds of action the filter offers (services/audit_words.py: which stored names each covers).
KIND_WORDS = {
    "connexions": QT_TRANSLATE_NOOP("JournalPage", "Connexions et échecs de connexion"),
    "refus": QT_TRANSLATE_NOOP("JournalPage", "Accès refusés"),
    "consultations": QT_TRANSLATE_NOOP("JournalPage", "Consultations (recherches, aperçus, listes)"),
    "etablissements": QT_TRANSLATE_NOOP("JournalPage", "Procurations établies"),
    "resiliations": QT_TRANSLATE_NOOP("JournalPage", "Résiliations"),
    "impressions": QT_TRANSLATE_NOOP("JournalPage", "Impressions de récépissés"),
    "decisions": QT_TRANSLATE_NOOP("JournalPage", "Décisions du superviseur"),
    "renouvellements": QT_TRANSLATE_NOOP("JournalPage", "Renouvellements (passeport, vote par internet)"),
    "comptes": QT_TRANSLATE_NOOP("JournalPage", "Comptes des agents"),
    "poste": QT_TRANSLATE_NOOP("JournalPage", "Exports, rapports, synchronisation et purges"),
}


SHOWN_RUNS = 12  # runs of receipt numbers said under the table; the rest counted
_DIGITS = re.compile(r"(.*?)([0-9]+)")


def _run_size(first: str, last: str) -> int:
    """How many numbers the run « first à last » holds."""
    a, b = _DIGITS.fullmatch(first), _DIGITS.fullmatch(last)
    return int(b.group(2)) - int(a.group(2)) + 1 if a and b and first != last else 1


class JournalModel(RowsModel["JournalRow"]):
    """The events, newest first: the station's date and time, the agent, the action in words, the act or account."""

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                (self.tr("Date et heure"), lambda r: r.at.astimezone(zone).strftime("%d/%m/%Y %H:%M:%S")),
                (self.tr("Agent"), self._agent),
                (self.tr("Action"), lambda r: r.action_label),
                (self.tr("Acte ou compte"), self._reference),
            ],
            parent,
            extra=self._extra,
        )

    def _agent(self, row: JournalRow) -> str:
        return (
            self.tr("{name} ({login})").format(name=row.agent_name, login=row.agent_login)
            if row.agent_login
            else (row.agent_name)
        )

    def listed_text(self, row: JournalRow) -> str:
        """What a consultation of several acts listed, by receipt number (runs of consecutive ones « A à B »), or
        that its line kept only their count and digest (written before session 32)."""
        from desktop.services.shown_lists import runs

        if not row.listed_kept:
            return self.tr(
                "Cette consultation a listé %n acte(s) ; le journal n'en gardait alors que le nombre et une "
                "empreinte, pas les numéros.",
                "",
                row.listed_more,
            )
        found = runs(row.listed or ())
        shown = found[:SHOWN_RUNS]
        said = [a if a == b else self.tr("{first} à {last}").format(first=a, last=b) for a, b in shown]
        text = self.tr("Actes listés par cette consultation (n° de récépissé) : {numbers}.").format(
            numbers=", ".join(said)
        )
        left = len(row.listed or ()) - sum(_run_size(a, b) for a, b in shown) + row.listed_more
        if left > 0:
            text += " " + self.tr("Et %n autre(s), comptés seulement.", "", left)
        return text

    def _reference(self, row: JournalRow) -> str:
        if row.reference or row.listed is None:
            return row.reference or "—"
        return self.tr("Liste de %n acte(s)", "", len(row.listed) + row.listed_more)  # which: under the table

    def _extra(self, row: JournalRow, column: int, role: int) -> Any:
        listed = column == 3 and row.listed is not None
        if listed and role == Qt.ItemDataRole.AccessibleDescriptionRole:
            # Said after « Liste de N actes »: the label under the table is out of Tab's reach and a screen reader
            # reads no tooltip of a table's cell.
            return self.listed_text(row)
        if role != Qt.ItemDataRole.ToolTipRole:
            return None
        if listed:
            return self.listed_text(row)
        if column != 2:  # the whole text of a cell the column's width elides
            return {1: self._agent(row), 3: row.reference}.get(column) or None
        # The name as stored (what an inspector's export shows), and the pseudonymous detail (rule ids, counts).
        tip = row.action_label + "\n" + self.tr("Action enregistrée : {name}").format(name=row.action)
        if row.detail:
            tip += "\n" + self.tr("Détail : {detail}").format(detail=row.detail)
        return tip


class CopyableText(QLabel):
    """Lines to copy a number from, with the mouse or the keyboard: a Tab stop (by the mouse only, Tab never reached
    the receipt numbers) with the theme's focus ring (the style sheet rings no label)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        flags = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        self.setTextInteractionFlags(flags)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Qt gives a selectable label the click only
        ring = colours.current().focus_width
        self.setContentsMargins(ring + 2, ring + 2, ring + 2, ring + 2)  # the words inside the ring

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            theme = colours.current()
            painter = QPainter(self)
            painter.setPen(QPen(QColor(theme.focus), theme.focus_width))
            half = theme.focus_width // 2
            painter.drawRect(self.rect().adjusted(half, half, -half - 1, -half - 1))
            painter.end()


class JournalPage(Page):
    """Filters (agent, period, kind of action, receipt number), the events found, and the integrity of the chain."""

    def __init__(self, service: AuditSearchService, *, zone: str) -> None:
        super().__init__(
            self.tr("Journal d'audit"),
            self.tr(
                "Qui a fait quoi, quand, sur quel acte, à ce poste : les événements les plus récents d'abord. "
                "Chaque consultation du journal y est elle-même inscrite."
            ),
        )
        self.service = service
        self.zone = ZoneInfo(zone)
        self.runner = Runner(self)
        self.result: JournalResult | None = None
        self.integrity: Integrity | None = None
        self._loaded = False

        self.integrity_label = QLabel(self.tr("Vérification du chaînage du journal…"))
        self.integrity_label.setObjectName("statusLine")
        self.integrity_label.setWordWrap(True)
        self.body.addWidget(self.integrity_label)

        self.agent_box = QComboBox()
        self.agent_box.addItem(self.tr("Tous les agents"), None)
        self.first_input = DateInput()
        self.last_input = DateInput()
        self.kind_box = QComboBox()
        self.kind_box.addItem(self.tr("Toutes les actions"), None)
        self.reference_input = QLineEdit()
        self.reference_input.setPlaceholderText(self.tr("ex. GCH-75056-01-2026-000123"))
        self.agent_field = Field(self.tr("&Agent"), self.agent_box)
        self.first_field = Field(self.tr("&Du"), self.first_input)
        self.last_field = Field(self.tr("A&u"), self.last_input)
        self.kind_field = Field(self.tr("&Nature de l'action"), self.kind_box)
        self.reference_field = Field(self.tr("N° de récépissé ou &identifiant"), self.reference_input)
        self.first_input.setAccessibleName(self.tr("Du (début de la période, jour du poste)"))
        self.last_input.setAccessibleName(self.tr("Au (fin de la période, incluse)"))
        # Agent and period, then the kind and the reference: one line at 1366×768, two at 1024×768 (a field a line
        # there pushed the table out of sight), each stacking only when even that does not fit (200 % text).
        who_when = ButtonRow(self.agent_field, self.first_field, self.last_field, stretches=(3, 2, 2))
        what = ButtonRow(self.kind_field, self.reference_field, stretches=(3, 3))
        filters = ButtonRow(who_when, what, stretches=(7, 6))
        for row, fields in ((who_when, (self.agent_field, self.first_field, self.last_field)),
                            (what, (self.kind_field, self.reference_field)), (filters, (who_when, what))):  # fmt: skip
            box = row.layout()
            assert box is not None
            for field in fields:  # the editors level under their labels, an error line under one of them or not
                box.setAlignment(field, Qt.AlignmentFlag.AlignTop)
        self.body.addWidget(filters)
        self.search_button = QPushButton(self.tr("&Rechercher"))
        self.search_button.setDefault(True)
        self.clear_button = QPushButton(self.tr("&Effacer les filtres"))
        self.clear_button.setProperty("secondary", True)
        self.body.addWidget(ButtonRow(self.search_button, self.clear_button))

        self.message = QLabel()
        self.message.setObjectName("statusLine")
        self.message.setWordWrap(True)
        self.body.addWidget(self.message)
        self.model = JournalModel(self.zone, self)
        self.table = _JournalTable()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, the arrows move in it: no keyboard trap
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Événements du journal d'audit"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        hold_lines(self.table, 8)
        self.body.addWidget(self.table, 1)
        # A consultation that listed several acts: which ones, by receipt number (« who saw this act in a list »).
        self.listed_label = CopyableText()
        self.listed_label.hide()
        self.body.addWidget(self.listed_label)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_listed(current))
        name_headers(self)

        for edit in (self.first_input, self.last_input, self.reference_input):
            edit.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.clear_button.clicked.connect(self.clear)
        self.runner.busy_changed.connect(lambda busy: self.search_button.setEnabled(not busy))

    def why_not_offered(self) -> str | None:
        """Why the agent these screens were built for may not open the journal (not audited: nothing was tried);
        the navigation greys its entry (`MainWindow.replace_page`)."""
        return self.service.refusal()

    # -- loading ------------------------------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._loaded:  # once: each search is audited, the supervisor asks for the next ones
            self._loaded = True
            QTimer.singleShot(0, self, self._first_load)  # after this paint

    def _first_load(self) -> None:
        self.kind_box.blockSignals(True)
        for kind in ACTION_KINDS:
            self.kind_box.addItem(translate("JournalPage", KIND_WORDS.get(kind.key, kind.key)), kind.key)
        self.kind_box.blockSignals(False)
        self.runner.submit(self.service.agents, done=self._show_agents, failed=self._failed, key="agents")
        self.search()

    def _show_agents(self, agents: list[AgentChoice]) -> None:
        for a in agents:
            text = self.tr("{name} ({login})").format(name=a.name, login=a.login)
            self.agent_box.addItem(
                text if a.active else self.tr("{agent} — compte inactif").format(agent=text), a.agent_id
            )

    def query(self) -> JournalQuery | None:
        """The filters as typed; None (and the field said) when a date is unreadable or the period reversed."""
        ok = True
        for field in (self.first_field, self.last_field):
            editor = field.editor
            assert isinstance(editor, DateInput)
            if editor.unreadable():
                field.show_error(Field.unreadable_date_text())
                ok = False
            else:
                field.clear_error()
        first, last = self.first_input.value(), self.last_input.value()
        if ok and first is not None and last is not None and first > last:
            self.last_field.show_error(self.tr("La fin de la période précède son début."))
            ok = False
        if not ok:
            return None
        return JournalQuery(
            agent_id=self.agent_box.currentData(),
            first=first,
            last=last,
            kind=self.kind_box.currentData(),
            reference=self.reference_input.text().strip() or None,
        )

    def search(self) -> None:
        """Search on the runner (the newest rows first); the chain is checked again once the search is audited."""
        query = self.query()
        if query is None:
            return
        self.message.setText(self.tr("Recherche dans le journal…"))
        set_state(self.message, "neutral")
        service = self.service
        self.runner.submit(lambda: service.search(query), done=self.show_result, failed=self._failed, key="search")

    def clear(self) -> None:
        self.agent_box.setCurrentIndex(0)
        self.kind_box.setCurrentIndex(0)
        for edit in (self.first_input, self.last_input, self.reference_input):
            edit.clear()
        for field in (self.first_field, self.last_field):
            field.clear_error()
        self.agent_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_result(self, result: JournalResult) -> None:
        self.result = result
        # After the search's own audit event: the check covers the chain as it is now, that event included. Not
        # again while one runs: a year of log is seconds of HMACs (200,000 events: 6.7 s on a loaded CI machine),
        # and searches in a row would pile them up on the pool.
        if not self.runner.is_busy("integrity"):
            service = self.service
            self.runner.submit(
                service.integrity, done=self.show_integrity, failed=self._integrity_failed, key="integrity"
            )
        self.model.set_rows(result.rows)
        self._show_listed(self.table.currentIndex())
        if result.more:
            self.message.setText(
                self.tr(
                    "Les %n événements les plus récents sont affichés ; d'autres correspondent : affinez la "
                    "recherche (agent, période, nature de l'action).",
                    "",
                    len(result.rows),
                )
            )
            set_state(self.message, "warn")
        elif result.rows:
            self.message.setText(self.tr("%n événement(s) trouvé(s), le plus récent en premier.", "", len(result.rows)))
            set_state(self.message, "neutral")
        else:
            self.message.setText(self.tr("Aucun événement ne correspond à ces filtres."))
            set_state(self.message, "neutral")

    def _show_listed(self, current: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        if row is None or row.listed is None:
            self.listed_label.hide()
            return
        self.listed_label.setText(self.model.listed_text(row))
        set_state(self.listed_label, "neutral")
        self.listed_label.show()

    def show_integrity(self, integrity: Integrity) -> None:
        self.integrity = integrity
        self.integrity_label.setText(integrity.text)
        set_state(self.integrity_label, "ok" if integrity.ok else "error")

    def _failed(self, exc: Exception) -> None:
        message = getattr(exc, "message", None)  # a refusal (PermissionDenied) says why in French
        self.message.setText(str(message) if message else failure_text(exc))
        set_state(self.message, "error")

    def _integrity_failed(self, exc: Exception) -> None:
        message = getattr(exc, "message", None)
        self.integrity_label.setText(str(message) if message else failure_text(exc))
        set_state(self.integrity_label, "error")


LONGEST_NUMBER = "GCH-75056-01-2026-000001"  # a station's receipt number (INSEE code and counter), as printed
_NUMBERED_KINDS = ("procuration", "resiliation", "recepisse", "passeport")


class _JournalTable(QTableView):
    """The columns' widths from the font and the table's width, never from the 500 rows' contents (measuring them
    runs on the GUI thread): the date whole, the agent and the act a share each, the action the rest (at 1024×768
    a fixed agent's column left the action « Purge d… »)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        header, metrics = self.horizontalHeader(), self.fontMetrics()
        bold = QFont(header.font())
        bold.setBold(True)  # the style sheet's titles
        titles = QFontMetrics(bold)
        model = self.model()

        def title(column: int) -> int:
            return titles.horizontalAdvance(str(model.headerData(column, Qt.Orientation.Horizontal))) + 24

        chars = metrics.averageCharWidth()
        date = max(title(0), metrics.horizontalAdvance("00/00/0000 00:00:00") + 24)
        room = max(0, self.viewport().width() - date)
        action = max(title(2), chars * 18)  # the column the supervisor reads: never squeezed out of sight
        agent = max(title(1), min(room * 22 // 100, chars * 34))  # its whole text in the tooltip
        # The act whole, its sequence included: a share of 27 % cut « Procuration GCH-ST-01-2026-0… » at 1024×768,
        # eliding the one part that tells the day's acts apart; at 125 % text too, with the agent's share 22 %.
        numbered = max(metrics.horizontalAdvance(f"{record_kind_label(k)} {LONGEST_NUMBER}") for k in _NUMBERED_KINDS)
        act = max(title(3), min(room * 27 // 100, chars * 34), min(numbered + 12, room * 40 // 100))
        header.resizeSection(0, date)
        header.resizeSection(1, agent)
        header.resizeSection(3, act)
        # At 200 % text the titles alone fill the width: the action keeps its least width and the list scrolls
        # sideways (as a data table may, RGAA 10.11), instead of « P… » under a cut « Acti ».
        fits = room - agent - act >= action
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch if fits else QHeaderView.ResizeMode.Interactive)
        if not fits:
            header.resizeSection(2, action)

"""Agents: the station's accounts for its administrator (enrol, remove, unlock a supervisor, name a délégué's
designating OPJ) and supervisor (unlock, reset an agent): each action offered only where it would pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.rules.terms import Capacity, Role
from desktop.views.kit import colours
from desktop.views.kit.fields import failure_text, section_title
from desktop.views.kit.fitcolumns import FitColumns
from desktop.views.kit.reflow import ButtonRow
from desktop.views.kit.runner import Runner
from desktop.views.rows import RowsModel
from desktop.views.widgets import Page, set_state

if TYPE_CHECKING:
    from desktop.services.accounts import AgentAccounts, AgentView

ACCOUNT_CAPACITIES = tuple(c for c in Capacity if c.for_accounts)


def _label(term: type[Role], value: str) -> str:
    """The label of a stored role in the agent's language; an unknown value as it is."""
    try:
        return term(value).shown_label
    except ValueError:
        return value


def _capacity_label(value: str) -> str:
    cap = Capacity.parse(value)
    return cap.shown_label if cap is not None else value


class AgentsModel(RowsModel["AgentView"]):
    """The station's accounts, one per row; a délégué OPJ without a designating OPJ is flagged (R-AUTH-3)."""

    STATE = 4
    WRAP = (1, 2, 3)  # the name, the role and the capacity

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                (self.tr("Identifiant"), lambda a: a.login),
                (self.tr("Nom"), lambda a: a.display_name),
                (self.tr("Rôle"), lambda a: _label(Role, a.role)),
                (self.tr("Qualité"), lambda a: _capacity_label(a.capacity)),
                (self.tr("État"), self._state),
            ],
            parent,
            extra=self._extra,
        )

    def _state(self, a: AgentView) -> str:
        if not a.active:
            return self.tr("Retiré")
        flag = self.tr("OPJ désignant à renseigner") if a.designation_missing else ""
        if a.locked:
            state = self.tr("Verrouillé")
        elif a.failed_logins:
            state = self.tr("%n échec(s)", "", a.failed_logins)
        else:
            return flag or self.tr("Actif")  # active goes without saying beside the flag
        return f"{state} — {flag}" if flag else state

    def _extra(self, a: AgentView, column: int, role: int) -> object:
        if column != self.STATE or not (a.designation_missing or (a.active and a.locked)):
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            theme = colours.current()
            return QBrush(QColor(theme.error if a.locked else theme.warn))
        if role == Qt.ItemDataRole.ToolTipRole and a.designation_missing:
            return self.tr(
                "Délégué enregistré avant la désignation : aucun visa ne vaut pour ses procurations tant que "
                "l'administrateur n'a pas nommé l'OPJ qui l'a désigné (R-AUTH-3)."
            )
        return None


class AgentsPage(Page):
    """List, enrol (online), remove; unlock and reset a password (offline, from above); a délégué's designating OPJ."""

    def __init__(self, accounts: AgentAccounts) -> None:
        super().__init__(
            self.tr("Agents"),
            self.tr(
                "Les comptes des agents de ce poste. L'enregistrement d'un agent demande le répertoire central ; le "
                "déverrouillage et la réinitialisation, toujours par un compte de rang supérieur, fonctionnent hors "
                "ligne."
            ),
        )
        self.accounts = accounts  # acts as the context's agent: the page never says who acts
        self.runner = Runner(self)
        self.runner.busy_changed.connect(self._busy)
        self.model = AgentsModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, the arrows move in it: no keyboard trap
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # Every text read whole at 1024×768: the name, the role and the capacity wrap (they elided, « Supervisor … »,
        # « OPJ (judicial … »: an OPJ delegate looked like an OPJ); the login and the state keep one line.
        self._fit = FitColumns(self.table, self.model, self.model.text, AgentsModel.WRAP)
        self.body.addWidget(self.table, 1)
        self.unlock_button = QPushButton(self.tr("&Déverrouiller"))
        self.reset_button = QPushButton(self.tr("&Réinitialiser le mot de passe"))
        self.remove_button = QPushButton(self._remove_text())
        self._removal_armed: str | None = None  # the account a first press of « Retirer » asked to confirm
        self.remove_button.setProperty("danger", True)
        for button in (self.unlock_button, self.reset_button, self.remove_button):
            button.setProperty("secondary", button is not self.remove_button)
            button.setEnabled(False)  # until an account the signed-in agent may act on is selected
        # Side by side when they fit, stacked when not (« Confirmer le retrait de … » made the screen scroll sideways
        # at 1024×768); the answer right under them, in sight (under the enrolment form, it was below the fold).
        self.body.addWidget(ButtonRow(self.unlock_button, self.reset_button, self.remove_button))
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it names accounts as typed: never read as markup
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.message)
        # A délégué OPJ's designating OPJ, named by the administrator without enrolling them again (R-AUTH-3).
        self.designation_box = QWidget()
        box = QVBoxLayout(self.designation_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.designation_hint = QLabel()
        self.designation_hint.setWordWrap(True)
        box.addWidget(self.designation_hint)
        line = QHBoxLayout()
        self.designation_combo = QComboBox()
        chosen_label = QLabel(self.tr("OPJ dési&gnant"))
        chosen_label.setBuddy(self.designation_combo)
        self.designation_button = QPushButton(self.tr("&Appliquer la désignation"))
        self.designation_button.setProperty("secondary", True)
        line.addWidget(chosen_label)
        line.addWidget(self.designation_combo, 1)
        line.addWidget(self.designation_button)
        line.addStretch(1)
        box.addLayout(line)
        self.designation_box.hide()
        self.body.addWidget(self.designation_box)

        title = section_title(self.tr("Enregistrer un agent"))
        self.body.addWidget(title)
        host = QWidget()
        form = QFormLayout(host)
        self.login_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role.shown_label, role.value)
        self.capacity_combo = QComboBox()
        for cap in ACCOUNT_CAPACITIES:
            self.capacity_combo.addItem(cap.shown_label, cap.value)
        form.addRow(self.tr("&Identifiant"), self.login_edit)
        form.addRow(self.tr("&Nom et prénom"), self.name_edit)
        form.addRow(self.tr("Adresse é&lectronique"), self.email_edit)
        form.addRow(self.tr("R&ôle"), self.role_combo)
        form.addRow(self.tr("&Qualité"), self.capacity_combo)
        # A délégué OPJ is designated by an OPJ of the station: only that OPJ's visa will count (R-AUTH-3).
        self.designator_combo = QComboBox()
        self.designator_combo.setAccessibleName(self.tr("OPJ qui désigne le délégué"))
        form.addRow(self.tr("Désigné par l'&OPJ"), self.designator_combo)
        self._designator_row = form
        self.capacity_combo.currentIndexChanged.connect(lambda _i: self._show_designator())
        self.body.addWidget(host)
        self.enrol_button = QPushButton(self.tr("&Enregistrer l'agent"))
        self.body.addWidget(self.enrol_button, 0, Qt.AlignmentFlag.AlignLeft)
        # Enrolling is the administrator's (agents.gerer): a supervisor is not shown a form that would be refused.
        enrols = accounts.may_enrol()
        for widget in (title, host, self.enrol_button):
            widget.setVisible(enrols)
        if not enrols:  # a supervisor with an agent who left: who removes them, and what a removal keeps
            self.remove_button.setToolTip(
                self.tr(
                    "Le retrait d'un agent (départ, mutation) est fait par l'administrateur du poste : son mot de "
                    "passe n'ouvre plus rien, ses actes restent à son nom."
                )
            )
        self.enrol_button.clicked.connect(self.enrol)
        self.unlock_button.clicked.connect(self.unlock)
        self.reset_button.clicked.connect(self.reset)
        self.remove_button.clicked.connect(self.remove)
        self.designation_button.clicked.connect(self.name_designator)
        self.table.selectionModel().currentRowChanged.connect(lambda *_i: self._offer())
        self.refresh()

    def _say(self, text: str, state: str) -> None:
        self.message.setText(text)
        set_state(self.message, state)

    def _busy(self, busy: bool) -> None:
        """While an account is written (enrolment asks the central store): the buttons wait."""
        self.enrol_button.setEnabled(not busy)
        self._offer()

    def _remove_text(self, login: str | None = None) -> str:
        if login is None:
            return self.tr("Re&tirer l'agent")
        return self.tr("Confirmer le re&trait du compte {login}").format(login=login)

    def _disarm(self) -> None:
        """The removal asked for is no longer pending (another account chosen, or it ran)."""
        self._removal_armed = None
        self.remove_button.setText(self._remove_text())

    def _offer(self) -> None:
        """Enable only what would pass for the selected account and the signed-in agent (the service decided it in
        the list; it refuses again if called): unlock and reset from above only, the designating OPJ for a délégué."""
        agent = self.selected()
        if self._removal_armed is not None and (agent is None or agent.id != self._removal_armed):
            self._disarm()
        idle = not self.runner.busy
        self.unlock_button.setEnabled(idle and agent is not None and agent.may_unlock)
        self.reset_button.setEnabled(idle and agent is not None and agent.may_reset)
        self.remove_button.setEnabled(idle and agent is not None and agent.may_remove)
        named = agent is not None and agent.may_name_designator
        self.designation_box.setVisible(named)
        if agent is None or not named:
            return
        self.designation_button.setEnabled(idle and self.designation_combo.count() > 0)
        found = self.designation_combo.findData(agent.designated_by) if agent.designated_by else -1
        if found >= 0:
            self.designation_combo.setCurrentIndex(found)
        if agent.designation_missing:
            text = self.tr(
                "{login} : OPJ désignant à renseigner. Délégué enregistré avant la désignation : aucun visa ne vaut "
                "pour ses procurations tant que vous n'avez pas nommé l'OPJ qui l'a désigné (R-AUTH-3)."
            ).format(login=agent.login)
            self.designation_hint.setText(text)
            set_state(self.designation_hint, "warn")
        else:
            self.designation_hint.setText(
                self.tr("{login} : seul le visa de l'OPJ désignant vaut (R-AUTH-3).").format(login=agent.login)
            )
            set_state(self.designation_hint, "neutral")

    def _refused(self, exc: Exception) -> str:
        from desktop.services.agents import AccountError
        from desktop.services.permissions import PermissionDenied

        return exc.message if isinstance(exc, AccountError | PermissionDenied) else failure_text(exc)

    def _run(self, fn: Callable[[], str], then: Callable[[], None] | None = None) -> None:
        """Call an account service on the runner; show its French answer or its refusal, and reload the list."""

        def done(answer: str) -> None:
            self._say(answer, "ok")
            if then is not None:
                then()
            self.refresh()

        def failed(exc: Exception) -> None:
            self._say(self._refused(exc), "error")
            self.refresh()

        self.runner.submit(fn, done=done, failed=failed, key="agents.act", writes=True)

    def refresh(self) -> None:
        """Reload the list on the runner; an agent who may not see it is told so (not audited: nothing was tried)."""
        refused = self.accounts.refusal()
        if refused is not None:
            self.model.set_rows([])
            self._say(refused, "error")
            return
        self.runner.submit(self.accounts.list_agents, done=self._listed, failed=self._list_failed, key="list")

    def _show_designator(self) -> None:
        delegate = Capacity.parse(str(self.capacity_combo.currentData())) is Capacity.DELEGUE_OPJ
        self._designator_row.setRowVisible(self.designator_combo, delegate)

    def _listed(self, rows: list[AgentView]) -> None:
        chosen = self.selected()
        for combo in (self.designator_combo, self.designation_combo):  # the station's active OPJs
            kept = combo.currentData()
            combo.clear()
            for agent in rows:
                if agent.may_designate:
                    combo.addItem(f"{agent.display_name} ({agent.login})", agent.id)
            if kept is not None and combo.findData(kept) >= 0:
                combo.setCurrentIndex(combo.findData(kept))
        self._show_designator()
        self.model.set_rows(rows)
        if chosen is not None:  # keep the agent the supervisor was working on selected
            ids = [a.id for a in self.model.rows()]
            if chosen.id in ids:
                self.table.selectRow(ids.index(chosen.id))
        self._offer()

    def _list_failed(self, exc: Exception) -> None:
        self.model.set_rows([])
        self._say(self._refused(exc), "error")

    def selected(self) -> AgentView | None:
        return self.model.row_at(self.table.currentIndex().row())

    def enrol(self) -> None:
        login, name = self.login_edit.text().strip(), self.name_edit.text().strip()
        if not login or not name:
            self._say(self.tr("Indiquez l'identifiant et le nom de l'agent."), "error")
            return

        role, capacity = str(self.role_combo.currentData()), str(self.capacity_combo.currentData())
        email = self.email_edit.text().strip() or None
        delegate = Capacity.parse(capacity) is Capacity.DELEGUE_OPJ
        designator = self.designator_combo.currentData() if delegate else None

        def act() -> str:  # on a worker: only the values read above, never the widgets
            _, temporary = self.accounts.enrol(
                login_name=login,
                display_name=name,
                role=role,
                capacity=capacity,
                email=email,
                designated_by=designator,
            )
            return self.tr(
                "Agent enregistré. Mot de passe provisoire, à lui remettre en main propre (affiché une seule "
                "fois ; il le changera à sa première connexion) : {password}"
            ).format(password=temporary)

        def clear() -> None:
            for edit in (self.login_edit, self.name_edit, self.email_edit):
                edit.clear()

        self._run(act, then=clear)

    def unlock(self) -> None:
        agent = self.selected()
        if agent is None:
            self._say(self.tr("Choisissez d'abord un agent dans la liste."), "error")
            return

        def act() -> str:
            self.accounts.unlock(agent_id=agent.id)
            return self.tr("Compte {login} déverrouillé.").format(login=agent.login)

        self._run(act)

    def reset(self) -> None:
        agent = self.selected()
        if agent is None:
            self._say(self.tr("Choisissez d'abord un agent dans la liste."), "error")
            return

        def act() -> str:
            temporary = self.accounts.reset_by_supervisor(agent_id=agent.id)
            return self.tr(
                "Mot de passe du compte {login} réinitialisé. Mot de passe provisoire (affiché une seule fois) : "
                "{password}"
            ).format(login=agent.login, password=temporary)

        self._run(act)

    def name_designator(self) -> None:
        agent, opj = self.selected(), self.designation_combo.currentData()
        if agent is None or opj is None:
            self._say(self.tr("Choisissez d'abord un agent dans la liste."), "error")
            return
        opj_name = self.designation_combo.currentText()

        def act() -> str:  # on a worker: only the values read above, never the widgets
            self.accounts.name_designator(delegate_id=agent.id, opj_id=str(opj))
            return self.tr("OPJ désignant du compte {login} : {opj}. Seul son visa vaudra (R-AUTH-3).").format(
                login=agent.login, opj=opj_name
            )

        self._run(act)

    def remove(self) -> None:
        """First press: say what the removal does, naming the account; second press on the same account: remove it
        (the store re-keyed, their password void: not undone by a click)."""
        agent = self.selected()
        if agent is None:
            self._say(self.tr("Choisissez d'abord un agent dans la liste."), "error")
            return
        if self._removal_armed != agent.id:
            self._removal_armed = agent.id
            self.remove_button.setText(self._remove_text(agent.login))
            self._say(
                self.tr(
                    "Retirer {login} ({name}) ? Son mot de passe n'ouvrira plus rien et la base sera rechiffrée ; "
                    "ses actes restent à son nom. Appuyez de nouveau pour confirmer, ou choisissez un autre agent."
                ).format(login=agent.login, name=agent.display_name),
                "warn",
            )
            return
        self._disarm()

        def act() -> str:
            removal = self.accounts.remove(agent_id=agent.id)
            said = self.tr(
                "Agent {login} retiré : la base a été rechiffrée, son mot de passe n'ouvre plus rien."
            ).format(login=agent.login)
            if not removal.central_done:
                said += self.tr(" Répertoire central injoignable : signalez-y le retrait dès le retour en ligne.")
            if removal.need_reset:
                said += " " + self.tr(
                    "%n autre(s) agent(s) devront faire réinitialiser leur mot de passe.", "", len(removal.need_reset)
                )
            return said

        self._run(act)

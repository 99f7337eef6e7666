"""Agents: the station's accounts for its administrator (enrol, remove) and supervisor (unlock, reset)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.rules.terms import Capacity, Role
from desktop.views.kit.fields import failure_text, section_title
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
    """The station's accounts, one per row."""

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
        )

    def _state(self, a: AgentView) -> str:
        if not a.active:
            return self.tr("Retiré")
        if a.locked:
            return self.tr("Verrouillé")
        if a.failed_logins:
            return self.tr("%n échec(s)", "", a.failed_logins)
        return self.tr("Actif")


class AgentsPage(Page):
    """List, enrol (online), remove; unlock and reset a password (offline, by a supervisor)."""

    def __init__(self, accounts: AgentAccounts) -> None:
        super().__init__(
            self.tr("Agents"),
            self.tr(
                "Les comptes des agents de ce poste. L'enregistrement d'un agent demande le répertoire central ; le "
                "déverrouillage et la réinitialisation par un superviseur fonctionnent hors ligne."
            ),
        )
        self.accounts = accounts  # acts as the context's agent: the page never says who acts
        self.runner = Runner(self)
        self.runner.busy_changed.connect(self._busy)
        self.model = AgentsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.body.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.unlock_button = QPushButton(self.tr("&Déverrouiller"))
        self.reset_button = QPushButton(self.tr("&Réinitialiser le mot de passe"))
        self.remove_button = QPushButton(self.tr("Re&tirer l'agent"))
        self.remove_button.setProperty("danger", True)
        for button in (self.unlock_button, self.reset_button, self.remove_button):
            button.setProperty("secondary", button is not self.remove_button)
            actions.addWidget(button)
        actions.addStretch(1)
        self.body.addLayout(actions)

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
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.message)

        self.enrol_button.clicked.connect(self.enrol)
        self.unlock_button.clicked.connect(self.unlock)
        self.reset_button.clicked.connect(self.reset)
        self.remove_button.clicked.connect(self.remove)
        self.refresh()

    def _say(self, text: str, state: str) -> None:
        self.message.setText(text)
        set_state(self.message, state)

    def _busy(self, busy: bool) -> None:
        """While an account is written (enrolment asks the central store): the buttons wait."""
        for button in (self.enrol_button, self.unlock_button, self.reset_button, self.remove_button):
            button.setEnabled(not busy)

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
        kept = self.designator_combo.currentData()
        self.designator_combo.clear()
        for agent in rows:
            if agent.may_designate:
                self.designator_combo.addItem(f"{agent.display_name} ({agent.login})", agent.id)
        if kept is not None and self.designator_combo.findData(kept) >= 0:
            self.designator_combo.setCurrentIndex(self.designator_combo.findData(kept))
        self._show_designator()
        self.model.set_rows(rows)
        if chosen is not None:  # keep the agent the supervisor was working on selected
            ids = [a.id for a in self.model.rows()]
            if chosen.id in ids:
                self.table.selectRow(ids.index(chosen.id))

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
                "Mot de passe de {login} réinitialisé. Mot de passe provisoire (affiché une seule fois) : {password}"
            ).format(login=agent.login, password=temporary)

        self._run(act)

    def remove(self) -> None:
        agent = self.selected()
        if agent is None:
            self._say(self.tr("Choisissez d'abord un agent dans la liste."), "error")
            return

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

"""The station's whole session, as the application runs it: first set-up, agents enrolled by the administrator,
an agent's first login with a forced new password, the idle lock keeping the form, roles in the services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from contextkit import service_context
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.auth import Session, StationAuth
from desktop.models import AuditEvent
from desktop.rules.terms import PlaceKind
from desktop.security.kdf import FLOOR_PARAMS
from desktop.security.keyslots import KeySlots, LoginRefused
from desktop.services.accounts import AgentAccounts
from desktop.services.agents import AccountError
from desktop.services.permissions import Permission, Principal
from desktop.settings import Settings
from desktop.views.agents import AgentsPage
from desktop.views.login import FirstSetupDialog, LoginDialog, NewPasswordDialog
from desktop.views.session_flow import SessionFlow
from desktop.views.translations import plain

from .central_fixture import CentralUnderTest, start_central

ADMIN_PW = "girafe violette marche lentement"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def central(tmp_path: Path) -> CentralUnderTest:
    return start_central(tmp_path / "central")


@pytest.fixture
def auth(tmp_path: Path, central: CentralUnderTest, monkeypatch: pytest.MonkeyPatch) -> StationAuth:
    settings = Settings(
        data_dir=tmp_path / "data",
        station_code="75056-01",
        station_name="Commissariat central",
        station_kind=PlaceKind.COMMISSARIAT,
        central_url="https://central.test",
    )
    station = StationAuth(settings)
    # Fast Argon2id (the ASVS floor) so the suite stays quick; the production cost is measured in bench/login.py.
    station.slots = KeySlots.beside(
        settings.database_path, station.device, station_code=settings.station_code, params=FLOOR_PARAMS
    )
    monkeypatch.setattr(station, "central", lambda: central.client)
    return station


def _accounts(auth: StationAuth, session: Session) -> AgentAccounts:
    """The Agents screen's service as the window builds it: over the context of whoever opened the store."""
    ctx = service_context(session.result.store, auth.settings, actor=session.result.principal, clock=lambda: NOW)
    return AgentAccounts(ctx, keys=session.account_keys())


def test_setup_enrol_then_an_agents_first_login(auth: StationAuth) -> None:
    assert auth.needs_setup
    admin = auth.setup(
        login_name="admin", display_name="Admin Poste", email="admin@interieur.test", password=ADMIN_PW, now=NOW
    )
    assert not auth.needs_setup and admin.display_name == "Admin Poste"
    assert Permission.AGENTS_GERER in admin.result.principal.permissions
    assert Permission.PROCURATION_ETABLIR not in admin.result.principal.permissions  # R-DATA-3
    _, temporary = _accounts(auth, admin).enrol(
        login_name="opj1", display_name="Lt Durand", role="agent_police", capacity="opj"
    )
    admin.result.store.close()

    opj = auth.login(login_name="opj1", password=temporary, now=NOW + timedelta(minutes=5))
    assert opj.result.must_change
    assert Permission.PROCURATION_ETABLIR in opj.result.principal.permissions
    opj.change_password(old_password=temporary, new_password="marmotte rouge escalade le phare", now=NOW)
    opj.verify("marmotte rouge escalade le phare")
    with pytest.raises(LoginRefused):
        opj.verify(temporary)
    opj.result.store.close()


def test_setup_needs_an_enrolled_station(tmp_path: Path) -> None:
    station = StationAuth(Settings(data_dir=tmp_path, station_code="X-1", station_name="Poste"))
    with pytest.raises(AccountError, match="guichet enrol"):
        station.setup(login_name="admin", display_name="Admin", email=None, password=ADMIN_PW)


failures: list[str] = []


def _answer_modal(qtbot: QtBot, fill: object) -> None:
    """Fill the next modal dialog from the keyboard once it is up (exec() blocks the test)."""

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, step)
            return
        try:
            fill(dialog)  # type: ignore[operator]
        finally:
            if dialog.isVisible():  # the filler did not get through: fail instead of hanging in exec()
                texts = [w.text() for w in dialog.findChildren(QLabel) if w.text()]
                dialog.reject()
                failures.append(f"{type(dialog).__name__} still open: {texts}")

    QTimer.singleShot(0, step)


def test_flow_first_setup_then_login_then_idle_lock_keeps_the_form(qtbot: QtBot, auth: StationAuth) -> None:
    window = QMainWindow()
    form_field = QLineEdit()
    window.setCentralWidget(form_field)
    qtbot.addWidget(window)
    window.show()
    flow = SessionFlow(auth, window, station_label="Commissariat central")

    def set_up(dialog: FirstSetupDialog) -> None:
        assert isinstance(dialog, FirstSetupDialog)
        dialog.login_edit.setFocus()
        qtbot.keyClicks(dialog.login_edit, "admin")
        qtbot.keyClicks(dialog.name_edit, "Admin Poste")
        dialog.password_edit.setText(ADMIN_PW)
        qtbot.keyClick(dialog.submit_button, Qt.Key.Key_Space)

    _answer_modal(qtbot, set_up)
    session = flow.open()
    assert session is not None and session.login_name == "admin"
    session.result.store.close()

    # The next start: the login dialog; a wrong password keeps the identifiant and says why.
    flow = SessionFlow(auth, window, station_label="Commissariat central")

    def log_in(dialog: LoginDialog) -> None:
        assert isinstance(dialog, LoginDialog)
        qtbot.keyClicks(dialog.login_edit, "admin")
        qtbot.keyClicks(dialog.password_edit, "pas le bon mot de passe")
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.checking)  # Argon2id runs on the prompt's worker
        assert dialog.isVisible() and "incorrect" in dialog.error_label.text()
        assert dialog.login_edit.text() == "admin" and dialog.password_edit.text() == ""
        qtbot.keyClicks(dialog.password_edit, ADMIN_PW)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible())

    _answer_modal(qtbot, log_in)
    session = flow.open()
    assert session is not None

    # Idle: the lock covers the window; what was typed is still there after unlocking.
    qtbot.keyClicks(form_field, "saisie en cours")
    flow.watch()
    assert flow.lock is not None and flow.watcher is not None
    flow.watcher.last_activity -= timedelta(minutes=auth.settings.idle_lock_minutes + 1)
    flow.watcher.check()
    assert flow.lock.is_locked and form_field.isHidden()
    qtbot.keyClicks(flow.lock.password_edit, "faux")
    qtbot.keyClick(flow.lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not flow.lock.runner.busy)  # Argon2id runs on the runner, not the GUI thread
    assert flow.lock.is_locked and flow.lock.error_label.text()
    qtbot.keyClicks(flow.lock.password_edit, ADMIN_PW)
    qtbot.keyClick(flow.lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not flow.lock.runner.busy)
    assert not flow.lock.is_locked and form_field.text() == "saisie en cours"
    session.result.store.close()


def test_agents_screen_enrols_and_resets(qtbot: QtBot, auth: StationAuth) -> None:
    admin = auth.setup(login_name="admin", display_name="Admin Poste", email=None, password=ADMIN_PW, now=NOW)
    page = AgentsPage(_accounts(auth, admin))
    qtbot.addWidget(page)
    page.show()

    def idle() -> None:  # accounts are read and written on the runner
        qtbot.waitUntil(lambda: not page.runner.busy)

    idle()
    assert page.model.rowCount() == 1
    qtbot.keyClicks(page.login_edit, "apj2")
    qtbot.keyClicks(page.name_edit, "Brigadier Petit")
    page.role_combo.setCurrentIndex(0)
    page.capacity_combo.setCurrentIndex(1)  # APJ
    page.enrol_button.setFocus()
    qtbot.keyClick(page.enrol_button, Qt.Key.Key_Space)
    assert not page.enrol_button.isEnabled()  # busy while the central store is asked
    idle()
    assert "Mot de passe provisoire" in page.message.text()
    assert page.model.rowCount() == 2 and page.login_edit.text() == ""
    # A délégué OPJ is enrolled with the OPJ who designates them: the row shows for that capacity only, and lists
    # the station's OPJs (none yet: refused in French, R-AUTH-3), then the one enrolled.
    assert not page.designator_combo.isVisible()
    delegate = page.capacity_combo.findData("delegue_opj")
    page.capacity_combo.setCurrentIndex(delegate)
    assert page.designator_combo.isVisible() and page.designator_combo.count() == 0
    qtbot.keyClicks(page.login_edit, "del2")
    qtbot.keyClicks(page.name_edit, "Brigadier Moreau")
    page.enrol()
    idle()
    assert "R-AUTH-3" in plain(page.message.text()) and page.model.rowCount() == 2 and page.login_edit.text() == "del2"
    page.login_edit.setText("opj2")
    page.name_edit.setText("Lt Durand")
    page.capacity_combo.setCurrentIndex(page.capacity_combo.findData("opj"))
    assert not page.designator_combo.isVisible()
    page.enrol()
    idle()
    page.capacity_combo.setCurrentIndex(delegate)
    assert [page.designator_combo.itemText(i) for i in range(page.designator_combo.count())] == ["Lt Durand (opj2)"]
    page.login_edit.setText("del2")
    page.name_edit.setText("Brigadier Moreau")
    page.enrol()
    idle()
    assert "Mot de passe provisoire" in page.message.text() and page.model.rowCount() == 4
    rows = {page.model.row_at(r).login: page.model.row_at(r) for r in range(4)}  # type: ignore[union-attr]
    assert rows["del2"].designated_by == rows["opj2"].id
    page.capacity_combo.setCurrentIndex(1)
    # The administrator cannot reset a password (a supervisor's act): the refusal is said, not raised.
    page.table.selectRow([page.model.row_at(r).login for r in range(4)].index("apj2"))  # type: ignore[union-attr]
    page.reset()
    idle()
    assert "Action refusée" in page.message.text()
    qtbot.keyClick(page.remove_button, Qt.Key.Key_Space)  # asks to confirm first
    qtbot.keyClick(page.remove_button, Qt.Key.Key_Space)
    idle()
    assert "retiré" in page.message.text()
    assert _refusals(admin) == 1  # the administrator's reset, audited like the desk's refusals

    # An agent who may not see the accounts opens the screen: told so, nothing read, nothing tried, nothing audited.
    opj = Principal("75056-01", "opj-1", role="agent_police", capacity="opj", station_kind="commissariat")
    ctx = service_context(admin.result.store, auth.settings, actor=opj, clock=lambda: NOW)
    barred = AgentsPage(AgentAccounts(ctx, keys=admin.account_keys()))
    qtbot.addWidget(barred)
    assert not barred.runner.busy and barred.model.rowCount() == 0
    assert "gérer les comptes des agents" in barred.message.text()
    assert _refusals(admin) == 1
    admin.result.store.close()


def _refusals(session: Session, detail: str | None = None) -> int:
    refused = select(AuditEvent.seq).where(AuditEvent.action == "acces.refuse")
    if detail is not None:
        refused = refused.where(AuditEvent.detail == detail)
    with session.result.store.read() as s:
        return len(s.scalars(refused).all())


def test_new_password_dialog_proposes_a_strong_one(qtbot: QtBot) -> None:
    dialog = NewPasswordDialog(login="opj1")
    qtbot.addWidget(dialog)
    proposed = dialog.password()
    assert len(proposed) >= 12
    dialog.password_edit.setText("opj1opj1")
    dialog.submit()
    assert dialog.error_label.text()  # refused, with the reason next to the field


OWN_PW = "marmotte rouge escalade le phare"


def _own_password(auth: StationAuth, login: str, temporary: str) -> str:
    """The agent's first login at the prompt, where they choose their own password."""
    first = auth.login(login_name=login, password=temporary, now=NOW)
    assert first.result.must_change
    first.change_password(old_password=temporary, new_password=OWN_PW, now=NOW)
    first.result.store.close()
    return OWN_PW


def test_a_temporary_password_neither_gives_a_visa_nor_decides_on_the_spot(auth: StationAuth) -> None:
    """Counter audit: the temporary password whoever enrolled or reset an account saw also gave an OPJ's visa and a
    supervisor's decision; both now need the agent's own password, and the refusal is audited."""
    admin = auth.setup(
        login_name="admin", display_name="Admin Poste", email="admin@interieur.test", password=ADMIN_PW, now=NOW
    )
    accounts = _accounts(auth, admin)
    _, opj_temp = accounts.enrol(login_name="opj3", display_name="Cne Morel", role="agent_police", capacity="opj")
    _, chief_temp = accounts.enrol(login_name="chef3", display_name="Cdt Petit", role="superviseur", capacity="opj")
    with pytest.raises(LoginRefused, match="provisoire"):
        admin.give_visa(login_name="opj3", password=opj_temp)
    with pytest.raises(LoginRefused, match="provisoire"):
        admin.check_credentials("chef3", chief_temp)
    assert admin.visa_by is None and _refusals(admin, "mot_de_passe_provisoire") == 2
    admin.result.store.close()


def test_another_agent_takes_the_counter_with_their_own_password(auth: StationAuth) -> None:
    from desktop.seat import SeatRefused, SessionSeat

    admin = auth.setup(
        login_name="admin", display_name="Admin Poste", email="admin@interieur.test", password=ADMIN_PW, now=NOW
    )
    _, temporary = _accounts(auth, admin).enrol(
        login_name="apj2", display_name="Gardienne Roux", role="agent_police", capacity="apj"
    )
    seat = SessionSeat(admin)
    assert seat.current.name == "Admin Poste"
    with pytest.raises(SeatRefused):
        seat.switch(login="apj2", password="pas le bon mot de passe")
    assert seat.current.name == "Admin Poste"  # a refused change leaves the counter as it was
    # Counter audit: before, the temporary password the administrator saw took the counter as the agent, for ever.
    with pytest.raises(SeatRefused, match="provisoire"):
        seat.switch(login="apj2", password=temporary)
    assert seat.current.name == "Admin Poste"
    own = _own_password(auth, "apj2", temporary)
    agent = seat.switch(login="apj2", password=own)
    assert agent.name == "Gardienne Roux" and agent.principal.capacity == "apj"
    assert Permission.PROCURATION_ETABLIR in agent.principal.permissions
    assert admin.login_name == "apj2" and admin.signed_in.principal == agent.principal
    seat.verify(own)  # the lock screen now asks the new agent's password
    with pytest.raises(SeatRefused):
        seat.verify(ADMIN_PW)
    with admin.result.store.read() as s:
        logins = list(s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("connexion%"))))
    assert logins  # the change of agent is audited like a login
    admin.result.store.close()


def test_a_delegue_opj_takes_the_visa_of_the_opj_who_designated_them_only(auth: StationAuth) -> None:
    """R-AUTH-3 with real accounts: a délégué is enrolled with the OPJ who designated them, and only that OPJ's
    password typed at the counter gives the visa; another OPJ's, an APJ's, the délégué's own or a wrong one gives
    none. The one given is audited (by the OPJ, on the délégué) and carried by the act."""
    from desktop.models import Agent
    from desktop.seat import SeatRefused, SessionSeat
    from desktop.services.desk import DeskServices, EstablishInput

    admin = auth.setup(
        login_name="admin", display_name="Admin Poste", email="admin@interieur.test", password=ADMIN_PW, now=NOW
    )
    made, ids = {}, {}
    accounts = (
        ("opj1", "Lt Durand", "opj"),
        ("opj2", "Lt Blanc", "opj"),
        ("apj1", "Gardienne Roux", "apj"),
        ("del1", "Brigadier Moreau", "delegue_opj"),
    )
    for login, name, capacity in accounts:
        designator = ids["opj1"] if capacity == "delegue_opj" else None
        if capacity == "delegue_opj":  # a délégué names their OPJ, an active OPJ of the station
            for wrong in (None, ids["apj1"], "inconnu"):
                with pytest.raises(AccountError, match="R-AUTH-3"):
                    _accounts(auth, admin).enrol(
                        login_name=login, display_name=name, role="agent_police", capacity=capacity,
                        designated_by=wrong,
                    )  # fmt: skip
        ids[login], temporary = _accounts(auth, admin).enrol(
            login_name=login, display_name=name, role="agent_police", capacity=capacity, designated_by=designator
        )
        made[login] = _own_password(auth, login, temporary)  # a temporary password gives no visa (counter audit)
    with admin.result.store.read() as s:
        assert s.get(Agent, ids["del1"]).designated_by == ids["opj1"]  # type: ignore[union-attr]
        assert s.get(Agent, ids["opj2"]).designated_by is None  # type: ignore[union-attr]
    seat = SessionSeat(admin)
    delegate = seat.switch(login="del1", password=made["del1"])
    assert delegate.needs_visa and delegate.visa_by is None and delegate.principal.designated_by == ids["opj1"]
    for login, password in (
        ("opj2", made["opj2"]),  # an OPJ, not theirs
        ("apj1", made["apj1"]),
        ("del1", made["del1"]),
        ("opj1", "pas le bon mot de passe"),
    ):
        with pytest.raises(SeatRefused):
            seat.give_visa(login=login, password=password)
        assert seat.current.visa_by is None and seat.current.name == "Brigadier Moreau"  # nothing given, still there
    visaed = seat.give_visa(login="opj1", password=made["opj1"])
    assert visaed.name == "Brigadier Moreau" and visaed.visa_name == "Lt Durand"
    assert visaed.visa_by is not None and visaed.visa_by.capacity == "opj"
    assert admin.signed_in.principal == delegate.principal  # the délégué still holds the counter: the lock asks theirs
    desk = DeskServices(service_context(admin.result.store, auth.settings, actor=visaed.principal, clock=lambda: NOW))
    assert [v.rule_id for v in desk.check(EstablishInput())][:1] == ["R-AUTH-3"]  # without the visa
    assert "R-AUTH-3" not in {v.rule_id for v in desk.with_visa(visaed.visa_by).check(EstablishInput())}
    # The services hold to it too: another OPJ's visa, handed to them directly, is refused.
    other = seat.switch(login="opj2", password=made["opj2"]).principal
    refused = desk.with_visa(other).check(EstablishInput())
    assert refused[0].rule_id == "R-AUTH-3" and "qui vous a désigné" in refused[0].message
    with admin.result.store.read() as s:
        given = s.scalars(select(AuditEvent).where(AuditEvent.action == "agent.visa")).all()
    assert [(e.agent_id, e.record_id) for e in given] == [(visaed.visa_by.agent_id, delegate.principal.agent_id)]
    assert seat.current.visa_by is None  # a visa is the délégué's session's, not the counter's
    admin.result.store.close()


def test_R_AUTH_3_a_delegue_enrolled_before_designations_gets_no_visa_until_the_administrator_names_the_opj(
    auth: StationAuth,
) -> None:
    """Counter audit (left open until now): a délégué enrolled before designations took any OPJ's visa, until the
    administrator enrolled them again. Now no OPJ's password gives it (refused, audited `designation_opj=manquante`)
    until the administrator names the designating OPJ on the Agents screen; then only that one's, in the same
    session."""
    from desktop.models import Agent
    from desktop.seat import SeatRefused, SessionSeat

    admin = auth.setup(
        login_name="admin", display_name="Admin Poste", email="admin@interieur.test", password=ADMIN_PW, now=NOW
    )
    ids, own = {}, {}
    for login, capacity in (("opj1", "opj"), ("opj2", "opj"), ("del1", "delegue_opj")):
        designator = ids["opj1"] if capacity == "delegue_opj" else None
        ids[login], temporary = _accounts(auth, admin).enrol(
            login_name=login, display_name=login.upper(), role="agent_police", capacity=capacity,
            designated_by=designator,
        )  # fmt: skip
        own[login] = _own_password(auth, login, temporary)
    with admin.result.store.session() as s, s.begin():  # as a délégué enrolled before version 0009 is stored
        s.get(Agent, ids["del1"]).designated_by = None  # type: ignore[union-attr]
    rows = {v.login: v for v in _accounts(auth, admin).list_agents()}
    assert rows["del1"].designation_missing and rows["del1"].may_name_designator
    assert not rows["opj1"].designation_missing and not rows["opj1"].may_name_designator
    seat = SessionSeat(admin)
    admin_accounts = _accounts(auth, admin)  # the administrator's screen, built before the counter changed hands
    seat.switch(login="del1", password=own["del1"])
    for login in ("opj1", "opj2"):
        with pytest.raises(SeatRefused, match="OPJ désignant n'est pas renseigné"):
            seat.give_visa(login=login, password=own[login])
        assert seat.current.visa_by is None
    assert _refusals(admin, "agent.visa designation_opj=manquante") == 2
    admin_accounts.name_designator(delegate_id=ids["del1"], opj_id=ids["opj2"])
    with pytest.raises(SeatRefused, match="qui vous a désigné"):
        seat.give_visa(login="opj1", password=own["opj1"])
    assert seat.give_visa(login="opj2", password=own["opj2"]).visa_name == "OPJ2"
    admin.result.store.close()


def test_a_login_prompt_shown_before_the_services_are_ready_logs_in_as_typed_once_they_are(
    qtbot: QtBot, auth: StationAuth
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    first = SessionFlow(auth, window, station_label="Commissariat central")
    _answer_modal(qtbot, lambda d: (d.login_edit.setText("admin"), d.name_edit.setText("Admin Poste"),
                                    d.password_edit.setText(ADMIN_PW), d.submit()))  # fmt: skip
    opened = first.open()
    assert opened is not None
    opened.result.store.close()

    flow = SessionFlow(None, window, station_label="Commissariat central")  # the services still on their worker
    seen: list[str] = []

    def type_before_ready(dialog: LoginDialog) -> None:
        assert isinstance(dialog, LoginDialog) and not flow.prepared_yet
        qtbot.keyClicks(dialog.login_edit, "admin")
        qtbot.keyClicks(dialog.password_edit, ADMIN_PW)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        seen.append(dialog.error_label.text())
        assert dialog.isVisible() and dialog.password_edit.text() == ADMIN_PW  # held while it waits
        flow.prepared(auth)  # LoginPreparation.done: the submit goes through as typed
        qtbot.waitUntil(lambda: not dialog.isVisible())

    _answer_modal(qtbot, type_before_ready)
    session = flow.open()
    assert seen == ["Préparation de la connexion…"]
    assert session is not None and session.login_name == "admin" and flow.auth is auth
    session.result.store.close()


def _set_up(auth: StationAuth, qtbot: QtBot) -> QMainWindow:
    """The station set up (its administrator), and a shown window for the login prompt to sit on."""
    auth.setup(login_name="admin", display_name="Admin Poste", email=None, password=ADMIN_PW).result.store.close()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_login_unlocks_on_a_worker_while_the_window_keeps_turning(
    qtbot: QtBot, auth: StationAuth, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import desktop.security.keyslots as keyslots

    window = _set_up(auth, qtbot)
    ticked = threading.Event()
    derived_on: list[str] = []
    real = keyslots.argon2id

    def slow_argon2id(*args: object, **kwargs: object) -> bytes:  # a deliberately slow KDF: it waits for the GUI
        derived_on.append(threading.current_thread().name)
        held = ticked.wait(5.0)  # reached only when the unlock holds the GUI thread
        derived_on.append("held" if held else "timed out: the GUI thread waited on the unlock")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(keyslots, "argon2id", slow_argon2id)
    ticks: list[int] = []
    timer = QTimer(window)
    timer.setInterval(10)
    timer.timeout.connect(lambda: (ticks.append(1), len(ticks) >= 3 and ticked.set()))
    timer.start()
    flow = SessionFlow(auth, window, station_label="Commissariat central")

    def log_in(dialog: LoginDialog) -> None:
        qtbot.keyClicks(dialog.login_edit, "admin")
        qtbot.keyClicks(dialog.password_edit, ADMIN_PW)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        assert dialog.error_label.text() == "Vérification…" and dialog.password_edit.isReadOnly()
        qtbot.waitUntil(lambda: not dialog.isVisible())

    _answer_modal(qtbot, log_in)
    session = flow.open()
    timer.stop()
    assert derived_on[-1] == "held" and not derived_on[0].startswith("MainThread")
    assert session is not None and session.login_name == "admin" and flow.session is session
    session.result.store.close()


def test_the_prompt_says_the_lockout_and_keeps_the_login(qtbot: QtBot, auth: StationAuth) -> None:
    window = _set_up(auth, qtbot)
    flow = SessionFlow(auth, window, station_label="Commissariat central")
    said: list[str] = []

    def wrong_six_times(dialog: LoginDialog) -> None:
        for _ in range(6):  # failures 1-4 are free, the 5th makes the next attempt wait (lockout.py)
            qtbot.keyClicks(dialog.password_edit, "pas le bon mot de passe")
            if not dialog.login_edit.text():
                qtbot.keyClicks(dialog.login_edit, "admin")
            qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: not dialog.checking)
            said.append(dialog.error_label.text())
        assert dialog.login_edit.text() == "admin" and dialog.password_edit.text() == ""
        dialog.reject()

    _answer_modal(qtbot, wrong_six_times)
    assert flow.open() is None
    assert all("incorrect" in text for text in said[:5]), said
    assert said[5].startswith("Trop d'essais : réessayez dans"), said


def test_closing_the_prompt_during_the_unlock_logs_nobody_in_and_closes_the_store(
    qtbot: QtBot, auth: StationAuth, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    window = _set_up(auth, qtbot)
    release = threading.Event()
    closed: list[bool] = []
    real_login = auth.login

    def held_login(**kwargs: object) -> Session:
        session = real_login(**kwargs)  # type: ignore[arg-type]
        real_close = session.result.store.close
        session.result.store.close = lambda: (closed.append(True), real_close())  # type: ignore[method-assign]
        release.wait(5.0)
        return session

    monkeypatch.setattr(auth, "login", held_login)
    flow = SessionFlow(auth, window, station_label="Commissariat central")
    prompts: list[LoginDialog] = []

    def close_while_checking(dialog: LoginDialog) -> None:
        prompts.append(dialog)
        qtbot.keyClicks(dialog.login_edit, "admin")
        qtbot.keyClicks(dialog.password_edit, ADMIN_PW)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        assert dialog.checking
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    _answer_modal(qtbot, close_while_checking)
    assert flow.open() is None and flow.session is None
    release.set()
    qtbot.waitUntil(lambda: not prompts[0].checking)
    assert closed == [True] and flow.session is None


def test_forgotten_password_asks_the_central_store_off_the_gui_thread(
    qtbot: QtBot, auth: StationAuth, monkeypatch: pytest.MonkeyPatch
) -> None:
    """« Mot de passe oublié ? »: the code's request and the reset (network, Argon2id) run on a worker under a note
    saying so, while the window keeps turning; the dialogs between them come in order."""
    import threading

    from PySide6.QtWidgets import QInputDialog, QMessageBox, QProgressDialog

    window = _set_up(auth, qtbot)
    ticked = threading.Event()
    ran: list[str] = []
    notes: list[str] = []

    def held(name: str) -> None:  # the network's wait: it ends only if the GUI thread turns meanwhile
        ran.append(f"{name} on {threading.current_thread().name}")
        ran.append("held" if ticked.wait(5.0) else "timed out: the GUI thread waited on the network")

    monkeypatch.setattr(auth, "forgot", lambda login: held(f"forgot {login}"))
    monkeypatch.setattr(auth, "reset", lambda **kw: held(f"reset {kw['login_name']} {kw['code']}"))
    timer = QTimer(window)
    timer.setInterval(10)

    def tick() -> None:
        note = QApplication.activeModalWidget()
        if isinstance(note, QProgressDialog) and note.isVisible():
            notes.append(note.labelText())
            ticked.set()
        else:
            ticked.clear()

    timer.timeout.connect(tick)
    timer.start()
    answers: list[tuple[type, object]] = [
        (QInputDialog, lambda d: (d.setTextValue("482913"), d.accept())),
        (NewPasswordDialog, lambda d: d.submit()),
        (QMessageBox, lambda d: d.accept()),
    ]

    def answer_next() -> None:
        kind, fill = answers[0]
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isVisible():
            QTimer.singleShot(20, answer_next)
            return
        answers.pop(0)
        fill(dialog)  # type: ignore[operator]
        if answers:
            QTimer.singleShot(20, answer_next)

    QTimer.singleShot(0, answer_next)
    SessionFlow(auth, window, station_label="Commissariat central")._forgot("admin")
    timer.stop()
    assert answers == []
    assert ran[0] == "forgot admin on guichet-prompt_0" and ran[1] == "held", ran
    assert ran[2] == "reset admin 482913 on guichet-prompt_0" and ran[3] == "held", ran
    assert {"Demande du code au répertoire central…", "Changement du mot de passe…"} <= set(notes)


def test_the_first_set_up_enrols_and_derives_off_the_gui_thread(
    qtbot: QtBot, auth: StationAuth, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The administrator's account at the first set-up (the station's enrolment over the network, its key slots with
    Argon2id) is made on a worker under a note; the window keeps turning meanwhile."""
    import threading

    from PySide6.QtWidgets import QProgressDialog

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    ticked = threading.Event()
    ran: list[str] = []
    real_setup = auth.setup

    def held_setup(**kwargs: object) -> Session:
        ran.append(threading.current_thread().name)
        ran.append("held" if ticked.wait(5.0) else "timed out: the GUI thread waited on the set-up")
        return real_setup(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(auth, "setup", held_setup)
    timer = QTimer(window)
    timer.setInterval(10)

    def tick() -> None:
        note = QApplication.activeModalWidget()
        if isinstance(note, QProgressDialog) and note.labelText() == "Création du compte administrateur…":
            ticked.set()

    timer.timeout.connect(tick)
    timer.start()
    flow = SessionFlow(auth, window, station_label="Commissariat central")
    answer = flow._setup("admin", "Admin Poste", "", ADMIN_PW)
    timer.stop()
    assert ran == ["guichet-prompt_0", "held"] and answer.ok
    assert flow.session is not None and flow.session.login_name == "admin"
    flow.session.result.store.close()

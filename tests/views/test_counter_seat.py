"""Agents taking turns: Ctrl+L locks, an OS session lock locks, a change of agent makes the next act theirs."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.context import AppContext
from desktop.demo.agents import DEMO_PASSWORD
from desktop.devices.agent_card import Presence
from desktop.devices.agent_card.fake import FakeAgentCard
from desktop.devices.printers.fake import FakePrinter
from desktop.seat import DemoSeat
from desktop.services.desk import EstablishInput, PersonInput
from desktop.views.agent_switch import AgentSwitchDialog
from desktop.views.app import build_main_window
from desktop.views.counter_seat import CounterSeat
from desktop.views.kit.zoom import RESET, ZOOM_IN, ZOOM_OUT
from desktop.views.loading import ContextHolder
from desktop.views.main_window import MainWindow
from desktop.views.os_lock import FakeOsSessionLock, NullOsSessionLock, make_os_session_lock
from desktop.views.procurations import EstablishPage
from desktop.views.station_login import install_counter_seat
from desktop.views.translations import plain

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def seated(qtbot: QtBot, ctx: AppContext) -> tuple[MainWindow, CounterSeat, FakeOsSessionLock]:
    os_lock = FakeOsSessionLock()
    window, counter = _seated_with(qtbot, ctx, os_lock=os_lock)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window, counter, os_lock


def _establish_page(window: MainWindow) -> EstablishPage:
    page = window.stack.widget(window._index_of["etablir"])
    assert isinstance(page, EstablishPage)
    return page


def _switch_to(qtbot: QtBot, window: MainWindow, counter: CounterSeat, downs: int) -> None:
    QTest.keyClick(window, Qt.Key.Key_L, CTRL | SHIFT)
    qtbot.waitUntil(lambda: counter.dialog is not None and counter.dialog.isVisible())
    dialog = counter.dialog
    assert isinstance(dialog, AgentSwitchDialog)
    dialog.choices.setCurrentRow(0)
    for _ in range(downs):
        QTest.keyClick(dialog.choices, Qt.Key.Key_Down)
    QTest.keyClick(dialog.choices, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.dialog is None)
    # The offscreen platform gives the window back no activation when a dialog closes (a window manager does):
    # without it, the next Ctrl+Shift+L reaches no window.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def test_the_seat_buttons_show_only_once_an_agent_holds_the_counter(qtbot: QtBot, ctx: AppContext) -> None:
    """At the login's prompt nobody is at the counter: no « Changer d'agent » nor « Verrouiller » in the header, and
    Ctrl+L locks nothing; they come with the seat."""
    holder = ContextHolder()
    window = build_main_window(ctx.settings, holder)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.switch_button.isVisible() and not window.lock_button.isVisible()
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.centralWidget() is not None and window.centralWidget().isVisible()  # nothing to lock
    holder.ctx = ctx
    install_counter_seat(window, holder, DemoSeat(ctx.settings), os_lock=FakeOsSessionLock())
    assert window.switch_button.isVisible() and window.lock_button.isVisible()


def test_agent_switch_then_act_the_receipt_names_the_new_agent(
    qtbot: QtBot, seated: tuple[MainWindow, CounterSeat, FakeOsSessionLock], ctx: AppContext
) -> None:
    window, counter, _ = seated
    assert "Agent de démonstration" in window.who_label.text()
    _switch_to(qtbot, window, counter, downs=1)  # the APJ
    assert "Agente de démonstration Roux" in window.who_label.text() and "APJ" in window.who_label.text()
    page = _establish_page(window)
    assert page.desk.agent.name == "Agente de démonstration Roux"
    assert "Agente de démonstration Roux" in page.validity.authority.text()
    # The act: through the page's own services, as the screen would save it.
    thomas = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
    dubois = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
    outcome = page.desk.establish(EstablishInput(mandant=thomas, mandataire=dubois, election_id="presidentielle-2027"))
    assert outcome.saved, outcome.violations
    assert outcome.signed is not None
    authority = outcome.signed.receipt.authority
    assert authority.agent_name == "Agente de démonstration Roux" and "APJ" in authority.capacity.upper()
    printer = ctx.printer
    assert isinstance(printer, FakePrinter)
    page.desk.print_receipt(outcome)
    assert printer.printed[-1].receipt.authority.agent_name == "Agente de démonstration Roux"


def test_supervisor_cannot_establish_and_is_told_so(
    qtbot: QtBot, seated: tuple[MainWindow, CounterSeat, FakeOsSessionLock]
) -> None:
    window, counter, _ = seated
    _switch_to(qtbot, window, counter, downs=2)
    page = _establish_page(window)
    assert page.desk.agent.name == "Superviseur de démonstration"
    violations = page.desk.check(EstablishInput())
    assert violations and violations[0].rule_id == "R-DATA-3"


def test_ctrl_l_locks_and_keeps_the_typed_form(
    qtbot: QtBot, seated: tuple[MainWindow, CounterSeat, FakeOsSessionLock]
) -> None:
    window, counter, _ = seated
    window.show_section("etablir", focus_page=True)
    page = _establish_page(window)
    page.m_last.setText("DUBOIS")
    QTest.keyClick(window, Qt.Key.Key_L, CTRL)
    assert counter.lock.is_locked and not window.centralWidget().isVisible()
    assert QApplication.focusWidget() is counter.lock.password_edit
    QTest.keyClicks(counter.lock.password_edit, "faux")
    QTest.keyClick(counter.lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.lock.runner.busy)
    assert counter.lock.is_locked and "incorrect" in counter.lock.error_label.text()
    QTest.keyClicks(counter.lock.password_edit, DEMO_PASSWORD)
    QTest.keyClick(counter.lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.lock.is_locked)
    assert page.m_last.text() == "DUBOIS"  # the same screen, the same input


def test_while_locked_no_key_but_the_lock_s_own_reaches_the_screens(
    qtbot: QtBot, seated: tuple[MainWindow, CounterSeat, FakeOsSessionLock]
) -> None:
    """Walk around the lock with the keyboard: every shortcut of the window, pressed at the lock's password field,
    fires nothing but the lock's own (Ctrl+L, Ctrl+Shift+L: another agent takes the counter) and the text size.
    Before session 26, Ctrl+1 … Ctrl+0 moved the locked agent's screens behind the lock."""
    window, counter, _ = seated
    window.show_section("etablir", focus_page=True)
    before = window.stack.currentIndex()
    QTest.keyClick(window, Qt.Key.Key_L, CTRL)
    assert counter.lock.is_locked
    fired: list[str] = []
    shortcuts = window.findChildren(QShortcut)
    for shortcut in shortcuts:
        shortcut.activated.connect(lambda s=shortcut: fired.append(s.key().toString()))
    keys = sorted({s.key().toString() for s in shortcuts} - {"Ctrl+Shift+L"})  # the switch opens its dialog
    assert {"Ctrl+1", "Ctrl+S", "Ctrl+P", "F2"} <= set(keys)  # the screens' keys are there to be tried
    for key in keys:
        combination = QKeySequence(key)[0]
        QTest.keyClick(counter.lock.password_edit, combination.key(), combination.keyboardModifiers())
    assert set(fired) <= {"Ctrl+L", *ZOOM_IN, *ZOOM_OUT, *RESET}, fired
    # Alt+1 … typed « 1 », « n »… in the password field, which Ctrl+Return checked: a wrong password, nothing more.
    qtbot.waitUntil(lambda: not counter.lock.runner.busy)
    assert counter.lock.is_locked and window.stack.currentIndex() == before
    assert QApplication.focusWidget() is counter.lock.password_edit


def test_os_session_lock_signal_locks_the_window(
    qtbot: QtBot, seated: tuple[MainWindow, CounterSeat, FakeOsSessionLock]
) -> None:
    window, counter, os_lock = seated
    assert not counter.lock.is_locked
    os_lock.lock()  # logind's Lock, as the Fake delivers it
    assert counter.lock.is_locked and not window.centralWidget().isVisible()


def _seated_with(
    qtbot: QtBot, ctx: AppContext, card: FakeAgentCard | None = None, os_lock: FakeOsSessionLock | None = None
) -> tuple[MainWindow, CounterSeat]:
    """The demo's first agent at the counter (the demo opens as them), its agent card `card` if given."""
    if card is not None:
        ctx.agent_card = card
    holder = ContextHolder()
    window = build_main_window(ctx.settings, holder)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    holder.ctx = ctx
    holder.ready.emit()
    window._holder = holder  # type: ignore[attr-defined]
    seat = DemoSeat(ctx.settings)
    counter = install_counter_seat(window, holder, seat, os_lock=os_lock or FakeOsSessionLock())
    counter._take_seat(seat.current)
    window.set_agent(seat.current.label)
    return window, counter


def test_the_agent_card_pulled_out_locks_at_once_and_says_why(qtbot: QtBot, ctx: AppContext) -> None:
    """spec/security.md: the session locks when the agent's card is removed; what was typed stays, the password
    opens it (the card is a presence token), and a card put back unlocks nothing by itself."""
    card = FakeAgentCard()  # inserted
    window, counter = _seated_with(qtbot, ctx, card)
    window.show_section("etablir", focus_page=True)
    page = _establish_page(window)
    page.m_last.setText("DUBOIS")
    assert not counter.lock.is_locked
    card.remove()  # told on the watch's thread in production: relayed to the GUI thread
    qtbot.waitUntil(lambda: counter.lock.is_locked)
    assert not window.centralWidget().isVisible()
    assert counter.lock.title.text() == "Carte agent retirée : session verrouillée"
    card.insert()
    qtbot.waitUntil(lambda: counter.lock.title.text() == "Session verrouillée")
    assert counter.lock.is_locked  # the card back is not the password
    QTest.keyClicks(counter.lock.password_edit, DEMO_PASSWORD)
    QTest.keyClick(counter.lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.lock.is_locked)
    assert page.m_last.text() == "DUBOIS"
    card.unplug()  # the reader itself pulled out ends the presence too
    qtbot.waitUntil(lambda: counter.lock.is_locked)
    assert counter.card is Presence.NO_READER


def test_a_card_never_inserted_locks_nothing(qtbot: QtBot, ctx: AppContext) -> None:
    """A station may start before its agent inserts the card: only a card the watch saw leave locks."""
    card = FakeAgentCard(present=False)
    _window, counter = _seated_with(qtbot, ctx, card)
    card.unplug()
    card.insert()
    qtbot.waitUntil(lambda: counter.card is Presence.PRESENT)
    assert not counter.lock.is_locked
    card.remove()
    qtbot.waitUntil(lambda: counter.lock.is_locked)


def test_the_demo_pulls_its_simulated_card_from_the_appareils_screen(qtbot: QtBot, ctx: AppContext) -> None:
    """The demo shows the agent card: Appareils names it, « Retirer la carte agent » locks the counter, « Remettre »
    puts it back (what a real card does, without one)."""
    from desktop.views.pages import DevicesPage

    card = FakeAgentCard()
    ctx.agent_card = card
    holder = ContextHolder()
    window = build_main_window(ctx.settings._replace(demo=True), holder)  # the demo's screens over this store
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    holder.ctx = ctx
    holder.ready.emit()
    window._holder = holder  # type: ignore[attr-defined]
    counter = window.counter_seat  # installed by the demo's "ready"
    assert isinstance(counter, CounterSeat)
    window.show_section("appareils")
    page = window.stack.currentWidget()
    assert isinstance(page, DevicesPage)
    qtbot.waitUntil(lambda: not page.runner.busy and len(page.shown()) > 10)
    shown = page.shown()
    assert "présente — Lecteur de carte agent simulé (démonstration) (la retirer verrouille la session)" in shown

    def says(state: str) -> bool:  # the Appareils screen asked again at each change of the card
        texts = page.shown()
        return any(text.startswith(f"{state} — Lecteur de carte agent") for text in texts)

    page.pull_card.click()
    qtbot.waitUntil(lambda: counter.lock.is_locked)
    assert card.presence() is Presence.ABSENT
    qtbot.waitUntil(lambda: says("retirée"))
    counter.lock.release()
    page.put_card.click()
    assert card.presence() is Presence.PRESENT
    qtbot.waitUntil(lambda: says("présente"))


def test_another_agent_takes_a_locked_counter(
    qtbot: QtBot, seated: tuple[MainWindow, CounterSeat, FakeOsSessionLock]
) -> None:
    window, counter, os_lock = seated
    os_lock.lock()
    counter.lock.switch_button.click()
    qtbot.waitUntil(lambda: counter.dialog is not None)
    dialog = counter.dialog
    assert dialog is not None
    dialog.choices.setCurrentRow(1)
    QTest.keyClick(dialog.choices, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.lock.is_locked)
    assert window.centralWidget().isVisible()
    assert _establish_page(window).desk.agent.name == "Agente de démonstration Roux"
    assert "Roux" in counter.lock.who.text()


def test_os_lock_factory_falls_back_to_null_without_a_bus(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    watcher = make_os_session_lock()
    assert watcher.description  # logind where a bus answers, else the Null watcher
    if isinstance(watcher, NullOsSessionLock):
        fired: list[bool] = []
        watcher.subscribe(lambda: fired.append(True))
        assert fired == []


def test_production_switch_asks_login_and_password(qtbot: QtBot) -> None:
    from desktop.seat import SeatAgent, SeatRefused
    from desktop.services.permissions import Principal

    class TwoAgents:
        needs_password = True

        def __init__(self) -> None:
            self.current = SeatAgent(Principal("S", "a1", role="agent_police", capacity="opj"), "Agent Un")

        def choices(self) -> list[object]:
            return []

        def switch(self, *, login: str, password: str) -> SeatAgent:
            if password != "secret-de-deux":
                raise SeatRefused("Identifiant ou mot de passe incorrect.")
            self.current = SeatAgent(Principal("S", "a2", role="agent_police", capacity="apj"), "Agent Deux")
            return self.current

        def verify(self, password: str) -> None:
            return None

    dialog = AgentSwitchDialog(TwoAgents())  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.login_edit, "deux")
    QTest.keyClick(dialog.login_edit, Qt.Key.Key_Return)
    edit = dialog.password_edit
    assert isinstance(edit, QLineEdit)
    QTest.keyClicks(edit, "mauvais")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.runner.busy)
    assert "incorrect" in dialog.error_label.text() and dialog.agent is None and edit.text() == ""
    QTest.keyClicks(edit, "secret-de-deux")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.agent is not None)
    assert dialog.agent is not None and dialog.agent.name == "Agent Deux"


def test_a_delegue_opj_gets_the_visa_of_an_opj_and_keeps_the_typed_form(
    qtbot: QtBot, seated: tuple[MainWindow, CounterSeat, FakeOsSessionLock], ctx: AppContext
) -> None:
    """R-AUTH-3: a délégué OPJ's procuration is void without the visa of the OPJ who designated them. The Établir
    screen says so and asks for it; the OPJ signs in (here: chosen from the demo's OPJs), the délégué stays, what was
    typed stays, and the act records the visa."""
    from sqlalchemy import select

    from desktop.demo.seed import seed_demo
    from desktop.models import AuditEvent

    window, counter, _ = seated
    seed_demo(ctx.services())  # the demo's accounts in the store: the visa is held to its OPJ's account
    _switch_to(qtbot, window, counter, downs=3)  # the délégué
    page = _establish_page(window)
    assert page.desk.agent.name == "Délégué de démonstration Moreau" and page.visa_row is not None
    window.show_section("etablir", focus_page=True)
    assert page.visa_row.button.isVisible() and "R-AUTH-3" in plain(page.visa_row.label.text())
    assert [v.rule_id for v in page.desk.check(EstablishInput())][:1] == ["R-AUTH-3"]  # refused before the visa
    page.m_last.setText("DUBOIS")
    page.visa_row.button.click()
    qtbot.waitUntil(lambda: counter.dialog is not None and counter.dialog.isVisible())
    dialog = counter.dialog
    assert isinstance(dialog, AgentSwitchDialog) and dialog.visa
    # Only an OPJ other than the délégué may give it: not the APJ, nor the supervisor (an officer), nor themselves.
    assert [dialog.choices.item(i).text().split("\n")[0] for i in range(dialog.choices.count())] == [
        "Agent de démonstration"
    ]
    QTest.keyClick(dialog.choices, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.dialog is None)
    assert _establish_page(window) is page and page.m_last.text() == "DUBOIS"  # same screen, same input
    assert "Délégué de démonstration Moreau" in window.who_label.text()  # the délégué still holds the counter
    assert not page.visa_row.button.isVisible() and "Agent de démonstration" in page.visa_row.label.text()
    assert "sous le visa de l'OPJ Agent de démonstration" in page.validity.authority.text()
    thomas = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
    dubois = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
    outcome = page.desk.establish(EstablishInput(mandant=thomas, mandataire=dubois, election_id="presidentielle-2027"))
    assert outcome.saved, outcome.violations
    with ctx.store.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "procuration.etablie")).all()[-1]
    assert event.agent_id == "demo-delegue" and "visa_opj=demo-agent" in (event.detail or "")
    # The OPJ's account deactivated since: the next check says the visa no longer counts and asks for it again.
    from desktop.models import Agent

    with ctx.store.session() as s, s.begin():
        s.get(Agent, "demo-agent").active = False  # type: ignore[union-attr]
    page.run_checks()
    qtbot.waitUntil(lambda: page.visa_row is not None and page.visa_row.button.isVisible())
    assert "R-AUTH-3" in plain(page.visa_row.label.text())
    with ctx.store.session() as s, s.begin():
        s.get(Agent, "demo-agent").active = True  # type: ignore[union-attr]
    # A change of agent ends the visa: the next délégué's session asks for it again.
    _switch_to(qtbot, window, counter, downs=0)
    _switch_to(qtbot, window, counter, downs=3)
    page = _establish_page(window)
    assert page.visa_row is not None and page.desk.agent.visa_by is None


def test_a_delegue_opjs_visa_asked_on_resilier_serves_both_acts_of_the_session(
    qtbot: QtBot, seated: tuple[MainWindow, CounterSeat, FakeOsSessionLock], ctx: AppContext
) -> None:
    """R-AUTH-3: a délégué's résiliation needs the designating OPJ's visa too. Résilier says so and asks for it; the
    visa given there serves Établir as well (one visa for the session), and a refused résiliation asks again."""
    from desktop.demo.seed import seed_demo
    from desktop.rules.types import Violation
    from desktop.services.revocations import RevokeOutcome
    from desktop.views.procurations import RevokePage

    window, counter, _ = seated
    seed_demo(ctx.services())
    _switch_to(qtbot, window, counter, downs=3)  # the délégué
    revoke = window.stack.widget(window._index_of["resilier"])
    assert isinstance(revoke, RevokePage) and revoke.visa_row is not None
    window.show_section("resilier", focus_page=True)
    assert revoke.visa_row.button.isVisible() and "résiliations" in revoke.visa_row.label.text()
    revoke.visa_row.button.click()
    qtbot.waitUntil(lambda: counter.dialog is not None and counter.dialog.isVisible())
    QTest.keyClick(counter.dialog.choices, Qt.Key.Key_Return)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: counter.dialog is None)
    assert window.stack.widget(window._index_of["resilier"]) is revoke
    assert revoke.desk.agent.visa_by is not None and revoke.desk.agent.visa_by.agent_id == "demo-agent"
    assert not revoke.visa_row.button.isVisible() and "Agent de démonstration" in revoke.visa_row.label.text()
    establish = _establish_page(window)
    assert establish.desk.agent.visa_by == revoke.desk.agent.visa_by
    # A résiliation refused for the visa (its OPJ's account deactivated since) asks for it again.
    refused = Violation("R-AUTH-3", "Le visa de l'OPJ ne vaut plus.", None)
    revoke._revoked(RevokeOutcome(violations=(refused,)))
    assert revoke.visa_row.button.isVisible() and "R-AUTH-3" in plain(revoke.visa_row.label.text())
    assert "R-AUTH-3" in plain(revoke.errors.text())

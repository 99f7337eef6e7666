"""Keyboard only: a Maprocuration reference fetched online, the same typed in full offline, and scanner input."""

from __future__ import annotations

import socket
from pathlib import Path

from deskkit import confirm_review, focused, make_desk, press, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_establish_flow import open_page

from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.security.central_api import HttpCentralSecurity
from desktop.services.desk import SearchQuery
from desktop.sync.client import CentralClient, Credentials, enrol
from desktop.views.procurations import EstablishPage

ALT = Qt.KeyboardModifier.AltModifier


def closed_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def choose_maprocuration(qtbot: QtBot, page: EstablishPage) -> None:
    press(qtbot, Qt.Key.Key_C, ALT)  # &Canal
    assert focused() is page.channel
    press(qtbot, Qt.Key.Key_M)  # "Maprocuration (...)" by its first letter
    assert page.channel.currentData() == "maprocuration"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.reference


def test_reference_fetched_online_then_card_read_and_saved(
    qtbot: QtBot, store: Store, tmp_path: Path, central_server: tuple[str, str]
) -> None:
    url, token = central_server
    client = CentralClient(url, enrol(url, enrolment_token=token, label="desk e2e"), timeout=5)
    HttpCentralSecurity(client.http).enrol_agent(
        agent_id="agent-7", login="agent7", role="agent_police", capacity="opj", email=None
    )
    printer = FakePrinter()
    desk = make_desk(store, tmp_path, printer, central=client)
    reader = FakeCardReader()
    reader.insert("martin-claire")
    page = EstablishPage(desk, reader)
    open_page(qtbot, page)
    page.identity.birth_date.setText("15/01/1990")  # the mandant's birth date: the second factor of the fetch
    choose_maprocuration(qtbot, page)
    type_text(qtbot, "k7m2qx")
    press(qtbot, Qt.Key.Key_Return)  # Enter in the reference field fetches, it does not save
    qtbot.waitUntil(lambda: page.last_fetch is not None, timeout=10000)
    assert page.last_fetch is not None and page.last_fetch.state == "trouvee"
    assert page.m_last.text() == "DUBOIS" and page.m_nne.text() == "19374652"
    assert page.election.currentData() == "presidentielle-2027" and page.rounds.currentData() == "T1_T2"
    assert page.requested_on.text() == "20/11/2026" and page.last_outcome is None
    assert not page.runner.is_busy("save")  # Enter fetched: no save started either
    assert focused() is page.identity.can  # the identity document is still checked
    type_text(qtbot, "123456")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.identity.source == "puce", timeout=20000)
    press(qtbot, Qt.Key.Key_Return)
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: page.last_outcome is not None)
    outcome = page.last_outcome
    assert outcome is not None and outcome.saved, outcome and outcome.violations
    qtbot.waitUntil(lambda: page.last_print is not None, timeout=10000)
    [row] = desk.search(SearchQuery("K7M2QX"), include_central=False).local
    assert row.channel.startswith("Maprocuration") and row.status == "provisoire"
    client.close()


def test_offline_the_request_is_typed_in_full(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    client = CentralClient(closed_url(), Credentials("s", "t"), timeout=2)
    desk = make_desk(store, tmp_path, FakePrinter(), central=client)
    page = EstablishPage(desk, FakeCardReader())
    open_page(qtbot, page)
    page.identity.birth_date.setText("15/01/1990")
    choose_maprocuration(qtbot, page)
    type_text(qtbot, "K7M2QX")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_fetch is not None, timeout=10000)
    assert page.last_fetch is not None and page.last_fetch.state == "hors_ligne"
    assert "Hors ligne" in page.fetch_status.text()
    assert focused() is page.requested_on
    type_text(qtbot, "20112026")
    press(qtbot, Qt.Key.Key_Tab)  # the form version is disabled for Maprocuration: Tab skips it
    assert focused() is page.identity.can
    press(qtbot, Qt.Key.Key_Z, ALT)  # &Zone MRZ
    # The mandant's MRZ typed by hand (no reader today) in the MRZ field, then the rest.
    assert focused() is page.identity.mrz
    type_text(qtbot, demo_person("martin-claire").mrz.replace("\n", ""))
    assert page.identity.source == "mrz" and page.identity.last_name.text() == "MARTIN"
    press(qtbot, Qt.Key.Key_M, ALT)  # NNE du &mandataire
    assert focused() is page.m_nne
    for value in ("19374652", "02/06/1975"):
        type_text(qtbot, value)
        press(qtbot, Qt.Key.Key_Tab)
    # The mandataire's list is not guessed (R-CHAN-A-5): Tab past the names and the commune, chosen by its arrow.
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.m_list and page.m_list.currentData() == ""
    press(qtbot, Qt.Key.Key_Down)
    assert page.m_list.currentData() == "communale"
    press(qtbot, Qt.Key.Key_Return)
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: page.last_outcome is not None)
    outcome = page.last_outcome
    assert outcome is not None and outcome.saved, outcome and outcome.violations
    qtbot.waitUntil(lambda: page.last_print is not None, timeout=10000)
    client.close()


def test_a_scanned_mrz_lands_in_the_mandant_whatever_field_has_the_focus(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    open_page(qtbot, page)
    page.m_last.setFocus()
    type_text(qtbot, "Dub")
    qtbot.wait(200)  # a person's typing, then, later, the scanner's burst
    person = demo_person("dubois-jean")  # a passport: 2 lines of 44, Enter between and after, as scanners do
    for line in person.mrz.split("\n"):
        type_text(qtbot, line)
        press(qtbot, Qt.Key.Key_Return)
    assert page.m_last.text() == "Dub"  # what the agent had typed is intact
    assert page.identity.last_name.text() == "DUBOIS" and page.identity.birth_date.text() == "03/06/1958"
    assert page.identity.source == "mrz" and page.last_outcome is None  # the scanner's Enter did not save
    assert not page.runner.is_busy("save")  # not even started on the worker
    assert focused() is page.identity.nne


def test_a_scanned_reference_switches_to_maprocuration(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    open_page(qtbot, page)
    page.m_last.setFocus()
    type_text(qtbot, "https://www.maprocuration.gouv.fr/r/B4T9ZD")
    press(qtbot, Qt.Key.Key_Return)
    assert page.channel.currentData() == "maprocuration" and page.reference.text() == "B4T9ZD"
    assert page.m_last.text() == ""
    qtbot.waitUntil(lambda: page.last_fetch is not None, timeout=5000)
    assert page.last_fetch is not None and page.last_fetch.state == "non_configure"

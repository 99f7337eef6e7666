"""A Maprocuration fetch the central store refuses to the agent's role (403, R-DATA-3): said under the reference,
in plain words, with the rule; what the agent typed stays. Against the embedded central store over real HTTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from deskkit import focused, make_desk, press, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot
from test_establish_flow import open_page
from test_maprocuration_flow import choose_maprocuration

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.security.central_api import HttpCentralSecurity
from desktop.sync.client import CentralClient, enrol
from desktop.views.kit import colours
from desktop.views.procurations import EstablishPage


def test_a_fetch_refused_to_the_role_says_r_data_3_under_the_reference_and_keeps_the_form(
    qtbot: QtBot, store: Store, tmp_path: Path, central_server: tuple[str, str], themed: Callable[..., None]
) -> None:
    themed()
    url, token = central_server
    client = CentralClient(url, enrol(url, enrolment_token=token, label="desk 403"), timeout=5)
    # The central store knows this agent with a role that may not fetch requests (its need-to-know, R-DATA-3),
    # whatever the counter believes of it.
    HttpCentralSecurity(client.http).enrol_agent(
        agent_id="agent-403", login="agent403", role="administrateur", capacity="administrateur", email=None
    )
    desk = make_desk(store, tmp_path, FakePrinter(), central=client, agent_id="agent-403")
    page = EstablishPage(desk, FakeCardReader())
    open_page(qtbot, page)
    page.identity.birth_date.setText("15/01/1990")  # the mandant's birth date: the second factor of the fetch
    page.identity.last_name.setText("MARTIN")
    page.m_last.setText("DUBOIS")
    choose_maprocuration(qtbot, page)
    type_text(qtbot, "k7m2qx")
    press(qtbot, Qt.Key.Key_Return)  # fetch
    qtbot.waitUntil(lambda: page.last_fetch is not None, timeout=10000)
    fetch = page.last_fetch
    assert fetch is not None and fetch.state == "interdite", fetch
    said = page.fetch_status.text()
    assert "R-DATA-3" in said and "rôle" in said and "demandes en ligne" in said, said
    assert "Saisissez la demande en entier" in said  # what to do now
    assert "identifiants du poste" not in said  # not the station's credentials: they are fine
    assert page.fetch_status.isVisible() and page.fetch_status.property("state") == "error"
    # In the errors' red, not the grey of a format hint (the label's id selector used to win over its state's).
    assert page.fetch_status.palette().color(QPalette.ColorRole.WindowText).name() == colours.current().error
    # Next to the reference field: right under it, in the channel's section (once the layout gave it its place).
    assert page.channel_panel.isAncestorOf(page.fetch_status)

    def below_the_reference() -> bool:
        field = page.reference.mapTo(page, page.reference.rect().bottomLeft())
        status = page.fetch_status.mapTo(page, page.fetch_status.rect().topLeft())
        gap = status.y() - field.y()
        return 0 <= gap <= 3 * page.fetch_status.fontMetrics().height() and abs(status.x() - field.x()) <= 16

    qtbot.waitUntil(below_the_reference, timeout=2000)
    # Nothing typed is lost; the agent goes on typing the request in full.
    assert page.reference.text() == "k7m2qx"
    assert page.identity.birth_date.text() == "15/01/1990" and page.identity.last_name.text() == "MARTIN"
    assert page.m_last.text() == "DUBOIS" and page.channel.currentData() == "maprocuration"
    assert focused() is page.requested_on
    client.close()


def test_an_agent_the_central_store_does_not_know_is_told_to_enrol_not_r_data_3(
    qtbot: QtBot, store: Store, tmp_path: Path, central_server: tuple[str, str]
) -> None:
    """The other 403 of the fetch: the agent was never enrolled for this station. Its remedy is the central store's
    own words (enrol them from the Agents screen), not a role's need-to-know."""
    url, token = central_server
    client = CentralClient(url, enrol(url, enrolment_token=token, label="desk 403 unknown"), timeout=5)
    desk = make_desk(store, tmp_path, FakePrinter(), central=client, agent_id="agent-never-enrolled")
    fetch = desk.fetch_request("K7M2QX", birth_date=date(1990, 1, 15))
    assert fetch.state == "refusee" and "R-DATA-3" not in fetch.message
    assert "enrôlez-le depuis l'écran Agents" in fetch.message
    client.close()

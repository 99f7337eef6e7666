"""A Maprocuration act at the counter (business-rules audit): the request's date is required and never in the future
(R-CHAN-A-8), the mandataire's list is chosen, never « communale » by default (R-CHAN-A-5); each said under its field
with the rule, nothing typed lost. Real widgets, offscreen."""

from __future__ import annotations

from pathlib import Path

from deskkit import focused, make_desk, press, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_establish_flow import open_page
from test_maprocuration_flow import choose_maprocuration

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.views.procurations import EstablishPage

CTRL = Qt.KeyboardModifier.ControlModifier


def _save(qtbot: QtBot, page: EstablishPage) -> None:
    page.last_outcome = None
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.last_outcome is not None)
    assert page.last_outcome is not None and not page.last_outcome.saved


def test_the_request_date_and_the_mandataires_list_are_required(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    open_page(qtbot, page)
    choose_maprocuration(qtbot, page)
    type_text(qtbot, "K7M2QX")
    typed = {
        page.identity.last_name: "Martin",
        page.identity.given_names: "Claire Marie",
        page.identity.birth_date: "15/01/1990",
        page.identity.nne: "204512873",
        page.m_nne: "19374652",
        page.m_birth: "02/06/1975",
    }
    for edit, value in typed.items():
        edit.setText(value)
    assert page.requested_on.text() == "" and page.m_list.currentData() == ""  # nothing chosen for the agent
    _save(qtbot, page)
    date_error = page.fields["channel.requested_on"].error_text
    assert date_error.startswith("R-CHAN-A-8 : ") and "date de la demande en ligne" in date_error, date_error
    assert page.fields["channel.requested_on"].error.isVisible()
    list_error = page.fields["mandataire.list_kind"].error_text
    assert list_error.startswith("R-CHAN-A-5 : ") and "Nouvelle-Calédonie" in list_error, list_error
    assert page.fields["mandataire.list_kind"].error.isVisible()
    # A request date to come is no request's: said under the date, which stays as typed.
    page.requested_on.setFocus()
    qtbot.waitUntil(lambda: focused() is page.requested_on)
    type_text(qtbot, "01012099")
    _save(qtbot, page)
    assert page.requested_on.text().replace("/", "") == "01012099"  # as typed
    date_error = page.fields["channel.requested_on"].error_text
    assert date_error.startswith("R-CHAN-A-8 : ") and "futur" in date_error, date_error
    for edit, value in typed.items():
        assert edit.text() == value  # nothing typed is lost
    assert page.reference.text() == "K7M2QX"
    # A date of the last two months and a list chosen: both errors go.
    page.requested_on.setText("20/11/2026")
    page.m_list.setCurrentIndex(page.m_list.findData("communale"))
    qtbot.waitUntil(lambda: page.fields["channel.requested_on"].error_text == "", timeout=5000)
    qtbot.waitUntil(lambda: page.fields["mandataire.list_kind"].error_text == "", timeout=5000)

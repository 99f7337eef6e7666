"""The Registre cannot be consulted from this counter: the screen says so without blaming the NUMIC typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.rules.ivote import Credential
from desktop.services.registers import UnavailableConsularRegister
from desktop.views.renewals.page import TAB_IVOTE
from desktop.views.translations import plain

from .conftest import Desk

NUMIC, EMAIL = "MTL2024001", "camille.tremblay-roux@exemple.fr"


def test_an_unreachable_register_leaves_the_numic_unblamed(qtbot: QtBot, desk: Desk) -> None:
    """A production counter (no register served yet) or the central store out of reach: the refusal stood under the
    NUMIC, the field in red as if mistyped, and the agent typed the card's number again and again (day audit,
    consular agent). It is said once for the desk, the fields as typed and unmarked; nothing is recorded."""
    desk.ivote.register = UnavailableConsularRegister()
    desk.page.show_tab(TAB_IVOTE)
    qtbot.waitUntil(lambda: not desk.page.runner.busy)
    panel = desk.page.ivote
    QTest.keyClicks(panel.numic, NUMIC)
    QTest.keyClick(panel.numic, Qt.Key.Key_Return)
    QTest.keyClicks(panel.email, EMAIL)
    QTest.keyClick(panel.email, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not desk.page.runner.busy)
    said = panel.errors[None]
    assert said.isVisible() and "Registre" in said.text() and "R-IVOTE-1" in plain(said.text())
    assert not panel.errors["numic"].isVisible() and panel.numic.property("invalid") != "true"
    assert (panel.numic.text(), panel.email.text()) == (NUMIC, EMAIL)

    found = desk.ivote.request_renewal(numic=NUMIC, email=EMAIL, renew=frozenset({Credential.IDENTIFIANT}))
    assert [(v.rule_id, v.field) for v in found.violations] == [("R-IVOTE-1", None)]
    assert desk.ivote.list_requests() == []

"""At a consulate the mandant's list starts on « Liste à choisir »: the mandant may be on the consular list or a
commune's, and R-LIMIT-3's ceiling depends on it. « Liste communale » by default let an agent who left it give a
consular mandant's mandataire one procuration too few (day audit, consular agent); a commissariat keeps it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from deskkit import confirm_review, make_desk
from pytestqt.qtbot import QtBot
from test_legal_corners import consulate_desk

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.views.procurations import EstablishPage


def _fill(qtbot: QtBot, page: EstablishPage) -> None:
    qtbot.addWidget(page)
    page.resize(1280, 900)
    page.show()
    page.identity.set_person("MARTIN", "Claire Marie", date(1990, 1, 15), "204512873", None)  # a chip: no list
    page.m_nne.setText("19374652")
    page.m_birth.setText("02/06/1975")
    page.m_last.setText("DUBOIS")
    page.m_given.setText("Jean")
    page.validity.set_scrutin("presidentielle-2027", "T1_T2")


def test_at_a_consulate_the_mandants_list_is_chosen_before_the_act(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = EstablishPage(consulate_desk(store, tmp_path), FakeCardReader())
    _fill(qtbot, page)
    assert page.identity.list_kind.currentData() == ""  # « Liste à choisir »
    page.save()
    field = page.fields["mandant.list_kind"]
    qtbot.waitUntil(lambda: "R-LIMIT-3" in field.error_text, timeout=10000)
    assert page.review is None and page.identity.last_name.text() == "MARTIN" and page.m_last.text() == "DUBOIS"
    page.identity.list_kind.setCurrentIndex(page.identity.list_kind.findData("consulaire"))
    page.save()
    qtbot.waitUntil(lambda: page.review is not None, timeout=10000)
    confirm_review(qtbot, page)  # saved: the next citizen is asked again
    qtbot.waitUntil(lambda: page.m_last.text() == "", timeout=20000)
    assert page.identity.list_kind.currentData() == ""


def test_a_commissariat_keeps_the_communal_list(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    _fill(qtbot, page)
    assert page.identity.list_kind.currentData() == "communale"


def test_the_list_still_to_choose_is_not_an_error_before_the_agent_saves(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """The R-LIMIT-3 « Choisissez la liste… » showed under the list at the first pause in typing, before the agent
    had reached it (limits show at once: one that is broken, not a choice still to make)."""
    page = EstablishPage(consulate_desk(store, tmp_path), FakeCardReader())
    _fill(qtbot, page)
    page.run_checks()
    qtbot.waitUntil(lambda: any(v.rule_id == "R-LIMIT-3" for v in page.last_violations), timeout=10000)  # found
    assert page.fields["mandant.list_kind"].error_text == ""  # but says nothing yet

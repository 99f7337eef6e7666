"""The documents French counters see, through the MRZ scanner path: the 2021 CNIe (TD1, 3 × 30) fills the form and
its chip is then read with that MRZ (PACE); an EU identity card; the old French card without chip, with its
validity from the rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from deskkit import focused, make_desk, press, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_establish_flow import open_page

from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.views.procurations import EstablishPage

OLD_CNI = "IDFRADUPONT<<<<<<<<<<<<<<<<<<<095123\n2101095123451JEAN<<<<<<<<<<8310198M5"


def _scan(qtbot: QtBot, mrz: str, *, enter_between_lines: bool) -> None:
    """A keyboard-wedge scanner's burst: each line, Enter between lines or none, Enter at the end."""
    if enter_between_lines:
        for line in mrz.split("\n"):
            type_text(qtbot, line)
            press(qtbot, Qt.Key.Key_Return)
    else:
        type_text(qtbot, mrz.replace("\n", ""))
        press(qtbot, Qt.Key.Key_Return)


@pytest.mark.parametrize("enter_between_lines", [True, False], ids=["lignes", "d-un-trait"])
def test_a_scanned_td1_cnie_mrz_fills_the_form_then_f2_reads_its_chip(
    qtbot: QtBot, store: Store, tmp_path: Path, enter_between_lines: bool
) -> None:
    reader = FakeCardReader()
    reader.insert("martin-claire")  # CNIe 2021: TD1 MRZ, PACE
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), reader)
    open_page(qtbot, page)
    page.m_last.setFocus()  # the scanner types wherever the focus is
    person = demo_person("martin-claire")
    assert [len(line) for line in person.mrz.split("\n")] == [30, 30, 30]
    _scan(qtbot, person.mrz, enter_between_lines=enter_between_lines)
    identity = page.identity
    assert page.m_last.text() == ""  # nothing fell into the mandataire's field
    assert (identity.last_name.text(), identity.given_names.text()) == ("MARTIN", "Claire Marie")
    assert identity.birth_date.text() == "15/01/1990" and identity.source == "mrz"
    assert identity.mrz.text() == person.mrz.replace("\n", "")
    assert "✓ Clés de contrôle de la zone MRZ" in identity.badges.texts()
    assert page.last_outcome is None and focused() is identity.nne  # the scanner's Enter did not save
    # The scanned MRZ is the chip's access key (no CAN typed): PACE with the MRZ.
    assert identity.read_card()
    qtbot.waitUntil(lambda: identity.identity is not None, timeout=15000)
    assert identity.identity is not None and identity.identity.access == "PACE-MRZ"
    assert identity.identity.authentic and identity.source == "puce"


def test_a_scanned_eu_identity_card_fills_the_form(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    open_page(qtbot, page)
    page.identity.nne.setFocus()
    _scan(qtbot, demo_person("rossi-giulia").mrz, enter_between_lines=True)  # Italian TD1
    assert page.identity.last_name.text() == "ROSSI" and page.identity.nne.text() == ""
    assert page.identity.birth_date.text() == "09/09/1985"


def test_the_old_french_card_without_chip_shows_its_extended_validity(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    open_page(qtbot, page)
    page.m_last.setFocus()
    _scan(qtbot, OLD_CNI, enter_between_lines=True)  # 2 × 36, as the old card prints it
    identity = page.identity
    assert (identity.last_name.text(), identity.given_names.text()) == ("DUPONT", "Jean")
    texts = identity.badges.texts()
    assert "– Puce : aucune (ancienne carte d'identité)" in texts
    # Issued January 2021 to an adult: 15 years, to the end of the month of issue (the day is on the back).
    assert "Valide jusqu'à fin 01/2036 (voir le verso)" in texts
    assert "sans puce" in identity.status.text()

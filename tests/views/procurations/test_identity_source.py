"""What the elector's record says about how the identity was taken is what the form holds when the act is saved: the
NNE typed after a read changes nothing; a name or birth date changed after it is typed, not read."""

from __future__ import annotations

from pathlib import Path

from deskkit import make_desk, press, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from test_establish_flow import open_page
from test_scanner_documents import _scan

from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.views.procurations import EstablishPage


def page_with(qtbot: QtBot, store: Store, tmp_path: Path) -> EstablishPage:
    reader = FakeCardReader()
    reader.insert("martin-claire")
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), reader)
    open_page(qtbot, page)
    return page


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Select what the field holds and type over it, as an agent correcting it."""
    edit.setFocus()
    edit.selectAll()
    type_text(qtbot, text)


def test_a_chips_names_changed_after_the_read_are_typed_not_read(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = page_with(qtbot, store, tmp_path)
    type_text(qtbot, "123456")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.identity.identity is not None, timeout=20000)
    identity = page.identity
    type_text(qtbot, "204512873")  # the NNE, which no document holds
    assert identity.nne.text() == "204512873" and identity.person().source == "puce"
    identity.given_names.setText("Clàire Marie")  # an accent the chip's letters cannot hold: still its name
    assert identity.person().source == "puce"
    retype(qtbot, identity.last_name, "DURAND")  # another person's name on a genuine chip: was recorded « puce »
    assert identity.person().source == "saisie"
    retype(qtbot, identity.last_name, "Martin")
    assert identity.person().source == "puce"
    retype(qtbot, identity.birth_date, "16011990")
    assert identity.person().source == "saisie"


def test_a_scanned_mrz_is_recorded_as_such_once_the_nne_is_typed(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """Typing the NNE after a scan turned « mrz » into « saisie »: no act was ever recorded as taken from the MRZ."""
    page = page_with(qtbot, store, tmp_path)
    page.identity.nne.setFocus()
    _scan(qtbot, demo_person("rossi-giulia").mrz, enter_between_lines=True)
    identity = page.identity
    retype(qtbot, identity.nne, "31234567")
    assert identity.person().source == "mrz"
    retype(qtbot, identity.given_names, "Maria")
    assert identity.person().source == "saisie"


def test_typed_from_the_start_is_typed(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = page_with(qtbot, store, tmp_path)
    identity = page.identity
    retype(qtbot, identity.last_name, "MARTIN")
    assert identity.person().source == "saisie"


def test_an_online_requests_identity_is_recorded_as_taken_from_it(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    from datetime import date

    page = page_with(qtbot, store, tmp_path)
    identity = page.identity
    identity.set_person("MARTIN", "Claire Marie", date(1990, 1, 15), "204512873", None)
    assert identity.person().source == "demande"
    identity.can.setFocus()
    type_text(qtbot, "123456")  # then the document: the chip says the same, and proves it
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: identity.identity is not None, timeout=20000)
    assert identity.person().source == "puce"
    identity.set_person("MARTIN", "Claire Marie", date(1990, 1, 15), "204512873", None)  # fetched again
    assert identity.person().source == "puce"
    identity.set_person("MARTIN", "Claire", date(1990, 1, 15), "204512873", None)  # not what the chip says
    assert identity.person().source == "demande"


def test_R_ID_DOC_1_the_chips_document_and_expiry_reach_the_save(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """The badge said « Document expiré le … » and nothing decided: the document read goes with the act, and a card
    expired more than five years ago is refused at the check, next to the banner's rule id."""
    from dataclasses import replace

    page = page_with(qtbot, store, tmp_path)
    type_text(qtbot, "123456")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.identity.identity is not None, timeout=20000)
    read = page.identity.identity
    assert read is not None and read.expiry_date is not None
    person = page.identity.person()
    assert person.document == "cni" and person.document_expiry == read.expiry_date
    page.identity.identity = replace(read, expiry_date=read.expiry_date.replace(year=2015))
    stale = page.identity.person()
    assert stale.document_expiry is not None and stale.document_expiry.year == 2015
    found = page.desk.check(replace(page.form(), mandant=stale))
    assert "R-ID-DOC-1" in [v.rule_id for v in found if v.blocking]
    retype(qtbot, page.identity.last_name, "DURAND")  # typed, not read: no document goes with it
    assert page.identity.person().document == "" and page.identity.person().document_expiry is None

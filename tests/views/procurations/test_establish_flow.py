"""End-to-end, keyboard only: the counter form with a card read, saved, printed to PDF and decoded."""

from __future__ import annotations

from pathlib import Path

from deskkit import VERIFIER, confirm_review, decode_pdf_qr, focused, make_desk, pdf_text, press, show_page, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.pdf_file import PdfFilePrinter
from desktop.models.db import Store
from desktop.services.desk import SearchQuery
from desktop.views.procurations import EstablishPage

ALT = Qt.KeyboardModifier.AltModifier


def open_page(qtbot: QtBot, page: EstablishPage) -> None:
    show_page(qtbot, page, size=(1280, 900))


def test_counter_form_with_card_read_saved_printed_and_decoded(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    printer = PdfFilePrinter(tmp_path / "recus")
    desk = make_desk(store, tmp_path, printer)
    reader = FakeCardReader()
    reader.insert("martin-claire")
    page = EstablishPage(desk, reader)
    open_page(qtbot, page)
    keys = 0
    assert focused() is page.identity.can
    keys += type_text(qtbot, "123456")
    keys += press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.identity.source == "puce", timeout=20000)
    assert page.identity.last_name.text() == "MARTIN" and page.identity.birth_date.text() == "15/01/1990"
    assert focused() is page.identity.nne  # what the chip does not hold comes next
    keys += type_text(qtbot, "204512873")
    keys += press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.identity.list_kind  # the list, in the Tab order (audit), left as it is
    keys += press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.m_nne
    keys += type_text(qtbot, "19374652")
    keys += press(qtbot, Qt.Key.Key_Tab)
    keys += type_text(qtbot, "02061975")
    keys += press(qtbot, Qt.Key.Key_Tab)
    keys += type_text(qtbot, "dubois")
    keys += press(qtbot, Qt.Key.Key_Tab)
    keys += type_text(qtbot, "jean")
    keys += press(qtbot, Qt.Key.Key_Return)  # the review: the act as it will stand
    assert page.review is not None or page.runner.is_busy("review")
    keys += confirm_review(qtbot, page)  # Entrée: confirmed
    assert page.save_button.text() == "Enregistrement…"  # saved on a worker: the screen says it is busy
    qtbot.waitUntil(lambda: page.last_outcome is not None)
    outcome = page.last_outcome
    assert outcome is not None and outcome.saved, outcome and outcome.violations
    qtbot.waitUntil(lambda: page.last_print is not None, timeout=20000)
    assert page.last_print is not None and page.last_print.printed
    assert keys == 49  # docs/KEYSTROKES.md lists them (plus Ctrl+1 to open the screen)
    # Ready for the next citizen: empty form, focus on the CAN.
    assert page.identity.last_name.text() == "" and page.m_nne.text() == "" and focused() is page.identity.can
    assert "récépissé n°" in page.banner.text() and "Prêt pour le citoyen suivant" in page.banner.text()
    pdf = printer.last_path
    assert pdf is not None and pdf.exists()
    [payload] = decode_pdf_qr(pdf)
    claims = VERIFIER.verify(payload)
    assert claims.number == outcome.receipt_number and claims.status.value == "provisoire"
    text = pdf_text(pdf)
    assert "MARTIN" in text and "DUBOIS" in text and "PROVISOIRE" in text
    [row] = desk.search(SearchQuery("dubois")).local
    assert row.mandataire == "DUBOIS jean" and row.confirmation_label == "En attente du central"


def test_tab_reaches_the_mandants_list_then_the_mandataires_nne(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """Business-rules audit: the list combo was skipped by Tab (ClickFocus), so a keyboard or screen reader user
    could not reach it but by a mnemonic nobody announces. It is in the Tab order now, between the two NNEs."""
    page = EstablishPage(make_desk(store, tmp_path, PdfFilePrinter(tmp_path / "recus")), FakeCardReader())
    open_page(qtbot, page)
    page.identity.nne.setFocus()
    qtbot.waitUntil(lambda: focused() is page.identity.nne)
    type_text(qtbot, "204512873")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.identity.list_kind
    press(qtbot, Qt.Key.Key_Down)  # chosen from the keyboard
    assert page.identity.list_kind.currentData() == "consulaire"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.m_nne
    type_text(qtbot, "19374652")
    assert page.identity.nne.text() == "204512873" and page.m_nne.text() == "19374652"
    # Back with Shift+Tab, and Alt+L (its label's mnemonic) still reaches it.
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is page.identity.list_kind
    page.m_nne.setFocus()
    press(qtbot, Qt.Key.Key_L, ALT)
    assert focused() is page.identity.list_kind
    # The mandataire's list is in the Tab order too, after the commune, and starts unchosen.
    page.m_commune.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.m_list and page.m_list.currentData() == ""


def test_refused_r_limit_1_keeps_every_field(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    from dataclasses import replace
    from datetime import date

    from desktop.devices.printers.fake import FakePrinter
    from desktop.services.desk import EstablishInput, PersonInput

    desk = make_desk(store, tmp_path, FakePrinter())
    dubois = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
    first = EstablishInput(
        mandant=PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27)),
        mandataire=dubois,
        election_id="presidentielle-2027",
    )
    assert desk.establish(replace(first)).saved
    page = EstablishPage(desk, FakeCardReader())
    open_page(qtbot, page)
    press(qtbot, Qt.Key.Key_Tab)  # CAN -> MRZ (no card today: typed identity)
    press(qtbot, Qt.Key.Key_Tab)
    typed = {
        "mandant.last_name": "Bernard",
        "mandant.given_names": "Luc Henri",
        "mandant.birth_date": "08/08/1969",
        "mandant.nne": "371617504",
    }
    for value in typed.values():
        type_text(qtbot, value)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)  # past the mandant's list (in the Tab order)
    for value in ("19374652", "02/06/1975", "Dubois", "Jean"):
        type_text(qtbot, value)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.last_outcome is not None)
    assert page.last_outcome is not None and not page.last_outcome.saved
    error = page.fields["mandataire.nne"].error_text
    assert error.startswith("R-LIMIT-1 : ") and "établie en France" in error
    assert page.fields["mandataire.nne"].error.isVisible()
    assert page.m_nne.property("invalid") == "true"
    for key, value in typed.items():
        assert page.fields[key].editor.text() == value  # type: ignore[attr-defined]
    assert (page.m_nne.text(), page.m_birth.text(), page.m_last.text(), page.m_given.text()) == (
        "19374652",
        "02/06/1975",
        "Dubois",
        "Jean",
    )
    assert focused() is page.m_nne
    assert "non enregistrée" in page.banner.text()


def test_live_check_shows_the_limit_as_the_agent_types(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    from datetime import date

    from desktop.devices.printers.fake import FakePrinter
    from desktop.services.desk import EstablishInput, PersonInput

    desk = make_desk(store, tmp_path, FakePrinter())
    assert desk.establish(
        EstablishInput(
            mandant=PersonInput(
                nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27)
            ),
            mandataire=PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2)),
            election_id="presidentielle-2027",
        )
    ).saved
    page = EstablishPage(desk, FakeCardReader())
    open_page(qtbot, page)
    page.m_nne.setFocus()
    type_text(qtbot, "19374652")
    qtbot.waitUntil(lambda: page.fields["mandataire.nne"].error_text.startswith("R-LIMIT-1"), timeout=3000)
    assert page.fields["mandant.nne"].error_text == ""  # untouched fields are not shouted at
    page.m_nne.selectAll()
    type_text(qtbot, "48524921")
    qtbot.waitUntil(lambda: page.fields["mandataire.nne"].error_text == "", timeout=3000)


def test_escape_asks_before_clearing(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    from desktop.devices.printers.fake import FakePrinter

    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    open_page(qtbot, page)
    page.m_last.setFocus()
    type_text(qtbot, "Dubois")
    press(qtbot, Qt.Key.Key_Escape)
    assert page.m_last.text() == "Dubois" and "Échap" in page.banner.text()
    press(qtbot, Qt.Key.Key_Escape)
    assert page.m_last.text() == "" and focused() is page.identity.can

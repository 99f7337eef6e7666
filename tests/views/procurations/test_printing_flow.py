"""Printing never loses a receipt: paper out keeps the form until printed or « imprimer plus tard »; preview;
reprint from the banner; never DUPLICATA for a first print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from deskkit import confirm_review, focused, make_desk, press, show_page
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.views.procurations import EstablishPage
from desktop.views.receipt_preview import ReceiptPreview

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _filled_page(qtbot: QtBot, store: Store, tmp_path: Path, printer: FakePrinter) -> EstablishPage:
    page = EstablishPage(make_desk(store, tmp_path, printer), FakeCardReader())
    show_page(qtbot, page, size=(1280, 900), focus=False)
    page.identity.set_person("THOMAS", "Sophie", date(1963, 5, 27), "285042289", "generale")
    page.mandataire.nne.setText("19374652")
    page.mandataire.birth.setText("02/06/1975")
    page.mandataire.last.setText("DUBOIS")
    page.mandataire.given.setText("Jean")
    page.m_given.setFocus()
    return page


def test_paper_out_keeps_the_form_then_reload_and_print_the_original(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    printer = FakePrinter(paper_out=True)
    page = _filled_page(qtbot, store, tmp_path, printer)
    press(qtbot, Qt.Key.Key_S, CTRL)
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: page.last_print is not None, timeout=10000)
    outcome = page.last_outcome
    assert outcome is not None and outcome.saved and outcome.receipt_number
    number = outcome.receipt_number
    # Not printed: the form stays as it was, read-only, with the receipt's number on the banner.
    assert page.kept is outcome and not page._form.isEnabled()
    assert page.m_last.text() == "DUBOIS" and page.identity.last_name.text() == "THOMAS"
    assert number in page.banner.text() and "NON IMPRIMÉ" in page.banner.text()
    said = page.banner.text().lower()  # the remedy once (the printer's words), then the other way out
    assert said.count("recharg") == 1 and said.count("imprimez") == 1 and "imprimer plus tard » (ctrl+d)" in said
    page.grab().save("/tmp/uiproc-f6-paper-out.png")
    assert page.result_banner.print_button.isVisible() and page.result_banner.later_button.isVisible()
    assert focused() is page.result_banner.print_button
    press(qtbot, Qt.Key.Key_Escape)  # a key never wipes a saved act whose receipt is not printed
    assert page.m_last.text() == "DUBOIS" and page.kept is outcome
    press(qtbot, Qt.Key.Key_S, CTRL)  # nor saves it twice
    assert page.kept is outcome
    printer.set_paper_out(False)  # the agent reloads the roll
    page.last_print = None
    press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: page.last_print is not None and page.last_print.printed, timeout=10000)
    assert len(printer.printed) == 1 and not printer.printed[0].receipt.duplicate  # the original, first print
    assert printer.printed[0].receipt.number == number
    assert page.kept is None and page._form.isEnabled() and page.m_last.text() == ""
    assert "Récépissé imprimé" in page.banner.text() and "Prêt pour le citoyen suivant" in page.banner.text()
    # Reprint from the banner: now a duplicate.
    assert page.result_banner.reprint_button.isVisible()
    page.last_print = None
    press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: page.last_print is not None, timeout=10000)
    assert len(printer.printed) == 2 and printer.printed[1].receipt.duplicate
    assert "Duplicata imprimé" in page.banner.text()


def test_print_later_frees_the_counter_and_keeps_the_receipt(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    printer = FakePrinter(offline=True)
    page = _filled_page(qtbot, store, tmp_path, printer)
    press(qtbot, Qt.Key.Key_S, CTRL)
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: page.kept is not None and page.last_print is not None, timeout=10000)
    number = page.kept.receipt_number if page.kept else ""
    press(qtbot, Qt.Key.Key_D, CTRL)  # « Imprimer plus tard » (différer)
    assert page.kept is None and page._form.isEnabled() and page.m_last.text() == ""
    assert "à imprimer" in page.banner.text() and "Activité du jour" in page.banner.text()
    assert focused() is page.identity.can  # the next citizen
    from desktop.services.activity import todays_activity

    [row] = [r for r in todays_activity(page.desk.ctx) if r.receipt_number == number]
    assert row.to_print


def test_preview_shows_the_receipt_and_prints_from_it(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    printer = FakePrinter(paper_out=True)
    page = _filled_page(qtbot, store, tmp_path, printer)
    press(qtbot, Qt.Key.Key_S, CTRL)
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: page.kept is not None and page.last_print is not None, timeout=10000)
    press(qtbot, Qt.Key.Key_P, CTRL | SHIFT)
    qtbot.waitUntil(lambda: page.preview is not None and page.preview.isVisible(), timeout=5000)
    preview = page.preview
    assert isinstance(preview, ReceiptPreview)
    assert preview.image.width() > 300 and preview.image.height() > 300
    assert "Récépissé" in preview.windowTitle() and "Duplicata" not in preview.windowTitle()
    printer.set_paper_out(False)
    page.last_print = None
    assert preview.print_button is not None
    press(qtbot, Qt.Key.Key_Return)  # Entrée in the preview prints
    qtbot.waitUntil(lambda: page.last_print is not None and page.last_print.printed, timeout=10000)
    assert not printer.printed[0].receipt.duplicate and page.kept is None

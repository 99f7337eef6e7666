"""The receipt of the citizen just served never stands for the next one: once the next citizen's input starts (or
a refusal answers it), the banner no longer speaks of the previous act and Ctrl+P does not reprint it unasked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from deskkit import confirm_review, make_desk, press, show_page, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.views.procurations import EstablishPage

CTRL = Qt.KeyboardModifier.ControlModifier


def _fill(page: EstablishPage, last: str, given: str, born: date, nne: str) -> None:
    page.identity.set_person(last, given, born, nne, "generale")
    page.mandataire.nne.setText("19374652")
    page.mandataire.birth.setText("02/06/1975")
    page.mandataire.last.setText("DUBOIS")
    page.mandataire.given.setText("Jean")
    page.m_given.setFocus()


def _save_a(qtbot: QtBot, store: Store, tmp_path: Path, printer: FakePrinter) -> EstablishPage:
    page = EstablishPage(make_desk(store, tmp_path, printer), FakeCardReader())
    show_page(qtbot, page, size=(1280, 900), focus=False)
    _fill(page, "THOMAS", "sophie", date(1963, 5, 27), "285042289")
    press(qtbot, Qt.Key.Key_S, CTRL)
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: page.last_print is not None and page.last_print.printed, timeout=10000)
    return page


def test_after_a_refusal_ctrl_p_does_not_reprint_the_previous_citizen(
    qtbot: QtBot, store: Store, tmp_path: Path, themed: Callable[..., None]
) -> None:
    themed()  # the screenshots as an agent sees the screen
    printer = FakePrinter()
    page = _save_a(qtbot, store, tmp_path, printer)
    assert len(printer.printed) == 1
    banner = page.result_banner
    # Nothing typed yet for the next citizen: the banner speaks of A and offers A's duplicate, naming her.
    assert "Prêt pour le citoyen suivant" in page.banner.text()
    assert banner.reprint_button.isVisible() and "THOMAS Sophie" in banner.reprint_button.text()
    page.grab().save("/tmp/uiproc-f1-after-a.png")
    # B: the same mandataire, refused (R-LIMIT-1).
    _fill(page, "BERNARD", "Luc", date(1969, 8, 8), "371617504")
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "non enregistrée" in page.banner.text(), timeout=10000)
    page.grab().save("/tmp/uiproc-f1-refused.png")
    assert "Prêt pour le citoyen suivant" not in page.banner.text()
    assert not banner.reprint_button.isVisible()  # no action about A under B's refusal
    page.last_print = None
    press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.wait(300)
    assert page.last_print is None and len(printer.printed) == 1  # A's receipt is not reprinted silently
    assert "Activité du jour" in page.banner.text()  # not silent: where A's duplicate is
    page.grab().save("/tmp/uiproc-f1-ctrl-p.png")


def test_typing_the_next_citizen_clears_the_banner_about_the_previous_one(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    printer = FakePrinter()
    page = _save_a(qtbot, store, tmp_path, printer)
    qtbot.wait(400)  # the checks after the form was emptied leave A's banner: nothing of B is typed yet
    assert page.result_banner.isVisible() and "THOMAS Sophie" in page.banner.text()
    page.identity.last_name.setFocus()
    type_text(qtbot, "BERNARD")
    qtbot.waitUntil(lambda: not page.result_banner.isVisible(), timeout=3000)
    press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.wait(300)
    assert len(printer.printed) == 1 and "Aucun récépissé à imprimer" in page.banner.text()
    assert not page.result_banner.reprint_button.isVisible()

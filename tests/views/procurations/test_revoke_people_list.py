"""Résilier's « Mandants trouvés » at a laptop's 1024×768 and 1366×768: each mandant found is read whole (a long line
wraps and the list grows), never one line high under a sideways scroll bar that hid the name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from deskkit import make_desk, show_page
from pytestqt.qtbot import QtBot

from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.services.desk import EstablishInput, PersonInput
from desktop.views.procurations import RevokePage

LONG = PersonInput(
    nne="204512873",
    last_name="MARTIN-DE LA FONTAINE",
    given_names="Claire Marie Joséphine Élisabeth",
    birth_date=date(1990, 1, 15),
)
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
NAVIGATION = 230  # px the main window's navigation takes beside the page (theme.qss, QListWidget#nav)
CHROME = 80  # px of the header and the status bar above and below it


@pytest.mark.parametrize("screen", [(1024, 768), (1366, 768)])
def test_the_mandants_found_are_readable_on_a_laptop(
    qtbot: QtBot, store: Store, tmp_path: Path, themed: Callable[..., None], screen: tuple[int, int]
) -> None:
    themed()
    desk = make_desk(store, tmp_path, FakePrinter())
    assert desk.establish(EstablishInput(mandant=LONG, mandataire=DUBOIS, election_id="presidentielle-2027")).saved
    page = RevokePage(desk)
    width, height = screen
    show_page(qtbot, page, size=(width - NAVIGATION, height - CHROME))
    page.query.setText("martin")
    page.find_mandant()
    qtbot.waitUntil(lambda: len(page.matches) == 1, timeout=5000)
    people = page.people
    people.setFocus()  # the keyboard's way to the list: its focus border must not eat the row either
    qtbot.wait(100)
    page.grab().save(f"/tmp/uiproc-f2-revoke-{width}.png")
    row = people.visualItemRect(people.item(0))
    viewport = people.viewport()
    assert not people.horizontalScrollBar().isVisible()
    assert not people.verticalScrollBar().isVisible()
    assert viewport.height() >= row.height() and row.top() >= 0 and row.bottom() < viewport.height()
    text = people.item(0).text()
    assert text.startswith("MARTIN-DE LA FONTAINE Claire Marie Joséphine Élisabeth") and "1 procuration" in text
    lines = row.height() // people.fontMetrics().lineSpacing()
    fits_on_one_line = people.fontMetrics().horizontalAdvance(text) < viewport.width() - 16
    assert lines >= (1 if fits_on_one_line else 2)  # too long for a line: it wraps, every word in sight

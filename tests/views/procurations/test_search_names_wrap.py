"""Rechercher and Résilier at a small screen: a long name wraps in its capped column and its row grows, so the birth
date that tells two namesakes apart stays in sight (it was elided: « BERNARD Luc Henri (08/08/1… »)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from deskkit import make_desk, press, show_page, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot

from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.services.desk import EstablishInput, PersonInput
from desktop.views.procurations import SearchPage
from desktop.views.procurations.models import ProcurationTableModel, mandant_text
from desktop.views.procurations.search import MAX_COLUMN

LONG = PersonInput(
    nne="204512873", last_name="MARTIN", given_names="Claire Marie Françoise Louise", birth_date=date(1990, 1, 15)
)
SHORT = PersonInput(nne="285042289", last_name="MARTIN", given_names="Eva", birth_date=date(1963, 5, 27))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
BERNARD = PersonInput(nne="371617504", last_name="BERNARD", given_names="Luc", birth_date=date(1969, 8, 8))


def test_a_long_name_wraps_and_its_row_grows_a_short_one_stays_one_line(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    desk = make_desk(store, tmp_path, FakePrinter())
    form = EstablishInput(mandant=LONG, mandataire=DUBOIS, election_id="presidentielle-2027", rounds="T1")
    assert (
        desk.establish(form).saved and desk.establish(replace(form, mandant=SHORT, mandataire=BERNARD)).saved
    )  # R-LIMIT-1
    page = SearchPage(desk)
    page.resize(1024 - 230, 700)  # the page beside the navigation at 1024×768
    show_page(qtbot, page)
    type_text(qtbot, "martin")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    table, model = page.results, page.model
    long_row = next(i for i in range(2) if "Louise" in mandant_text(model.row_at(i)))  # type: ignore[arg-type]
    short_row = 1 - long_row
    column = ProcurationTableModel.MANDANT
    metrics = table.fontMetrics()
    assert table.columnWidth(column) <= MAX_COLUMN
    assert metrics.horizontalAdvance(model.text(long_row, column)) > table.columnWidth(column)  # it cannot hold
    single = table.verticalHeader().defaultSectionSize()
    qtbot.waitUntil(lambda: table.rowHeight(long_row) >= single + metrics.height(), timeout=2000)
    assert table.rowHeight(short_row) == single
    assert table.wordWrap() and "(15/01/1990)" in model.text(long_row, column)
    # The table asks for its first row whole, however tall it grew.
    assert table.minimumSizeHint().height() >= table.horizontalHeader().height() + table.rowHeight(0)

    # The column dragged wider: the name holds on one line again, the row shrinks back.
    table.horizontalHeader().resizeSection(column, metrics.horizontalAdvance(model.text(long_row, column)) + 40)
    qtbot.waitUntil(lambda: table.rowHeight(long_row) == single, timeout=2000)

    # A larger text (Ctrl+plus applies a new font): the rows are fitted again to it.
    table.horizontalHeader().resizeSection(column, MAX_COLUMN)
    qtbot.waitUntil(lambda: table.rowHeight(long_row) > single, timeout=2000)
    before = table.rowHeight(long_row)
    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    table.setFont(font)
    qtbot.waitUntil(lambda: table.rowHeight(long_row) > before, timeout=2000)

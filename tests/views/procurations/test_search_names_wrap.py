"""Rechercher at a small screen: every column in sight, the long ones wrapping and their rows growing, so the birth
date that tells two namesakes apart is never cut (« BERNARD Luc Henri (08/08/1… ») nor the mandataire and the
validity past the table's right edge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from deskkit import make_desk, press, show_page, type_text
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from pytestqt.qtbot import QtBot

from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.rules.terms import Status
from desktop.services.desk import EstablishInput, PersonInput
from desktop.views.kit.tablefit import TALL, text_margins
from desktop.views.procurations import SearchPage
from desktop.views.procurations.models import ProcurationTableModel, mandant_text

LONG = PersonInput(
    nne="204512873", last_name="MARTIN", given_names="Claire Marie Françoise Louise", birth_date=date(1990, 1, 15)
)
SHORT = PersonInput(nne="285042289", last_name="MARTIN", given_names="Eva", birth_date=date(1963, 5, 27))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
HYPHENATED = PersonInput(
    nne="61538274",
    last_name="MARTIN-DE-LA-FONTAINE-SAINT-GERMAIN",
    given_names="Claire Marie-Hélène",
    birth_date=date(1990, 1, 15),
)
LONG_MANDATAIRE = PersonInput(
    nne="48524921", last_name="LEBLANC-DELACROIX", given_names="Étienne Jean-Baptiste", birth_date=date(1975, 4, 25)
)
BERNARD = PersonInput(nne="371617504", last_name="BERNARD", given_names="Luc", birth_date=date(1969, 8, 8))


def test_a_long_name_wraps_and_its_row_grows(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path, FakePrinter())
    form = EstablishInput(mandant=LONG, mandataire=DUBOIS, election_id="presidentielle-2027", rounds="T1")
    assert (
        desk.establish(form).saved and desk.establish(replace(form, mandant=SHORT, mandataire=BERNARD)).saved
    )  # R-LIMIT-1
    page = SearchPage(desk)
    show_page(qtbot, page, size=(1024 - 230, 700))  # the page beside the navigation at 1024×768
    type_text(qtbot, "martin")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    table, model = page.results, page.model
    long_row = next(i for i in range(2) if "Louise" in mandant_text(model.row_at(i)))  # type: ignore[arg-type]
    column = ProcurationTableModel.MANDANT
    metrics = table.fontMetrics()
    single = table.verticalHeader().defaultSectionSize()
    qtbot.waitUntil(lambda: table.rowHeight(long_row) >= single + metrics.height(), timeout=2000)
    assert metrics.horizontalAdvance(model.text(long_row, column)) > table.columnWidth(column)  # it cannot hold
    assert table.wordWrap() and "(15/01/1990)" in model.text(long_row, column)
    # The table asks for its first row whole, however tall it grew.
    assert table.minimumSizeHint().height() >= table.horizontalHeader().height() + table.rowHeight(0)

    # Every wrapping column dragged as wide as its text: each row holds on its two lines (the status, and under it
    # the central register's word), the long name's too.
    header = table.horizontalHeader()
    for wrapping in ProcurationTableModel.WRAPPING:
        widest = max(max(map(metrics.horizontalAdvance, model.text(r, wrapping).splitlines())) for r in range(2))
        header.resizeSection(wrapping, widest + 40)
    short_row = 1 - long_row
    qtbot.waitUntil(lambda: not table._rows_due, timeout=2000)  # type: ignore[attr-defined]
    two_lines = single - metrics.height() + 2 * metrics.height()
    assert table.rowHeight(long_row) == table.rowHeight(short_row) == two_lines

    # The name's column dragged narrow: its row grows again.
    header.resizeSection(column, metrics.horizontalAdvance("(15/01/1990)") + 20)
    qtbot.waitUntil(lambda: table.rowHeight(long_row) > two_lines, timeout=2000)
    assert table.rowHeight(short_row) == two_lines

    # A larger text (Ctrl+plus applies a new font): the columns and the rows are fitted again to it, the status's
    # two lines at least in each row; too large for every column to be in sight, the table scrolls sideways.
    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    table.setFont(font)
    larger = QFontMetrics(font).height()
    qtbot.waitUntil(lambda: table.rowHeight(short_row) >= 2 * larger, timeout=2000)
    qtbot.waitUntil(lambda: not (table._columns_due or table._rows_due), timeout=2000)  # type: ignore[attr-defined]
    assert table.overflowing  # type: ignore[attr-defined]
    assert table.horizontalScrollBar().maximum() > 0
    for row in range(2):
        assert table.rowHeight(row) >= table.sizeHintForRow(row)


def test_at_1024_by_768_every_column_is_in_sight_and_every_text_whole(
    qtbot: QtBot, store: Store, tmp_path: Path, themed: Callable[..., None]
) -> None:
    """Beside the navigation at 1024×768, in French and the application's font, with the longest names, statuses,
    answers of the central register and validity a look-up shows: no column is past the table's right edge (the
    mandataire and the validity were, to be scrolled to sideways) and no text is cut. The receipt number keeps one
    line; a word, a date, a title are never broken; each row is as tall as Qt itself says its wrapped text needs."""
    themed()
    desk = make_desk(store, tmp_path, FakePrinter())
    for mandant, mandataire, rounds in ((HYPHENATED, LONG_MANDATAIRE, "T1_T2"), (SHORT, DUBOIS, "T1")):
        form = EstablishInput(mandant=mandant, mandataire=mandataire, election_id="presidentielle-2027", rounds=rounds)
        assert desk.establish(form).saved
    page = SearchPage(desk)
    show_page(qtbot, page, size=(1024 - 231, 647))
    type_text(qtbot, "martin")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    first, second = page.model.rows()
    # The longest words the table shows: a rule id, a résiliation waiting for the central register, its own rows.
    page.model.set_rows(
        [
            first,
            replace(second, status=Status.INVALIDEE, rule_id="R-LIMIT-1", confirmed=True),
            replace(first, revocation_pending=True),
            replace(second, source="central", receipt_number="", status=Status.ANNULEE, rule_id="R-ELIG-5"),
        ]
    )
    table, model = page.results, page.model
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: not (table._columns_due or table._rows_due), timeout=2000)  # type: ignore[attr-defined]
    qtbot.wait(50)
    texts = {model.text(row, column) for row in range(model.rowCount()) for column in range(model.columnCount())}
    statuses = {line for words in texts for line in words.splitlines()}
    assert {"Résiliée ici", "Invalidée par le central", "(R-LIMIT-1)", "Répertoire central"} <= statuses
    assert "LEBLANC-DELACROIX Étienne Jean-Baptiste" in texts

    columns = range(model.columnCount())
    assert not table.overflowing  # type: ignore[attr-defined]
    assert sum(header.sectionSize(c) for c in columns) <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    metrics, margin = table.fontMetrics(), text_margins(table)
    for column in columns:
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.sectionSizeHint(column), title  # the title whole
        for row in range(model.rowCount()):
            words = model.text(row, column)
            piece = metrics.boundingRect(QRect(0, 0, 1, TALL), Qt.TextFlag.TextWordWrap, words).width()
            assert header.sectionSize(column) - margin >= piece, (title, words)  # no word cut in two
    number = model.text(0, ProcurationTableModel.NUMBER)
    assert header.sectionSize(ProcurationTableModel.NUMBER) - margin >= metrics.horizontalAdvance(number)
    for row in range(model.rowCount()):
        assert table.rowHeight(row) >= table.sizeHintForRow(row), row  # nothing cut at the bottom of a cell

    # The window made wider: the columns follow, and the rows need fewer lines.
    tall = table.rowHeight(0)
    page.resize(1366 - 230, 860)
    qtbot.waitUntil(lambda: table.rowHeight(0) < tall, timeout=2000)
    qtbot.waitUntil(lambda: not (table._columns_due or table._rows_due), timeout=2000)  # type: ignore[attr-defined]
    assert sum(header.sectionSize(c) for c in columns) <= table.viewport().width()

"""fit_row_heights: each row as tall as Qt itself says its wrapped text needs, and no taller than one line when the
text holds on one."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from desktop.views.kit.tablefit import fit_row_heights, share

WORDS = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x2FF, blacklist_categories=("Cc", "Cs")),
    min_size=0,
    max_size=18,
)
CELLS = st.lists(WORDS, min_size=0, max_size=9).map(" ".join)


def _table(qtbot: QtBot, rows: list[list[str]], widths: tuple[int, ...]) -> QTableView:
    model = QStandardItemModel(len(rows), len(widths))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            model.setItem(r, c, QStandardItem(text))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setWordWrap(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    table.resize(900, 600)
    table.show()
    return table


def test_short_texts_keep_one_line_and_long_ones_grow(qtbot: QtBot) -> None:
    rows = [
        ["Procuration", "Provisoire", "ROBERT Nicolas → RICHARD"],
        ["Procuration", "Provisoire, en attente du central", "MARTIN-DE-LA-FONTAINE-SAINT-GERMAIN Claire → LEBLANC"],
        ["Résiliation", "Validée", ""],
    ]
    table = _table(qtbot, rows, (120, 110, 220))
    taller = fit_row_heights(table, lambda r, c: rows[r][c], (1, 2))
    single = table.verticalHeader().defaultSectionSize()
    assert taller == 1
    assert table.rowHeight(0) == table.rowHeight(2) == single
    assert table.rowHeight(1) > 2 * table.fontMetrics().height()
    for row in range(3):
        assert table.rowHeight(row) >= table.sizeHintForRow(row)
    table.setColumnWidth(2, 600)  # wider: the row goes back to one line
    table.setColumnWidth(1, 400)
    assert fit_row_heights(table, lambda r, c: rows[r][c], (1, 2)) == 0
    assert table.rowHeight(1) == single


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(CELLS, min_size=2, max_size=2), min_size=1, max_size=6),
    widths=st.tuples(st.integers(40, 400), st.integers(40, 400)),
)
def test_no_text_is_cut_at_the_bottom_of_its_cell(qtbot: QtBot, rows: list[list[str]], widths: tuple[int, int]) -> None:
    """Whatever the words (accents, long names, empty cells) and the widths, Qt's own measure of each row (its
    delegate's size for every cell) is never taller than the height given."""
    table = _table(qtbot, rows, widths)
    fit_row_heights(table, lambda r, c: rows[r][c], (0, 1))
    for row in range(len(rows)):
        assert table.rowHeight(row) >= table.sizeHintForRow(row), (row, rows[row])
    table.close()


def test_short_columns_are_whole_before_long_ones_share_what_is_left() -> None:
    # A receipt number that cannot wrap, a short name, a long validity, in 500 and 640 px.
    assert share(500, [224, 80, 109], [224, 166, 582]) == [224, 138, 138]
    assert share(640, [224, 80, 109], [224, 166, 582]) == [224, 166, 250]
    assert share(1200, [224, 80, 109], [224, 166, 582]) == [224, 166, 810]  # all whole, the last takes the rest
    assert share(400, [224, 80, 109], [224, 166, 582]) is None  # even their least widths do not fit
    assert share(500, [224, 0, 109], [224, 0, 582]) == [224, 0, 276]  # a hidden column takes nothing


@given(
    columns=st.lists(
        st.tuples(st.integers(0, 300), st.integers(0, 900)).map(lambda c: (c[0], max(c))), min_size=1, max_size=8
    ),
    room=st.integers(0, 3000),
)
def test_shared_widths_fill_the_room_between_least_and_wanted(columns: list[tuple[int, int]], room: int) -> None:
    least, wanted = [c[0] for c in columns], [c[1] for c in columns]
    widths = share(room, least, wanted)
    if sum(least) > room:
        assert widths is None
        return
    assert widths is not None
    wanting = [i for i, want in enumerate(wanted) if want > 0]
    if wanting:
        assert sum(widths) == room
    for i, (width, lo, want) in enumerate(zip(widths, least, wanted, strict=True)):
        assert width >= lo
        assert width <= want or i == wanting[-1]  # the last column wanting any px takes the rest

"""Journal d'audit, « Liste de N actes »: which acts the consultation listed is said to a screen reader on the row
itself. The receipt numbers were in a label under the table that Tab never reaches and nothing announces, and in a
tooltip a screen reader does not read from a table's cell (RGAA 7.1; accessibility audit of session 32's new
parts)."""

from __future__ import annotations

from pathlib import Path

from activitykit import NOW
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot
from test_journal_view import STATION, _loaded, make_page

from desktop.models.db import Store
from desktop.services.journal import Actor, action, audit


def test_the_listed_receipt_numbers_are_the_rows_accessible_description(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    from desktop.services.shown_lists import listed_numbers

    day = [f"GCH-75056-01-2026-{n:06d}" for n in (*range(1, 6), 9)]
    listed, _left = listed_numbers(day)
    with action(store) as s:
        audit(s, actor=Actor(STATION, "agent-1"), action_name="consultation", now=NOW, record_kind="activite_du_jour",
              detail=f"resultats=6;empreinte=ab;recepisses={listed}")  # fmt: skip
    page = make_page(qtbot, store, tmp_path)
    _loaded(qtbot, page)
    [row] = [i for i, r in enumerate(page.model.rows()) if r.record_kind == "activite_du_jour"]
    page.table.setFocus()
    page.table.selectRow(row)
    said = page.model.listed_text(page.model.rows()[row])
    assert "GCH-75056-01-2026-000009" in said
    table = QAccessible.queryAccessibleInterface(page.table)
    assert table is not None
    cells = [table.child(i) for i in range(table.childCount())]
    [cell] = [c for c in cells if c is not None and c.text(QAccessible.Text.Name) == page.model.text(row, 3)]
    assert cell.text(QAccessible.Text.Description) == said  # what a screen reader says after « Liste de 6 actes »

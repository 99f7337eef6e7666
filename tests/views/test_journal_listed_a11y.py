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


def test_the_listed_numbers_are_reached_and_copied_from_the_keyboard(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """The numbers under the table were selectable « to copy a number » by the mouse only: Tab never reached them
    (WCAG 2.1.1). They are the stop after the table, their text selectable with the keyboard."""
    from a11ykit import order_problems, tab_chain
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desktop.services.shown_lists import listed_numbers

    listed, _left = listed_numbers([f"GCH-75056-01-2026-{n:06d}" for n in (1, 2, 9)])
    with action(store) as s:
        audit(s, actor=Actor(STATION, "agent-1"), action_name="consultation", now=NOW, record_kind="activite_du_jour",
              detail=f"resultats=3;empreinte=ab;recepisses={listed}")  # fmt: skip
    page = make_page(qtbot, store, tmp_path)
    _loaded(qtbot, page)
    page.table.setFocus()
    page.table.selectRow(0)
    label = page.listed_label
    assert label.isVisible()
    chain = tab_chain(page)
    assert label in chain and chain.index(label) == chain.index(page.table) + 1
    assert not order_problems(page)
    label.setFocus()
    qtbot.wait(20)
    QTest.keyClick(label, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert "GCH-75056-01-2026-000009" in label.selectedText()


def test_the_focused_numbers_wear_the_themes_focus_ring(qtbot: QtBot) -> None:
    """RGAA 10.7 for the one label Tab stops on: the style sheet rings no label, a text cursor alone said where the
    focus was."""
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    from desktop.views.journal import CopyableText
    from desktop.views.kit import colours
    from desktop.views.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet, palette = app.font(), app.styleSheet(), app.palette()
    try:
        for name in ("clair", "sombre", "contraste"):
            tokens = apply_theme(app, theme=name)
            host = QWidget()
            qtbot.addWidget(host)
            label = CopyableText()
            label.setText("Actes listés par cette consultation (n° de récépissé) : GCH-75056-01-2026-000009.")
            QVBoxLayout(host).addWidget(label)
            host.show()
            before = label.grab().toImage()
            label.setFocus()
            QApplication.processEvents()
            assert label.hasFocus()
            after = label.grab().toImage()
            assert before != after
            assert after.pixelColor(1, after.height() // 2).name() == tokens.focus, name
            host.close()
    finally:
        app.setStyleSheet(sheet)
        app.setFont(font)
        app.setPalette(palette)
        colours.set_current(colours.CLAIR)

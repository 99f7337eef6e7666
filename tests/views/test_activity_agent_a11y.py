"""Activité du jour's « Agent » column for a screen reader: the cell says the login (« a1 »), its tooltip the agent's
name; a screen reader reads no tooltip of a table's cell, so the name is the cell's accessible description (and the
act's, when the login stands under the act's kind at 1024×768). Accessibility audit of session 32's new parts."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from desktop.services.activity import ActivityRow
from desktop.views.activity import ActivityTableModel

ROW = ActivityRow(
    receipt_number="GCH-75056-01-2026-000001",
    kind="procuration",
    kind_label="Procuration",
    at=datetime(2026, 12, 1, 10, 5, tzinfo=UTC),
    person="MARTIN Claire",
    status="provisoire",
    status_label="Provisoire, en attente du central",
    to_print=False,
    printed=1,
    alert=False,
    advice="",
    sync_label="En attente",
    agent_name="Brigadier Marie Lemoine",
    agent_login="mlemoine",
)


def _cell(table: QTableView, text: str) -> QAccessible.QAccessibleInterface:  # type: ignore[name-defined]
    iface = QAccessible.queryAccessibleInterface(table)
    assert iface is not None
    cells = [iface.child(i) for i in range(iface.childCount())]
    [cell] = [c for c in cells if c is not None and c.text(QAccessible.Text.Name) == text]
    return cell


def test_the_agents_name_is_said_after_the_login(qtbot: QtBot) -> None:
    model = ActivityTableModel()
    model.set_rows([ROW])
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(1200, 300)
    table.show()
    whole = "Brigadier Marie Lemoine (mlemoine)"
    assert _cell(table, "mlemoine").text(QAccessible.Text.Description) == whole
    model.set_agent_under_kind(True)  # 1024×768: « par mlemoine » under « Procuration », the column hidden
    table.setColumnHidden(ActivityTableModel.AGENT, True)
    kind = model.text(0, ActivityTableModel.KIND)
    assert "mlemoine" in kind
    assert _cell(table, kind).text(QAccessible.Text.Description) == whole

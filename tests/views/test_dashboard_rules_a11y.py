"""Tableau de bord, « Refus et invalidations par règle »: a screen reader user learns that Entrée on a rule lists
the acts behind its figures. It was only the table's tooltip, which a screen reader does not say for a table
(accessibility audit of session 32's new parts)."""

from __future__ import annotations

from pathlib import Path

from activitykit import Seeded
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot
from test_dashboard_view import make_page, seeded  # noqa: F401 - the fixture

from desktop.models.db import Store


def test_the_rules_table_says_entree_opens_the_acts(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    seeded: Seeded,  # noqa: F811
) -> None:
    page = make_page(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    iface = QAccessible.queryAccessibleInterface(page.rules_table)
    assert iface is not None
    assert iface.text(QAccessible.Text.Name) == "Refus et invalidations par règle"
    assert "Entrée" in iface.text(QAccessible.Text.Description)

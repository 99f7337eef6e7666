"""Tableau de bord, « Refus et invalidations par règle » (its rows open their acts since session 32): a screen
reader user learns that Entrée on a rule lists the acts behind its figures (it was only the table's tooltip, which a
screen reader does not say for a table), and nothing in the boxes is drawn over the table at 1024×768 or at 200 %
(accessibility audit of session 32's new parts)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from a11ykit import describe
from activitykit import Seeded
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget
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


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("percent", "size"), [(100, (1024 - 230, 768 - 81)), (200, (1366 - 460, 900 - 120))])
def test_nothing_in_a_box_is_drawn_over_another_at_1024_or_200_percent(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    seeded: Seeded,  # noqa: F811
    themed: Callable[..., None],
    language: str,
    percent: int,
    size: tuple[int, int],
) -> None:
    """The grid shared its height between the rows by their stretch, from minimum heights that ignore wrapped lines:
    « Renouvellements : 0 retour de passeport… » was drawn 7 to 19 px over the rules' table at 1024×768 (its focus frame
    and last row under the words); at 200 % in the window the sentence had half its height, its last lines cut."""
    from desktop.views.translations import install

    themed(text_scale_percent=percent)
    install(language)
    try:
        page = make_page(qtbot, store, tmp_path)
    finally:
        install("fr")
    page.resize(*size)
    qtbot.waitUntil(lambda: page.figures is not None and not page.runner.busy, timeout=10_000)
    qtbot.wait(50)
    page.rules_table.setFocus()
    qtbot.wait(20)
    problems = []
    boxes = [page.content.layout().itemAt(i).widget() for i in range(page.content.layout().count())]
    for box in boxes:
        assert box is not None
        shown = [w for w in box.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)]
        shown = sorted((w for w in shown if w.isVisible()), key=lambda w: w.y())
        for above, below in itertools.pairwise(shown):
            if above.geometry().bottom() >= below.y():
                problems.append(
                    f"{describe(above)} over {describe(below)} by {above.geometry().bottom() - below.y() + 1}"
                )
        if shown and shown[-1].geometry().bottom() >= box.height():
            problems.append(f"{describe(shown[-1])} cut by {shown[-1].geometry().bottom() - box.height() + 1}")
    assert not problems

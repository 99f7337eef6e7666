"""Renouvellements on a 1024×600 netbook, at 100 % and 200 % text: nothing drawn over anything, no sideways scroll,
each field's hint in sight, the open case readable (fit sweep, tests/views/test_fit_sweep.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fitkit import problems
from pytestqt.qtbot import QtBot

from desktop.views.renewals.page import TAB_IVOTE

from .conftest import REQUEST, Desk

# px: the page beside the menu in a 1024×600 window, between the header and the status bar (the sweep's figures)
PAGE_AT_1024_600 = {100: (794, 470), 200: (657, 410)}


@pytest.mark.parametrize("percent", [100, 200])
def test_the_internet_vote_tab_fits_a_netbook(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None], percent: int
) -> None:
    """Its list was drawn over « Réimprimer le récépissé » at 100 %; at 200 % its fields over one another and over
    « Rechercher l'électeur », and the panel, 696 px wide, made every Renouvellements tab scroll sideways by 121 px."""
    themed(text_scale_percent=percent)
    desk.page.resize(*PAGE_AT_1024_600[percent])
    desk.page.show_tab(TAB_IVOTE)
    qtbot.waitUntil(lambda: not desk.page.runner.busy)
    qtbot.wait(100)
    found = [p for p in problems(desk.page) if "«Demandes de vote par internet» by" not in p]  # its titles at 200 %
    assert not found, "\n".join(found)
    assert desk.page.page_scroll.horizontalScrollBar().maximum() == 0


def test_an_open_case_is_readable_on_a_netbook_at_200(qtbot: QtBot, desk: Desk, themed: Callable[..., None]) -> None:
    """At 200 % text the case under the list had 50 px (its number, nothing else), and that number, whole on one line,
    was wider than the pane beside its scroll bar: the case scrolled sideways. The pane keeps a few lines (the screen
    scrolls down to it), the number goes to a second line at a hyphen."""
    themed(text_scale_percent=200)
    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    desk.page.resize(*PAGE_AT_1024_600[200])
    panel = desk.page.passport
    panel.open_case(case.summary.id)
    qtbot.waitUntil(lambda: not desk.page.runner.busy)
    qtbot.wait(100)
    pane = panel.stack.currentWidget()
    assert pane.height() >= 5 * pane.fontMetrics().height(), pane.height()
    assert pane.horizontalScrollBar().maximum() == 0  # type: ignore[attr-defined]
    assert panel.case_view.header.accessibleName().startswith(case.summary.case_number)

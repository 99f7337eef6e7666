"""The status bar at 1024 px with every state at its longest: each state whole, on two lines (views/kit/status_row.py).

The four labels shared one line and each was cut (« Pas de synchronisation depuis trop longtemps : vérifiez l… »,
« 12 en attente de syn… », « Lecteur : aucun lect… », « Imprimante : pl… »): the morning the printer ran out of
paper, the agent could not read it there. Screenshots looked at: /tmp/shots/status_worst_fr.png (session 34).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot
from test_i18n_screens import _main_window, settle

from desktop.context import AppContext
from desktop.views.main_window import MainWindow


def _labels(window: MainWindow) -> list:  # type: ignore[type-arg]
    return [window.online_label, window.pending_label, window.reader_label, window.printer_label]


def _worst(window: MainWindow) -> None:
    snap = window.status_snapshot
    window.show_status(
        snap._replace(
            online=False,
            offline_too_long=True,
            pending=12,
            devices_checked=True,
            reader="aucun lecteur détecté",
            reader_ok=False,
            printer="plus de papier",
            printer_ok=False,
            last_success=datetime.now(UTC) - timedelta(days=2),
            version=snap.version + 1,
        )
    )


def _lines(window: MainWindow) -> int:
    return len({label.geometry().top() for label in _labels(window)})


def test_every_state_at_its_longest_is_whole_at_1024_px_on_two_lines(
    qtbot: QtBot, ctx: AppContext, themed: Callable[..., None]
) -> None:
    themed()
    window = _main_window(qtbot, ctx)
    window.resize(1024, 768)
    settle(qtbot, window)
    assert _lines(window) == 1  # the usual states: one line
    assert not [label.text() for label in _labels(window) if label.is_elided()]
    _worst(window)
    qtbot.waitUntil(lambda: _lines(window) == 2)
    assert not [label.text() for label in _labels(window) if label.is_elided()]
    assert window.width() <= 1024
    window.resize(1366, 900)  # room again: one line
    qtbot.waitUntil(lambda: _lines(window) == 1)
    assert not [label.text() for label in _labels(window) if label.is_elided()]


@pytest.mark.parametrize("percent", [200])
def test_at_200_percent_the_row_never_widens_the_window(
    qtbot: QtBot, ctx: AppContext, themed: Callable[..., None], percent: int
) -> None:
    themed(text_scale_percent=percent)
    window = _main_window(qtbot, ctx)
    window.resize(1024, 768)
    settle(qtbot, window)
    _worst(window)
    qtbot.waitUntil(lambda: _lines(window) == 2)
    assert window.width() <= 1024 and window.statusBar().minimumSizeHint().width() < 1024
    assert all(label.isVisible() and label.width() >= 80 for label in _labels(window))
    assert all(label.toolTip() == label.text() for label in _labels(window))  # whole where it is cut

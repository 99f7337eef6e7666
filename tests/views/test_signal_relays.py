"""A screen's signal relayed by another signal: connected signal to signal, never to a signal's `emit`.

PySide6 (6.10) keeps what a connection to a bound `emit` holds after both ends are deleted: some 75 bytes a
connection, for each screen built again (Établir's banner buttons, the visa's relay in `MainWindow.replace_page`),
at every change of agent all week (tests/views/test_week_without_restart.py: the screens' memory grew by about 1 KiB
a change). A signal connected to a signal relays the same way and is let go of with its ends.
"""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

import desktop
from desktop.views.procurations.result_banner import ResultBanner

DESKTOP = Path(desktop.__file__).parent
RELAY_BY_EMIT = re.compile(r"\.connect\([\w.]+\.emit\)")


def test_a_deleted_banner_leaves_nothing_of_its_buttons_relays(qtbot: QtBot) -> None:
    """200 result banners (4 relayed buttons each) built and deleted: what their construction allocated is gone."""
    clicks: list[str] = []

    def built_and_deleted() -> None:
        banner = ResultBanner()
        banner.print_clicked.connect(lambda: clicks.append("print"))
        banner.print_button.click()  # the relay relays
        banner.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    built_and_deleted()
    tracemalloc.start(1)
    try:
        before = tracemalloc.take_snapshot()
        for _ in range(200):
            built_and_deleted()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    only = [tracemalloc.Filter(True, "*/result_banner.py")]
    kept = sum(stat.count_diff for stat in after.filter_traces(only).compare_to(before.filter_traces(only), "filename"))
    assert kept < 20, f"{kept} objects kept from 200 banners deleted"
    assert clicks == ["print"] * 201


def test_no_signal_is_relayed_through_emit() -> None:
    found = [
        f"{path.relative_to(DESKTOP)}:{number}: {line.strip()}"
        for path in sorted(DESKTOP.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RELAY_BY_EMIT.search(line)
    ]
    assert found == []
    assert RELAY_BY_EMIT.search("button.clicked.connect(self.requested.emit)")

"""Walking the Tab chain (a11ykit.tab_chain) leaves nothing that a collection could free while the window lives.

PySide links each wrapper `nextInFocusChain` returns to the one it was asked of; the chain is a ring, so the
wrappers of a table's inner parts (header, scroll bars, corner button) became a cycle of garbage. A full collection
while the window lived (the automatic collector, at any moment and on any thread) then left the header of a live
table (Rechercher's) signalling a destroyed one: SIGSEGV at the next style change, the rare crash of
tests/views/test_accessibility*.py under load. Here the collection is forced right after the walk, in a child
process so that a crash fails the test instead of ending the run.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from a11ykit import tab_chain
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.views.theme import apply_theme

CHILD = "GUICHET_FOCUS_WALK_CHILD"


def _walk_every_screen_then_collect(qtbot: QtBot, tmp_path: Path, qapp: QApplication) -> None:
    from test_accessibility import _context, _screens, _window

    apply_theme(qapp)
    ctx = _context(tmp_path, "consulat")
    try:
        win = _window(qtbot, ctx)
        for _key, page in _screens(qtbot, win):
            tab_chain(page)
            gc.collect()  # what the automatic collector may do at any moment
            qapp.setStyleSheet(qapp.styleSheet() + " ")  # every widget restyled: a destroyed one is met
            qtbot.wait(10)
    finally:
        ctx.close()


if os.environ.get(CHILD):  # collected in the child process only (a skipped test is an error under CI)

    def test_child_walks_every_screen_then_collects_while_the_window_lives(
        qtbot: QtBot, tmp_path: Path, qapp: QApplication
    ) -> None:
        _walk_every_screen_then_collect(qtbot, tmp_path, qapp)


@pytest.mark.slow  # a child process
def test_a_collection_after_walking_the_tab_chain_never_crashes() -> None:
    here = Path(__file__)
    env = {**os.environ, CHILD: "1", "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(here.parents[2])}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
    command.append(f"{here}::test_child_walks_every_screen_then_collects_while_the_window_lives")
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, cwd=here.parents[2])
    assert out.returncode == 0, (out.returncode, out.stdout[-3000:], out.stderr[-2000:])
    assert "1 passed" in out.stdout

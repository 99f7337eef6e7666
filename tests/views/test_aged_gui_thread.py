"""Acceptance (the GUI thread never waits on the store): over a station's aged store, not one statement runs on it.

The real main window over a store with a year of history at a modest pace (tests/agedkit.py), a supervisor at the
counter (every screen offered), each screen opened in turn, twice (its first display, then its refresh on being
shown again), every background call waited for. Each statement SQLite runs is seen on the thread that runs it (its
trace callback, set on each connection checked out of the store's pool): one on the main thread (the GUI's) fails
the test with its text. The guard's own check: a store call made on purpose on the GUI thread is caught.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from agedkit import Age, Reads, seed_aged
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.context import AppContext, build_context
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.services.permissions import Principal
from desktop.settings import load_settings
from desktop.status import outbox_status
from desktop.views.app import build_main_window
from desktop.views.kit.runner import wait_for_workers
from desktop.views.loading import ContextHolder
from desktop.views.main_window import MainWindow

KEYS = StaticKeyProvider(b"\x3c" * 32)
AGE = Age(procurations=1_800, audit_events=14_400, receipts=40, agents=20, outbox_pending=200, days=360)
SUPERVISORS = {
    "commissariat": ("superviseur", "opj"),
    "consulat": ("superviseur", "chef_de_poste_consulaire"),
}


@pytest.fixture(params=sorted(SUPERVISORS))
def aged(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[AppContext, Reads]]:
    kind = request.param
    settings = load_settings(
        config_path=tmp_path / "absent.toml",
        environ={},
        data_dir=tmp_path / "data",
        station_kind=kind,
        station_code="75056-01",
        card_reader="simule",
        receipt_printer="simule",
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(settings.database_path, KEYS)
    seed_aged(store, age=AGE, now=datetime.now(UTC).replace(microsecond=0), receipts_dir=settings.receipts_dir)
    store.close()
    context = build_context(settings, keys=KEYS)  # on the test's thread: the application builds it on a loader's
    role, capacity = SUPERVISORS[kind]
    context.act_as(Principal("75056-01", "agent-00", role=role, capacity=capacity, station_kind=kind), "Agent 00")
    yield context, Reads(context.store)
    context.close()


def _settle(qtbot: QtBot, app: QApplication) -> None:
    """Every call of the screens finished and its answer delivered (what it started in turn, too)."""
    for _ in range(3):
        qtbot.wait(50)
        assert wait_for_workers(timeout=60)
        app.processEvents()


def _window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    holder = ContextHolder()
    win = build_main_window(ctx.settings, holder)
    qtbot.addWidget(win)
    win._holder = holder  # type: ignore[attr-defined]  # alive with the window
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    holder.ctx = ctx
    holder.ready.emit()
    return win


@pytest.mark.slow  # every screen opened twice at two kinds of station: ~10 s each
def test_no_store_call_runs_on_the_gui_thread_over_an_aged_store(
    qtbot: QtBot, qapp: QApplication, aged: tuple[AppContext, Reads]
) -> None:
    ctx, reads = aged
    reads.counting = True
    win = _window(qtbot, ctx)
    _settle(qtbot, qapp)
    keys = [s.key for s in win._sections]
    assert {"journal", "tableau", "activite", "agents", "synchronisation"} <= set(keys)
    assert ("renouvellements" in keys) == (ctx.settings.station_kind == "consulat")
    for _round in range(2):  # each screen's first display, then its refresh when shown again
        for key in keys:
            win.show_section(key)
            _settle(qtbot, qapp)
        win.data_changed.emit("activite")  # what a sync pass or an act says: the screens showing it refresh
        _settle(qtbot, qapp)
    reads.counting = False
    assert reads.statements > 0 and reads.threads, "the guard saw nothing: it would not see the GUI thread either"
    assert not reads.on_gui_thread, f"store calls on the GUI thread: {reads.on_gui_thread[:5]}"


def test_the_guard_sees_a_store_call_on_the_gui_thread(qapp: QApplication, aged: tuple[AppContext, Reads]) -> None:
    ctx, reads = aged
    reads.counting = True
    outbox_status(ctx.store)  # the status bar's count, read where it must never be
    reads.counting = False
    assert any("FROM outbox" in statement for statement in reads.on_gui_thread), reads.on_gui_thread

"""The relay: from any thread to the GUI thread, never to an owner that is gone."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.views.kit.relay import relay_to


def test_a_value_from_a_worker_reaches_a_live_owner_on_the_gui_thread_and_none_reaches_a_deleted_one(
    qtbot: QtBot,
) -> None:
    gui = QThread.currentThread()
    seen: list[tuple[str, object, bool]] = []
    live, gone = QWidget(), QWidget()
    live.setObjectName("live")
    gone.setObjectName("gone")
    qtbot.addWidget(live)

    def note(owner: QWidget, value: object) -> None:
        seen.append((owner.objectName(), value, QThread.currentThread() is gui))

    to_live, to_gone = relay_to(live, note), relay_to(gone, note)
    shiboken6.delete(gone)  # its C++ object is gone, its Python object is still referenced here
    workers = [threading.Thread(target=send, args=(n,)) for n, send in enumerate((to_live, to_gone, to_live))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    qtbot.waitUntil(lambda: len(seen) == 2)
    qtbot.wait(50)  # nothing more arrives
    assert sorted(seen) == [("live", 0, True), ("live", 2, True)]

"""What a screen's worker answers after the counter was locked, or after another agent took it: a dialog it opens
(an act's review with the citizen's identity and « Confirmer », a receipt's preview) never shows over the lock, nor
to the next agent; the agent who locked finds it at their unlock."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from test_counter_seat import _establish_page
from test_lock_dialogs import _dialogs_on_screen, typed

from desktop.context import AppContext
from desktop.demo.agents import DEMO_PASSWORD
from desktop.views.counter_seat import CounterSeat
from desktop.views.kit.runner import wait_for_workers
from desktop.views.main_window import MainWindow
from desktop.views.procurations import EstablishPage
from desktop.views.procurations.review import ReviewDialog


def _typed(qtbot: QtBot, ctx: AppContext) -> tuple[MainWindow, CounterSeat, EstablishPage]:
    window, counter, page = typed(qtbot, ctx)
    qtbot.waitUntil(lambda: not page.national.pending(), timeout=10000)
    return window, counter, page


def test_a_review_answered_after_the_lock_waits_behind_it_for_the_same_agent(qtbot: QtBot, ctx: AppContext) -> None:
    """Entrée, then Ctrl+L (or the idle time, the card pulled out) before the check answered: the review came up
    over the lock, the citizen's identity and « Confirmer » for whoever came to the counter."""
    _window, counter, page = _typed(qtbot, ctx)
    page.save()  # the check runs on a worker: its answer comes after the lock
    counter.lock_now()
    qtbot.waitUntil(lambda: page.review is not None, timeout=10000)
    review = page.review
    assert isinstance(review, ReviewDialog)
    assert counter.lock.is_locked and _dialogs_on_screen() == []
    QTest.keyClicks(counter.lock.password_edit, DEMO_PASSWORD)
    QTest.keyClick(counter.lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.lock.is_locked)
    assert review.isVisible() and _dialogs_on_screen() == [review]  # the same agent finds it as it came


def test_a_review_answered_after_the_lock_is_never_shown_to_the_next_agent(qtbot: QtBot, ctx: AppContext) -> None:
    window, counter, page = _typed(qtbot, ctx)
    page.save()
    counter.lock_now()
    qtbot.waitUntil(lambda: page.review is not None, timeout=10000)
    review = page.review
    assert review is not None and _dialogs_on_screen() == []
    counter.lock.switch_button.click()
    qtbot.waitUntil(lambda: counter.dialog is not None and counter.dialog.isVisible())
    assert _dialogs_on_screen() == [counter.dialog]  # the change of agent alone, over the lock
    shown_at_unlock: list[list[QDialog]] = []
    counter.lock.unlocked.connect(lambda: shown_at_unlock.append(_dialogs_on_screen()))
    dialog = counter.dialog
    assert dialog is not None
    dialog.choices.setCurrentRow(1)  # the demo's APJ
    QTest.keyClick(dialog.choices, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.lock.is_locked)
    assert "Roux" in window.who_label.text() and shown_at_unlock == [[]]
    assert not isValid(review) or (not review.isVisible() and review.result() == QDialog.DialogCode.Rejected)
    assert _dialogs_on_screen() == [] and page.last_outcome is None


class _Shown(QObject):
    """Every review that came on screen, even for a moment."""

    def __init__(self) -> None:
        super().__init__()
        self.reviews: list[QDialog] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, ReviewDialog):
            self.reviews.append(watched)
        return False


def test_a_review_answered_after_another_agent_took_the_counter_never_comes_up(qtbot: QtBot, ctx: AppContext) -> None:
    """The check answered on its worker as the next agent took the counter: the previous agent's screen, already
    replaced, opened its review all the same (the citizen's identity, « Confirmer » under the previous agent's
    name) until the screen was deleted."""
    window, counter, page = _typed(qtbot, ctx)
    shown = _Shown()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(shown)
    try:
        page.save()
        assert wait_for_workers()  # answered: the answer waits in the event queue
        counter._take_seat(counter.seat.switch(login="demo-apj", password=""))
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
    finally:
        app.removeEventFilter(shown)
    assert _establish_page(window) is not page
    assert shown.reviews == [] and _dialogs_on_screen() == []

"""The lock hides the window's open dialogs too (session 26): an act's review (the citizen's identity, « Confirmer »)
or a receipt's preview is a window of its own, which hiding the content left on screen over the lock, for whoever
came to the counter. Each test walks around the lock through a dialog left open: the same agent finds it again, another
agent never sees it nor confirms it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from test_counter_seat import CTRL, _establish_page, _seated_with

from desktop.context import AppContext
from desktop.demo.agents import DEMO_PASSWORD
from desktop.views.counter_seat import CounterSeat
from desktop.views.main_window import MainWindow
from desktop.views.procurations import EstablishPage
from desktop.views.procurations.review import ReviewDialog


def _dialogs_on_screen() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def typed(qtbot: QtBot, ctx: AppContext) -> tuple[MainWindow, CounterSeat, EstablishPage]:
    """A counter seated, Établir filled for THOMAS Sophie (mandataire DUBOIS Jean), not yet saved."""
    window, counter = _seated_with(qtbot, ctx)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.show_section("etablir", focus_page=True)
    page = _establish_page(window)
    page.identity.set_person("THOMAS", "Sophie", date(1963, 5, 27), "285042289", "generale")
    page.mandataire.nne.setText("19374652")
    page.mandataire.birth.setText("02/06/1975")
    page.mandataire.last.setText("DUBOIS")
    page.mandataire.given.setText("Jean")
    return window, counter, page


def _review_open(qtbot: QtBot, ctx: AppContext) -> tuple[MainWindow, CounterSeat, EstablishPage, ReviewDialog]:
    window, counter, page = typed(qtbot, ctx)
    page.save()
    qtbot.waitUntil(lambda: page.review is not None and page.review.isVisible(), timeout=10000)
    review = page.review
    assert isinstance(review, ReviewDialog) and "THOMAS" in review.text.text()
    return window, counter, page, review


def _saved(ctx: AppContext) -> int:
    from sqlalchemy import func, select

    from desktop.models import Procuration

    with ctx.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Procuration)) or 0)


def test_the_lock_hides_an_open_review_and_the_same_agent_finds_it_again(qtbot: QtBot, ctx: AppContext) -> None:
    _window, counter, page, review = _review_open(qtbot, ctx)
    before = _saved(ctx)
    counter.lock_now()  # the idle time, Ctrl+L, the OS session or the agent's card: the same lock
    assert counter.lock.is_locked and _dialogs_on_screen() == []
    QTest.keyClicks(counter.lock.password_edit, DEMO_PASSWORD)
    QTest.keyClick(counter.lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.lock.is_locked)
    assert page.review is review and review.isVisible()  # as it was: the agent confirms or goes back
    review.accept()
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=10000)
    assert page.last_outcome is not None and page.last_outcome.saved and _saved(ctx) == before + 1


def test_another_agent_taking_the_counter_never_sees_nor_confirms_the_review(qtbot: QtBot, ctx: AppContext) -> None:
    window, counter, page, review = _review_open(qtbot, ctx)
    before = _saved(ctx)
    QTest.keyClick(review, Qt.Key.Key_L, CTRL)  # from the review itself, which has the focus
    assert counter.lock.is_locked and _dialogs_on_screen() == []
    counter.lock.switch_button.click()
    qtbot.waitUntil(lambda: counter.dialog is not None and counter.dialog.isVisible())
    assert _dialogs_on_screen() == [counter.dialog]  # the change of agent alone, over the lock
    shown_at_unlock: list[list[QDialog]] = []  # at that instant: the old screens go a turn of the event loop later
    counter.lock.unlocked.connect(lambda: shown_at_unlock.append(_dialogs_on_screen()))
    _switch_to_next(qtbot, counter)
    qtbot.waitUntil(lambda: not counter.lock.is_locked)
    assert shown_at_unlock == [[]]
    assert "Roux" in window.who_label.text()
    # The review was the other agent's: closed as cancelled, nothing saved; the screens are the new agent's.
    assert _dialogs_on_screen() == [] and _saved(ctx) == before
    assert not isValid(review) or (not review.isVisible() and review.result() == QDialog.DialogCode.Rejected)
    assert _establish_page(window) is not page and page.last_outcome is None
    counter.lock_now()  # and the next unlock, theirs, brings nothing of it back
    QTest.keyClicks(counter.lock.password_edit, DEMO_PASSWORD)
    QTest.keyClick(counter.lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.lock.is_locked)
    assert shown_at_unlock == [[], []] and _dialogs_on_screen() == []


def _switch_to_next(qtbot: QtBot, counter: CounterSeat) -> None:
    dialog = counter.dialog
    assert dialog is not None
    dialog.choices.setCurrentRow(1)  # the demo's APJ
    QTest.keyClick(dialog.choices, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.dialog is None)

"""The new passport case refused: every problem said at once, the first in sight with the focus, from the keyboard."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from desktop.views.translations import plain

from .conftest import Desk

PAGE_AT_1366 = (1136, 690)  # the page between the menu, the header and the status bar of a 1366×768 window


def idle(qtbot: QtBot, desk: Desk) -> None:
    qtbot.waitUntil(lambda: not desk.page.runner.busy)


def in_sight(widget: QWidget, scroll: QScrollArea) -> bool:
    """The whole widget inside the scrolled pane's visible part."""
    viewport = scroll.viewport()
    box = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return viewport.rect().contains(box)


def type_form(desk: Desk, *, birth: str, issued: str = "02052017", expiry: str = "01052027") -> None:
    """The agent's keys, Tab from field to field (the country chosen by typing its name)."""
    form = desk.page.passport.form
    QTest.keySequence(desk.page, "Alt+N")
    for text in ("Lefevre", "Helene", birth, "", "Canada", "", issued):
        widget = desk.page.focusWidget()
        if text:
            QTest.keyClicks(widget, text)
        QTest.keyClick(widget, Qt.Key.Key_Tab)
    assert form.expiry.hasFocus()
    QTest.keyClicks(form.expiry, expiry)


def scroll_of(desk: Desk) -> QScrollArea:
    scroll = desk.page.passport.stack.currentWidget()
    assert isinstance(scroll, QScrollArea)
    return scroll


def test_a_refused_date_is_brought_into_sight_with_the_focus(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None]
) -> None:
    """At 1366×768 the agent tabbed down to « Vérifier et ouvrir le dossier » (the form scrolled to its foot) and
    pressed Space: the refusal of the birth date, at the top, stayed out of sight and the button seemed to do
    nothing; the next problem (an unreadable expiry date) came only once the first was put right (day audit)."""
    themed()  # the application's fonts and spacing, as at the counter
    desk.page.resize(*PAGE_AT_1366)
    form = desk.page.passport.form
    type_form(desk, birth="31021984", expiry="0105202")
    form.submit.setFocus()
    scroll_of(desk).ensureWidgetVisible(form.submit)
    QTest.keyClick(form.submit, Qt.Key.Key_Space)
    idle(qtbot, desk)
    birth_error = form.errors["applicant.birth_date"]
    assert birth_error.isVisible() and form.errors["passport.expires_on"].isVisible()  # both at once
    assert form.birth_date.hasFocus()
    qtbot.waitUntil(lambda: in_sight(form.birth_date, scroll_of(desk)) and in_sight(birth_error, scroll_of(desk)))
    assert (form.birth_date.text(), form.expiry.text(), form.last_name.text()) == ("31021984", "0105202", "Lefevre")
    assert desk.passports.list_cases() == []


def test_a_refusal_of_the_service_is_brought_into_sight_with_the_focus(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None]
) -> None:
    """The eligibility refused next to « Expire le » (expired more than 5 years ago, R-PASS-3): the focus goes
    there and the pane scrolls to it, wherever the agent was; Entrée in the last date opens as everywhere else."""
    themed()  # the application's fonts and spacing, as at the counter
    desk.page.resize(*PAGE_AT_1366)
    form = desk.page.passport.form
    type_form(desk, birth="09071984", issued="02052007", expiry="01052017")
    scroll_of(desk).verticalScrollBar().setValue(scroll_of(desk).verticalScrollBar().maximum())
    QTest.keyClick(form.expiry, Qt.Key.Key_Return)  # Entrée in a date did nothing
    idle(qtbot, desk)
    error = form.errors["passport.expires_on"]
    assert error.isVisible() and "R-PASS-3" in plain(error.text())
    assert form.expiry.hasFocus()
    qtbot.waitUntil(lambda: in_sight(form.expiry, scroll_of(desk)) and in_sight(error, scroll_of(desk)))
    form.last_name.setFocus()
    scroll_of(desk).verticalScrollBar().setValue(0)
    QTest.keyClick(form.last_name, Qt.Key.Key_Return)
    idle(qtbot, desk)
    assert form.expiry.hasFocus()
    qtbot.waitUntil(lambda: in_sight(form.expiry, scroll_of(desk)))


def test_a_refusal_reads_across_the_form_not_in_the_fields_column(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None]
) -> None:
    """Beside the case list at 1366×768 the fields' column is some 175 px: each refusal stood there in five lines of
    two or three words (« Numéro de passeport / incorrect : il comporte 2 / chiffres… »). It takes the form's width,
    under its field (day audit, consular agent)."""
    themed()
    desk.page.resize(*PAGE_AT_1366)
    form = desk.page.passport.form
    type_form(desk, birth="09071984", issued="02052007", expiry="01052017")
    QTest.keyClick(form.expiry, Qt.Key.Key_Return)
    idle(qtbot, desk)
    error = form.errors["passport.expires_on"]
    assert error.isVisible()
    assert error.width() > 2 * form.expiry.width()
    assert form.expiry.geometry().bottom() < error.geometry().top() < form.expiry.geometry().bottom() + 20

"""Échéances du jour's two-step « Invalider et signaler à Interpol » for a screen reader and a small screen: the
request naming the case and its outcome are said (kit/announce.py), and the request's long sentence and button wrap
instead of making the screen scroll sideways (RGAA 7.5, 10.11; accessibility audit of session 32's new parts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date

import pytest
from a11ykit import accessible_name
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_i18n_screens import mnemonics

from desktop.services.passports import PassportStatus
from desktop.views import translations
from desktop.views.kit.announce import listen
from desktop.views.renewals import RenewalsPage
from desktop.views.renewals.page import TAB_DEADLINES
from desktop.views.theme import apply_theme

from .conftest import REQUEST, Desk

LONG_NAME = "Moreau-Delacroix-Saint-Exupéry"


def _overdue(desk: Desk, *names: str) -> list[str]:
    """Cases whose new passport came on 1 March, seen on 1 May: past day 40, to invalidate (R-PASS-1)."""
    ids = []
    p = desk.passports
    for last in names:
        case = p.open_case(replace(REQUEST, last_name=last)).case
        assert case is not None
        cid = case.summary.id
        p.record_documents(cid, photo_ok=True, dhl_adult_signature=False)
        p.record_interview(cid, identity_verified=True, validated=True)
        p.record_shipment(cid, on=date(2026, 3, 1))
        p.record_reception(cid, on=date(2026, 3, 1))
        ids.append(cid)
    desk.clock.day(date(2026, 5, 1))
    return ids


@pytest.fixture
def said() -> Iterator[list[QAccessibleAnnouncementEvent]]:
    events: list[QAccessibleAnnouncementEvent] = []
    stop = listen(events.append)
    yield events
    stop()


def _press(qtbot: QtBot, page: RenewalsPage) -> None:
    """The keyboard's press: Espace on the focused button."""
    button = page.deadlines.confirm_btn
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not page.runner.busy)


def test_the_request_and_the_invalidation_are_said_to_a_screen_reader(
    qtbot: QtBot, desk: Desk, said: list[QAccessibleAnnouncementEvent]
) -> None:
    """The first press changed only the button's words and a red line under the buttons: a screen reader user heard
    neither that the act cannot be undone nor which case it is for; the second press said nothing at all."""
    (cid,) = _overdue(desk, "Lefèvre")
    desk.page.show_tab(TAB_DEADLINES)
    qtbot.waitUntil(lambda: not desk.page.runner.busy)
    number = desk.page.deadlines.late_model.rows()[0].case_number
    _press(qtbot, desk.page)
    asked = [e for e in said if number in e.message() and "appuyez de nouveau" in e.message()]
    assert asked, [e.message() for e in said]
    assert asked[-1].politeness() == QAccessible.AnnouncementPoliteness.Assertive  # an act that cannot be undone
    said.clear()
    _press(qtbot, desk.page)
    assert desk.passports.get_case(cid).summary.status is PassportStatus.INVALIDE
    done = [e.message() for e in said if number in e.message() and "Interpol" in e.message()]
    assert done, [e.message() for e in said]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("percent", "size"), [(100, (1024 - 200, 768 - 150)), (200, (1366 - 460, 900 - 200))])
def test_the_request_never_makes_the_screen_scroll_sideways(
    qtbot: QtBot, desk: Desk, language: str, percent: int, size: tuple[int, int]
) -> None:
    """At 1024×768 the request's sentence (one line, no wrap) and the armed button (« Confirmer l'invalidation du
    dossier RPD-… ») made Échéances du jour scroll sideways by 414 px, the sentence's end and the button's case
    number out of sight; at 200 % text by 1 553 px."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette(), app.styleSheet(), app.font()
    translations.install(language)
    apply_theme(app, text_scale_percent=percent)
    try:
        _overdue(desk, "Lefèvre", LONG_NAME)
        page = RenewalsPage(desk.passports, desk.ivote)
        qtbot.addWidget(page)
        page.resize(*size)
        page.show()
        page.show_tab(TAB_DEADLINES)
        qtbot.waitUntil(lambda: not page.runner.busy)
        qtbot.wait(20)
        sideways = page.page_scroll.horizontalScrollBar()
        assert sideways.maximum() == 0  # before the request
        _press(qtbot, page)
        panel = page.deadlines
        assert panel.error.isVisible() and panel.late_model.rows()[0].case_number in panel.confirm_btn.text().replace(
            "\n", " "
        )
        qtbot.wait(50)
        assert sideways.maximum() == 0, (panel.error.sizeHint(), panel.confirm_btn.sizeHint())
        clashes = {k: v for k, v in mnemonics(page, bound=True).items() if len(v) > 1}
        assert not clashes and "i" in mnemonics(page)  # Alt+I still the armed button's, and its alone
        name = accessible_name(panel.confirm_btn)  # whole, on one line, however the button wraps
        assert "\n" not in name and panel.late_model.rows()[0].case_number in name
    finally:
        translations.install("fr")
        app.setPalette(before[0])
        app.setStyleSheet(before[1])
        app.setFont(before[2])


@pytest.mark.parametrize("language", ["fr", "en"])
def test_at_200_percent_the_selected_case_stays_in_sight(
    qtbot: QtBot, desk: Desk, themed: Callable[..., None], language: str
) -> None:
    """At 200 % text beside the navigation in 1366×900, both lists were squeezed to their titles (the overdue one 2 px
    high, 0 once the invalidation was asked): the case « Invalider et signaler à Interpol » acts on was out of sight
    while its button named it. Each list keeps its titles and a row; the screen scrolls instead."""
    translations.install(language)
    try:
        themed(text_scale_percent=200)
        _overdue(desk, "Lefèvre", LONG_NAME)
        page = RenewalsPage(desk.passports, desk.ivote)
        qtbot.addWidget(page)
        page.resize(1366 - 460, 900 - 120)
        page.show()
        page.show_tab(TAB_DEADLINES)
        qtbot.waitUntil(lambda: not page.runner.busy)
        panel = page.deadlines
        late, soon = panel.late_table, panel.soon_table

        def in_sight() -> bool:
            row = late.visualRect(late.currentIndex())
            shown = row.isValid() and late.viewport().rect().contains(row)
            return shown and soon.viewport().height() >= soon.verticalHeader().defaultSectionSize()

        for armed in (False, True):
            if armed:
                _press(qtbot, page)
            qtbot.waitUntil(in_sight, timeout=3000)  # the screen's layout passes, then both lists in sight
    finally:
        translations.install("fr")

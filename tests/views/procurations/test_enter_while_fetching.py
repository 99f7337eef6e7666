"""Entrée while the Maprocuration request is being fetched: never swallowed in silence. The request will fill the
form, so nothing is saved yet: the banner says why, and what to do once it is there."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from deskkit import make_desk, press, show_page
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.rules.terms import Channel
from desktop.services.desk import RequestFetch
from desktop.views.procurations import EstablishPage


def test_enter_during_a_fetch_says_why_nothing_is_saved(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path, FakePrinter())
    release = threading.Event()

    def slow(reference: str, *, birth_date: date | None) -> RequestFetch:
        release.wait(10)  # the link is slow today
        raise ConnectionError("hors ligne")

    desk.fetch_request = slow  # type: ignore[method-assign]
    page = EstablishPage(desk, FakeCardReader())
    show_page(qtbot, page, size=(1280, 900), focus=False)
    page.channel_panel.choose(Channel.MAPROCURATION)
    page.reference.setText("K7M2QX")
    page.fetch_reference()
    assert page.runner.is_busy("fetch")
    page.m_given.setFocus()
    qtbot.waitUntil(lambda: page.m_given.hasFocus(), timeout=3000)
    try:
        press(qtbot, Qt.Key.Key_Return)
        assert page.review is None and not page.runner.is_busy("review")
        assert page.result_banner.isVisible() and "Récupération de la demande Maprocuration en cours" in (
            page.banner.text()
        )
    finally:
        release.set()
    qtbot.waitUntil(lambda: not page.runner.is_busy("fetch"), timeout=10000)

"""Établir left open across midnight (a gendarmerie counter overnight, a consulate's laptop asleep): the form reads
the station's day when the agent acts, not the day it was built, and in the station's zone, not UTC's (R-TIME-1)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from contextkit import station_desk
from deskkit import press, show_page, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.devices.cards.fake import FakeCardReader
from desktop.models.db import Store
from desktop.views.procurations import EstablishPage


class Clock:
    """The station's clock, moved by the test."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _local(tz: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(tz)).astimezone(UTC)  # type: ignore[misc]


def _page(qtbot: QtBot, store: Store, tmp_path: Path, clock: Clock, tz: str, reader: FakeCardReader) -> EstablishPage:
    desk = station_desk(store, tmp_path, clock, kind="brigade_gendarmerie", tz=tz)
    page = EstablishPage(desk, reader)
    show_page(qtbot, page)
    return page


@pytest.mark.parametrize("tz", ["Europe/Paris", "Pacific/Noumea"])
def test_after_midnight_the_form_no_longer_offers_the_scrutin_of_yesterday(
    qtbot: QtBot, store: Store, tmp_path: Path, tz: str
) -> None:
    """Built on the evening of the presidential election's second round, the form offered it first (the next
    citizen's default) the morning after too: a scrutin already over, refused on save (R-VALID-2)."""
    clock = Clock(_local(tz, 2027, 4, 25, 23, 58))
    page = _page(qtbot, store, tmp_path, clock, tz, FakeCardReader())
    assert page.election.itemData(0) == "presidentielle-2027"  # its second round is today
    clock.at = _local(tz, 2027, 4, 26, 0, 1)
    page.clear()  # the next citizen
    offered = [page.election.itemData(i) for i in range(page.election.count())]
    assert "presidentielle-2027" not in offered
    assert page.election.currentData() == "legislatives-2027"


@pytest.mark.parametrize("tz", ["Europe/Paris", "Pacific/Noumea"])
def test_after_midnight_a_document_that_expired_yesterday_is_said_expired(
    qtbot: QtBot, store: Store, tmp_path: Path, tz: str
) -> None:
    """The card's last valid day is 9 March 2031 (R-ID-DOC-1): read just after midnight, it was still « Valide
    jusqu'au 09/03/2031 » on a form built the evening before (or all morning in Nouméa, on UTC's day)."""
    reader = FakeCardReader()
    reader.insert("martin-claire")  # valid until 09/03/2031
    clock = Clock(_local(tz, 2031, 3, 9, 23, 58))
    page = _page(qtbot, store, tmp_path, clock, tz, reader)
    clock.at = _local(tz, 2031, 3, 10, 0, 5)
    type_text(qtbot, "123456")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.identity.source == "puce", timeout=20000)
    texts = page.identity.badges.texts()
    assert "Document expiré le 09/03/2031" in texts, texts
    assert "Valide jusqu'au 09/03/2031" not in texts


def test_a_form_left_untouched_overnight_offers_the_new_days_scrutins(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """Nobody typed since the evening: the minute's look at the day sets the scrutins as of the new day, so the
    morning's first citizen is not offered yesterday's second round by default."""
    tz = "Europe/Paris"
    clock = Clock(_local(tz, 2027, 4, 25, 23, 58))
    page = _page(qtbot, store, tmp_path, clock, tz, FakeCardReader())
    clock.at = _local(tz, 2027, 4, 26, 0, 1)
    page.validity.day_watch.check()
    assert page.election.currentData() == "legislatives-2027"
    assert page.election.findData("presidentielle-2027") == -1

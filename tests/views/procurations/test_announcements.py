"""RGAA 7.5 / WCAG 4.1.3: errors and results of Établir reach a screen reader as accessibility events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from deskkit import make_desk
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.views.kit.announce import announce, listen
from desktop.views.procurations import EstablishPage
from desktop.views.procurations.result_banner import ResultBanner
from desktop.views.widgets import set_state

Heard = list[tuple[str, bool, object]]


@pytest.fixture
def heard() -> Iterator[Heard]:
    """Every announcement event posted: its text, whether it interrupts, its source."""
    got: Heard = []
    stop = listen(
        lambda e: got.append((e.message(), e.politeness() == QAccessible.AnnouncementPoliteness.Assertive, e.object()))
    )
    yield got
    stop()


def test_an_error_on_etablir_raises_an_accessibility_event_carrying_its_text(
    qtbot: QtBot, store: Store, tmp_path: Path, heard: Heard
) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    qtbot.addWidget(page)
    page.resize(1280, 900)
    page.show()
    page.save()  # nothing typed: every required field is refused
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=10000)
    field = next(f for f in page.fields.values() if f.error_text)
    error = field.error_text
    label = field.label.text().replace("&", "")
    said = [(text, assertive, source) for text, assertive, source in heard if error in text]
    assert said, heard
    text, assertive, source = said[0]
    assert not assertive and source is field.editor and text.startswith(label)  # the field's label, its error
    assert error in field.editor.accessibleDescription()  # heard again when the focus comes back to the field
    assert any("non enregistrée" in t for t, a, _ in heard if a)  # the banner's refusal, assertive too
    field.clear_error()
    assert error not in field.editor.accessibleDescription()


def test_a_result_is_announced_politely_and_once(qtbot: QtBot, heard: Heard) -> None:
    banner = ResultBanner()
    qtbot.addWidget(banner)
    banner.say("Procuration enregistrée : récépissé n° 75056-01-000123.", "ok")
    assert heard[-1][:2] == ("Procuration enregistrée : récépissé n° 75056-01-000123.", False)
    banner.say("Procuration enregistrée : récépissé n° 75056-01-000124.", "ok")  # the next citizen: said again
    assert len(heard) == 2
    banner.say("Carte lue.", "neutral")  # a neutral line is not worth interrupting for
    assert len(heard) == 2


def test_a_status_bar_label_is_announced_when_its_state_changes_not_as_its_clock_moves(
    qtbot: QtBot, heard: Heard
) -> None:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    label = QLabel()
    bar.addPermanentWidget(label)
    for text, state in (
        ("● En ligne — il y a 1 min", "ok"),
        ("● En ligne — il y a 2 min", "ok"),
        ("● Hors ligne — il y a 3 min", "warn"),
    ):
        label.setText(text)
        set_state(label, state)
    assert [t for t, _a, _s in heard] == ["● En ligne — il y a 1 min", "● Hors ligne — il y a 3 min"]


def test_announce_builds_the_qt_event_and_ignores_blank_text(qtbot: QtBot, heard: Heard) -> None:
    host = QWidget()
    QVBoxLayout(host)
    qtbot.addWidget(host)
    announce(host, "  \n ")
    assert heard == []
    announce(host, "R-LIMIT-1 :\n  limite atteinte", assertive=True)
    assert heard == [("R-LIMIT-1 : limite atteinte", True, host)]
    assert isinstance(QAccessibleAnnouncementEvent(host, "x"), QAccessibleAnnouncementEvent)

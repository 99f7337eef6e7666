"""The chip's check badges under the mandant's identity fit Établir's form at 1024 px, in French and in English."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from deskkit import make_desk, press, show_page, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.views import translations
from desktop.views.procurations import EstablishPage

# Établir's part of a 1024 × 768 window: the navigation (230 px) on its left, the header and the status bar.
SCREEN_AT_1024_BY_768 = (1024 - 230, 768 - 79 - 23)


@pytest.fixture
def language() -> Iterator[Callable[[str], None]]:
    yield translations.install  # the screens' catalog and gettext's (the chip's check labels)
    translations.install("fr")


def _cut(label: QLabel) -> list[str]:
    metrics = label.fontMetrics()
    return [line for line in label.text().split("\n") if metrics.horizontalAdvance(line) > label.contentsRect().width()]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_at_1024_px_the_chip_badges_fit_the_form(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    themed: Callable[..., None],
    language: Callable[[str], None],
    lang: str,
) -> None:
    """The audit's English screen: « Certificate of the issuing country (CSCA) » beside « Genuine chip
    (anti-cloning): cannot be checked » made the form 17 px wider than its place: it scrolled sideways."""
    themed()
    language(lang)
    reader = FakeCardReader()
    reader.insert("martin-claire")
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), reader)
    show_page(qtbot, page, size=SCREEN_AT_1024_BY_768)
    type_text(qtbot, "123456")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.identity.source == "puce", timeout=20000)
    QApplication.processEvents()
    qtbot.wait(20)
    badges = page.identity.badges
    assert len(badges.labels) >= 7
    if lang == "en":
        assert "– Genuine chip (anti-cloning): cannot be checked" in badges.texts()
    assert page._scroll.horizontalScrollBar().maximum() == 0  # the form, beside the navigation
    assert page.page_scroll.horizontalScrollBar().maximum() == 0
    for label, whole in zip(badges.labels, badges.texts(), strict=True):
        assert not _cut(label), (label.text(), label.contentsRect().width())
        assert label.geometry().right() <= badges.contentsRect().right()
        assert " ".join(label.text().split()) == whole  # wrapped at most, never cut
        assert label.accessibleName() == whole


def test_badges_stand_two_a_row_when_they_fit_one_when_not_and_wrap_last(qtbot: QtBot) -> None:
    from desktop.views.procurations.badges import CheckBadges

    badges = CheckBadges()
    qtbot.addWidget(badges)
    badges.add("✓ Certificate of the issuing country (CSCA)", "ok")
    badges.add("– Genuine chip (anti-cloning): cannot be checked", "neutral")
    badges.add("Valid until 09/03/2031", "ok")
    badges.show()
    badges.resize(2000, 200)
    QApplication.processEvents()
    assert badges.columns == 2 and all("\n" not in label.text() for label in badges.labels)
    badges.resize(badges._row_width(2) - 1, 200)
    QApplication.processEvents()
    assert badges.columns == 1 and all("\n" not in label.text() for label in badges.labels)
    badges.resize(150, 400)
    QApplication.processEvents()
    assert "\n" in badges.labels[1].text() and badges.texts()[1] == "– Genuine chip (anti-cloning): cannot be checked"
    assert badges.minimumSizeHint().width() < 150

"""The window's header at the widths of a counter's screens: every label whole, in French and in English."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QFrame, QLabel
from pytestqt.qtbot import QtBot

from desktop.settings import load_settings
from desktop.views import translations
from desktop.views.app import build_shell
from desktop.views.loading import ContextHolder
from desktop.views.main_window import MainWindow


@pytest.fixture
def language() -> Iterator[Callable[[str], None]]:
    yield translations.install
    translations.install("fr")


def _demo_shell(qtbot: QtBot, tmp_path: Path, *, station_kind: str, width: int) -> MainWindow:
    settings = load_settings(
        config_path=tmp_path / "absent.toml",
        environ={},
        data_dir=tmp_path / "data",
        demo=True,
        station_kind=station_kind,
    )
    window = build_shell(settings, ContextHolder())
    qtbot.addWidget(window)
    window.resize(width, 768)
    window.show()
    qtbot.waitExposed(window)
    window.seat_taken()  # « Changer d'agent » and « Verrouiller » shown, as once the demo's agent holds the counter
    QApplication.processEvents()
    qtbot.wait(20)
    return window


def _cut(widget: QLabel | QAbstractButton) -> list[str]:
    """The lines of a header's label or button wider than the room it is given."""
    metrics = widget.fontMetrics()
    room = widget.contentsRect().width()
    if isinstance(widget, QAbstractButton):
        room = widget.width() - (widget.sizeHint().width() - metrics.horizontalAdvance(widget.text()))
    return [line for line in widget.text().split("\n") if metrics.horizontalAdvance(line) > room]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("station_kind", ["commissariat", "consulat"])
def test_at_1024_px_the_demo_header_shows_every_label_whole(
    qtbot: QtBot,
    tmp_path: Path,
    themed: Callable[..., None],
    language: Callable[[str], None],
    lang: str,
    station_kind: str,
) -> None:
    """The audit's « Co… » / « Age… »: at 1024 px the station and agent lines were cut to their first letters."""
    themed()
    language(lang)
    window = _demo_shell(qtbot, tmp_path, station_kind=station_kind, width=1024)
    assert window.width() <= 1024  # the header does not widen the window either
    header = window.findChild(QFrame, "header")
    assert header is not None
    shown = [w for w in header.findChildren(QLabel) + header.findChildren(QAbstractButton) if w.isVisible()]
    assert len(shown) == 6, [w.text() for w in shown]  # the mark, Guichet, the badge, who, two buttons
    assert not window.who_label.is_elided()
    for widget in shown:
        assert not _cut(widget), (widget.objectName(), widget.text(), widget.contentsRect().width())
        assert widget.geometry().right() <= header.contentsRect().right()
    # Nothing dropped: the station and the agent are said whole (lines may break between words only).
    station, agent = window.header.whole_who().split("\n")
    said = " ".join(window.who_label.text().split())
    assert " ".join(station.split()) in said and " ".join(agent.split()) in said
    assert ("Agent de démonstration" if lang == "fr" else "Demonstration agent") in agent


def test_at_1366_px_the_header_keeps_one_row(qtbot: QtBot, tmp_path: Path, themed: Callable[..., None]) -> None:
    """Where everything fits, the header is as it was: the station over the agent beside the buttons."""
    themed()
    window = _demo_shell(qtbot, tmp_path, station_kind="commissariat", width=1366)
    assert not window.header.fit.two_rows
    assert window.who_label.text() == window.header.whole_who()
    assert not window.who_label.is_elided()
    assert window.who_label.geometry().right() < window.switch_button.geometry().left()


def test_the_header_gives_way_step_by_step_and_only_then_cuts(
    qtbot: QtBot, tmp_path: Path, themed: Callable[..., None]
) -> None:
    """Narrower still, the badge goes on two lines and « Verrouiller » drops its key (kept in its tooltip); the
    station and agent wrap between words; the whole of them stays in the tooltip."""
    themed()
    window = _demo_shell(qtbot, tmp_path, station_kind="consulat", width=700)
    fit = window.header.fit
    assert fit.two_rows and fit.short_badge and fit.short_lock
    assert window.lock_button.text() == "Verrouiller" and "Ctrl+L" in window.lock_button.toolTip()
    assert window.who_label.toolTip() == window.header.whole_who()
    window.set_agent("Agente de démonstration Roux (APJ)")
    QApplication.processEvents()
    assert "Roux (APJ)" in window.header.whole_who() and "Roux" in window.who_label.text()
    window.resize(1600, 768)
    QApplication.processEvents()
    assert not window.header.fit.two_rows and window.lock_button.text() == "Verrouiller (Ctrl+L)"

"""Ctrl+plus / Ctrl+minus / Ctrl+Maj+0: text size from 80 to 200 %, live, saved once the agent stops."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.preferences import read_preferences
from desktop.views.kit import colours
from desktop.views.kit.announce import listen
from desktop.views.kit.zoom import TextZoom, install_zoom
from desktop.views.theme import apply_theme

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def app() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette(), app.styleSheet(), app.font()
    apply_theme(app, theme="contraste", text_scale_percent=100)
    yield app
    app.setPalette(before[0])
    app.setStyleSheet(before[1])
    app.setFont(before[2])
    colours.set_current(colours.CLAIR)


def _window(qtbot: QtBot) -> tuple[QWidget, QLineEdit]:
    window = QWidget()
    edit = QLineEdit()
    QVBoxLayout(window).addWidget(edit)
    _active(qtbot, window)
    edit.setFocus()
    return window, edit


def _active(qtbot: QtBot, window: QWidget, size: tuple[int, int] | None = None) -> None:
    """The window shown and active: the zoom's keys are window shortcuts."""
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def test_ctrl_plus_and_minus_change_the_text_live_within_80_and_200(qtbot: QtBot, app: QApplication) -> None:
    window, edit = _window(qtbot)
    saved: list[int] = []
    zoom = TextZoom(window, 100, save=saved.append)
    heard: list[str] = []
    stop = listen(lambda e: heard.append(e.message()))
    try:
        height = edit.sizeHint().height()
        qtbot.keyClick(edit, Qt.Key.Key_Plus, CTRL)
        assert zoom.percent == 110 and "font-size: 16px" in app.styleSheet()  # 15 px body × 1.1
        assert heard[-1] == "Taille du texte : 110 %"
        qtbot.keyClick(edit, Qt.Key.Key_Equal, CTRL)  # "+" without Shift on a US keyboard
        assert zoom.percent == 120
        for _ in range(12):
            zoom.change(10)
        assert zoom.percent == 200 and "font-size: 30px" in app.styleSheet()
        assert edit.sizeHint().height() >= height + 12  # the control grows with its text
        qtbot.keyClick(edit, Qt.Key.Key_Minus, CTRL)
        assert zoom.percent == 190
        for _ in range(20):
            zoom.change(-10)
        assert zoom.percent == 80
        qtbot.keyClick(edit, Qt.Key.Key_0, CTRL | Qt.KeyboardModifier.ShiftModifier)
        assert zoom.percent == 100
        assert app.property("guichetTheme") == "contraste" and colours.current() is colours.CONTRASTE  # theme kept
        assert saved == []  # not yet: one write when the agent stops pressing
        qtbot.waitUntil(lambda: saved == [100], timeout=3000)
    finally:
        stop()


def test_the_size_reaches_the_agents_preferences_file(qtbot: QtBot, app: QApplication, tmp_path: Path) -> None:
    window, edit = _window(qtbot)
    prefs = tmp_path / "preferences.toml"
    zoom = install_zoom(window, 130, preferences=prefs)
    qtbot.keyClick(edit, Qt.Key.Key_Plus, CTRL)
    zoom.flush()  # closing the window writes what is pending
    assert read_preferences(prefs) == {"text_scale_percent": 140}


def test_a_preferences_file_that_cannot_be_written_does_not_stop_the_zoom(
    qtbot: QtBot, app: QApplication, tmp_path: Path
) -> None:
    window, _edit = _window(qtbot)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    zoom = install_zoom(window, 100, preferences=blocker / "sub" / "preferences.toml")  # a file is no folder
    assert zoom.change(10) == 110
    zoom.flush()  # logged (without personal data), not raised
    assert zoom.percent == 110


def test_table_titles_fit_their_columns_at_200_percent(qtbot: QtBot, app: QApplication) -> None:
    """An empty table measured its titles before the style sheet's font applied, and cut them at 200 %; it fits them
    when shown, and again when the text size changes."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from desktop.views.procurations.search import table

    def titles_fit(view: QTableView) -> bool:
        header = view.horizontalHeader()
        metrics = header.fontMetrics()
        return all(
            header.sectionSize(c) >= metrics.horizontalAdvance(str(model.headerData(c, Qt.Orientation.Horizontal)))
            for c in range(model.columnCount() - 1)  # the last one stretches
        )

    model = QStandardItemModel(0, 4)
    model.setHorizontalHeaderLabels(["Source", "Récépissé", "Répertoire central", "Mandataire"])
    window = QWidget()
    view = table(model)  # built at 100 %
    QVBoxLayout(window).addWidget(view)
    qtbot.addWidget(window)
    window.resize(1800, 400)
    window.show()
    qtbot.waitExposed(window)
    assert titles_fit(view)
    zoom = TextZoom(window, 100)
    for _ in range(10):
        zoom.change(+10)
    assert zoom.percent == 200 and titles_fit(view)


def test_the_field_being_typed_in_stays_in_sight_when_the_text_grows_or_shrinks(
    qtbot: QtBot, app: QApplication
) -> None:
    """A scrolled form (Établir's, in its own scroll area inside the screen's): the agent at the acknowledgement
    far down pressed Ctrl+plus; the form grew under a scroll bar that stayed where it was, and the field that had
    the focus went out of the window (WCAG 2.4.11): the agent typed on, blind. The focus is kept in sight."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QLabel, QScrollArea

    window = QWidget()
    outer = QScrollArea()
    outer.setWidgetResizable(True)
    QVBoxLayout(window).addWidget(outer)
    page = QWidget()
    outer.setWidget(page)
    inner = QScrollArea()
    inner.setWidgetResizable(True)
    QVBoxLayout(page).addWidget(inner)
    form = QWidget()
    rows = QVBoxLayout(form)
    for n in range(30):
        rows.addWidget(QLabel(f"Ligne {n}"))
    edit = QLineEdit()
    rows.addWidget(edit)
    for n in range(30):
        rows.addWidget(QLabel(f"Ligne {n + 30}"))
    inner.setWidget(form)
    _active(qtbot, window, (600, 500))
    edit.setFocus()
    inner.ensureWidgetVisible(edit)

    def in_sight() -> bool:
        viewport = inner.viewport()
        return viewport.rect().contains(QRect(edit.mapTo(viewport, QPoint(0, 0)), edit.size()))

    qtbot.waitUntil(in_sight)
    zoom = TextZoom(window, 100)
    for percent in (*range(110, 210, 10), *range(190, 70, -10)):
        zoom.change(10 if percent > zoom.percent else -10)
        assert zoom.percent == percent
        qtbot.waitUntil(in_sight, timeout=2000)
        assert QApplication.focusWidget() is edit, percent


def test_the_keys_work_in_a_dialog_of_the_window_too(qtbot: QtBot, app: QApplication) -> None:
    """The récapitulatif (a window-modal dialog of the main window) is what the agent reads with the citizen: Ctrl+plus
    there did nothing, the keys were the main window's only."""
    from PySide6.QtWidgets import QDialog

    window, _edit = _window(qtbot)
    zoom = TextZoom(window, 100)
    dialog = QDialog(window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    field = QLineEdit()
    QVBoxLayout(dialog).addWidget(field)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=3000)
    qtbot.keyClick(field, Qt.Key.Key_Plus, CTRL)
    assert zoom.percent == 110
    qtbot.keyClick(field, Qt.Key.Key_Minus, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_Minus, CTRL)
    assert zoom.percent == 90
    qtbot.keyClick(field, Qt.Key.Key_0, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert zoom.percent == 100
    other = QWidget()  # a window that is not the main window's (another application window): its own keys
    QVBoxLayout(other).addWidget(QLineEdit())
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow, timeout=3000)
    other.findChild(QLineEdit).setFocus()
    qtbot.keyClick(other.findChild(QLineEdit), Qt.Key.Key_Plus, CTRL)
    assert zoom.percent == 100


def test_the_row_the_agent_is_on_stays_in_sight(qtbot: QtBot, app: QApplication) -> None:
    """A list of results with the agent on a row near its bottom: Ctrl+plus made the rows taller and the row with the
    focus went under the list's edge."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    model = QStandardItemModel(0, 2)
    for n in range(200):
        model.appendRow([QStandardItem(f"Récépissé {n}"), QStandardItem("MARTIN Claire")])
    window = QWidget()
    view = QTableView()
    view.setModel(model)
    QVBoxLayout(window).addWidget(view)
    _active(qtbot, window, (600, 500))
    view.setFocus()
    last_seen = view.rowAt(view.viewport().height() - 2)
    view.setCurrentIndex(model.index(last_seen, 0))

    def in_sight() -> bool:
        cell = view.visualRect(view.currentIndex())
        return view.viewport().rect().contains(cell)

    assert in_sight()
    zoom = TextZoom(window, 100)
    for _ in range(10):
        zoom.change(10)
        qtbot.waitUntil(in_sight, timeout=2000)
    assert view.currentIndex().row() == last_seen


def test_the_size_is_written_off_the_gui_thread_and_one_writer_at_a_time(
    qtbot: QtBot, app: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The zoom wrote the preferences file on the GUI thread (the GUI thread never waits on the disk), and the
    language, saved by a worker, read and rewrote the same file meanwhile: one of the two changes could be lost."""
    import threading

    from desktop import preferences

    window, edit = _window(qtbot)
    writers: list[tuple[bool, bool]] = []  # (on the GUI thread, the file's lock held)
    real = preferences.write_private

    def write(path: Path, data: bytes, **kw: object) -> bool:
        writers.append((threading.current_thread() is threading.main_thread(), preferences.WRITING.locked()))
        return real(path, data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(preferences, "write_private", write)
    prefs = tmp_path / "preferences.toml"
    install_zoom(window, 130, preferences=prefs)
    preferences.save_preference("language", "en", path=prefs)
    qtbot.keyClick(edit, Qt.Key.Key_Plus, CTRL)
    qtbot.waitUntil(lambda: len(writers) == 2, timeout=3000)
    assert writers[1] == (False, True)  # the zoom's: on a thread of its own, under the file's lock
    assert writers[0][1]  # the language's too
    qtbot.waitUntil(lambda: read_preferences(prefs) == {"language": "en", "text_scale_percent": 140}, timeout=3000)

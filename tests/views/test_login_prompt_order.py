"""The production prompt's order (issue 21, launch to prompt): the prompt first, the login's services loading once
it is up, and the rest of the window (`behind_prompt`) only once the agent submits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from desktop.rules.terms import PlaceKind
from desktop.settings import Settings
from desktop.station_files import SLOT_FILE
from desktop.views.loading import ContextHolder
from desktop.views.login import LoginDialog
from desktop.views.station_login import StationLogin


class _App:
    quits = 0

    def quit(self) -> None:
        self.quits += 1


@pytest.fixture
def station(tmp_path: Path) -> Settings:
    settings = Settings(
        data_dir=tmp_path / "data",
        station_code="75056-01",
        station_name="Commissariat central",
        station_kind=PlaceKind.COMMISSARIAT,
    )
    settings.database_path.parent.mkdir(parents=True, exist_ok=True)
    settings.database_path.with_name(SLOT_FILE).write_text("{}", encoding="utf-8")  # a station set up
    return settings


def test_the_prompt_comes_first_and_the_window_fills_behind_it_once_the_agent_submits(
    qtbot: QtBot, station: Settings
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    app = _App()
    login = StationLogin(app, window, station, ContextHolder(), screenshot=None)  # type: ignore[arg-type]
    events: list[str] = []
    login.preparation.start = lambda _settings: events.append("preparation")  # type: ignore[method-assign]
    seen: list[str] = []

    def at_the_prompt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(5, at_the_prompt)
            return
        qtbot.waitUntil(lambda: "preparation" in events)  # started from the prompt's own event loop
        seen.append(",".join(events))
        QTest.keyClicks(dialog.login_edit, "agent1")
        QTest.keyClicks(dialog.password_edit, "girafe violette marche lentement")
        seen.append(",".join(events))  # typing does not bring the window's rest in
        QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # the services are not ready: it waits for them
        qtbot.waitUntil(lambda: "behind" in events)
        assert dialog.error_label.text() == "Préparation de la connexion…"
        seen.append(",".join(events))
        dialog.reject()

    QTimer.singleShot(0, at_the_prompt)
    login.start(behind_prompt=lambda: events.append("behind"))
    assert events == []  # nothing before the prompt: it comes right after the frame
    qtbot.waitUntil(lambda: app.quits == 1)  # the prompt closed: the application quits
    assert seen == ["preparation", "preparation", "preparation,behind"]


def test_the_screens_modules_are_imported_while_the_password_is_checked(
    qtbot: QtBot, station: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Argon2id releases the GIL: the modules the loader needs after the login come in meanwhile, on a worker, and
    only once the login's own are imported (never two threads importing one module graph)."""
    import threading

    from desktop.views import loading

    window = QMainWindow()
    qtbot.addWidget(window)
    login = StationLogin(_App(), window, station, ContextHolder(), screenshot=None)  # type: ignore[arg-type]
    called: list[str] = []
    monkeypatch.setattr(loading, "import_ahead", lambda: called.append(threading.current_thread().name))
    login._submitted()  # submitted while the login's preparation still imports: nothing on top of it
    qtbot.wait(100)
    assert called == []
    login.preparation.finished = True
    login._submitted()
    qtbot.waitUntil(lambda: bool(called))
    assert called[0] != threading.main_thread().name


def _watched(value: object) -> bool:
    """Whether the cyclic collector's generations hold `value` (a frozen object is in none of them)."""
    import gc

    return any(o is value for o in gc.get_objects())


def test_what_lives_at_the_submit_is_out_of_the_collectors_sight(
    qtbot: QtBot, station: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection during the unlock scanned the whole start-up heap with the GIL held (90 ms, the prompt not
    painting): at the submit what lives is frozen, so the collections the imports and the unlock start scan only
    what they made."""
    from desktop.views import loading

    window = QMainWindow()
    qtbot.addWidget(window)
    login = StationLogin(_App(), window, station, ContextHolder(), screenshot=None)  # type: ignore[arg-type]
    monkeypatch.setattr(loading, "import_ahead", lambda: None)
    alive: list[object] = [object()]  # made before the submit, kept after it
    assert _watched(alive)
    login._submitted()
    assert not _watched(alive)


def test_the_collector_back_on_after_a_minute_freezes_what_start_up_made() -> None:
    import gc

    from desktop.views.app import collect_again

    gc.disable()
    try:
        alive: list[object] = [object()]
        collect_again()
        assert gc.isenabled()
        assert not _watched(alive)
        later: list[object] = [object()]
        collect_again()  # already on ("ready" came first): nothing more to do
        assert _watched(later)
    finally:
        gc.enable()

"""The production prompt's order (issue 21, launch to prompt): the prompt first, then the login's services loading
and the rest of the window (`behind_prompt`) built in steps while the agent types, what is left of it at the submit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from desktop.rules.terms import PlaceKind
from desktop.settings import Settings
from desktop.station_files import SLOT_FILE
from desktop.views.kit.turns import InTurns
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


def test_the_prompt_comes_first_and_the_window_fills_behind_it_while_the_agent_types(
    qtbot: QtBot, station: Settings
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    app = _App()
    login = StationLogin(app, window, station, ContextHolder(), screenshot=None)  # type: ignore[arg-type]
    events: list[str] = []
    login.preparation.start = lambda _settings: events.append("preparation")  # type: ignore[method-assign]
    built: list[str] = []
    submitted = False

    def rest_of_window() -> Iterator[None]:
        while not submitted:  # steps for as long as the agent types, each in its own turn of the event loop
            built.append("step")
            yield
        built.append("the last step")

    seen: list[tuple[str, int]] = []

    def at_the_prompt() -> None:
        nonlocal submitted
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(5, at_the_prompt)
            return
        try:
            qtbot.waitUntil(lambda: "preparation" in events and len(built) >= 3)  # from the prompt's own loop
            QTest.keyClicks(dialog.login_edit, "agent1")
            QTest.keyClicks(dialog.password_edit, "girafe violette marche lentement")
            assert "the last step" not in built  # typed while the rest of the window is still being built
            submitted = True
            QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # the services are not ready: it waits for them
            qtbot.waitUntil(lambda: "the last step" in built)  # what was left runs at the submit
            assert dialog.error_label.text() == "Préparation de la connexion…"
            seen.append((",".join(events), built.count("the last step")))
        finally:
            dialog.reject()

    QTimer.singleShot(0, at_the_prompt)
    login.start(behind_prompt=InTurns(rest_of_window(), window))
    assert events == [] and built == []  # nothing before the prompt: it comes right after the frame
    qtbot.waitUntil(lambda: app.quits == 1)  # the prompt closed: the application quits
    assert seen == [("preparation", 1)]


def test_steps_in_turns_let_the_event_loop_run_between_them_and_finish_runs_the_rest_once(qtbot: QtBot) -> None:
    parent = QMainWindow()
    qtbot.addWidget(parent)
    events: list[str] = []

    def steps() -> Iterator[None]:
        events.append("step 1")
        QTimer.singleShot(0, lambda: events.append("a timer queued by step 1"))
        yield
        for n in range(2, 6):
            events.append(f"step {n}")
            yield

    turns = InTurns(steps(), parent)
    assert events == [] and not turns.done  # nothing before `start`
    turns.start()
    qtbot.waitUntil(lambda: "step 3" in events)
    assert events.index("a timer queued by step 1") < events.index("step 3")  # the loop ran between two steps
    turns.finish()
    assert events[-1] == "step 5" and turns.done
    assert [e for e in events if e.startswith("step")] == [f"step {n}" for n in range(1, 6)]
    turns.finish()
    turns.start()
    qtbot.wait(20)
    assert events[-1] == "step 5" and len(events) == 6  # done: neither runs a step again


def test_steps_stop_with_their_parent(qtbot: QtBot) -> None:
    parent = QMainWindow()
    built: list[int] = []

    def steps() -> Iterator[None]:
        while True:  # never done by itself
            built.append(len(built))
            yield

    InTurns(steps(), parent).start()
    qtbot.waitUntil(lambda: len(built) >= 2)
    parent.deleteLater()
    qtbot.wait(50)
    count = len(built)
    qtbot.wait(50)
    assert len(built) == count  # the window gone, its rest is not built on


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

    from desktop.views.loading import collect_again

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

"""Between two tests (tests/views/conftest.py): the closed screens' calls have finished, the screens are deleted on
the GUI thread and what is left of them is collected there, before the next test or the fixtures' teardown."""

from __future__ import annotations

import threading
from types import ModuleType

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from desktop.views.kit.runner import Runner


def _views_conftest(config: pytest.Config) -> ModuleType:
    for plugin in config.pluginmanager.get_plugins():
        if isinstance(plugin, ModuleType) and (plugin.__file__ or "").endswith("tests/views/conftest.py"):
            return plugin
    raise LookupError("tests/views/conftest.py")


def _between_tests(request: pytest.FixtureRequest) -> None:
    hook = _views_conftest(request.config).pytest_runtest_teardown(request.node)
    next(hook)  # what runs before the fixtures are torn down


class Cycle(QObject):
    """Garbage only a collection frees (it refers to itself), as many screens are; says where it was finalised."""

    def __init__(self, finalised: list[str]) -> None:
        super().__init__()
        self.me, self.finalised = self, finalised

    def __del__(self) -> None:
        self.finalised.append(threading.current_thread().name)


def test_a_closed_screens_call_has_finished_and_the_screen_is_deleted(
    qtbot: QtBot, request: pytest.FixtureRequest
) -> None:
    screen = QWidget()
    runner = Runner(screen)
    finished: list[str] = []
    runner.submit(lambda: threading.Event().wait(0.3) or finished.append("call"), done=lambda _v: None)
    screen.close()
    screen.deleteLater()  # as pytest-qt does with the widgets of a test
    _between_tests(request)
    assert finished == ["call"]  # not still running against the store the fixtures close next
    assert not isValid(screen)  # deleted on the GUI thread, not left for the next test's first wait


def test_what_is_left_of_the_screens_is_collected_on_the_gui_thread(request: pytest.FixtureRequest) -> None:
    finalised: list[str] = []
    Cycle(finalised)
    _between_tests(request)
    # Not left for the next collection, which a worker thread of the next test could start.
    assert finalised == [threading.main_thread().name]

"""A screen closed while its call runs is released on the GUI thread, never by the worker nor by a collection.

Qt objects may only be destroyed on their own thread: a screen whose last reference a worker let go of (the call, a
lambda holding `self`; the traceback of its exception, whose frames hold `self`) or that waited in a reference cycle
for the cyclic collector (which runs on whichever thread allocates at that moment) was destroyed off the GUI thread:
SIGSEGV or a hang in the collector, seen under load in tests/views/test_a*.py. Each test holds the call on an event
so that the screen is closed while it runs, then lets it go.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desktop.views.kit.runner import Runner


class Screen(QObject):
    """A screen's stand-in: it says on which thread its Python side was finalised."""

    def __init__(self, finalised: list[str], release: threading.Event) -> None:
        super().__init__()
        self.finalised = finalised
        self.release = release

    def __del__(self) -> None:
        self.finalised.append(threading.current_thread().name)

    def load(self) -> int:
        self.release.wait(10)
        return 1

    def load_and_fail(self) -> int:
        self.release.wait(10)
        raise LookupError("the store is gone")

    def shown(self, _value: object) -> None:
        pass


@pytest.fixture
def no_collection() -> Iterator[None]:
    """No cyclic collection during the test: only reference counts release the screen, deterministically."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def test_a_screen_closed_while_its_call_runs_is_released_on_the_gui_thread(qtbot: QtBot, no_collection: None) -> None:
    runner, finalised, release = Runner(), [], threading.Event()
    screen = Screen(finalised, release)
    runner.submit(screen.load, done=lambda _v: None)  # the call holds the screen, as `self._rows` does
    del screen  # closed by the agent (or the test) while the call waits on the store
    assert finalised == []
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert finalised == [threading.main_thread().name]  # before: the worker let go of it last, on its own thread


def test_the_callbacks_of_an_answered_call_are_let_go_of_at_once(qtbot: QtBot, no_collection: None) -> None:
    runner, finalised, release = Runner(), [], threading.Event()
    screen = Screen(finalised, release)
    runner.submit(release.wait, done=screen.shown)
    del screen
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    # Before: the ticket and its future referred to each other, so `done` (and the screen) waited for a collection,
    # on whichever thread it would run.
    assert finalised == [threading.main_thread().name]


def test_an_error_handed_back_holds_nothing_of_the_screen(qtbot: QtBot, no_collection: None) -> None:
    runner, finalised, release, errors = Runner(), [], threading.Event(), []
    screen = Screen(finalised, release)
    runner.submit(screen.load_and_fail, done=lambda _v: None, failed=errors.append)
    del screen
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert [type(e) for e in errors] == [LookupError]
    # Before: the traceback's frames held the screen; whichever of the worker and the GUI thread let go of the
    # error last finalised it (the worker, under load).
    assert finalised == [threading.main_thread().name]

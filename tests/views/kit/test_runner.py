"""The one background runner: work off the GUI thread, answers on it, stale live checks dropped, failures kept."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from desktop.views.kit import runner as runner_module
from desktop.views.kit.runner import Runner


def test_work_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot) -> None:
    runner = Runner()
    gui = QThread.currentThread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["on_gui"] = QThread.currentThread() is gui

    runner.submit(work, done=done)
    assert runner.busy
    qtbot.waitUntil(lambda: not runner.busy)
    assert seen == {"worker": True, "value": 42, "on_gui": True}


def test_an_exception_comes_back_to_the_failed_callback(qtbot: QtBot) -> None:
    runner = Runner()
    errors: list[Exception] = []

    def work() -> None:
        raise LookupError("absent")

    runner.submit(work, done=lambda _v: pytest.fail("done must not run"), failed=errors.append)
    qtbot.waitUntil(lambda: not runner.busy)
    assert [type(e) for e in errors] == [LookupError]


def test_a_later_call_with_the_same_key_makes_the_earlier_one_stale(qtbot: QtBot) -> None:
    runner = Runner()
    release = threading.Event()
    answers: list[str] = []

    def slow() -> str:
        release.wait(10)
        return "typed first"

    runner.submit(slow, done=answers.append, key="check")
    runner.submit(lambda: "typed last", done=answers.append, key="check")
    assert runner.is_busy("check")
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert answers == ["typed last"]  # the first answer came back late and was dropped


def test_cancel_drops_the_answer_and_busy_state_is_announced(qtbot: QtBot) -> None:
    runner = Runner()
    states: list[bool] = []
    runner.busy_changed.connect(states.append)
    release = threading.Event()
    answers: list[int] = []
    runner.submit(lambda: release.wait(10) and 1, done=answers.append, key="save")
    runner.cancel("save")
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert answers == [] and states == [True, False]


def test_writes_are_announced_on_the_worker_after_success_only(qtbot: QtBot) -> None:
    runner = Runner()
    announced: list[bool] = []
    remove = runner_module.after_writes(
        lambda: announced.append(threading.current_thread() is not threading.main_thread())
    )
    try:
        runner.submit(lambda: 1, done=lambda _v: None, writes=True)
        runner.submit(lambda: 1 / 0, done=lambda _v: None, failed=lambda _e: None, writes=True)
        runner.submit(lambda: 1, done=lambda _v: None)  # a read: nothing to announce
        qtbot.waitUntil(lambda: not runner.busy)
    finally:
        remove()
    assert announced == [True]


def test_the_serial_lane_keeps_the_order_of_submission(qtbot: QtBot) -> None:
    runner = Runner()
    order: list[int] = []
    for n in range(20):
        runner.submit(lambda n=n: order.append(n), done=lambda _v: None, lane="serial")
    qtbot.waitUntil(lambda: not runner.busy)
    assert order == list(range(20))


# Screens deleted while their work runs: each pass deletes one screen at the moment its worker answers, and keeps
# another. Before the relay, workers emitted on the screen's own runner and this crashed the process (SIGSEGV)
# within a few hundred passes on this machine; it runs in a child process so that a crash fails the test.
_DELETED_SCREENS = """
import sys, time
from PySide6.QtWidgets import QApplication, QWidget
import shiboken6
from desktop.views.kit.runner import Runner

app = QApplication([])
kept = QWidget()
kept_runner = Runner(kept)
answers = []
for n in range(int(sys.argv[1])):
    screen = QWidget()
    runner = Runner(screen)
    runner.submit(lambda n=n: time.sleep((n % 7) * 0.0002) or n, done=lambda _v: sys.exit("deleted screen answered"))
    kept_runner.submit(lambda n=n: n, done=answers.append)
    shiboken6.delete(screen)
    del screen, runner
    app.processEvents()
if not kept_runner.wait(20):
    sys.exit("answers lost")
print(sorted(answers) == list(range(int(sys.argv[1]))))
"""


@pytest.mark.slow  # a child process
def test_a_screen_deleted_while_its_work_answers_never_crashes_the_application(tmp_path: Path) -> None:
    script = tmp_path / "deleted_screens.py"
    script.write_text(_DELETED_SCREENS)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).parents[3])}
    out = subprocess.run([sys.executable, str(script), "3000"], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, (out.returncode, out.stderr[-2000:])
    assert out.stdout.split()[-1] == "True"  # every answer of the screen still there arrived


def test_a_closed_runner_delivers_nothing_and_runs_nothing_more(qtbot: QtBot) -> None:
    """A screen replaced for the next agent at the counter: its answers are for nobody (views/main_window.py)."""
    runner = Runner()
    ran: list[str] = []
    answered: list[str] = []
    started, release = threading.Event(), threading.Event()

    def first() -> str:
        started.set()
        release.wait(5.0)
        ran.append("first")
        return "first"

    runner.submit(first, done=answered.append)
    assert started.wait(5.0)  # running: closing cannot skip it, only drop its answer
    runner.close()
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    ticket = runner.submit(lambda: ran.append("second") or "second", done=answered.append)
    assert ticket.cancelled and not runner.busy
    assert runner_module.wait_for_workers()
    qtbot.wait(0)
    assert answered == [] and ran == ["first"]

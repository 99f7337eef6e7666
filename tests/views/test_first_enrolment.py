"""The installer's token is traded off the GUI thread; the outcome comes back on it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import desktop.enrolment
from desktop.enrolment import TOKEN_FILE, Outcome, Result
from desktop.settings import load_settings
from desktop.views.first_enrolment import FirstEnrolment


def test_enrolment_runs_on_a_worker_and_reports_on_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(
        config_path=tmp_path / "absent.toml",
        environ={"GUICHET_CENTRAL_URL": "http://127.0.0.1:9", "GUICHET_DATA_DIR": str(tmp_path)},
    )
    (tmp_path / TOKEN_FILE).write_text("gen_jeton", encoding="utf-8")
    ran_on: list[threading.Thread] = []
    real = desktop.enrolment.consume_token_file

    def spy(s: object) -> Result | None:
        ran_on.append(threading.current_thread())
        return real(s)  # type: ignore[arg-type]

    monkeypatch.setattr(desktop.enrolment, "consume_token_file", spy)
    received: list[tuple[object, threading.Thread]] = []
    enrolment = FirstEnrolment()
    enrolment.finished.connect(lambda result: received.append((result, threading.current_thread())))
    with qtbot.waitSignal(enrolment.finished, timeout=10_000):
        enrolment.start(settings)
    assert ran_on and ran_on[0] is not threading.main_thread()  # the HTTP call never ran on the GUI thread
    result, thread = received[0]
    assert thread is threading.main_thread()
    assert isinstance(result, Result) and result.outcome is Outcome.OFFLINE
    assert (tmp_path / TOKEN_FILE).exists()


def test_a_failure_still_lets_the_start_go_on(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(s: object) -> Result | None:
        raise RuntimeError("keystore locked")

    monkeypatch.setattr(desktop.enrolment, "consume_token_file", broken)
    enrolment = FirstEnrolment()
    with qtbot.waitSignal(enrolment.finished, timeout=10_000) as blocker:
        enrolment.start(load_settings(config_path=tmp_path / "absent.toml", environ={}))
    assert blocker.args == [None]

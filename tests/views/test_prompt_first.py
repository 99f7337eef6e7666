"""A station set up, started for real (`guichet --config`, its own process): the login prompt is the first frame,
alone; the window is built behind it while the agent types and shown only once an agent is in (issue 21, launch to
the prompt: docs/PERFORMANCE.md). The driver inside the process looks at the top-level windows as the agent would
see them, at the prompt, while typing, after a refusal and once logged in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from stationkit import set_up_station

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LOGIN, PASSWORD = "admin.guichet", "girafe violette marche lentement"

# Drives Guichet's own entry point from its GUI thread with timers; prints one JSON line per thing it saw.
DRIVER = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

login, password, config, plan = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

# Not before the prompt: the window's modules, the stop signals' wake-up socket, dataclasses, the store's and the
# login's libraries (docs/PERFORMANCE.md, "Session 39").
NOT_YET = ("desktop.views.app", "desktop.views.main_window", "socket", "dataclasses", "sqlalchemy", "desktop.auth")

def say(**seen):
    print(json.dumps(seen), flush=True)

def tops():
    return [(type(w).__name__, w.isVisible()) for w in QApplication.topLevelWidgets() if w.isWindow()]

def windows():
    return [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow"]

def at_prompt():
    dialog = QApplication.activeModalWidget()
    if dialog is None or type(dialog).__name__ != "LoginDialog" or not dialog.isVisible():
        QTimer.singleShot(2, at_prompt)
        return
    visible = sorted(name for name, shown in tops() if shown)
    from PySide6 import QtCore
    qt_enums = "Qt" in QtCore.__dict__  # Qt's namespace, ~95 enums made at once on first use (~10 ms)
    say(at="prompt", visible=visible, parent=type(dialog.parentWidget()).__name__, windows=len(windows()),
        qt_enums=qt_enums, quits_on_close=QApplication.quitOnLastWindowClosed(),
        imported=[m for m in NOT_YET if m in sys.modules],
        station=dialog.station_label.text() if dialog.station_label.isVisible() else "")
    QTimer.singleShot(400, lambda: typing(dialog))

def typing(dialog):
    say(at="typing", windows=[w.isVisible() for w in windows()], visible=dialog.isVisible())
    if plan == "close":
        dialog.reject()
        return
    dialog.login_edit.setText(login)
    dialog.password_edit.setText(password + ("-faux" if plan == "refused" else ""))
    if plan == "refused":  # the check's own answer (a submit may first wait for the login's services)
        dialog.answered.connect(lambda: refused(dialog))
    dialog.submit_button.click()
    if plan != "refused":
        QTimer.singleShot(0, in_window)

def refused(dialog):
    say(at="refused", message=dialog.error_label.text(), login=dialog.login_edit.text(),
        windows=[w.isVisible() for w in windows()], prompt=dialog.isVisible())
    dialog.reject()

def in_window():
    for w in windows():
        page = w.stack.widget(w.section_index("etablir"))
        if w.isVisible() and type(page).__name__ == "EstablishPage" and page.isEnabled():
            say(at="establish", agent=w.header._agent, modal=QApplication.activeModalWidget() is None,
                quits_on_close=QApplication.quitOnLastWindowClosed(),
                visible=sorted(name for name, shown in tops() if shown))
            w.close()
            return
    QTimer.singleShot(5, in_window)

real_exec = QApplication.exec
def exec_(*args):
    QTimer.singleShot(0, at_prompt)
    return real_exec()
QApplication.exec = exec_

from desktop.__main__ import main
sys.exit(main(["--config", config]))
"""


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A commissariat after its first set-up (its administrator, key slots, the encrypted store): its config file."""
    folder = tmp_path_factory.mktemp("station")
    config, _slots = set_up_station(
        folder, login=LOGIN, password=PASSWORD, display_name="Camille Martin", station_name="Commissariat de la gare"
    )
    return config


def _start(station: Path, tmp_path: Path, plan: str) -> tuple[dict[str, dict[str, object]], int, str]:
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("GUICHET_")},  # its own config
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        **{name: str(tmp_path) for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME")},
    }
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, LOGIN, PASSWORD, str(station), plan],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    seen = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            seen[entry.pop("at")] = entry
    return seen, done.returncode, done.stderr


def test_the_prompt_comes_alone_and_the_window_once_the_agent_is_in(station: Path, tmp_path: Path) -> None:
    seen, code, err = _start(station, tmp_path, "login")
    assert code == 0, err[-3000:]
    # The first frame: the prompt alone, standing by itself (no window built yet to stand over), saying which
    # station this is; nothing on its way imported what can come after it (NOT_YET) or made Qt's namespace of enums.
    assert seen["prompt"] == {
        "visible": ["LoginDialog"],
        "parent": "NoneType",
        "windows": 0,
        "qt_enums": False,
        "quits_on_close": False,  # the prompt's closing is the login's to answer; no window is shown yet
        "imported": [],
        "station": "Commissariat de police — Commissariat de la gare",
    }
    # While the agent types, the window is built behind the prompt, and not shown.
    assert seen["typing"] == {"windows": [False], "visible": True}
    # Once the agent is in: the window, its Établir screen usable, the agent named in its header, no dialog left.
    establish = seen["establish"]
    assert establish["visible"] == ["MainWindow"] and establish["modal"] is True
    assert establish["quits_on_close"] is True  # closing the window ends Guichet
    assert "Camille Martin" in str(establish["agent"])
    assert "Traceback" not in err, err[-3000:]


def test_a_refused_password_keeps_the_prompt_alone_and_the_login_typed(station: Path, tmp_path: Path) -> None:
    seen, code, err = _start(station, tmp_path, "refused")
    assert code == 0, err[-3000:]
    refused = seen["refused"]
    assert refused["prompt"] is True and refused["windows"] == [False]  # the window is still not shown
    assert refused["login"] == LOGIN  # what the agent typed is kept, the refusal said next to it
    assert refused["message"] == "Identifiant ou mot de passe incorrect."
    assert "Traceback" not in err, err[-3000:]


def test_closing_the_prompt_ends_the_application_without_ever_showing_the_window(station: Path, tmp_path: Path) -> None:
    seen, code, err = _start(station, tmp_path, "close")
    assert code == 0, err[-3000:]
    assert seen["typing"] == {"windows": [False], "visible": True}
    assert set(seen) == {"prompt", "typing"}  # nothing after: the application ended with the prompt
    assert "Traceback" not in err, err[-3000:]

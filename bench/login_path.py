"""The production path at the counter: launch to the login prompt accepting input, then password to Établir usable.

A real station is set up once in a temporary folder, as its first set-up leaves it (`first_setup`: key slots with
the production Argon2id cost, an administrator, the encrypted store; a stand-in answers for the central store's
escrow and enrolment, and the station then runs offline). Each run is `guichet --config station.toml` in its own
process, driven from inside by a small wrapper: as soon as the login dialog processes events ("prompt": it accepts
input), it types the login and password and submits them ("submitted"), then waits until the Établir screen is the
service's own ("establish": the agent can act). The agent types for `--typing` seconds (2 by default: a login and
a passphrase take longer); `--typing 0` submits at once, the worst case (what Guichet loads meanwhile then competes
with Argon2id). The unlock (Argon2id + key unwrap + opening the store, inside
`StationAuth.login`) is reported apart: a security cost, never weakened; and the longest stall of the GUI thread
while it runs (a 2 ms timer's longest gap: the unlock runs on a worker, so the prompt keeps painting). Baselines in
the same run: a bare PySide6 window (for the prompt), the unlock timed alone (for the password to Établir).
Run: .venv/bin/python bench/login_path.py
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _figures import Goal, figure
from stationkit import set_up_station

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
LOGIN = "admin.bench"
PASSWORD = "girafe violette marche lentement"

BARE = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("Guichet")); w.resize(1280, 800); w.show()
def shoot():
    w.grab()
    print(f"startup shown {time.time() - float(os.environ['GUICHET_STARTUP_T0']):.4f}", flush=True)
    app.quit()
QTimer.singleShot(0, shoot)
app.exec()
"""

# Runs Guichet's own entry point; drives the login dialog from the GUI thread with timers (never from a thread).
DRIVER = """
import os, sys, time
# PySide6 as Guichet imports it (desktop/views/qtimport.py: bound lazily, its import scan lightened): imported bare
# here, first, its own scan read every module Guichet imports before its views (inspect.getsource), ~3 ms that
# `guichet` itself never pays (session 39).
import desktop.views.qtimport
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

def mark(event, start=None):
    t = time.time() - float(os.environ["GUICHET_STARTUP_T0"]) if start is None else time.perf_counter() - start
    print(f"startup {event} {t:.4f}", flush=True)

import threading
ticks, unlocked = [], []  # the GUI thread's timer ticks; the unlock's (start, end)

def tick():  # a 2 ms timer on the GUI thread: a long gap between ticks is a stall the agent sees
    ticks.append(time.perf_counter())

def time_the_unlock(dialog):  # the prompt's own call into the login (StationAuth.login): nothing imported ahead
    real = dialog._authenticate
    def timed(login, password):
        start = time.perf_counter()
        try:
            return real(login, password)
        finally:
            unlocked.append((start, time.perf_counter()))
            mark("unlock", start)
            print(f"startup unlock_on_gui {int(threading.current_thread() is threading.main_thread())}", flush=True)
    dialog._authenticate = timed

def stall():  # the longest gap between two GUI ticks within the unlock (a gap across its end: the part before)
    if not unlocked or len(ticks) < 2:
        return float("nan")
    start, end = unlocked[0]
    gaps = [min(b, end) - max(a, start) for a, b in zip(ticks, ticks[1:]) if b >= start and a <= end]
    return max(gaps, default=end - start)

def answer():  # the login dialog, once it is up and its event loop runs (it takes keys then)
    dialog = QApplication.activeModalWidget()
    if dialog is None or type(dialog).__name__ != "LoginDialog" or not dialog.isVisible():
        QTimer.singleShot(5, answer)
        return
    dialog.grab()
    mark("prompt")
    time_the_unlock(dialog)
    def submit():
        dialog.login_edit.setText(sys.argv[1]); dialog.password_edit.setText(sys.argv[2])
        ticker = QTimer(QApplication.instance())  # the prompt comes first: it has no window to stand over
        ticker.timeout.connect(tick)
        ticker.start(2)
        mark("submitted")
        dialog.submit_button.click()
        QTimer.singleShot(0, watch)
    QTimer.singleShot(int(float(sys.argv[4]) * 1000), submit)  # the agent typing

def watch():  # Établir built over the opened store's services: the agent can act
    # Classes told by name: importing Établir's modules here, on the GUI thread during the unlock, did the
    # loader's work for it and took a core from Argon2id (session 10).
    for w in QApplication.topLevelWidgets():
        if type(w).__name__ == "MainWindow":
            page = w.stack.widget(w.section_index("etablir"))
            if type(page).__name__ == "EstablishPage" and page.isEnabled():
                w.grab()
                mark("establish")
                print(f"startup stall {stall():.4f}", flush=True)
                QApplication.quit()
                return
    QTimer.singleShot(5, watch)

real_exec = QApplication.exec
def exec_(*args):
    QTimer.singleShot(0, answer)
    return real_exec()
QApplication.exec = exec_

from desktop.__main__ import main
sys.exit(main(["--config", sys.argv[3]]))
"""


def _station(folder: Path) -> tuple[Path, object]:
    """A station after its first set-up (production Argon2id cost), offline; its config file and key slots."""
    return set_up_station(
        folder,
        login=LOGIN,
        password=PASSWORD,
        display_name="Administrateur de banc",
        station_name="Commissariat de banc",
    )


def _markers(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    env = {**env, "GUICHET_STARTUP_T0": repr(time.time())}
    done = subprocess.run(cmd, check=False, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        sys.exit(f"{cmd[:2]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    out = done.stdout
    marks: dict[str, float] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "startup":
            marks[parts[1]] = float(parts[2])
    return marks


def _unlock_alone(slots: object, database: Path) -> float:
    """Argon2id + unwrap + opening the store, as `StationAuth.login` does it, timed alone."""
    from desktop.models.db import open_store
    from desktop.security.keyslots import KeySlots, SlotKeyProvider

    assert isinstance(slots, KeySlots)
    start = time.perf_counter()
    unlocked = slots.unlock(login=LOGIN, password=PASSWORD, now=datetime.now(UTC))
    open_store(database, SlotKeyProvider(unlocked)).close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--typing", type=float, default=2.0, metavar="SECONDS", help="from prompt to submission")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed Guichet starts from bytecode (see bench/startup.py)
    with tempfile.TemporaryDirectory() as tmp:
        env.update(XDG_CONFIG_HOME=tmp, XDG_STATE_HOME=tmp, XDG_DATA_HOME=tmp, TMPDIR=tmp)
        config, slots = _station(Path(tmp))
        database = Path(tmp) / "data" / "guichet.db"
        bare_cmd = [sys.executable, "-c", BARE]
        guichet_cmd = [sys.executable, "-c", DRIVER, LOGIN, PASSWORD, str(config), str(max(args.typing, 0.0))]
        _markers(bare_cmd, env)  # warm the page cache and the bytecode
        _markers(guichet_cmd, env)
        bare: list[float] = []
        runs: list[dict[str, float]] = []
        alone: list[float] = []
        for _ in range(RUNS):  # alternately, so that load on the machine hits all alike
            bare.append(_markers(bare_cmd, env)["shown"])
            runs.append(_markers(guichet_cmd, env))
            alone.append(_unlock_alone(slots, database))
    bare_name = "bare QMainWindow shown"
    typing = f" (typed in {args.typing:g} s)"
    unlock = [r["unlock"] for r in runs]
    to_establish = [r["establish"] - r["submitted"] for r in runs]
    prompt = [r["prompt"] for r in runs]
    figure("production: launch to the login prompt accepting input", prompt, unit="s", baseline=bare,
           baseline_name=bare_name, goal=Goal(at_most=1.3, ratio=True))  # fmt: skip
    figure("production: unlock in the login (Argon2id + unwrap + store)" + typing, unlock, unit="s",
           baseline=alone, baseline_name="the same unlock alone", goal=Goal(at_most=1.0))  # fmt: skip
    figure("production: password submitted to Établir usable" + typing, to_establish, unit="s", baseline=unlock,
           baseline_name="its unlock", goal=Goal(at_most=1.0))  # fmt: skip
    figure("production: longest GUI-thread stall while the password is checked" + typing,
           [r["stall"] for r in runs], unit="s", baseline=unlock, baseline_name="its unlock",
           goal=Goal(at_most=0.05))  # fmt: skip
    apart = [t - u for t, u in zip(to_establish, unlock, strict=True)]
    figure("production: password submitted to Établir usable, unlock excluded" + typing, apart, unit="s", baseline=bare,
           baseline_name=bare_name, goal=Goal(at_most=1.0))  # fmt: skip


if __name__ == "__main__":
    main()

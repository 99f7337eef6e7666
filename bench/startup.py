"""Start-up time: process start to main window shown (`guichet --demo --screenshot`), against a bare PySide6 window.

Each process is given its spawn time in GUICHET_STARTUP_T0 and prints when its window is first rendered ("shown");
Guichet also prints when the encrypted store is open, migrated and the demo data seeded ("ready"), which the
screenshot waits for. Both programs run alternately, 5 times each, in the same run; medians and the ratio of the
"shown" medians are reported (goal <= 1.5x). Run: .venv/bin/python bench/startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
BARE = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("Guichet")); w.resize(1280, 800); w.show()
def shoot():
    w.grab()
    print(f"startup shown {time.time() - float(os.environ['GUICHET_STARTUP_T0']):.4f}", flush=True)
    w.grab().save(sys.argv[1]); app.quit()
QTimer.singleShot(0, shoot)
app.exec()
"""


def _markers(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    env = {**env, "GUICHET_STARTUP_T0": repr(time.time())}
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True).stdout
    marks = {"exit": time.perf_counter() - start}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "startup":
            marks[parts[1]] = float(parts[2])
    return marks


def _fmt(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.0f} ms  ({', '.join(f'{v * 1000:.0f}' for v in values)})"


def main() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as tmp:
        shot = str(Path(tmp) / "shot.png")
        env.update(XDG_CONFIG_HOME=tmp, XDG_STATE_HOME=tmp, XDG_DATA_HOME=tmp)
        guichet = [sys.executable, "-m", "desktop", "--demo", "--screenshot", shot]
        bare = [sys.executable, "-c", BARE, shot]
        _markers(bare, env)  # warm the page cache for both
        _markers(guichet, env)
        runs_b, runs_g = [], []
        for _ in range(RUNS):
            runs_b.append(_markers(bare, env))
            runs_g.append(_markers(guichet, env))
    b_shown = [r["shown"] for r in runs_b]
    g_shown = [r["shown"] for r in runs_g]
    print(f"bare QMainWindow, shown        : {_fmt(b_shown)}")
    print(f"guichet --demo, shown          : {_fmt(g_shown)}")
    print(f"guichet --demo, store ready    : {_fmt([r['ready'] for r in runs_g])}")
    print(f"guichet --demo, whole process  : {_fmt([r['exit'] for r in runs_g])}")
    ratio = statistics.median(g_shown) / statistics.median(b_shown)
    print(f"ratio shown (guichet / bare)   : {ratio:.2f}x  (goal <= 1.5x)")


if __name__ == "__main__":
    main()

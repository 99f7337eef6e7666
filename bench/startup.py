"""Start-up time: process start to main window shown (`guichet --demo --screenshot`), against a bare PySide6 window.

Each process is given its spawn time in GUICHET_STARTUP_T0 and prints when its window is first rendered ("shown");
Guichet also prints when the encrypted store is open, migrated and the demo data seeded ("ready": the agent can
act), which the screenshot waits for. Both programs run alternately, 7 times each, in the same run. Figures: the
"shown" median against the bare window's (goal ≤ 1.3×) and "ready" (goal ≤ 1 s), each next to the bare window.
Run: .venv/bin/python bench/startup.py

With --bundle, the frozen application joins the same run: the installed /opt/guichet/guichet by default, or the
bundle's executable given, or a guichet_*.deb (unpacked to a temporary folder). Ratios are against the bare window.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _figures import Goal, figure

RUNS = 7
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


def _bundle_executable(arg: str, tmp: str) -> Path:
    """The frozen `guichet` to time: given, installed, or unpacked from a .deb."""
    path = Path(arg) if arg else Path("/opt/guichet/guichet")
    if path.suffix == ".deb":
        subprocess.run(["dpkg-deb", "-x", str(path), str(Path(tmp) / "deb")], check=True)
        path = Path(tmp) / "deb" / "opt" / "guichet" / "guichet"
    if not path.exists():
        sys.exit(f"No bundle at {path}: run `make installers` and install dist/guichet_*.deb, or give its path.")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--bundle", nargs="?", const="", default=None, metavar="PATH", help="also time the bundle")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    # An installed Guichet starts from compiled bytecode (the bundle ships it): let the warm-up run write it rather
    # than time Python compiling every module of the package on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        shot = str(Path(tmp) / "shot.png")
        env.update(XDG_CONFIG_HOME=tmp, XDG_STATE_HOME=tmp, XDG_DATA_HOME=tmp, TMPDIR=tmp)
        programs = {
            "bare QMainWindow": [sys.executable, "-c", BARE, shot],
            "guichet --demo (venv)": [sys.executable, "-m", "desktop", "--demo", "--screenshot", shot],
        }
        if args.bundle is not None:
            programs["guichet --demo (bundle)"] = [
                str(_bundle_executable(args.bundle, tmp)),
                "--demo",
                "--screenshot",
                shot,
            ]
        for cmd in programs.values():
            _markers(cmd, env)  # warm the page cache for all
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in programs}
        for _ in range(RUNS):
            for name, cmd in programs.items():  # alternately, so that load on the machine hits all alike
                runs[name].append(_markers(cmd, env))
    bare = [r["shown"] for r in runs["bare QMainWindow"]]
    for name, marks in runs.items():
        if name == "bare QMainWindow":
            continue
        base = {"baseline": bare, "baseline_name": "bare QMainWindow shown"}
        figure(f"{name}: window shown", [r["shown"] for r in marks], unit="s", **base,  # type: ignore[arg-type]
               goal=Goal(at_most=1.3, ratio=True))  # fmt: skip
        figure(f"{name}: store ready", [r["ready"] for r in marks], unit="s", **base,  # type: ignore[arg-type]
               goal=Goal(at_most=1.0))  # fmt: skip


if __name__ == "__main__":
    main()

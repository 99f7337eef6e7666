"""What a chart library adds to start-up: QtCharts (PySide6-Addons), pyqtgraph (+ numpy), our QPainter charts.

Each variant runs in a fresh process (imports are cached once loaded): create the QApplication, then import the
library, build a 30-day × 4-series bar chart and render it once (grab). Printed: the median over the runs of
that import + build + first render, next to the baseline (a plain QWidget rendered the same way) in the same run.
Install sizes: what each distribution's RECORD lists, in the Python that runs this script.

Run: ``QT_QPA_PLATFORM=offscreen python bench/chart_libraries.py [--runs 7]`` with a Python that
has the libraries (our .venv has only PySide6-Essentials: QtCharts and pyqtgraph are then reported as absent).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRELUDE = """
import time, sys
from PySide6.QtWidgets import QApplication, QWidget
from PySide6.QtCore import Qt
app = QApplication([])
w0 = QWidget(); w0.resize(600, 300); w0.grab()
# The application has paid PySide6's one-time creation of the Qt namespace's enums (~150 ms, at the first `Qt.x`)
# long before a chart is drawn: pay it here too, or it is charged to whichever variant touches `Qt.` first.
Qt.AlignmentFlag.AlignLeft
import dataclasses, datetime  # loaded by the application too
t0 = time.perf_counter()
"""
DATA = "import random; rnd = random.Random(1); V = [[rnd.randrange(0, 20) for _ in range(30)] for _ in range(4)]\n"
VARIANTS = {
    "baseline (QWidget)": "w = QWidget(); w.resize(600, 300); w.grab()\n",
    "QPainter (desktop.views.kit.charts)": DATA
    + """from datetime import date, timedelta
from desktop.views.kit.charts import BarChart, ChartSeries
days = [date(2026, 11, 1) + timedelta(days=i) for i in range(30)]
w = BarChart("t"); w.set_data(days, [ChartSeries("k", str(i), str(i), tuple(v)) for i, v in enumerate(V)])
w.resize(600, 300); w.grab()
""",
    "QtCharts (PySide6-Addons)": DATA
    + """from PySide6.QtCharts import QBarSet, QChart, QChartView, QStackedBarSeries
series = QStackedBarSeries()
for i, v in enumerate(V):
    s = QBarSet(str(i)); s.append([float(x) for x in v]); series.append(s)
chart = QChart(); chart.addSeries(series); chart.createDefaultAxes()
w = QChartView(chart); w.resize(600, 300); w.grab()
""",
    "pyqtgraph (+ numpy)": DATA
    + """import numpy as np, pyqtgraph as pg
w = pg.PlotWidget(); x = np.arange(30); bottom = np.zeros(30)
for v in V:
    a = np.array(v, dtype=float); w.addItem(pg.BarGraphItem(x=x, height=a, y0=bottom, width=0.7)); bottom = bottom + a
w.resize(600, 300); w.grab()
""",
}
SUFFIX = "print(f'{(time.perf_counter() - t0) * 1000:.1f}')\n"
DISTRIBUTIONS = {
    "QtCharts (PySide6-Addons)": ("PySide6-Addons",),
    "pyqtgraph (+ numpy)": ("pyqtgraph", "numpy", "colorama"),
    "PySide6-Essentials (for scale)": ("PySide6-Essentials", "shiboken6"),
}


def run_once(code: str) -> float | None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run([sys.executable, "-c", PRELUDE + code + SUFFIX], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        return None
    return float(done.stdout.strip().splitlines()[-1])


def installed_bytes(name: str) -> int | None:
    """What a distribution installed, from its RECORD (sizes as written by the installer); None when absent."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        files = distribution(name).files or []
    except PackageNotFoundError:
        return None
    return sum(f.size or 0 for f in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"python: {sys.executable}; {args.runs} fresh processes per variant; ms from QApplication to first render")
    medians: dict[str, float] = {}
    for name, code in VARIANTS.items():
        times = [t for t in (run_once(code) for _ in range(args.runs)) if t is not None]
        if not times:
            print(f"  {name:40s} absent from this Python")
            continue
        medians[name] = statistics.median(times)
        print(f"  {name:40s} median {medians[name]:7.1f} ms  (min {min(times):.1f}, max {max(times):.1f})")
    base = medians.get("baseline (QWidget)", 0.0)
    for name, value in medians.items():
        if name != "baseline (QWidget)":
            print(f"  added by {name:31s} {value - base:7.1f} ms over the baseline")
    for name, dists in DISTRIBUTIONS.items():
        sizes = [installed_bytes(d) for d in dists]
        if None in sizes:
            print(f"  installed {name:30s} not installed here")
        else:
            mib = sum(s or 0 for s in sizes) / 2**20
            print(f"  installed {name:30s} {mib:8.1f} MiB ({' + '.join(dists)})")


if __name__ == "__main__":
    main()

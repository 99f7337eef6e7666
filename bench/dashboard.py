"""The Tableau de bord's first paint over a store of N acts (default 100,000) spread over 30 days.

Each run builds a fresh DashboardPage over the same encrypted store, shows it and measures, on the GUI thread:
the first paint of the screen (its charts say "Calcul en cours…" while the queries run on the runner's pool),
then the moment the charts are painted with the figures. The baseline, measured in the same run the same way, is
an empty Page (title and lead only). Also printed: the figures' queries alone, and the GUI thread's longest
stall while they ran (a 5 ms timer; goal: the GUI thread never waits for the store).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/dashboard.py [--count 100000] [--runs 9]``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from activitykit import CHEF, context, seed_activity  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.models.db import open_store  # noqa: E402
from desktop.models.keys import StaticKeyProvider  # noqa: E402
from desktop.services.dashboard import DashboardService  # noqa: E402
from desktop.services.reports import ActivityService  # noqa: E402
from desktop.views.dashboard import DashboardPage  # noqa: E402
from desktop.views.theme import apply_theme  # noqa: E402
from desktop.views.widgets import Page  # noqa: E402

NOW = datetime(2026, 11, 30, 16, 45, tzinfo=UTC)


class PaintWatch(QObject):
    """Records the elapsed time at each Paint event of one widget."""

    def __init__(self, widget: QWidget, clock: QElapsedTimer) -> None:
        super().__init__(widget)
        self.clock, self.paints = clock, []  # type: ignore[var-annotated]
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints.append(self.clock.nsecsElapsed() / 1e6)
        return False


def pump_until(app: QApplication, done: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.0005)


def measure_baseline(app: QApplication, idle_ms: float) -> tuple[float, float]:
    """(first paint of an empty page, longest gap of the 5 ms timer while idle as long as the dashboard loaded)."""
    clock = QElapsedTimer()
    clock.start()
    page = Page("Tableau de bord", "L'activité du poste sur les 30 derniers jours.")
    watch = PaintWatch(page, clock)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(clock.nsecsElapsed() / 1e6))
    timer.start()
    page.resize(1200, 820)
    page.show()
    pump_until(app, lambda: watch.paints and clock.nsecsElapsed() / 1e6 > idle_ms)
    timer.stop()
    page.close()
    page.deleteLater()
    return float(watch.paints[0]), max((b - a for a, b in itertools.pairwise(ticks)), default=0.0)


def measure_page(app: QApplication, store: object, work: Path) -> tuple[float, float, float]:
    """(first paint, figures painted, longest GUI stall) in ms."""
    ctx = context(store, work, CHEF)  # type: ignore[arg-type]
    clock = QElapsedTimer()
    clock.start()
    page = DashboardPage(DashboardService(ctx), ActivityService(ctx), zone="Europe/Paris", clock=lambda: NOW)
    first = PaintWatch(page, clock)
    chart = PaintWatch(page.kind_chart, clock)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(clock.nsecsElapsed() / 1e6))
    timer.start()
    page.resize(1200, 820)
    page.show()
    pump_until(app, lambda: first.paints)
    shown: list[float] = []
    page.runner.busy_changed.connect(lambda busy: None if busy else shown.append(clock.nsecsElapsed() / 1e6))
    pump_until(app, lambda: page.figures is not None and shown and chart.paints and chart.paints[-1] > shown[0])
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    page.close()
    page.deleteLater()
    return float(first.paints[0]), float(chart.paints[-1]), max(gaps, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="guichet-bench-dashboard-"))
    store = open_store(work / "bench.db", StaticKeyProvider(b"\x42" * 32))
    t0 = time.perf_counter()
    seed_activity(store, now=NOW, count=args.count)
    print(f"generated {args.count:,} acts over 32 days in {time.perf_counter() - t0:.1f} s ({work / 'bench.db'})")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_theme(app)
    service = DashboardService(context(store, work, CHEF))
    service.figures()  # warm the page cache once, as an open station has
    queries, baseline, first, full, stalls, idle = [], [], [], [], [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        service.figures()
        queries.append((time.perf_counter() - t) * 1000)
        f, d, s = measure_page(app, store, work)
        b, i = measure_baseline(app, idle_ms=d)
        baseline.append(b)
        idle.append(i)
        first.append(f)
        full.append(d)
        stalls.append(s)

    def line(label: str, values: list[float]) -> str:
        return f"  {label:46s} {statistics.median(values):7.1f}  ({min(values):.1f}-{max(values):.1f})"

    print(f"runs: {args.runs}; medians in ms (min-max)")
    print(line("baseline: empty page, first paint", baseline))
    print(line("Tableau de bord, first paint", first))
    print(line("Tableau de bord, charts painted with figures", full))
    print(line("figures' queries alone (worker, same store)", queries))
    print(line("longest GUI-thread gap while loading (5 ms)", stalls))
    print(line("baseline: longest gap, empty page, same time", idle))
    print(f"  goal: first paint < 200 ms: {'met' if statistics.median(first) < 200 else 'NOT met'}")
    store.close()


if __name__ == "__main__":
    main()

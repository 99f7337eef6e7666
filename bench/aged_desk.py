"""A station after a year of service: what grows with the history, against the same station after its first 30 days.

Two stores at the same pace (tests/agedkit.py, written through the store's own write path): a year (50,000
procurations, 400,000 audit events, 5,000 receipt PDFs, 20 agents, 10,000 entries waiting for the central store)
and its first 30 days (the baseline, measured in the same run: what a screen shows of today or of 30 days is the
same in both, only the history behind it differs). Medians over `--runs`:

- the start-up: the store opened (migrations: none due), then R-DATA-2's purge as `build_context` runs it, before
  the first act; once, the migration to the newest revision of a store left at 0013 (its indexes built);
- each screen's work on the runner: the Journal's first search and its integrity check (`guichet audit verify`
  does the same verification), the check after the next search (from the end the first one verified), the Tableau
  de bord's figures, the Activité du jour and the status bar's count;
- in a child process per store: the real main window, a supervisor at the counter, every screen opened: the
  process's memory (RSS) after, and the GUI thread's longest stall meanwhile (a 10 ms timer).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/aged_desk.py [--runs 3] [--pace 1.0]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _figures import Goal, figure  # noqa: E402
from agedkit import STATION, Age, seed_aged  # noqa: E402

from desktop.models.db import Store, open_store  # noqa: E402
from desktop.models.keys import StaticKeyProvider  # noqa: E402
from desktop.services.permissions import Principal  # noqa: E402
from desktop.settings import Settings, load_settings  # noqa: E402

KEYS = StaticKeyProvider(b"\x61" * 32)
CHEF = Principal(STATION, "agent-00", role="superviseur", capacity="opj", station_kind="commissariat")
NEW_INDEXES = ("ix_audit_events_at", "ix_outbox_verdict", "ix_procuration_events_at", "ix_procurations_valid_until",
               "ix_procurations_election", "ix_electors_created_at")  # fmt: skip
GROWTH = Goal(at_most=1.5, ratio=True)  # what a screen or the start-up reads must not grow with the history


def settings_in(folder: Path) -> Settings:
    return load_settings(
        config_path=folder / "absent.toml",
        environ={},
        data_dir=folder,
        station_kind="commissariat",
        station_name="Commissariat central",
        station_code=STATION,
        card_reader="simule",
        receipt_printer="simule",
    )


def seed(folder: Path, age: Age, now: datetime) -> Settings:
    settings = settings_in(folder)
    folder.mkdir(parents=True, exist_ok=True)
    store = open_store(settings.database_path, KEYS)
    seed_aged(store, age=age, now=now, receipts_dir=settings.receipts_dir)
    store.close()
    start_up_purge(settings, now)  # the day before's start: what a first start sweeps once is not the daily cost
    return settings


def start_up_purge(settings: Settings, now: datetime, store: Store | None = None) -> None:
    """R-DATA-2's purge as `build_context` runs it."""
    from desktop.services.context import load_calendar
    from desktop.services.retention import last_vote_in, purge

    opened = store or open_store(settings.database_path, KEYS)
    purge(opened, station_code=STATION, now=now, scrutin_end=last_vote_in(load_calendar()),
          receipts_dir=settings.receipts_dir)  # fmt: skip
    if store is None:
        opened.checkpoint()
        opened.close()


def timed(work: Callable[[], object]) -> float:
    t = time.perf_counter()
    work()
    return (time.perf_counter() - t) * 1000


def measure_store(settings: Settings, runs: int, verify_runs: int) -> dict[str, list[float]]:
    """The start-up's and the screens' work over one store, in ms per run."""
    out: dict[str, list[float]] = {}
    for run in range(runs):
        for name, ms in one_run(settings, verify=run < verify_runs).items():
            out.setdefault(name, []).append(ms)
    return out


def one_run(settings: Settings, *, verify: bool) -> dict[str, float]:
    from contextkit import service_context

    from desktop.services.activity import todays_activity
    from desktop.services.audit_search import AuditSearchService, JournalQuery
    from desktop.services.dashboard import DashboardService
    from desktop.status import outbox_status

    out: dict[str, float] = {}
    t = time.perf_counter()
    store = open_store(settings.database_path, KEYS)
    out["store opened"] = (time.perf_counter() - t) * 1000
    out["start-up purge"] = timed(lambda: start_up_purge(settings, datetime.now(UTC), store))
    ctx = service_context(store, settings, actor=CHEF, agent_name="Agent 00", clock=lambda: datetime.now(UTC))
    journal = AuditSearchService(ctx)
    out["Journal, first search"] = timed(lambda: journal.search(JournalQuery()))
    out["Tableau de bord, figures"] = timed(lambda: DashboardService(ctx).figures())
    out["Activité du jour"] = timed(lambda: todays_activity(ctx))
    out["status bar count"] = timed(lambda: outbox_status(store))
    if verify:
        out["Journal integrity (audit verify)"] = timed(journal.integrity)
        journal.search(JournalQuery())  # the supervisor's next search: its own event sealed
        # From the end the first verified (desktop/services/chain_watch.py): what was sealed since.
        out["Journal integrity, next search"] = timed(journal.integrity)
    store.close()
    return out


def measure_migration(settings: Settings) -> float:
    """The first start after the upgrade over a store left at 0013: 0014's indexes built, 0015's triggers (ms)."""
    from sqlalchemy import text

    from desktop.models.migrate import HEAD

    if HEAD == "0013":
        return 0.0  # the tree before this benchmark's indexes
    folder = Path(tempfile.mkdtemp(prefix="guichet-aged-0013-"))
    try:
        path = folder / "guichet.db"
        shutil.copyfile(settings.database_path, path)
        store = open_store(path, KEYS, migrate=False)
        with store.engine.begin() as conn:
            for name in NEW_INDEXES:
                conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
            for trigger in ("audit_events_updated", "audit_events_deleted"):  # 0015's
                conn.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
            conn.execute(text("DROP TABLE IF EXISTS audit_rewrites"))
            conn.execute(text("UPDATE alembic_version SET version_num = '0013'"))
        store.close()
        t = time.perf_counter()
        open_store(path, KEYS).close()
        return (time.perf_counter() - t) * 1000
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def rss_mib(field: str = "VmRSS") -> float:
    """The process's resident memory now (`VmRSS`) or at its peak (`VmHWM`), from /proc: not `ru_maxrss`, which
    Linux carries across the exec from the parent that forked the child (the parent holds the seeded rows)."""
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith(field + ":"):
            return int(row.split()[1]) / 1024
    return 0.0


def window_child(folder: Path) -> None:
    """In a child process: the main window over the store in `folder`, every screen opened; prints JSON."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.context import build_context
    from desktop.views.app import build_main_window
    from desktop.views.kit.runner import wait_for_workers
    from desktop.views.loading import ContextHolder
    from desktop.views.theme import apply_theme

    settings = settings_in(folder)
    t = time.perf_counter()
    ctx = build_context(settings, keys=KEYS)
    ready_ms = (time.perf_counter() - t) * 1000
    ctx.act_as(CHEF, "Agent 00")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_theme(app)
    holder = ContextHolder()
    window = build_main_window(settings, holder)
    window.resize(1280, 800)
    window.show()
    clock = QElapsedTimer()
    clock.start()
    ticks: list[float] = []
    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(lambda: ticks.append(clock.nsecsElapsed() / 1e6))
    probe.start()

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)

    holder.ctx = ctx
    holder.ready.emit()
    pump(1.0)
    for section in window._sections:
        before, rss_before = len(ticks), rss_mib()
        window.show_section(section.key)
        for _ in range(3):  # what the screen's answers start in turn (the Journal's integrity after its search)
            pump(0.2)
            while not wait_for_workers(timeout=0.05):
                app.processEvents()
        gaps = [b - a - 10.0 for a, b in itertools.pairwise(ticks[max(0, before - 1) :])]
        rss_after = rss_mib()
        said = f"longest stall {max(gaps, default=0):.0f} ms, RSS {rss_before:.0f} -> {rss_after:.0f} MiB"
        print(f"{section.key}: {said}", file=sys.stderr, flush=True)
    probe.stop()
    stall = max((b - a - 10.0 for a, b in itertools.pairwise(ticks)), default=0.0)
    row = {"rss_mib": rss_mib(), "peak_mib": rss_mib("VmHWM"), "stall_ms": stall, "ready_ms": ready_ms}
    print(json.dumps(row), flush=True)
    os._exit(0)  # the figures are out: no teardown to measure


def measure_window(folder: Path, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, __file__, "--window", str(folder)], stdout=subprocess.PIPE, text=True,
                              check=True, timeout=900)  # fmt: skip  # each screen's figures on stderr
        row = json.loads(done.stdout.strip().splitlines()[-1])
        for key, value in row.items():
            out.setdefault(key, []).append(float(value))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--verify-runs", type=int, default=2)
    parser.add_argument("--window-runs", type=int, default=2)
    parser.add_argument("--pace", type=float, default=1.0, help="the year's sizes times this (1.0: the task's)")
    parser.add_argument("--window", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.window is not None:
        window_child(args.window)
        return
    year = Age()
    if args.pace != 1.0:
        year = replace(year, **{k: max(1, int(getattr(year, k) * args.pace)) for k in
                                ("procurations", "audit_events", "receipts", "outbox_pending")})  # fmt: skip
    month = year.first(30)
    work = Path(tempfile.mkdtemp(prefix="guichet-bench-aged-"))
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    try:
        stores = {}
        for label, age in (("30 days", month), ("a year", year)):
            t = time.perf_counter()
            stores[label] = seed(work / label.replace(" ", "-"), age, now)
            size = stores[label].database_path.stat().st_size / 2**20
            print(f"{label}: {age} written in {time.perf_counter() - t:.1f} s ({size:.0f} MiB)", flush=True)
        figures = {label: measure_store(s, args.runs, args.verify_runs) for label, s in stores.items()}
        windows = {label: measure_window(s.data_dir, args.window_runs) for label, s in stores.items()}
        young, old = figures["30 days"], figures["a year"]
        for name in old:
            goal = None if "audit verify" in name else GROWTH  # a whole chain's HMACs: O(history) by its nature
            figure(name, old[name], unit="ms", baseline=young[name], baseline_name="first 30 days", goal=goal)
        wy, wo = windows["30 days"], windows["a year"]
        figure("build_context (store ready, purge included)", wo["ready_ms"], unit="ms", baseline=wy["ready_ms"],
               baseline_name="first 30 days", goal=GROWTH)  # fmt: skip
        figure("RSS after every screen opened", wo["rss_mib"], unit="MiB", baseline=wy["rss_mib"],
               baseline_name="first 30 days", goal=Goal(at_most=1.2, ratio=True))  # fmt: skip
        figure("peak RSS while every screen opened", wo["peak_mib"], unit="MiB", baseline=wy["peak_mib"],
               baseline_name="first 30 days", goal=Goal(at_most=1.2, ratio=True))  # fmt: skip
        figure("GUI thread's longest stall, every screen opened", wo["stall_ms"], unit="ms", baseline=wy["stall_ms"],
               baseline_name="first 30 days")  # fmt: skip
        figure("migration to the newest revision (first start after the upgrade)",
               measure_migration(stores["a year"]), unit="ms")  # fmt: skip
        print(f"medians of {args.runs} runs ({args.verify_runs} for the integrity, {args.window_runs} windows)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The responsiveness probe: a 10 ms timer on the GUI thread of the real main window while workers write.

Shared by `bench/responsiveness.py` (figures) and `tests/views/test_responsiveness.py` (bounds). A first phase,
`idle`, measures the floor (the agent's activity alone, and the machine's own noise); then two phases:
`write`, a worker thread holding a write transaction on the real store for two seconds; `feed`, the real sync
worker applying 2,000 entries of the central change feed (pages parsed from JSON on its thread, as the HTTP client
does). Meanwhile the GUI does its day: the status bar's two-second refresh, a live rule check as the agent types in
Établir, a search in Rechercher. A stall is a gap between ticks minus the 10 ms interval.
"""

from __future__ import annotations

import itertools
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import update

from desktop.context import AppContext, build_context
from desktop.models import Elector, Procuration, SyncState
from desktop.models.ids import uuid7
from desktop.models.keys import StaticKeyProvider
from desktop.settings import Settings
from desktop.sync.client import Credentials
from desktop.sync.clock import StationClock
from desktop.sync.wire import ChangesPage
from desktop.sync.worker import SyncWorker, WorkerSettings
from desktop.views.app import build_main_window
from desktop.views.loading import ContextHolder
from desktop.views.main_window import MainWindow
from desktop.views.theme import apply_theme

TICK_MS = 10
KEY = bytes.fromhex("6b" * 32)


@dataclass(frozen=True)
class Figures:
    """Stalls of one phase, in milliseconds."""

    ticks: int
    longest: float
    p99: float
    median: float

    def line(self, name: str) -> str:
        return (
            f"{name:<6} ticks={self.ticks:5d}  longest={self.longest:7.1f} ms  p99={self.p99:6.1f} ms  "
            f"median={self.median:5.2f} ms"
        )


def figures(stamps: list[float]) -> Figures:
    """Stalls (gap − 10 ms, never below 0) between consecutive ticks."""
    stalls = sorted(max(0.0, (b - a) * 1000.0 - TICK_MS) for a, b in itertools.pairwise(stamps))
    if not stalls:
        return Figures(0, 0.0, 0.0, 0.0)
    p99 = stalls[min(len(stalls) - 1, round(0.99 * (len(stalls) - 1)))]
    return Figures(len(stamps), stalls[-1], p99, statistics.median(stalls))


class Probe(QObject):
    """Records the time of each tick of a precise 10 ms timer on the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.stamps: list[float] = []
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(lambda: self.stamps.append(time.perf_counter()))

    def start(self) -> None:
        self.stamps = []
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return self.stamps


class FeedClient:
    """The central store's change feed, served from memory as JSON text: the worker parses it as from HTTP."""

    credentials = Credentials("poste-test", "t")  # the station id the worker ties its sync state to

    def __init__(self, record_ids: list[str], *, page_size: int = 200) -> None:
        now = datetime.now(UTC)
        self.pages: list[str] = []
        for start in range(0, len(record_ids), page_size):
            chunk = record_ids[start : start + page_size]
            changes = [
                {
                    "cursor": start + i + 1,
                    "entry_id": uuid7(),
                    "record_id": rid,
                    "status": "invalidee" if (start + i) % 10 == 0 else "validee",
                    "rule_id": "R-LIMIT-1" if (start + i) % 10 == 0 else None,
                    "message": None,
                    "at": now.isoformat(),
                }
                for i, rid in enumerate(chunk)
            ]
            last = start + len(chunk)
            self.pages.append(
                json.dumps(
                    {
                        "changes": changes,
                        "next_cursor": last,
                        "more": last < len(record_ids),
                        "server_time": now.isoformat(),
                    }
                )
            )

    def changes(self, cursor: int) -> ChangesPage:
        for text in self.pages:
            page = ChangesPage.from_json(text)
            if page.changes and page.changes[0].cursor > cursor:
                return page
        return ChangesPage((), cursor, False, datetime.now(UTC))

    def feed(self, cursor: int) -> tuple[ChangesPage, None]:
        return self.changes(cursor), None  # a central store that says nothing of the station (no headers)

    def server_time(self) -> datetime:
        return datetime.now(UTC)

    def push(self, batch: Any) -> Any:
        raise AssertionError("nothing to push in this scenario")


def seed_procurations(ctx: AppContext, count: int) -> list[str]:
    """`count` confirmed-later procurations (one mandant each, ten per mandataire), written in one transaction."""
    now = datetime.now(UTC)
    ids: list[str] = []

    def elector(name: str, nne: str) -> Elector:
        return Elector(
            id=uuid7(),
            nne=nne,
            last_name=name,
            usage_name=None,
            given_names="Alex",
            birth_date=date(1970, 1, 1) + timedelta(days=len(ids)),
            sex=None,
            list_kind=None,
            registration_place=None,
            registration_code=None,
            address=None,
            eu_citizen=False,
            search_name=f"{name} ALEX",
            identity_verified="saisie",
            created_at=now,
            purged_at=None,
        )

    with ctx.store.session() as s, s.begin():
        mandataires = [elector(f"MANDATAIRE{i:04d}", f"9{i:08d}") for i in range(count // 10 + 1)]
        s.add_all(mandataires)
        for i in range(count):
            mandant = elector(f"MARTEL{i:05d}", f"8{i:08d}")
            s.add(mandant)
            s.flush([mandant])
            pid = uuid7()
            ids.append(pid)
            s.add(
                Procuration(
                    id=pid,
                    receipt_number=f"R-{pid}",
                    mandant_id=mandant.id,
                    mandataire_id=mandataires[i // 10].id,
                    channel="cerfa_12668",
                    request_reference=None,
                    place_kind="commissariat",
                    established_in="france",
                    station_code=ctx.settings.station_code,
                    agent_id="agent-1",
                    authority_name="OPJ",
                    authority_capacity="OPJ",
                    validity_kind="SCRUTIN",
                    election_id="presidentielle-2027",
                    rounds="T1",
                    valid_from=None,
                    valid_until=None,
                    home_visit=False,
                    established_at=now,
                    status="provisoire",
                    status_rule_id=None,
                    confirmed_at=None,
                )
            )
    return ids


@dataclass
class Station:
    """A station as the agent sees it: the real main window over a real store, with its real screens."""

    app: QApplication
    ctx: AppContext
    holder: ContextHolder
    window: MainWindow
    folder: tempfile.TemporaryDirectory[str]

    def close(self) -> None:
        """As `views/start.run` ends: no work started once the store closes, none in flight when it does.

        The sync worker's last signals (a status, "activity changed") may still be queued for the GUI thread: they
        are delivered first, while the store is open, and the window emits nothing after that. Delivered after the
        store had closed (as before), the activity page's refresh opened a connection to a store whose folder was
        being removed: "internal failure StoreError" in the benchmark's output, a teardown's, not the product's
        (which closes the store once its event loop has ended)."""
        from PySide6.QtCore import QCoreApplication, QEvent

        from desktop.views.kit.runner import Runner

        self.app.processEvents()  # what the workers queued before they stopped, while the store is open
        self.window.blockSignals(True)  # data_changed, status_arrived: nothing more starts a refresh
        for timer in self.window.findChildren(QTimer):
            timer.stop()  # a debounced live check must not start once the store is closing
        for runner in self.window.findChildren(Runner):
            runner.wait()  # no answer may land on a closed store
        self.window.close()
        self.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the window and its screens, gone
        self.ctx.close()
        self.app.processEvents()
        self.folder.cleanup()


def open_station() -> Station:
    """Build the context off the event loop, then the window and its screens as `views/start.run` does."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_theme(app)
    folder = tempfile.TemporaryDirectory(prefix="guichet-probe-", ignore_cleanup_errors=True)
    settings = Settings(
        data_dir=Path(folder.name),
        station_code="75056-01",
        station_name="Commissariat central du 11e",
        card_reader="aucun",
        receipt_printer="aucune",
    )
    ctx = build_context(settings, keys=StaticKeyProvider(KEY))
    from desktop.context import demo_principal

    ctx.actor = demo_principal(settings)  # an OPJ: the screens need someone allowed to establish and search
    holder = ContextHolder()
    window = build_main_window(settings, holder)
    window.resize(1280, 800)
    window.show()
    holder.ctx = ctx
    holder.ready.emit()
    app.processEvents()
    return Station(app, ctx, holder, window, folder)


def attach_worker(ctx: AppContext, worker: SyncWorker) -> None:
    """What `AppContext.start_sync` does once its worker exists: the screens follow it."""
    with ctx._lock:
        ctx.sync = worker
        listeners, ctx._sync_listeners = ctx._sync_listeners, []
    ctx.closers.append(worker.stop)
    for listener in listeners:
        listener(worker)


class Agent(QObject):
    """The agent's day on the GUI thread: typing in Établir (live checks) and searching in Rechercher."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.establish: Any = window.stack.widget(window._index_of["etablir"])
        self.search: Any = window.stack.widget(window._index_of["rechercher"])
        self._n = 0
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._step)

    def start(self) -> None:
        self.window.show_section("etablir")
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _step(self) -> None:
        self._n += 1
        if self._n % 4 == 0:
            self.search.query.setText("martel0")
            self.search.search()
            return
        nne: QLineEdit = self.establish.m_nne
        nne.setText(f"9{self._n % 200:08d}")
        self.establish._edited(nne)  # as a keystroke would: the debounced live check follows


def _run_until(app: QApplication, done: Callable[[], bool], *, timeout: float) -> None:
    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    check = QTimer()
    check.setInterval(20)
    check.timeout.connect(lambda: loop.quit() if done() or time.monotonic() > deadline else None)
    check.start()
    loop.exec()
    check.stop()


def hold_write(ctx: AppContext, seconds: float) -> threading.Thread:
    """A worker thread holding a write transaction on the store for `seconds`."""

    def work() -> None:
        with ctx.store.session() as s, s.begin():
            s.execute(update(SyncState).values(last_error=None))
            s.execute(update(Procuration).where(Procuration.id == "none").values(status="provisoire"))
            time.sleep(seconds)

    thread = threading.Thread(target=work, name="probe-writer", daemon=True)
    thread.start()
    return thread


def run_scenario(*, write_seconds: float = 2.0, feed_entries: int = 2000) -> dict[str, Figures]:
    """Both phases on a fresh station; figures per phase."""
    station = open_station()
    try:
        app, ctx = station.app, station.ctx
        ids = seed_procurations(ctx, feed_entries)
        worker = SyncWorker(ctx.store, FeedClient(ids), StationClock(), settings=WorkerSettings(poll_interval=3600))  # type: ignore[arg-type]
        attach_worker(ctx, worker)
        window = station.window
        # The screens after the first one are built one per event-loop turn once the store is ready (issue 21).
        _run_until(app, lambda: hasattr(window.stack.widget(window._index_of["rechercher"]), "query"), timeout=30)
        agent = Agent(window)
        probe = Probe()
        results: dict[str, Figures] = {}

        agent.start()
        _run_until(app, lambda: False, timeout=0.5)  # settle: first checks and paints

        # The floor: the agent's day with no worker writing (and whatever else the machine is doing).
        probe.start()
        _run_until(app, lambda: False, timeout=write_seconds)
        results["idle"] = figures(probe.stop())

        probe.start()
        writer = hold_write(ctx, write_seconds)
        _run_until(app, lambda: not writer.is_alive(), timeout=write_seconds + 30)
        _run_until(app, lambda: False, timeout=0.3)  # what was queued behind the write
        results["write"] = figures(probe.stop())

        cycled = threading.Event()
        worker.after_cycle.append(lambda _sent, _pulled: cycled.set())
        probe.start()
        worker.start()
        _run_until(app, cycled.is_set, timeout=120)
        _run_until(app, lambda: False, timeout=0.3)
        results["feed"] = figures(probe.stop())
        agent.stop()
        worker.stop()
        return results
    finally:
        station.close()

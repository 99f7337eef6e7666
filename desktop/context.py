"""The running application's parts, assembled once at start-up (off the GUI thread) and handed to the views."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from desktop.devices.cards.base import CardReader
from desktop.devices.monitor import DeviceMonitor
from desktop.devices.printers.base import ReceiptPrinter
from desktop.devices.registry import make_printer, make_reader
from desktop.keystore.registry import make_secret_store
from desktop.models.db import Store, open_store
from desktop.models.keys import KeyProvider, StoredKeyProvider
from desktop.privatefile import share_with_station_group
from desktop.receipts.keys import load_or_create_station_signer
from desktop.receipts.signing import StationSigner
from desktop.rules.calendar import ElectionCalendar
from desktop.services.desk import load_calendar
from desktop.services.journal import Actor
from desktop.services.permissions import Principal
from desktop.settings import Settings
from desktop.sync.clock import StationClock

if TYPE_CHECKING:
    from desktop.sync.client import CentralClient, Credentials
    from desktop.sync.worker import SyncWorker

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """Settings, the opened store, devices, signer, clock and sync; the views call services built over these."""

    settings: Settings
    store: Store
    key_description: str
    actor: Actor
    calendar: ElectionCalendar
    reader: CardReader
    printer: ReceiptPrinter
    signer: StationSigner
    clock: StationClock
    devices: DeviceMonitor
    agent_name: str = "Agent de démonstration"
    agent_capacity: str = "OPJ"
    sync: SyncWorker | None = None
    central: CentralClient | None = None
    closers: list[object] = field(default_factory=list)
    _sync_listeners: list[Callable[[SyncWorker], None]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def demo(self) -> bool:
        return self.settings.demo

    def on_sync_started(self, listener: Callable[[SyncWorker], None]) -> None:
        """Call `listener` once the sync worker runs (at once if it already does)."""
        with self._lock:
            worker = self.sync
            if worker is None:
                self._sync_listeners.append(listener)
        if worker is not None:
            listener(worker)

    def start_sync(self, base_url: str, credentials: Credentials) -> None:
        """Connect to the central store and start pushing and pulling in the background."""
        import httpx

        from desktop.security.central_api import HttpCentralSecurity
        from desktop.sync.anchoring import SyncAnchoring
        from desktop.sync.client import CentralClient
        from desktop.sync.worker import SyncWorker, WorkerSettings

        client = CentralClient(base_url, credentials)
        worker = SyncWorker(
            self.store,
            client,
            self.clock,
            settings=WorkerSettings(poll_interval=float(self.settings.sync_interval_seconds)),
        )
        security_http = httpx.Client(base_url=base_url, timeout=15)
        self.closers.append(security_http)
        security = HttpCentralSecurity(security_http, token=credentials.token)
        worker.after_cycle.append(
            SyncAnchoring(
                self.store, security, private_key=self.signer.private_key, actor=self.actor, clock=self.clock.now
            )
        )
        worker.start()
        with self._lock:
            self.central = client
            self.sync = worker
            listeners, self._sync_listeners = self._sync_listeners, []
        self.closers.append(client)
        self.closers.append(worker)
        for listener in listeners:
            listener(worker)

    def close(self) -> None:
        for closer in reversed(self.closers):
            stop = getattr(closer, "stop", None) or getattr(closer, "close", None)
            if callable(stop):
                try:
                    stop()
                except Exception:  # closing must go on for the others
                    log.exception("error while closing %s", type(closer).__name__)
        self.reader.close()
        self.store.close()


def demo_principal(settings: Settings) -> Principal:
    """The demo's agent: an OPJ at a police or gendarmerie counter, a chef de poste at a consulate."""
    abroad = settings.station_kind.abroad
    return Principal(
        station_code=settings.station_code,
        agent_id="demo-agent",
        role="agent_consulaire" if abroad else "agent_police",
        capacity="chef_de_poste_consulaire" if abroad else "OPJ",
        station_kind=settings.station_kind.value,
    )


@dataclass(frozen=True)
class OpenedStore:
    """A store an agent's login already opened (key slots), and who that agent is."""

    store: Store
    actor: Actor
    agent_name: str
    key_description: str


def purge_expired(ctx: AppContext) -> None:
    """Retention at start-up (R-DATA-2): personal data past its time goes; the purge itself is audited."""
    from desktop.services.retention import purge

    def scrutin_end(election_id: str) -> date | None:
        election = ctx.calendar.get(election_id)
        return None if election is None else (election.t2 or election.t1)

    report = purge(ctx.store, station_code=ctx.settings.station_code, now=ctx.clock.now(), scrutin_end=scrutin_end)
    log.info("retention purge at start-up: %s", report.detail())


def build_context(
    settings: Settings, *, keys: KeyProvider | None = None, opened: OpenedStore | None = None
) -> AppContext:
    """Open the store (unless a login did), the devices and sync; seed demo data in demo mode."""
    share_with_station_group(settings.data_dir)
    if opened is None:
        if keys is None:
            keys = StoredKeyProvider(make_secret_store(settings))  # the demo's: in its throw-away folder
        store = open_store(settings.database_path, keys)
        key_description = keys.description
        actor = demo_principal(settings) if settings.demo else Actor(station_code=settings.station_code, agent_id=None)
    else:
        store, actor, key_description = opened.store, opened.actor, opened.key_description
    reader = make_reader(settings)
    printer = make_printer(settings)
    devices = DeviceMonitor(reader, printer)
    devices.start()
    ctx = AppContext(
        settings=settings,
        store=store,
        key_description=key_description,
        actor=actor,
        calendar=load_calendar(),
        reader=reader,
        printer=printer,
        signer=load_or_create_station_signer(settings.keys_dir),
        clock=StationClock(),
        devices=devices,
    )
    ctx.closers.append(devices)
    if isinstance(ctx.actor, Principal):
        ctx.agent_capacity = ctx.actor.capacity
    if opened is not None:
        ctx.agent_name = opened.agent_name
    purge_expired(ctx)
    if settings.demo:
        from desktop.demo import seed_demo, seed_demo_procurations
        from desktop.demo_central import start_demo_central

        seed_demo(ctx)
        seed_demo_procurations(ctx)
        central = start_demo_central(
            settings.data_dir, settings.station_code, lambda creds: ctx.start_sync(central.base_url, creds)
        )
        ctx.closers.insert(0, central)
    elif settings.central_url:
        from desktop.credentials import load_credentials

        creds = load_credentials(make_secret_store(settings))
        if creds is None:
            log.warning("central store configured but this station is not enrolled: sync disabled")
        else:
            ctx.start_sync(settings.central_url, creds)
    return ctx

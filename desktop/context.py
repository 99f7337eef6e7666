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
from desktop.rules.terms import Capacity, Role
from desktop.services.context import ActingAgent, ServiceContext, load_calendar
from desktop.services.journal import Actor
from desktop.services.permissions import Principal
from desktop.settings import Settings
from desktop.sync.clock import StationClock

if TYPE_CHECKING:
    from desktop.sync.client import CentralClient, Credentials
    from desktop.sync.http import Endpoint
    from desktop.sync.worker import SyncWorker

log = logging.getLogger(__name__)
DEMO_AGENT_NAME = "Agent de démonstration"


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
    digest_key: bytes = b""
    agent_name: str = DEMO_AGENT_NAME
    visa_by: Principal | None = None
    sync: SyncWorker | None = None
    central: CentralClient | None = None
    closers: list[Callable[[], None]] = field(default_factory=list)  # stopped last-in first-out
    _sync_listeners: list[Callable[[SyncWorker], None]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def demo(self) -> bool:
        return self.settings.demo

    def services(self, *, printer: ReceiptPrinter | None = None) -> ServiceContext:
        """The one collaborator of every service, over this application's parts (the central client is read live:
        in the demo it answers only after the window is up)."""
        from desktop.services.registers import DemoConsularRegister

        return ServiceContext(
            settings=self.settings,
            store=self.store,
            agent=ActingAgent(self.actor, self.agent_name, self.visa_by),
            calendar=self.calendar,
            printer=printer or self.printer,
            signer=self.signer,
            digest_key=self.digest_key,
            clock=self.clock.now,
            station_clock=self.clock.stamp,
            central=lambda: self.central,
            # Production has no consular register source yet: IvoteService then refuses look-ups (never demo data).
            consular_register=DemoConsularRegister(key=self.digest_key) if self.demo else None,
        )

    def on_sync_started(self, listener: Callable[[SyncWorker], None]) -> None:
        """Call `listener` once the sync worker runs (at once if it already does)."""
        with self._lock:
            worker = self.sync
            if worker is None:
                self._sync_listeners.append(listener)
        if worker is not None:
            listener(worker)

    def start_sync(self, endpoint: Endpoint | str, credentials: Credentials) -> None:
        """Connect to the central store and start pushing and pulling in the background."""
        from desktop.credentials import save_credentials
        from desktop.security.central_api import HttpCentralSecurity
        from desktop.sync.anchoring import SyncAnchoring
        from desktop.sync.client import CentralClient
        from desktop.sync.worker import SyncWorker, WorkerSettings

        def keep(renewed: Credentials) -> None:  # the token renewed online before it expires
            save_credentials(make_secret_store(self.settings), renewed)

        client = CentralClient(endpoint, credentials, on_renewed=keep)
        worker = SyncWorker(
            self.store,
            client,
            self.clock,
            settings=WorkerSettings(poll_interval=float(self.settings.sync_interval_seconds)),
        )
        security = HttpCentralSecurity(client.http)  # one client, one configuration, the token it renews
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
        self.closers.append(client.close)
        self.closers.append(worker.stop)
        for listener in listeners:
            listener(worker)

    def close(self) -> None:
        for stop in reversed(self.closers):
            try:
                stop()
            except Exception:  # closing must go on for the others
                log.exception("error while closing %s", getattr(stop, "__qualname__", "a part"))
        self.reader.close()
        self.store.close()


def _enrol_demo_agent(ctx: AppContext, principal: Principal) -> None:
    """The demo's agent made known to the demo's central store: look-ups are allowed only to enrolled agents."""
    from desktop.security.central_api import CentralRefused, CentralUnavailable, HttpCentralSecurity

    client = ctx.central
    if client is None or principal.agent_id is None:
        return
    try:
        HttpCentralSecurity(client.http).enrol_agent(
            agent_id=principal.agent_id,
            login="demo",
            role=str(principal.role),
            capacity=str(principal.capacity),
            email=None,
        )
    except (CentralRefused, CentralUnavailable) as exc:  # already known (a restarted demo), or gone
        log.info("demo agent not enrolled with the demo central store: %s", type(exc).__name__)


def demo_principal(settings: Settings) -> Principal:
    """The demo's agent: an OPJ at a police or gendarmerie counter, a chef de poste at a consulate."""
    abroad = settings.station_kind.abroad
    return Principal(
        station_code=settings.station_code,
        agent_id="demo-agent",
        role=Role.AGENT_CONSULAIRE if abroad else Role.AGENT_POLICE,
        capacity=Capacity.CHEF_POSTE if abroad else Capacity.OPJ,
        station_kind=settings.station_kind.value,
    )


@dataclass(frozen=True)
class OpenedStore:
    """A store an agent's login already opened (key slots), who that agent is and, for a délégué OPJ, the visa."""

    store: Store
    actor: Actor
    agent_name: str
    key_description: str
    visa_by: Principal | None = None


DIGEST_KEY_NAME = "digest-key"


def station_digest_key(settings: Settings) -> bytes:
    """The station's secret for keyed digests of personal data: random, created once, kept owner-only beside the
    station's other keys (a stolen database alone does not let anyone test a list of e-mail addresses)."""
    from desktop.keystore.base import get_or_create_key
    from desktop.keystore.registry import make_secret_store

    key, _ = get_or_create_key(make_secret_store(settings), DIGEST_KEY_NAME, 32)
    return key


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
        digest_key=station_digest_key(settings),
        agent_name=opened.agent_name if opened is not None else DEMO_AGENT_NAME,
        visa_by=opened.visa_by if opened is not None else None,
    )
    ctx.closers.append(devices.stop)
    purge_expired(ctx)
    if settings.demo:
        from desktop.demo.central import demo_central_available, start_demo_central
        from desktop.demo.seed import seed_demo, seed_demo_procurations

        seed_demo(ctx.services())
        seed_demo_procurations(ctx.services())
        if demo_central_available():

            def ready(creds: Credentials) -> None:
                ctx.start_sync(central.base_url, creds)
                _enrol_demo_agent(ctx, demo_principal(settings))

            central = start_demo_central(settings.data_dir, settings.station_code, ready)
            ctx.closers.insert(0, central.close)
        else:
            log.info("demo without its central store (counter install): the station stays offline")
    elif settings.central_url:
        from desktop.credentials import load_credentials
        from desktop.sync.http import Endpoint

        creds = load_credentials(make_secret_store(settings))
        if creds is None:
            log.warning("central store configured but this station is not enrolled: sync disabled")
        else:
            ctx.start_sync(Endpoint.from_settings(settings) or settings.central_url, creds)
    return ctx

"""The running application's parts, assembled once at start-up (off the GUI thread) and handed to the views."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from desktop.demo.agents import DEMO_AGENT_NAME, demo_agents
from desktop.devices.agent_card import AgentCardWatch, NullAgentCard
from desktop.devices.cards.base import CardReader
from desktop.devices.monitor import DeviceMonitor
from desktop.devices.printers.base import ReceiptPrinter
from desktop.devices.registry import make_agent_card, make_printer, make_reader
from desktop.keystore.registry import make_secret_store
from desktop.models.db import Store, open_store
from desktop.models.keys import KeyProvider, StoredKeyProvider
from desktop.privatefile import share_with_station_group
from desktop.receipts.keys import load_or_create_station_signer
from desktop.receipts.signing import StationSigner
from desktop.rules.calendar import ElectionCalendar
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
    agent_card: AgentCardWatch = field(default_factory=NullAgentCard)  # spec/security.md: pulled, the counter locks
    digest_key: bytes = b""
    agent_name: str = DEMO_AGENT_NAME
    visa_by: Principal | None = None
    check_credentials: Callable[[str, str], Principal] | None = None  # a supervisor deciding on the spot
    sync: SyncWorker | None = None
    central: CentralClient | None = None
    closers: list[Callable[[], None]] = field(default_factory=list)  # stopped last-in first-out
    closed: bool = False  # set by close(): what starts late (the demo's central store) stops at once
    _sync_listeners: list[Callable[[SyncWorker], None]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def demo(self) -> bool:
        return self.settings.demo

    def act_as(self, actor: Actor, agent_name: str, visa_by: Principal | None = None) -> None:
        """Another agent takes the counter: every ServiceContext built from now on acts (and signs) as them.

        Called on the GUI thread by the change of agent, before the screens are rebuilt over `services()`; the
        screens built for the previous agent are dropped, so no act can carry the previous agent's authority."""
        with self._lock:
            self.actor, self.agent_name, self.visa_by = actor, agent_name, visa_by

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
            check_credentials=self.check_credentials,
        )

    def on_sync_started(self, listener: Callable[[SyncWorker], None]) -> None:
        """Call `listener` once the sync worker runs (at once if it already does)."""
        with self._lock:
            worker = self.sync
            if worker is None:
                self._sync_listeners.append(listener)
        if worker is not None:
            listener(worker)

    def start_sync(
        self,
        endpoint: Endpoint | str,
        credentials: Credentials,
        *,
        before_start: Callable[[CentralClient], None] | None = None,
    ) -> None:
        """Connect to the central store and start pushing and pulling in the background; `before_start` runs with
        the client before the first push (the demo enrols its agents there: the central store flags an entry whose
        agent it does not know, central/attribution.py)."""
        from desktop.credentials import save_credentials
        from desktop.security.central_api import HttpCentralSecurity
        from desktop.sync.anchoring import SyncAnchoring
        from desktop.sync.client import CentralClient
        from desktop.sync.worker import SyncWorker, WorkerSettings

        def keep(renewed: Credentials) -> None:  # the token renewed online before it expires
            save_credentials(make_secret_store(self.settings), renewed)

        client = CentralClient(endpoint, credentials, on_renewed=keep)
        # The sync works for the station, whoever is at the counter: its audit events name no agent (« le poste »,
        # services/audit_search.py); they named the agent who logged in, after others had taken the counter.
        station = Actor(station_code=self.actor.station_code, agent_id=None)
        worker = SyncWorker(
            self.store,
            client,
            self.clock,
            settings=WorkerSettings(poll_interval=float(self.settings.sync_interval_seconds)),
            actor=station,
        )
        # offline_warning_hours (issue 15): the status bar warns when the last successful sync is older.
        worker.settings = replace(worker.settings, offline_warning=timedelta(hours=self.settings.offline_warning_hours))
        security = HttpCentralSecurity(client.http)  # one client, one configuration, the token it renews
        worker.after_cycle.append(
            SyncAnchoring(
                self.store,
                security,
                signer=self.signer,
                actor=station,
                clock=self.clock.now,
                keys_dir=self.settings.keys_dir,
            )
        )
        if before_start is not None:
            before_start(client)
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
        with self._lock:
            self.closed = True
        for stop in reversed(self.closers):
            try:
                stop()
            except Exception:  # closing must go on for the others
                log.exception("error while closing %s", getattr(stop, "__qualname__", "a part"))
        self.reader.close()
        self.store.close()


def _enrol_demo_agents(client: CentralClient, settings: Settings) -> None:
    """The demo's agents made known to the demo's central store, before its first push: look-ups are allowed only to
    enrolled agents, the central store flags the entries of an agent it does not know, and the demo offers several
    agents to take turns at the counter."""
    from desktop.security.central_api import CentralRefused, CentralUnavailable, HttpCentralSecurity

    security = HttpCentralSecurity(client.http)
    for agent in demo_agents(settings.station_kind):
        principal = agent.principal(station_code=settings.station_code, station_kind=settings.station_kind)
        if principal.agent_id is None:
            continue
        try:
            security.enrol_agent(
                agent_id=principal.agent_id,
                login=agent.login,
                role=str(principal.role),
                capacity=str(principal.capacity),
                email=None,
            )
        except (CentralRefused, CentralUnavailable) as exc:  # already known (a restarted demo), or gone
            log.info("demo agent not enrolled with the demo central store: %s", type(exc).__name__)


def demo_principal(settings: Settings) -> Principal:
    """The demo's first agent: an OPJ at a police or gendarmerie counter, a chef de poste at a consulate."""
    first = demo_agents(settings.station_kind)[0]
    return first.principal(station_code=settings.station_code, station_kind=settings.station_kind)


@dataclass(frozen=True)
class OpenedStore:
    """A store an agent's login already opened (key slots), who that agent is and, for a délégué OPJ, the visa."""

    store: Store
    actor: Actor
    agent_name: str
    key_description: str
    visa_by: Principal | None = None
    check_credentials: Callable[[str, str], Principal] | None = None  # a supervisor's login and password


DIGEST_KEY_NAME = "digest-key"
CENTRAL_DIGEST_KEY_NAME = "digest-key-central"


def station_digest_key(settings: Settings, *, fetch: Callable[[], bytes] | None = None) -> bytes:
    """The station's secret for keyed digests of personal data (internet-vote e-mail addresses).

    An enrolled station takes its own key from the central store (`GET /v1/security/digest-key`: one per station,
    the same the central store's register digests with), once, then keeps it in the station's secret store. The
    demo and a station not enrolled yet use a random key of their own, created once: never a constant shared by
    every station (a stolen database alone must not let anyone test a list of addresses).
    """
    from desktop.keystore.base import get_or_create_key
    from desktop.keystore.registry import make_secret_store

    secrets_store = make_secret_store(settings)
    kept = secrets_store.get(CENTRAL_DIGEST_KEY_NAME)
    if kept:
        return bytes.fromhex(kept)
    if fetch is not None:
        try:
            key = fetch()
        except Exception as exc:
            log.warning("digest key not fetched from the central store: %s", type(exc).__name__)
        else:
            if len(key) == 32:
                secrets_store.create(CENTRAL_DIGEST_KEY_NAME, key.hex())
                return bytes.fromhex(secrets_store.get(CENTRAL_DIGEST_KEY_NAME) or key.hex())
    key, _ = get_or_create_key(secrets_store, DIGEST_KEY_NAME, 32)
    return key


def _central_digest_fetch(settings: Settings) -> Callable[[], bytes] | None:
    """How to ask the central store for this station's digest key, when the station is enrolled."""
    if settings.demo or not settings.central_url:
        return None
    from desktop.credentials import load_credentials
    from desktop.keystore.registry import make_secret_store

    creds = load_credentials(make_secret_store(settings))
    url = settings.central_url
    if creds is None or url is None:
        return None

    def fetch() -> bytes:
        from desktop.security.central_api import HttpCentralSecurity
        from desktop.sync.http import Endpoint, build_client

        with build_client(Endpoint.from_settings(settings) or url, timeout=10) as client:
            return HttpCentralSecurity(client, token=creds.token).digest_key()

    return fetch


def purge_expired(ctx: AppContext) -> None:
    """Retention at start-up (R-DATA-2): personal data past its time goes; the purge itself is audited."""
    from zoneinfo import ZoneInfo

    from desktop.services.retention import last_vote_in, purge

    report = purge(
        ctx.store,
        station_code=ctx.settings.station_code,
        now=ctx.clock.now(),
        scrutin_end=last_vote_in(ctx.calendar),
        signing_key=ctx.signer.private_key,  # the retention checkpoint is signed as the chain's start
        receipts_dir=ctx.settings.receipts_dir,  # receipt PDFs go with their records
        zone=ZoneInfo(ctx.settings.station_timezone),  # R-DATA-2's days are the station's
    )
    log.info("retention purge at start-up: %s", report.detail())


def build_context(
    settings: Settings,
    *,
    keys: KeyProvider | None = None,
    opened: OpenedStore | None = None,
    defer_demo: bool = False,
) -> AppContext:
    """Open the store (unless a login did), the devices and sync; seed demo data in demo mode.

    With `defer_demo`, the demo's procurations and its central store are left for the caller to add
    (`finish_demo`) once the agent can act: establishing them (the first acts of the process import the rules, the
    receipts and their PDF) and the server process would otherwise compete with the opening for the machine.
    """
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
    agent_card = make_agent_card(settings)
    agent_card.start()
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
        agent_card=agent_card,
        digest_key=station_digest_key(settings, fetch=_central_digest_fetch(settings)),
        agent_name=opened.agent_name if opened is not None else DEMO_AGENT_NAME,
        visa_by=opened.visa_by if opened is not None else None,
        check_credentials=opened.check_credentials if opened is not None else None,
    )
    ctx.closers.append(devices.stop)
    ctx.closers.append(agent_card.close)
    purge_expired(ctx)
    if settings.demo:
        if not defer_demo:
            insert_demo_card(reader)
        from desktop.demo.seed import seed_demo, seed_demo_procurations

        seed_demo(ctx.services())
        if not defer_demo:
            seed_demo_procurations(ctx.services())
            start_demo_central_for(ctx)
    elif settings.central_url:
        from desktop.credentials import load_credentials
        from desktop.sync.http import Endpoint

        creds = load_credentials(make_secret_store(settings))
        if creds is None:
            log.warning("central store configured but this station is not enrolled: sync disabled")
        else:
            ctx.start_sync(Endpoint.from_settings(settings) or settings.central_url, creds)
    return ctx


def insert_demo_card(reader: CardReader) -> None:
    """The demo's simulated card in its reader: the README's walk-through (CAN 123456, then F2 reads a card)."""
    from desktop.devices.cards.fake import FakeCardReader

    if isinstance(reader, FakeCardReader):
        reader.insert("martin-claire")  # builds the chip's content (a JPEG portrait, signed data groups): 0.08 s


def finish_demo(ctx: AppContext) -> None:
    """What a deferred demo start (`build_context(defer_demo=True)`) still has to do: its card in the reader (first:
    the agent may read it at once), its procurations through the real desk service, then its central store."""
    from desktop.demo.seed import seed_demo_procurations

    insert_demo_card(ctx.reader)
    seed_demo_procurations(ctx.services())
    start_demo_central_for(ctx)


def start_demo_central_for(ctx: AppContext) -> None:
    """Start the demo's local central store; once it answers, the station enrols and syncs (off the GUI thread)."""
    from desktop.demo.central import demo_central_available, start_demo_central

    settings = ctx.settings
    if not demo_central_available():
        log.info("demo without its central store (counter install): the station stays offline")
        return

    def ready(creds: Credentials) -> None:
        ctx.start_sync(central.base_url, creds, before_start=lambda client: _enrol_demo_agents(client, settings))

    central = start_demo_central(settings.data_dir, settings.station_code, ready)
    with ctx._lock:
        late = ctx.closed
        if not late:
            ctx.closers.insert(0, central.close)
    if late:  # the window was closed while the server started
        central.close()

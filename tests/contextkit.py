"""The one way tests build the services' collaborator: a ServiceContext over a test store, with test defaults."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from datekit import live_calendar, live_now

from desktop.devices.printers.base import ReceiptPrinter
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.receipts.signing import StationSigner
from desktop.rules.calendar import ElectionCalendar
from desktop.services.context import ActingAgent, ServiceContext, load_calendar
from desktop.services.journal import Actor
from desktop.services.permissions import Principal
from desktop.services.registers import DemoConsularRegister
from desktop.settings import Settings

if TYPE_CHECKING:
    from desktop.services.desk import DeskServices

DIGEST_KEY = b"test-station-digest-key-32-bytes"
_CALENDAR = load_calendar()


def new_signer() -> StationSigner:
    """A fresh station signing key."""
    return StationSigner(key_id="TEST", private_key=Ed25519PrivateKey.generate(), identity_key=b"i" * 32)


def service_context(
    store: Store,
    settings: Settings,
    *,
    actor: Actor,
    agent_name: str = "Agent",
    printer: ReceiptPrinter | None = None,
    signer: StationSigner | None = None,
    clock: Callable[[], datetime] = lambda: datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    central: object | None = None,
    visa_by: Principal | None = None,
    calendar: ElectionCalendar | None = None,
) -> ServiceContext:
    """A context as the application builds one, with the demo consular register keyed like the station.

    The calendar: the shipped one for a pinned clock; as seen today (tests/datekit.py) for `clock=live_now`, the
    real time, so that what the desk establishes stays ahead of its scrutin whatever the day the suite runs."""
    if calendar is None:
        calendar = live_calendar() if clock is live_now else _CALENDAR
    return ServiceContext(
        settings=settings,
        store=store,
        agent=ActingAgent(actor, agent_name, visa_by),
        calendar=calendar,
        printer=printer or FakePrinter(),
        signer=signer or new_signer(),
        digest_key=DIGEST_KEY,
        clock=clock,
        central=lambda: central,  # type: ignore[arg-type,return-value]
        consular_register=DemoConsularRegister(key=DIGEST_KEY),
    )


def add_agents(
    store: Store,
    accounts: Iterable[tuple[str, str, str, str | None]],
    *,
    at: datetime = datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
) -> Store:
    """The station's accounts, active, as the enrolment stores them: (id, role, capacity, designating OPJ)."""
    from desktop.models import Agent

    with store.session() as s, s.begin():
        for agent_id, role, capacity, designated in accounts:
            s.add(Agent(id=agent_id, login=agent_id, display_name=agent_id, role=role, capacity=capacity,
                        active=True, failed_logins=0, created_at=at, designated_by=designated))  # fmt: skip
    return store


def station_desk(
    store: Store,
    tmp_path: Path,
    clock: Callable[[], datetime],
    *,
    kind: str = "commissariat",
    tz: str = "Europe/Paris",
    **more: str,
) -> DeskServices:
    """The counter's services at a station « ST-01 » of this kind and zone, its usual agent acting (an OPJ, or the
    head of post at a consulate), its settings loaded as the application loads them."""
    from desktop.services.desk import DeskServices
    from desktop.settings import load_settings

    settings = load_settings(
        config_path=tmp_path / "none.toml",
        environ={},
        data_dir=tmp_path / "d",
        station_kind=kind,
        station_name="Poste",
        station_code="ST-01",
        station_timezone=tz,
        **more,
    )
    role, capacity = ("agent_consulaire", "chef_de_poste_consulaire") if kind == "consulat" else ("agent_police", "OPJ")
    actor = Principal("ST-01", "agent-1", role=role, capacity=capacity, station_kind=kind)
    return DeskServices(service_context(store, settings, actor=actor, clock=clock))

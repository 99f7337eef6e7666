"""The one collaborator every service takes: station, acting agent, clock, store, printer, signer, calendar, sources.

`desktop/context.py` builds it once the store is open (tests build their own); services read plain values from it
and never reach back into a façade, so the service modules import this module, never each other's entry points.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from desktop import resources
from desktop.devices.printers.base import ReceiptPrinter
from desktop.i18n import _
from desktop.models import utcnow
from desktop.models.db import Store
from desktop.receipts.content import Authority, Place
from desktop.receipts.signing import StationSigner, receipt_station_code
from desktop.rules.calendar import ElectionCalendar, parse_calendar
from desktop.rules.counter import DEFAULT_SETTINGS, RulesSettings
from desktop.rules.terms import Capacity, PlaceKind, Role
from desktop.security.roles import needs_visa
from desktop.services.journal import Actor
from desktop.services.permissions import Permission, Principal
from desktop.settings import Settings

if TYPE_CHECKING:
    from desktop.services.registers import ConsularRegister
    from desktop.sync.client import CentralClient
    from desktop.sync.clock import Stamp
    from desktop.sync.wire import Body


def load_calendar(path: Path | None = None) -> ElectionCalendar:
    """The election calendar: a given file, else the one shipped in the package."""
    text = path.read_text(encoding="utf-8") if path is not None else resources.read_text("elections.json")
    return parse_calendar(json.loads(text))


class CentralSource(Protocol):
    """The central store's client as it is now: None offline or before the sync starts (the demo's comes later)."""

    def __call__(self) -> CentralClient | None: ...


def offline() -> CentralClient | None:
    """No central store configured."""
    return None


@dataclass(frozen=True, slots=True)
class ActingAgent:
    """Who acts: the logged-in principal (or a bare Actor before any login), the name and, for a délégué OPJ, the
    OPJ who gave the visa for this session (R-AUTH-3)."""

    principal: Actor
    name: str
    visa_by: Principal | None = None

    @property
    def role(self) -> Role | None:
        """The account's role; None before any login."""
        p = self.principal
        return Role(p.role) if isinstance(p, Principal) and p.role in set(Role) else None

    @property
    def capacity(self) -> Capacity | None:
        """The account's capacity (qualité); None before any login or when the stored text names none."""
        return Capacity.parse(self.principal.capacity) if isinstance(self.principal, Principal) else None

    @property
    def needs_visa(self) -> bool:
        """A délégué OPJ: establishing or revoking a procuration needs the visa of the OPJ who designated them
        (R-AUTH-3)."""
        p = self.principal
        return isinstance(p, Principal) and needs_visa(p.role, p.capacity, Permission.PROCURATION_ETABLIR)

    @property
    def capacity_label(self) -> str:
        """The capacity as written on forms and receipts (R-AUTH-5)."""
        cap = self.capacity
        return cap.label if cap is not None else "Agent"

    @property
    def shown_capacity(self) -> str:
        """The capacity on screen, in the agent's language (``capacity_label`` stays French: receipts print it)."""
        cap = self.capacity
        return cap.shown_label if cap is not None else _("Agent")


@dataclass(frozen=True, slots=True)
class ServiceContext:
    """Everything the counter's services use, assembled once; `with_visa` gives the same context with an OPJ visa."""

    settings: Settings
    store: Store
    agent: ActingAgent
    calendar: ElectionCalendar
    printer: ReceiptPrinter
    signer: StationSigner
    digest_key: bytes  # the station's secret for keyed digests of personal data (e-mail addresses)
    clock: Callable[[], datetime] = utcnow
    station_clock: Callable[[], Stamp] | None = None
    central: CentralSource = offline
    consular_register: ConsularRegister | None = None
    rules_settings: RulesSettings = DEFAULT_SETTINGS
    # Another agent's login and password checked against this station's accounts (a supervisor deciding on the
    # spot); raises LoginRefused. None where no login opened the store (tests, tools).
    check_credentials: Callable[[str, str], Principal] | None = None

    @property
    def actor(self) -> Actor:
        """The acting agent as the audit and the permission checks know it."""
        return self.agent.principal

    @property
    def station_kind(self) -> PlaceKind:
        """The kind of place this counter stands in."""
        return self.settings.station_kind

    def zone(self) -> tzinfo:
        """The station's time zone: its days, and the times it prints (the store keeps UTC)."""
        from zoneinfo import ZoneInfo  # not on the start-up path (2.6 ms)

        return ZoneInfo(self.settings.station_timezone)

    def today(self) -> date:
        """The station's calendar day now: its own time zone, not UTC's (R-TIME-1: the vote day is local)."""
        return self.clock().astimezone(self.zone()).date()

    def place(self) -> Place:
        """The station as printed on receipts."""
        s = self.settings
        return Place(s.station_kind, s.station_name, receipt_station_code(s.station_code), s.station_timezone)

    def authority(self) -> Authority:
        """The acting agent as printed on receipts: name and real capacity (R-AUTH-5)."""
        return Authority(self.agent.name, self.agent.capacity_label)

    def stamp(self) -> Stamp | None:
        """The corrected time and clock facts from the sync clock, when the application has one."""
        return self.station_clock() if self.station_clock is not None else None

    def outbox_body(self, body: Body, stamp: Stamp | None) -> dict[str, Any]:
        """The outbox body: enveloped with its clock facts when known, else the plain wire body."""
        if stamp is None:
            return body.to_dict()
        from desktop.sync.outbox import envelope

        return envelope(body, stamp)

    def with_visa(self, visa_by: Principal | None) -> ServiceContext:
        """The same context, with (or without) the visa of the OPJ who designated the acting délégué."""
        return replace(self, agent=replace(self.agent, visa_by=visa_by))

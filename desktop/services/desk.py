"""The procuration desk's services in one object the application builds once and hands to the three screens."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import resources
from desktop.devices.printers.base import ReceiptPrinter
from desktop.models import utcnow
from desktop.models.db import Store
from desktop.receipts.signing import StationSigner
from desktop.rules.calendar import ElectionCalendar, parse_calendar
from desktop.rules.counter import DEFAULT_SETTINGS, RulesSettings
from desktop.rules.types import Violation
from desktop.services import lookup, procurations, receipting, revocations
from desktop.services.journal import Actor, action, audit
from desktop.services.lookup import ProcurationRow, RequestFetch, SearchQuery, SearchResult
from desktop.services.permissions import Permission, PermissionDenied, allowed, require
from desktop.services.procurations import EstablishInput, EstablishOutcome, PersonInput
from desktop.services.receipting import PrintOutcome
from desktop.services.revocations import MandantMatch, RevokeOutcome
from desktop.settings import Settings

if TYPE_CHECKING:
    from desktop.sync.client import CentralClient
    from desktop.sync.clock import Stamp
    from desktop.sync.wire import Body

__all__ = [
    "DeskServices",
    "ElectionChoice",
    "EstablishInput",
    "EstablishOutcome",
    "MandantMatch",
    "PersonInput",
    "PrintOutcome",
    "ProcurationRow",
    "RequestFetch",
    "RevokeOutcome",
    "SearchQuery",
    "SearchResult",
    "Violation",
    "load_calendar",
]


def load_calendar(path: Path | None = None) -> ElectionCalendar:
    """The election calendar: a given file, else the one shipped in the package."""
    text = path.read_text(encoding="utf-8") if path is not None else resources.read_text("elections.json")
    return parse_calendar(json.loads(text))


@dataclass(frozen=True, slots=True)
class ElectionChoice:
    """A scrutin the establish form offers: id, French label, its round dates, two rounds or one."""

    id: str
    label: str
    t1: date
    t2: date | None


class DeskServices:
    """Establish, revoke, look up and (re)print: plain values in, plain values out (views never see the ORM)."""

    def __init__(
        self,
        *,
        store: Store,
        settings: Settings,
        actor: Actor,
        agent_name: str,
        agent_capacity: str,
        calendar: ElectionCalendar | None,
        printer: ReceiptPrinter,
        signer: StationSigner,
        central: CentralClient | None = None,
        clock: Callable[[], datetime] = utcnow,
        station_clock: Callable[[], Stamp] | None = None,
        rules_settings: RulesSettings = DEFAULT_SETTINGS,
    ) -> None:
        self.store = store
        self.settings = settings
        self.actor = actor
        self.agent_name = agent_name
        self.agent_capacity = agent_capacity
        self.calendar = calendar if calendar is not None else load_calendar()
        self.printer = printer
        self.signer = signer
        self.central = central
        self.clock = clock
        self._station_clock = station_clock
        self.rules_settings = rules_settings

    # -- plumbing the service modules use ---------------------------------------------------------------------
    def stamp(self) -> Stamp | None:
        """The corrected time and clock facts from the sync clock, when the application has one."""
        return self._station_clock() if self._station_clock is not None else None

    def outbox_body(self, body: Body, stamp: Stamp | None) -> dict[str, Any]:
        """The outbox body: enveloped with its clock facts when known, else the plain wire body."""
        if stamp is None:
            return body.to_dict()
        from desktop.sync.outbox import envelope

        return envelope(body, stamp)

    @property
    def online_configured(self) -> bool:
        """Whether a central store is configured at all."""
        return self.central is not None

    def elections(self, *, today: date | None = None) -> list[ElectionChoice]:
        """Scrutins whose last round is today or later, soonest first (the form's list)."""
        day = today or self.clock().date()
        out = [
            ElectionChoice(e.id, e.label, e.t1, e.t2) for e in self.calendar.elections.values() if (e.t2 or e.t1) >= day
        ]
        return sorted(out, key=lambda c: (c.t1, c.label))

    # -- who may do what (R-AUTH-*, R-DATA-3): enforced here, not only hidden in the views ----------------------
    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied (French message) unless the agent may do this; a refusal is audited."""
        try:
            require(self.actor, permission)
        except PermissionDenied:
            with action(self.store) as s:
                audit(s, actor=self.actor, action_name="acces.refuse", now=self.clock(), detail=str(permission))
            raise

    def denied(self, permission: Permission) -> Violation | None:
        """The refusal as a violation (R-DATA-3) for the acts whose outcome already carries violations; audited."""
        try:
            self.require(permission)
        except PermissionDenied as exc:
            return Violation(rule_id="R-DATA-3", message=exc.message, field=None)
        return None

    def refusal(self, permission: Permission) -> Violation:
        """What the agent would be told, without acting nor auditing (live checks, screens deciding what to offer)."""
        try:
            require(self.actor, permission)
        except PermissionDenied as exc:
            return Violation(rule_id="R-DATA-3", message=exc.message, field=None)
        raise ValueError("permission is granted")

    # -- use cases ----------------------------------------------------------------------------------------------
    def check(self, form: EstablishInput) -> list[Violation]:
        """Every rule the counter can check on the form now (cheap: called as the agent types)."""
        if not allowed(self.actor, Permission.PROCURATION_ETABLIR):
            return [self.refusal(Permission.PROCURATION_ETABLIR)]  # not audited: this runs at every keystroke
        return procurations.check(self, form)

    def establish(self, form: EstablishInput) -> EstablishOutcome:
        """Save the procuration (record, audit, outbox, kept receipt) or refuse it with violations."""
        denied = self.denied(Permission.PROCURATION_ETABLIR)
        if denied is not None:
            return EstablishOutcome(violations=(denied,))
        return procurations.establish(self, form)

    def fetch_request(self, reference: str) -> RequestFetch:
        """The Maprocuration request behind a reference (blocking network call: run off the GUI thread)."""
        self.require(Permission.PROCURATION_ETABLIR)
        return lookup.fetch_request(self, reference)

    def search(self, query: SearchQuery, *, include_central: bool = True) -> SearchResult:
        """Look procurations up locally and centrally (blocking when central: run off the GUI thread)."""
        self.require(Permission.PROCURATION_CONSULTER)
        return lookup.search(self, query, include_central=include_central)

    def find_mandants(self, query: SearchQuery) -> list[MandantMatch]:
        """Mandants matching the query, each with all their procurations."""
        self.require(Permission.PROCURATION_RESILIER)
        return revocations.find_mandants(self, query)

    def revoke_all(
        self,
        *,
        elector_id: str,
        channel: str = "cerfa_12668",
        reference: str = "",
        selected: tuple[str, ...] | None = None,
    ) -> RevokeOutcome:
        """Revoke every procuration of the mandant in force (never just one)."""
        denied = self.denied(Permission.PROCURATION_RESILIER)
        if denied is not None:
            return RevokeOutcome(violations=(denied,))
        return revocations.revoke_all(
            self, elector_id=elector_id, channel=channel, reference=reference, selected=selected
        )

    def print_receipt(self, outcome: EstablishOutcome | RevokeOutcome) -> PrintOutcome:
        """Print the receipt of a save (blocking device I/O: run off the GUI thread)."""
        if outcome.signed is None:
            raise ValueError("nothing to print")
        return receipting.print_signed(self, outcome.signed)

    def reprint(self, receipt_number: str) -> PrintOutcome:
        """Print a kept receipt again, marked DUPLICATA (blocking: run off the GUI thread)."""
        self.require(Permission.PROCURATION_CONSULTER)
        return receipting.reprint(self, receipt_number)

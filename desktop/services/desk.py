"""The procuration desk's services in one object the application builds once and hands to the three screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from desktop.rules.terms import Channel
from desktop.rules.types import Violation
from desktop.services import guard, lookup, procurations, receipting, revocations
from desktop.services.context import ActingAgent, ServiceContext, load_calendar
from desktop.services.lookup import ProcurationRow, RequestFetch, SearchQuery, SearchResult
from desktop.services.permissions import Permission, Principal
from desktop.services.printing import PrintOutcome, print_kept
from desktop.services.procurations import EstablishInput, EstablishOutcome, PersonInput
from desktop.services.revocations import MandantMatch, RevokeOutcome
from desktop.settings import Settings

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


@dataclass(frozen=True, slots=True)
class ElectionChoice:
    """A scrutin the establish form offers: id, French label, its round dates, two rounds or one."""

    id: str
    label: str
    t1: date
    t2: date | None


class DeskServices:
    """Establish, revoke, look up and (re)print: plain values in, plain values out (views never see the ORM)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.ctx.clock

    @property
    def agent(self) -> ActingAgent:
        return self.ctx.agent

    @property
    def online_configured(self) -> bool:
        """Whether a central store answers look-ups now."""
        return self.ctx.central() is not None

    def elections(self, *, today: date | None = None) -> list[ElectionChoice]:
        """Scrutins whose last round is today or later, soonest first (the form's list)."""
        day = today or self.ctx.clock().date()
        out = [
            ElectionChoice(e.id, e.label, e.t1, e.t2)
            for e in self.ctx.calendar.elections.values()
            if (e.t2 or e.t1) >= day
        ]
        return sorted(out, key=lambda c: (c.t1, c.label))

    def with_visa(self, visa_by: Principal | None) -> DeskServices:
        """The same desk for a délégué OPJ whose session the designating OPJ has visaed (R-AUTH-3)."""
        return DeskServices(self.ctx.with_visa(visa_by))

    # -- who may do what (R-AUTH-*, R-DATA-3): enforced here, not only hidden in the views ----------------------
    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied (French message) unless the agent may do this; a refusal is audited."""
        guard.require_audited(self.ctx, permission)

    def refusal(self, permission: Permission) -> Violation | None:
        """What the agent would be told, without acting nor auditing (screens deciding what to offer)."""
        return guard.refusal(self.ctx, permission)

    # -- use cases ----------------------------------------------------------------------------------------------
    def check(self, form: EstablishInput) -> list[Violation]:
        """Every rule the counter can check on the form now (cheap: called as the agent types)."""
        refused = guard.refusal(self.ctx, Permission.PROCURATION_ETABLIR)  # not audited: runs at every keystroke
        if refused is not None:
            return [refused]
        return procurations.check(self.ctx, form)

    def establish(self, form: EstablishInput) -> EstablishOutcome:
        """Save the procuration (record, audit, outbox, kept receipt) or refuse it with violations."""
        denied = guard.denied(self.ctx, Permission.PROCURATION_ETABLIR)
        if denied is not None:
            return EstablishOutcome(violations=(denied,))
        return procurations.establish(self.ctx, form)

    def fetch_request(self, reference: str, *, birth_date: date | None) -> RequestFetch:
        """The Maprocuration request behind a reference and the mandant's birth date (blocking: off the GUI thread)."""
        self.require(Permission.PROCURATION_ETABLIR)
        return lookup.fetch_request(self.ctx, reference, birth_date=birth_date)

    def search(self, query: SearchQuery, *, include_central: bool = True) -> SearchResult:
        """Look procurations up locally and centrally (blocking when central: run off the GUI thread)."""
        self.require(Permission.PROCURATION_CONSULTER)
        return lookup.search(self.ctx, query, include_central=include_central)

    def find_mandants(self, query: SearchQuery) -> list[MandantMatch]:
        """Mandants matching the query, each with all their procurations."""
        self.require(Permission.PROCURATION_RESILIER)
        return revocations.find_mandants(self.ctx, query)

    def revoke_all(
        self,
        *,
        elector_id: str,
        channel: str = Channel.CERFA_12668,
        reference: str = "",
        selected: tuple[str, ...] | None = None,
    ) -> RevokeOutcome:
        """Revoke every procuration of the mandant in force (never just one)."""
        denied = guard.denied(self.ctx, Permission.PROCURATION_RESILIER)
        if denied is not None:
            return RevokeOutcome(violations=(denied,))
        return revocations.revoke_all(
            self.ctx, elector_id=elector_id, channel=channel, reference=reference, selected=selected
        )

    def print_receipt(self, outcome: EstablishOutcome | RevokeOutcome) -> PrintOutcome:
        """Print the receipt of a save (blocking device I/O: run off the GUI thread)."""
        if outcome.signed is None:
            raise ValueError("nothing to print")
        return print_kept(self.ctx, outcome.signed, record_kind="recepisse")

    def reprint(self, receipt_number: str) -> PrintOutcome:
        """Print a kept receipt again, marked DUPLICATA (blocking: run off the GUI thread)."""
        self.require(Permission.PROCURATION_CONSULTER)
        return receipting.reprint(self.ctx, receipt_number)

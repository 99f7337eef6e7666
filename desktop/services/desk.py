"""The procuration desk's services in one object the application builds once and hands to the three screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from desktop.receipts.signing import SignedReceipt
from desktop.rules.terms import Channel
from desktop.rules.types import Violation
from desktop.services import guard, lookup, procurations, receipting, review, revocations, supervision
from desktop.services.activity import ActivityRow, todays_activity
from desktop.services.context import ActingAgent, ServiceContext, load_calendar
from desktop.services.lookup import HistoryItem, ProcurationRow, RequestFetch, SearchQuery, SearchResult
from desktop.services.permissions import Permission, Principal, allowed
from desktop.services.printing import PrintOutcome, print_kept
from desktop.services.procurations import EstablishInput, EstablishOutcome, PersonInput
from desktop.services.review import ReviewOutcome, ReviewSummary
from desktop.services.revocations import CentralMandant, MandantMatch, RevokeOutcome
from desktop.services.shown_lists import ACTIVITY, ANNULLED, ShownLists
from desktop.services.supervision import DecisionOutcome, DecisionRow
from desktop.settings import Settings

if TYPE_CHECKING:
    from desktop.services.procuration_body import Holdings

__all__ = [
    "ActivityRow",
    "CentralMandant",
    "DecisionOutcome",
    "DecisionRow",
    "DeskServices",
    "ElectionChoice",
    "EstablishInput",
    "EstablishOutcome",
    "HistoryItem",
    "MandantMatch",
    "PersonInput",
    "PrintOutcome",
    "ProcurationRow",
    "RequestFetch",
    "ReviewOutcome",
    "ReviewSummary",
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

    def __init__(self, ctx: ServiceContext, *, shown_lists: ShownLists | None = None) -> None:
        self.ctx = ctx
        # The local rows of this desk's latest search: their history is part of that audited consultation.
        self._shown: frozenset[str] = frozenset()
        # The lists that refresh on their own and what each agent was last shown of them: journaled once per
        # content (R-DATA-4).
        self._lists = shown_lists or ShownLists()

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.ctx.clock

    def today(self) -> date:
        """The station's day now (its zone, R-TIME-1), read at each act: a counter stays open across midnight."""
        return self.ctx.today()

    @property
    def agent(self) -> ActingAgent:
        return self.ctx.agent

    @property
    def online_configured(self) -> bool:
        """Whether a central store answers look-ups now."""
        return self.ctx.central() is not None

    def elections(self, *, today: date | None = None) -> list[ElectionChoice]:
        """Scrutins whose last round is today or later, soonest first (the form's list)."""
        day = today or self.ctx.today()
        out = [
            ElectionChoice(e.id, e.shown_label, e.t1, e.t2)
            for e in self.ctx.calendar.elections.values()
            if (e.t2 or e.t1) >= day
        ]
        return sorted(out, key=lambda c: (c.t1, c.label))

    def with_visa(self, visa_by: Principal | None) -> DeskServices:
        """The same desk for a délégué OPJ whose session the designating OPJ has visaed (R-AUTH-3)."""
        return DeskServices(self.ctx.with_visa(visa_by), shown_lists=self._lists)

    # -- who may do what (R-AUTH-*, R-DATA-3): enforced here, not only hidden in the views ----------------------
    def require(self, permission: Permission, *, act: bool = True) -> None:
        """Raise PermissionDenied (French message) unless the agent may do this; a refusal is audited. `act=False`:
        the step before a visaed act (R-AUTH-3), where a délégué OPJ's visa is not asked yet."""
        guard.require_audited(self.ctx, permission, act=act)

    def refusal(self, permission: Permission) -> Violation | None:
        """What the agent would be told, without acting nor auditing (screens deciding what to offer)."""
        return guard.refusal(self.ctx, permission)

    def not_offered(self, *permissions: Permission) -> str | None:
        """Why none of these is this agent's (the navigation greys the screen), or None; a délégué's visa is asked at
        the act, not here. Not audited: nothing was tried."""
        refusals = [guard.refusal(self.ctx, p, act=False) for p in permissions]
        return None if any(r is None for r in refusals) else next(r.message for r in refusals if r is not None)

    # -- use cases ----------------------------------------------------------------------------------------------
    def check(self, form: EstablishInput) -> list[Violation]:
        """Every rule the counter can check on the form now (cheap: called as the agent types); what it tells of the
        procurations stored here is a consultation, journaled once per content and bounded (check_disclosure.py)."""
        refused = guard.refusal(self.ctx, Permission.PROCURATION_ETABLIR)  # not audited: runs at every keystroke
        if refused is not None:
            return [refused]
        return procurations.check(self.ctx, form)

    def national_holdings(self, person: PersonInput, role: str) -> Holdings | None:
        """What the central store knows of a party's procurations in force (network: off the GUI thread; audited as
        a consultation); None until the identity is complete enough to ask (services/national_check)."""
        self.require(Permission.PROCURATION_ETABLIR)
        from desktop.services.national_fetch import fetch_holdings  # not on the start-up path

        return fetch_holdings(self.ctx, person, role)

    def review(self, form: EstablishInput) -> ReviewOutcome:
        """The act as it will stand, or what to correct first (reads the store: off the GUI thread); what it tells
        of stored procurations is journaled and bounded as the live check's answer (check_disclosure.py)."""
        refused = guard.refusal(self.ctx, Permission.PROCURATION_ETABLIR)
        if refused is not None:
            return ReviewOutcome(violations=(refused,))
        return review.review(self.ctx, form)

    def establish(self, form: EstablishInput) -> EstablishOutcome:
        """Save the procuration (record, audit, outbox, kept receipt) or refuse it with violations."""
        denied = guard.denied(self.ctx, Permission.PROCURATION_ETABLIR)
        if denied is not None:
            return EstablishOutcome(violations=(denied,))
        return procurations.establish(self.ctx, form)

    def covered_elections(self, form: EstablishInput) -> tuple[str, ...]:
        """R-VALID-5: every election the form's validity covers (the chosen one and those sharing its dates)."""
        return receipting.covered_election_labels(
            self.ctx.calendar,
            form.validity_kind,
            form.election_id,
            form.rounds,
            form.valid_from,
            form.valid_until,
            shown=True,
        )

    # -- supervisor decisions (R-ELIG-4, R-HOME-4): on the spot, or the « à décider » list -----------------------
    def decide_on_the_spot(
        self, form: EstablishInput, *, login: str, password: str, accepted: bool, reason: str
    ) -> DecisionOutcome:
        """A supervisor present signs in and decides (blocking: password check; run off the GUI thread)."""
        denied = guard.denied(self.ctx, Permission.PROCURATION_ETABLIR)
        if denied is not None:
            return DecisionOutcome(violations=(denied,))
        return supervision.decide_on_the_spot(
            self.ctx, form, login=login, password=password, accepted=accepted, reason=reason
        )

    def submit_for_decision(self, form: EstablishInput) -> DecisionOutcome:
        """No supervisor present: the act goes to the « à décider » list."""
        denied = guard.denied(self.ctx, Permission.PROCURATION_ETABLIR)
        if denied is not None:
            return DecisionOutcome(violations=(denied,))
        return supervision.submit(self.ctx, form)

    def to_decide(self) -> list[DecisionRow]:
        """The « à décider » list (the supervisor dashboard links to it; it names no citizen): a supervisor's to decide,
        an agent's to establish once accepted."""
        deciding = allowed(self.ctx.actor, Permission.SUPERVISION_DECIDER)
        self.require(Permission.SUPERVISION_DECIDER if deciding else Permission.PROCURATION_CONSULTER)
        return supervision.to_decide(self.ctx)

    def decide(self, decision_id: str, *, accepted: bool, reason: str) -> DecisionOutcome:
        """The logged-in supervisor decides an act of the list."""
        return supervision.decide(self.ctx, decision_id, accepted=accepted, reason=reason)

    def establish_decided(self, decision_id: str) -> EstablishOutcome:
        """Establish an act a supervisor accepted."""
        denied = guard.denied(self.ctx, Permission.PROCURATION_ETABLIR)
        if denied is not None:
            return EstablishOutcome(violations=(denied,))
        return supervision.establish_decided(self.ctx, decision_id)

    def fetch_request(self, reference: str, *, birth_date: date | None) -> RequestFetch:
        """The Maprocuration request behind a reference and the mandant's birth date (blocking: off the GUI thread)."""
        self.require(Permission.PROCURATION_ETABLIR)
        return lookup.fetch_request(self.ctx, reference, birth_date=birth_date)

    def search(self, query: SearchQuery, *, include_central: bool = True) -> SearchResult:
        """Look procurations up locally and centrally (blocking when central: run off the GUI thread)."""
        self.require(Permission.PROCURATION_CONSULTER)
        result = lookup.search(self.ctx, query, include_central=include_central)
        self._shown = frozenset(r.id for r in result.local)  # one attribute swap: no lock needed between threads
        return result

    def history(self, procuration_id: str) -> tuple[HistoryItem, ...]:
        """The status history of a local procuration, for the row the agent selects (reads the store: off the GUI
        thread). A row of the latest search is part of that search's consultation; any other is audited on its own."""
        self.require(Permission.PROCURATION_CONSULTER)
        return lookup.history(self.ctx, procuration_id, shown=procuration_id in self._shown)

    def annulled_since(self, since: datetime) -> list[ProcurationRow]:
        """R-ELIG-5: procurations of this counter annulled since `since`, each with what to tell the mandant (reads
        the store: off the GUI thread). It names mandants and mandataires: a consultation, journaled once per content
        this agent is shown, not at each refresh (services/shown_lists.py, R-DATA-4)."""
        self.require(Permission.PROCURATION_CONSULTER)
        rows = lookup.annulled_since(self.ctx, since)
        self._lists.journal(self.ctx, ANNULLED, [r.id for r in rows])
        return rows

    def find_mandants(self, query: SearchQuery) -> list[MandantMatch]:
        """Mandants matching the query, each with all their procurations (a délégué's visa is asked at the act)."""
        self.require(Permission.PROCURATION_RESILIER, act=False)
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

    def find_central_mandant(self, query: SearchQuery) -> tuple[CentralMandant | None, str]:
        """The mandant's procurations in force at the central store (made at other stations; network: off the GUI
        thread)."""
        self.require(Permission.PROCURATION_RESILIER, act=False)
        return revocations.find_central_mandant(self.ctx, query)

    def revoke_at_central(
        self, *, mandant: CentralMandant, channel: str = Channel.CERFA_12668, reference: str = ""
    ) -> RevokeOutcome:
        """Revoke a mandant's procurations made at other stations (the central store revokes them all)."""
        denied = guard.denied(self.ctx, Permission.PROCURATION_RESILIER)
        if denied is not None:
            return RevokeOutcome(violations=(denied,))
        return revocations.revoke_at_central(self.ctx, mandant=mandant, channel=channel, reference=reference)

    def print_receipt(self, outcome: EstablishOutcome | RevokeOutcome) -> PrintOutcome:
        """Print the receipt of a save (blocking device I/O: run off the GUI thread)."""
        if outcome.signed is None:
            raise ValueError("nothing to print")
        return print_kept(self.ctx, outcome.signed, record_kind="recepisse")

    def reprint(self, receipt_number: str) -> PrintOutcome:
        """Print a kept receipt: the original while none was printed, else DUPLICATA (blocking: off the GUI
        thread)."""
        self.require(Permission.PROCURATION_CONSULTER)
        return receipting.reprint(self.ctx, receipt_number)

    def activity(self, *, day: date | None = None) -> list[ActivityRow]:
        """Activité du jour: this station's acts of the day with their status (read off the GUI thread). It names
        the citizens: a consultation, journaled once per content this agent is shown, not at each refresh after a
        sync (services/shown_lists.py, R-DATA-4); opening a receipt is journaled on its own."""
        self.require(Permission.PROCURATION_CONSULTER)  # a refusal audited (R-DATA-4), as every other consultation
        rows = todays_activity(self.ctx, day=day)
        self._lists.journal(self.ctx, ACTIVITY, [r.receipt_number for r in rows if r.person])
        return rows

    def kept_receipt(self, receipt_number: str) -> SignedReceipt | None:
        """The kept receipt as it would print now (for the on-screen preview; reads the store: off the GUI
        thread). It shows the mandant's and mandataire's identity: a consultation, audited (R-DATA-4)."""
        self.require(Permission.PROCURATION_CONSULTER)
        return receipting.consulted(self.ctx, receipt_number, where="apercu")

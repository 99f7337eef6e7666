"""Establishing a procuration: the form's values in, the rules checked, one transaction out, then the receipt."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Elector, Procuration, ProcurationEvent, SupervisorDecision
from desktop.models.ids import uuid7
from desktop.receipts.content import normalise_identity_text
from desktop.receipts.signing import SignedReceipt
from desktop.rules.counter import check_new_procuration, established_in
from desktop.rules.facts import AuthorityFacts, ChannelFacts, HomeVisit, NewProcuration, PlaceFacts
from desktop.rules.facts import Elector as ElectorFacts
from desktop.rules.identifiers import IdDocumentKind, check_identity_document
from desktop.rules.supervision import ACCEPTEE, REFUSEE
from desktop.rules.terms import Capacity, Channel, IdentitySource, PlaceKind, Status
from desktop.rules.textlimits import RULE as INPUT_RULE
from desktop.rules.textlimits import wire_surname
from desktop.rules.types import (
    AVERTISSEMENT,
    DurationValidity,
    ListKind,
    ProcurationFacts,
    Rounds,
    ScrutinValidity,
    Validity,
    Violation,
)
from desktop.services import receipting
from desktop.services.check_disclosure import Checked, disclose, revealed
from desktop.services.context import ServiceContext
from desktop.services.journal import NotQueued, action, audit, enqueue, wire_checked
from desktop.services.permissions import visa_detail
from desktop.services.person_match import holding
from desktop.services.printing import keep
from desktop.services.procuration_body import (
    EstablishInput,
    PersonInput,
    decided_form,
    input_violations,
    nne_of,
    outbox_body,
    protection_of,
    reference_of,
)
from desktop.sync.kinds import KIND_PROCURATION

log = logging.getLogger(__name__)

# Statuses under which a procuration still counts against the limits at this counter.

__all__ = ["EstablishInput", "EstablishOutcome", "PersonInput", "Violation", "authority_facts", "search_key"]


@dataclass(frozen=True, slots=True)
class EstablishOutcome:
    """Saved (with its receipt number, status and the signed receipt to print) or refused with violations."""

    violations: tuple[Violation, ...]
    procuration_id: str | None = None
    receipt_number: str | None = None
    status: str | None = None
    signed: SignedReceipt | None = None

    @property
    def saved(self) -> bool:
        """True when the procuration was written."""
        return self.procuration_id is not None

    @property
    def unacknowledged(self) -> tuple[Violation, ...]:
        """Warnings that still need the agent's acknowledgement (only meaningful when refused)."""
        return tuple(v for v in self.violations if not v.blocking and not v.needs_supervisor)

    @property
    def awaiting_supervisor(self) -> tuple[Violation, ...]:
        """Cases that wait for a supervisor's decision (R-ELIG-4, R-HOME-4): sign in on the spot or « à décider »."""
        return tuple(v for v in self.violations if v.needs_supervisor)


def search_key(last_name: str, given_names: str = "") -> str:
    """Upper-case, accent-free « NOM PRENOMS », as stored in Elector.search_name."""
    return normalise_identity_text(f"{last_name} {given_names}")


def authority_facts(ctx: ServiceContext) -> AuthorityFacts:
    """The acting agent as the rules know it; a délégué OPJ's session visa is the designating OPJ's (R-AUTH-3)."""
    capacity = ctx.agent.capacity
    if capacity is None:
        raise ValueError("unknown agent capacity")
    visa = ctx.agent.visa_by
    if visa is None:
        return AuthorityFacts(capacity)
    return AuthorityFacts(capacity, delegated_by=Capacity.parse(visa.capacity), visa_of_delegating_opj=True)


def place_facts(ctx: ServiceContext) -> PlaceFacts:
    """The station's place as the rules know it; a préfet's place opens on its arrêté's dates and hours (R-PLACE-2)."""
    settings = ctx.settings
    tz = ZoneInfo(settings.station_timezone)
    if settings.station_kind is not PlaceKind.LIEU_PREFET:
        return PlaceFacts(kind=settings.station_kind, tz=tz)
    return PlaceFacts(
        kind=settings.station_kind, opening_periods=tuple(replace(p, tz=tz) for p in settings.prefet_openings), tz=tz
    )


def _facts_person(p: PersonInput) -> ElectorFacts:
    try:
        kind = ListKind(p.list_kind)
    except ValueError:
        kind = ListKind.COMMUNALE
    return ElectorFacts(
        nne=nne_of(p),
        last_name=p.last_name.strip(),
        given_names=p.given_names.strip(),
        birth_date=p.birth_date,
        list_kind=kind,
        commune=p.commune.strip() or None,
        address=p.address.strip() or None,
    )


def validity_of(inp: EstablishInput) -> Validity | None:
    """The validity the form describes, or None while incomplete."""
    if inp.validity_kind == "DUREE":
        if inp.valid_from is None or inp.valid_until is None:
            return None
        return DurationValidity(inp.valid_from, inp.valid_until)
    if not inp.election_id:
        return None
    try:
        return ScrutinValidity(inp.election_id, Rounds(inp.rounds))
    except ValueError:
        return None


def new_procuration(ctx: ServiceContext, inp: EstablishInput, record_id: str) -> NewProcuration:
    """The rules' view of the form."""
    try:
        channel = Channel(inp.channel)
    except ValueError:
        channel = Channel.CERFA_12668
    visit = HomeVisit(inp.written_request, inp.attestation) if inp.home_visit else None
    return NewProcuration(
        id=record_id,
        mandant=_facts_person(inp.mandant),
        mandataire=_facts_person(inp.mandataire),
        channel=ChannelFacts(
            channel, reference_of(ctx, inp.reference), inp.requested_on, inp.form_version.strip() or None
        ),
        place=place_facts(ctx),
        authority=authority_facts(ctx),
        validity=validity_of(inp),
        home_visit=visit,
        protection=protection_of(inp),
    )


def _same_name(p: PersonInput) -> ColumnElement[bool] | None:
    """Same folded name (`search_key`, the one place names are folded for matching) and birth date; None while the
    name or the birth date is missing."""
    if p.birth_date is None or not p.last_name.strip():
        return None
    return and_(Elector.search_name == search_key(p.last_name, p.given_names), Elector.birth_date == p.birth_date)


def document_violations(person: PersonInput, *, today: date) -> list[Violation]:
    """R-ID-DOC-1 on the document the mandant presented, when it was read (a typed identity has no expiry here)."""
    if person.document_expiry is None:
        return []
    try:
        kind = IdDocumentKind(person.document)
    except ValueError:
        return []
    return check_identity_document(kind, person.document_expiry, today=today)


def check(ctx: ServiceContext, inp: EstablishInput, *, record_id: str = "") -> list[Violation]:
    """Every rule the counter can check now (indexed look-ups only: cheap enough to run as the agent types); what
    the answer discloses of stored procurations is journaled and bounded (services/check_disclosure.py)."""
    with ctx.store.read() as s:
        checked = _check(s, ctx, inp, record_id or "00000000-0000-7000-8000-000000000000", ctx.clock())
    return disclose(ctx, checked.violations, checked.revealed)


def _check(s: Session, ctx: ServiceContext, inp: EstablishInput, record_id: str, now: datetime) -> Checked:
    new = new_procuration(ctx, inp, record_id)
    mandant = holding(s, inp.mandant, as_mandataire=False)
    mandataire = holding(s, inp.mandataire, as_mandataire=True)

    def judge(
        mandant_holds: Sequence[ProcurationFacts], mandataire_holds: Sequence[ProcurationFacts]
    ) -> list[Violation]:
        return _judge(s, ctx, inp, new, now, mandant_holds, mandataire_holds)

    found = judge(mandant.facts, mandataire.facts)
    return Checked(found, revealed(judge, found, mandant=mandant, mandataire=mandataire))


def _judge(
    s: Session,
    ctx: ServiceContext,
    inp: EstablishInput,
    new: NewProcuration,
    now: datetime,
    mandant_holds: Sequence[ProcurationFacts],
    mandataire_holds: Sequence[ProcurationFacts],
) -> list[Violation]:
    found = (
        input_violations(inp)
        + document_violations(inp.mandant, today=ctx.today())
        + check_new_procuration(
            new,
            now=now,
            calendar=ctx.calendar,
            settings=ctx.rules_settings,
            mandataire_holds=mandataire_holds,
            mandant_holds=mandant_holds,
        )
    )
    if inp.national and not any(v.blocking for v in found):
        from desktop.services.national_check import national_warnings

        found += national_warnings(
            s,
            ctx,
            national=inp.national,
            mandant=inp.mandant,
            mandataire=inp.mandataire,
            new=new,
            now=now,
            mandataire_holds=mandataire_holds,
        )
    return found


def _elector(s: Session, p: PersonInput, now: datetime) -> Elector:
    """Reuse the local elector (same NNE and birth date; without an NNE, same name and birth date among those
    recorded without one), else record a new one. A row recorded without an NNE never takes one typed later: the
    receipts already printed from it are rebuilt from it, unchanged (a duplicata is the original); R-VALID-6 and
    R-LIMIT-1 count both rows all the same (`_person_rows`)."""
    assert p.birth_date is not None
    nne = nne_of(p)
    query = select(Elector).where(Elector.birth_date == p.birth_date)
    by_name = _same_name(p)
    if nne:
        query = query.where(Elector.nne == nne)
    elif by_name is not None:
        query = query.where(by_name, Elector.nne.is_(None))
    else:
        query = query.where(Elector.id.is_(None))
    found = s.scalars(query.limit(1)).first()
    if found is not None:
        if p.source == IdentitySource.PUCE:
            found.identity_verified = IdentitySource.PUCE
        return found
    row = Elector(
        id=uuid7(),
        nne=nne,
        last_name=wire_surname(p.last_name),
        given_names=p.given_names.strip(),
        birth_date=p.birth_date,
        list_kind=p.list_kind or None,
        registration_place=p.commune.strip() or None,
        address=p.address.strip() or None,
        search_name=search_key(p.last_name, p.given_names),
        identity_verified=p.source,
        created_at=now,
        eu_citizen=False,
    )
    s.add(row)
    return row


def _ruling(
    s: Session, inp: EstablishInput, needs: list[Violation], agent_id: str | None
) -> tuple[SupervisorDecision | None, list[Violation]]:
    """The accepted decision covering every case that needs one, taken on this very form by another agent than the
    one establishing it; or the refusal to show."""
    if not needs or not inp.decision_id:
        return None, []
    row = s.get(SupervisorDecision, inp.decision_id)
    if row is None or not {v.rule_id for v in needs} <= set(row.rule_ids.split(",")) or row.form != decided_form(inp):
        return None, []
    if row.status == REFUSEE:
        who = row.decided_by_name or _("le superviseur")
        text = _("Refusée par {who} : {value}. L'acte ne peut pas être enregistré.").format(
            who=who, value=row.reason or _("sans motif")
        )
        return None, [Violation(needs[0].rule_id, text, None)]
    if row.status != ACCEPTEE or row.record_id is not None:
        return None, []
    if row.decided_by_id == agent_id:
        text = _("La décision doit être prise par un autre agent que celui qui établit l'acte.")
        return None, [Violation(needs[0].rule_id, text, None)]
    return row, []


def _awaiting(violations: list[Violation], ruling: SupervisorDecision | None) -> list[Violation]:
    return [] if ruling is not None else [v for v in violations if v.needs_supervisor]


def establish(ctx: ServiceContext, inp: EstablishInput) -> EstablishOutcome:
    """Check, then write the procuration, its history, audit, outbox entry and kept receipt in one transaction."""
    try:
        outcome, checked = _establish(ctx, inp)
    except NotQueued as exc:  # the rules let through what the wire refuses: nothing written, said in French
        log.warning("procuration refused before queueing: %s", exc.message)
        return EstablishOutcome(violations=(Violation(INPUT_RULE, exc.message, None),))
    # A refusal tells what the checks found (R-VALID-6's date…): journaled and bounded as the live check's answer.
    return replace(outcome, violations=tuple(disclose(ctx, outcome.violations, checked.revealed)))


def _establish(ctx: ServiceContext, inp: EstablishInput) -> tuple[EstablishOutcome, Checked]:
    record_id = uuid7()
    stamp = ctx.stamp()
    now = stamp.at if stamp is not None else ctx.clock()
    with action(ctx.store) as s:
        checked = _check(s, ctx, inp, record_id, now)
        violations = checked.violations
        blocking = [v for v in violations if v.blocking]
        pending = [v for v in violations if v.severity == AVERTISSEMENT and v.rule_id not in inp.acknowledged]
        ruling, refused = _ruling(s, inp, [v for v in violations if v.needs_supervisor], ctx.actor.agent_id)
        if refused:
            blocking += refused
        validity = validity_of(inp)
        if (
            blocking
            or pending
            or validity is None
            or inp.mandant.birth_date is None
            or inp.mandataire.birth_date is None
        ):
            if not blocking and not pending:
                blocking = [Violation("R-CHAN-C-1", _("Complétez les dates de naissance et la validité."), None)]
            return EstablishOutcome(violations=tuple(blocking + pending + _awaiting(violations, ruling))), checked
        if _awaiting(violations, ruling):
            return EstablishOutcome(violations=tuple(_awaiting(violations, ruling))), checked
        new = new_procuration(ctx, inp, record_id)
        mandant, mandataire = _elector(s, inp.mandant, now), _elector(s, inp.mandataire, now)
        s.flush()
        number = receipting.new_receipt_number(s, ctx, now)
        where = established_in(new)
        proc = Procuration(
            id=record_id,
            receipt_number=number,
            mandant_id=mandant.id,
            mandataire_id=mandataire.id,
            channel=new.channel.kind.value,
            request_reference=new.channel.reference,
            place_kind=new.place.kind.value,
            established_in=where.value,
            station_code=ctx.settings.station_code,
            agent_id=ctx.actor.agent_id or "",
            authority_name=ctx.agent.name,
            authority_capacity=ctx.agent.capacity_label,
            validity_kind="SCRUTIN" if isinstance(validity, ScrutinValidity) else "DUREE",
            election_id=validity.election_id if isinstance(validity, ScrutinValidity) else None,
            rounds=validity.rounds.value if isinstance(validity, ScrutinValidity) else None,
            valid_from=validity.start if isinstance(validity, DurationValidity) else None,
            valid_until=validity.end if isinstance(validity, DurationValidity) else None,
            home_visit=inp.home_visit,
            established_at=now,
            status=Status.PROVISOIRE,
        )
        s.add(proc)
        s.add(
            ProcurationEvent(
                procuration_id=record_id,
                at=now,
                status=Status.PROVISOIRE,
                source="guichet",
                note="établie au guichet",
            )
        )
        if ruling is not None:
            ruling.record_id = record_id
            s.add(
                ProcurationEvent(
                    procuration_id=record_id,
                    at=now,
                    status=Status.PROVISOIRE,
                    rule_id=ruling.rule_ids.split(",")[0],
                    source="guichet",
                    note=receipting.decision_text(ruling, zone=ctx.zone()),
                )
            )
        s.flush()
        acked = ",".join(sorted(v.rule_id for v in violations if not v.blocking))
        if ruling is not None:
            acked += f";decision={ruling.id}"
        audit(
            s,
            actor=ctx.actor,
            action_name="procuration.etablie",
            now=now,
            record_kind="procuration",
            record_id=record_id,
            # How the mandant's identity was taken, per act (the elector's own mark only ever rises to « puce »); a
            # délégué OPJ's act names the OPJ whose visa it carries (R-AUTH-3).
            detail=" ".join(
                (
                    f"identite={inp.mandant.source}",
                    *((f"avertissements={acked}",) if acked else ()),
                    *filter(None, (visa_detail(ctx.agent.visa_by),)),
                )
            ),
        )
        with wire_checked():
            body = outbox_body(ctx, inp, new, record_id, validity)
        enqueue(s, kind=KIND_PROCURATION, record_id=record_id, body=ctx.outbox_body(body, stamp), now=now)
        s.refresh(proc)
        receipt = receipting.procuration_receipt(
            ctx,
            proc,
            number=number,
            issued_at=now,
            status=Status.PROVISOIRE,
            close_to_vote=any(v.rule_id == "R-TIME-2" for v in violations),
            decision=receipting.decision_text(ruling, zone=ctx.zone()) if ruling is not None else None,
        )
        signed = keep(s, ctx, receipt, record_id)
    log.info("procuration %s established", record_id)
    outcome = EstablishOutcome(
        violations=tuple(violations),
        procuration_id=record_id,
        receipt_number=number,
        status=Status.PROVISOIRE,
        signed=signed,
    )
    return outcome, checked

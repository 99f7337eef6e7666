"""Résiliation: find the mandant, show every procuration they gave, revoke them all at once (R-REVOKE-2)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Elector, Procuration, ProcurationEvent, Revocation
from desktop.models.ids import uuid7
from desktop.receipts.signing import SignedReceipt
from desktop.rules.channels import check_prefet_hours
from desktop.rules.facts import Elector as ElectorFacts
from desktop.rules.identifiers import IdentifierError, normalize_reference
from desktop.rules.names import typed_name
from desktop.rules.revocation import check_revocation_request, check_revocation_selection, revocable
from desktop.rules.terms import IN_FORCE, Channel, PlaceKind, Status
from desktop.rules.textlimits import RULE as INPUT_RULE
from desktop.rules.types import EstablishedIn, ListKind, ProcurationFacts, Violation
from desktop.rules.validity import validity_over
from desktop.services import receipting
from desktop.services.context import ServiceContext
from desktop.services.journal import NotQueued, action, audit, enqueue, wire_checked
from desktop.services.lookup import ProcurationRow, SearchQuery, classify, elector_ids, procurations_of
from desktop.services.permissions import visa_detail
from desktop.services.printing import keep
from desktop.services.procuration_body import validity_of_row, visa_opj
from desktop.services.procurations import PersonInput, place_facts
from desktop.sync.kinds import KIND_RESILIATION

if TYPE_CHECKING:
    from desktop.sync.clock import Stamp
    from desktop.sync.wire import ProcurationResiliation

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MandantMatch:
    """A person found as mandant, with every procuration they gave at this counter."""

    elector_id: str
    name: str
    birth_date: date
    has_nne: bool
    procurations: tuple[ProcurationRow, ...]
    over: frozenset[str] = frozenset()  # ids whose validity ended before the station's day: expired (§8)

    @property
    def in_force(self) -> tuple[ProcurationRow, ...]:
        """The procurations a résiliation would end (R-REVOKE-2): in force, their validity not over."""
        return tuple(p for p in self.procurations if p.status in IN_FORCE and p.id not in self.over)


@dataclass(frozen=True, slots=True)
class RevokeOutcome:
    """Revoked (receipt number, ids revoked, signed receipt) or refused with violations."""

    violations: tuple[Violation, ...]
    revocation_id: str | None = None
    receipt_number: str | None = None
    revoked: tuple[str, ...] = ()
    signed: SignedReceipt | None = None

    @property
    def saved(self) -> bool:
        """True when the résiliation was written."""
        return self.revocation_id is not None


def find_mandants(ctx: ServiceContext, query: SearchQuery) -> list[MandantMatch]:
    """Mandants matching an NNE or a name prefix (with birth date), each with all their procurations; audited."""
    kind = classify(query.text)
    now = ctx.clock()
    out: list[MandantMatch] = []
    with action(ctx.store) as s:
        ids = elector_ids(s, query, kind) if kind in ("nne", "nom") else []
        today = place_facts(ctx).local_day(now)
        for elector in s.scalars(select(Elector).where(Elector.id.in_(ids)).order_by(Elector.search_name)):
            rows = procurations_of(s, ctx, elector.id)
            if rows:
                out.append(
                    MandantMatch(
                        elector.id,
                        f"{elector.last_name.upper()} {elector.given_names}",
                        elector.birth_date,
                        bool(elector.nne),
                        tuple(rows),
                        _over(s, ctx, elector.id, today),
                    )
                )
        audit(
            s,
            actor=ctx.actor,
            action_name="consultation",
            now=now,
            record_kind="resiliation",
            detail=f"critere={kind};mandants={len(out)}",
        )
    return out


def _over(s: Session, ctx: ServiceContext, elector_id: str, today: date) -> frozenset[str]:
    """The mandant's procurations in force by status whose validity ended before `today`: expired, not revocable."""
    procs = s.scalars(select(Procuration).where(Procuration.mandant_id == elector_id, Procuration.status.in_(IN_FORCE)))
    return frozenset(
        p.id
        for p in procs
        if (validity := validity_of_row(p)) is not None and validity_over(validity, ctx.calendar, on=today)
    )


def _facts(p: Procuration, mandant_key: str) -> ProcurationFacts:
    validity = validity_of_row(p)
    assert validity is not None
    return ProcurationFacts(
        id=p.id,
        mandant_key=mandant_key,
        mandataire_key=p.mandataire_id,
        established_at=p.established_at,
        established_in=EstablishedIn(p.established_in),
        mandant_list=ListKind(p.mandant.list_kind or "communale"),
        validity=validity,
    )


def _person(e: Elector) -> ElectorFacts:
    try:
        kind = ListKind(e.list_kind or ListKind.COMMUNALE.value)
    except ValueError:
        kind = ListKind.COMMUNALE
    return ElectorFacts(
        nne=e.nne,
        last_name=e.last_name,
        given_names=e.given_names,
        birth_date=e.birth_date,
        list_kind=kind,
        commune=e.registration_place,
        address=e.address,
    )


def revoke_all(
    ctx: ServiceContext,
    *,
    elector_id: str,
    channel: str = Channel.CERFA_12668.value,
    reference: str = "",
    selected: tuple[str, ...] | None = None,
) -> RevokeOutcome:
    """Revoke every procuration of the mandant still in force; a partial `selected` is refused (R-REVOKE-2)."""
    if channel not in {c.value for c in Channel}:
        return RevokeOutcome(
            (Violation(INPUT_RULE, _("Canal inconnu : choisissez le canal dans la liste."), "channel.kind"),)
        )
    try:
        reference = _reference(ctx, channel, reference)
    except IdentifierError as err:
        return RevokeOutcome((err.violation(),))
    try:
        return _revoke_all(ctx, elector_id=elector_id, channel=channel, reference=reference, selected=selected)
    except NotQueued as exc:  # nothing written, said in French
        log.warning("revocation refused before queueing: %s", exc.message)
        return RevokeOutcome((Violation(INPUT_RULE, exc.message, None),))


def _reference(ctx: ServiceContext, channel: str, reference: str) -> str:
    """An online résiliation's reference in its canonical form (R-ID-REF-1); IdentifierError when malformed."""
    if channel == Channel.MAPROCURATION.value and reference.strip():
        return normalize_reference(reference, pattern=ctx.rules_settings.reference_pattern)
    return reference


def _revoke_all(
    ctx: ServiceContext, *, elector_id: str, channel: str, reference: str, selected: tuple[str, ...] | None
) -> RevokeOutcome:
    stamp = ctx.stamp()
    now = stamp.at if stamp is not None else ctx.clock()
    with action(ctx.store) as s:
        mandant = s.get(Elector, elector_id)
        if mandant is None:
            return RevokeOutcome((Violation("R-REVOKE-1", _("Mandant introuvable sur ce poste."), None),))
        procs = list(
            s.scalars(select(Procuration).where(Procuration.mandant_id == elector_id, Procuration.status.in_(IN_FORCE)))
        )
        key = mandant.nne or mandant.id
        # Every procuration this counter recorded was made before this act, whatever its clock says now: a restart
        # drops the server reference and the wall clock, hours or days behind, gives the time again (spec/sync.md).
        # Judged at the clock's time, the ones made since were « not yet established »: nothing to revoke, or some
        # of them only (R-REVOKE-2). The central store orders the station's entries by their seq likewise.
        after_all = max([now, *(p.established_at for p in procs)])
        place = place_facts(ctx)
        # §8: one whose validity ended before the station's day is expired, not revoked (nor counted on the receipt).
        in_force = revocable(
            [_facts(p, key) for p in procs],
            mandant_key=key,
            now=after_all,
            calendar=ctx.calendar,
            on=place.local_day(now),
        )
        if not in_force:
            return RevokeOutcome(
                (Violation("R-REVOKE-1", _("Ce mandant n'a aucune procuration en cours à résilier."), None),)
            )
        violations = check_revocation_selection(selected if selected is not None else in_force, in_force)
        by_id = {p.id: p for p in procs}
        if place.kind is PlaceKind.LIEU_PREFET:  # R-PLACE-2: a résiliation too, only on the arrêté's days and hours
            violations += check_prefet_hours(place, now)
        # R-REVOKE-4..7 name the mandataire: each one of the procurations it ends, not only the oldest's.
        for mandataire in {by_id[pid].mandataire.id: by_id[pid].mandataire for pid in in_force}.values():
            for v in check_revocation_request(
                channel=Channel(channel),
                place=place.kind,
                mandant=_person(mandant),
                mandataire=_person(mandataire),
                reference=reference.strip().upper() or None,
            ):
                if v not in violations:
                    violations.append(v)
        if violations:
            return RevokeOutcome(tuple(violations))
        rev_id, number, signed = _record(
            s,
            ctx,
            stamp,
            now,
            mandant=mandant,
            channel=channel,
            reference=reference,
            ended=[by_id[pid] for pid in in_force],
            detail=f"procurations={len(in_force)}",
        )
    log.info("revocation %s recorded (%d procurations)", rev_id, len(in_force))
    return RevokeOutcome((), rev_id, number, tuple(in_force), signed)


def _record(
    s: Session,
    ctx: ServiceContext,
    stamp: Stamp | None,
    now: datetime,
    *,
    mandant: Elector,
    channel: str,
    reference: str,
    ended: Sequence[Procuration],
    detail: str,
) -> tuple[str, str, SignedReceipt]:
    """In the action's transaction: the résiliation, the procurations it ends at this station, its audit event, its
    outbox entry and its kept receipt. Returns its id, its receipt number and the signed receipt."""
    rev_id = uuid7()
    number = receipting.new_receipt_number(s, ctx, now)
    authority = ctx.authority()  # kept with the act: a reprint by another agent names the same one (R-AUTH-5)
    rev = Revocation(
        id=rev_id,
        receipt_number=number,
        mandant_id=mandant.id,
        channel=channel,
        station_code=ctx.settings.station_code,
        agent_id=ctx.actor.agent_id or "",
        authority_name=authority.agent_name,
        authority_capacity=authority.capacity,
        established_at=now,
        status=Status.PROVISOIRE,
    )
    s.add(rev)
    for p in ended:
        p.status = Status.RESILIEE
        s.add(
            ProcurationEvent(
                procuration_id=p.id, at=now, status=Status.RESILIEE, source="guichet", note=f"resiliation:{rev_id}"
            )
        )
    s.flush()
    visa = visa_detail(ctx.agent.visa_by)  # a délégué OPJ's résiliation names the OPJ whose visa it carries (R-AUTH-3)
    audit(
        s,
        actor=ctx.actor,
        action_name="procuration.resiliation",
        now=now,
        record_kind="resiliation",
        record_id=rev_id,
        detail=f"{detail} {visa}" if visa else detail,
    )
    with wire_checked():
        body = _body(ctx, mandant, rev_id, channel, reference)
    enqueue(s, kind=KIND_RESILIATION, record_id=rev_id, body=ctx.outbox_body(body, stamp), now=now)
    s.refresh(rev)
    receipt = receipting.revocation_receipt(
        ctx,
        rev,
        count=len(ended),
        issued_at=now,
        status=Status.PROVISOIRE,
        authority=authority,
        nouvelle_caledonie=receipting.revocation_nc(rev, ended),
    )
    return rev_id, number, keep(s, ctx, receipt, rev_id)


def _body(ctx: ServiceContext, mandant: Elector, rev_id: str, channel: str, reference: str) -> ProcurationResiliation:
    """The wire body of a résiliation (raises the wire's validation error when a value would be refused)."""
    from desktop.sync.wire import Identity, ProcurationResiliation  # imported once the store is ready (loading.py)

    prenoms = tuple(mandant.given_names.split()) or ("-",)
    return ProcurationResiliation(
        id=rev_id,
        agent_id=ctx.actor.agent_id or "inconnu",
        mandant=Identity(
            nom=mandant.last_name.upper(),
            prenoms=prenoms,
            date_naissance=mandant.birth_date,
            nne=mandant.nne,
            inscription=mandant.registration_place,
            list_kind=mandant.list_kind,
        ),
        reference=reference.strip().upper() or None if channel == Channel.MAPROCURATION.value else None,
        visa_opj=visa_opj(ctx),  # R-AUTH-3: checked by the central store against the OPJ it enrolled
    )


@dataclass(frozen=True, slots=True)
class CentralMandant:
    """A mandant whose procurations in force are at the central store only (made at other stations)."""

    person: PersonInput
    name: str
    procurations: tuple[ProcurationRow, ...]


def find_central_mandant(ctx: ServiceContext, query: SearchQuery) -> tuple[CentralMandant | None, str]:
    """Ask the central store for the mandant's procurations in force (needs what a central search needs); the
    French message says what happened or what to add. Blocking network call: off the GUI thread."""
    from desktop.services.lookup import ask_central

    rows, state, message = ask_central(ctx, query)
    if state != "en_ligne":
        return None, message
    given = [r for r in rows if r.central_role == "mandant" and r.status in IN_FORCE]
    # What the central store answered is a consultation like a search's (R-DATA-4), journaled before it is shown.
    from desktop.services.consultations import record_consultation  # not on the start-up path

    record_consultation(
        ctx.store,
        actor=ctx.actor,
        now=ctx.clock(),
        record_kind="recherche_centrale",
        detail=f"critere={classify(query.text)};resultats={len(given)}",
    )
    if not given:
        return None, _("Répertoire central interrogé : aucune procuration en cours donnée par cette personne.")
    kind = classify(query.text)
    nom, prenoms = typed_name(query.text) if kind == "nom" else ("", "")  # « LE GALL Yann »: one surname
    person = PersonInput(  # what was typed; the screen asks for the rest from the identity document
        nne=query.text.strip().replace(" ", "") if kind == "nne" else "",
        last_name=nom.upper(),
        given_names=prenoms,
        birth_date=query.birth_date,
    )
    name = f"{person.last_name} {person.given_names}".strip() if kind == "nom" else f"NNE {person.nne}"
    return CentralMandant(person, name, tuple(given)), message


def revoke_at_central(
    ctx: ServiceContext,
    *,
    mandant: CentralMandant,
    channel: str = Channel.CERFA_12668.value,
    reference: str = "",
) -> RevokeOutcome:
    """Revoke the procurations of a mandant known only to the central store: the résiliation is recorded here
    (mandant, audit, outbox entry, receipt) and the central store revokes every earlier procuration (R-REVOKE-2)."""
    try:
        reference = _reference(ctx, channel, reference)  # R-ID-REF-1, as for this station's own procurations
    except IdentifierError as err:
        return RevokeOutcome((err.violation(),))
    try:
        return _revoke_at_central(ctx, mandant=mandant, channel=channel, reference=reference)
    except NotQueued as exc:  # nothing written, said in French
        log.warning("revocation refused before queueing: %s", exc.message)
        return RevokeOutcome((Violation(INPUT_RULE, exc.message, None),))


def _revoke_at_central(ctx: ServiceContext, *, mandant: CentralMandant, channel: str, reference: str) -> RevokeOutcome:
    from desktop.services.procurations import _elector

    stamp = ctx.stamp()
    now = stamp.at if stamp is not None else ctx.clock()
    person = mandant.person
    if person.birth_date is None:
        return RevokeOutcome((Violation("R-REVOKE-1", _("Indiquez la date de naissance du mandant."), None),))
    if not person.last_name.strip() or not person.given_names.strip():
        message = _("Saisissez le nom et les prénoms du mandant tels qu'ils figurent sur sa pièce d'identité.")
        return RevokeOutcome((Violation("R-PARTY-1", message, "mandant.last_name"),))
    with action(ctx.store) as s:
        elector = _elector(s, person, now)
        s.flush()
        facts = _person(elector)
        place = place_facts(ctx)
        # R-PLACE-2: at a préfet's place, only on the arrêté's days and hours, as for this station's procurations
        violations = check_prefet_hours(place, now) if place.kind is PlaceKind.LIEU_PREFET else []
        violations += check_revocation_request(
            channel=Channel(channel),
            place=place.kind,
            mandant=facts,
            mandataire=facts,  # unknown here: the mandataires are at other stations
            reference=reference.strip().upper() or None,
        )
        if violations:
            return RevokeOutcome(tuple(violations))
        rev_id, number, signed = _record(
            s,
            ctx,
            stamp,
            now,
            mandant=elector,
            channel=channel,
            reference=reference,
            ended=[],  # the central store ends them (R-REVOKE-2): none is at this station
            detail=f"procurations_centrales={len(mandant.procurations)}",
        )
    log.info("revocation %s recorded for procurations of other stations", rev_id)
    return RevokeOutcome((), rev_id, number, tuple(r.id for r in mandant.procurations), signed)

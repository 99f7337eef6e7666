"""Who a typed person is among this counter's electors, and the procurations in force they hold or gave: the facts
the local limits (R-LIMIT-1/2/3) and R-VALID-6 count."""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.models import Elector, Procuration
from desktop.receipts.content import normalise_identity_text
from desktop.rules.names import given_names_agree
from desktop.rules.terms import IN_FORCE
from desktop.rules.types import EstablishedIn, ListKind, ProcurationFacts
from desktop.services.check_disclosure import Holding
from desktop.services.procuration_body import PersonInput, nne_of, validity_of_row


def person_rows(s: Session, p: PersonInput) -> list[str]:
    """Ids of local electors matching a person (indexed look-ups): by NNE, and by name and birth date among those
    recorded without one; a person typed without an NNE, by name and birth date among all.

    R-VALID-6 / R-LIMIT-1: a person recorded once without an NNE (a Maprocuration mandataire identified by names,
    an NC form) and typed later with it is the same person: matched by NNE only, their earlier procuration escaped
    the local limits (business-rules audit). By name, the given names may be in another order or one left out
    (`names.given_names_agree`): keyed by all of them in their order, « DUBOIS Jean » received a second procuration
    in France that « DUBOIS Jean Paul » held."""
    nne = nne_of(p)
    named = _named_rows(s, p, without_nne=bool(nne))
    if not nne:
        return named
    return sorted(set(s.scalars(select(Elector.id).where(Elector.nne == nne))) | set(named))


def _named_rows(s: Session, p: PersonInput, *, without_nne: bool) -> list[str]:
    """Ids of electors born the same day under the same folded surname whose given names agree with the person's
    (the surname's rows through the (birth date, search name) index, then the given names compared here)."""
    if p.birth_date is None or not p.last_name.strip():
        return []
    surname = normalise_identity_text(p.last_name)
    query = select(Elector.id, Elector.last_name, Elector.given_names).where(
        Elector.birth_date == p.birth_date,
        or_(  # the surname alone, or the surname, a space and the given names (« ! » sorts right after the space)
            Elector.search_name == surname,
            and_(Elector.search_name > surname + " ", Elector.search_name < surname + "!"),
        ),
    )
    if without_nne:
        query = query.where(Elector.nne.is_(None))
    return [
        row_id
        for row_id, last_name, given_names in s.execute(query)
        if normalise_identity_text(last_name) == surname and given_names_agree(given_names, p.given_names)
    ]


def held(s: Session, person: PersonInput, *, as_mandataire: bool) -> list[ProcurationFacts]:
    """The procurations in force at this counter where the person is mandataire (or mandant)."""
    return list(holding(s, person, as_mandataire=as_mandataire).facts)


def holding(s: Session, person: PersonInput, *, as_mandataire: bool) -> Holding:
    """The person's rows and the facts of the procurations in force they hold (as mandataire) or gave."""
    ids = person_rows(s, person)
    if not ids:
        return Holding()
    column = Procuration.mandataire_id if as_mandataire else Procuration.mandant_id
    mandant = aliased(Elector)
    rows = s.execute(
        select(Procuration, mandant)
        .join(mandant, Procuration.mandant_id == mandant.id)
        .where(column.in_(ids), Procuration.status.in_(IN_FORCE))
    )
    out = []
    for proc, who in rows:
        validity = validity_of_row(proc)
        if validity is None:
            continue
        try:
            kind = ListKind(who.list_kind or ListKind.COMMUNALE.value)
        except ValueError:
            kind = ListKind.COMMUNALE
        out.append(
            ProcurationFacts(
                id=proc.id,
                mandant_key=who.nne or who.id,
                mandataire_key=proc.mandataire_id,
                established_at=proc.established_at,
                established_in=EstablishedIn(proc.established_in),
                mandant_list=kind,
                validity=validity,
            )
        )
    return Holding(tuple(ids), tuple(out))

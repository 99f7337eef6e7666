"""Parties and eligibility (spec §1.1, §3.2): mandant ≠ mandataire, protected adults, EU citizens."""

from __future__ import annotations

from datetime import date

from desktop.i18n import _
from desktop.rules.calendar import ElectionCalendar, vote_dates
from desktop.rules.facts import Elector, ProtectionDeclaration
from desktop.rules.names import given_names_agree, same_name
from desktop.rules.types import (
    AVERTISSEMENT,
    DECISION_SUPERVISEUR,
    ERREUR,
    ElectionType,
    ListKind,
    ScrutinValidity,
    Validity,
    Violation,
    party_name,
)

# R-ELIG-2/3: which elections each complementary list allows; other lists allow every election.
_EU_ALLOWED: dict[ListKind, frozenset[ElectionType]] = {
    ListKind.COMPLEMENTAIRE_MUN: frozenset({ElectionType.MUNICIPALES}),
    ListKind.COMPLEMENTAIRE_EUR: frozenset({ElectionType.EUROPEENNES}),
    ListKind.COMPLEMENTAIRE_MUN_EUR: frozenset({ElectionType.MUNICIPALES, ElectionType.EUROPEENNES}),
}


def allowed_election(list_kind: ListKind, election_type: ElectionType) -> bool:
    """Whether a voter on `list_kind` votes in an election of `election_type` (R-ELIG-2, R-ELIG-3)."""
    allowed = _EU_ALLOWED.get(list_kind)
    return allowed is None or election_type in allowed


def same_person(a: Elector, b: Elector) -> bool:
    """Same NNE, or same surname (`names.fold_name`), birth date and agreeing given names (in any order, one left
    out: `names.given_names_agree`) when an NNE is missing (R-PARTY-4)."""
    if a.nne and b.nne:
        return a.nne == b.nne
    if a.birth_date is None or a.birth_date != b.birth_date:
        return False
    return same_name(a.last_name, b.last_name) and given_names_agree(a.given_names, b.given_names)


def check_parties(mandant: Elector, mandataire: Elector) -> list[Violation]:
    """R-PARTY-4 (distinct persons), R-PARTY-2 (mandataire registered with rights) and R-ELIG-5 (death)."""
    out: list[Violation] = []
    if same_person(mandant, mandataire):
        out.append(
            Violation(
                "R-PARTY-4",
                _("Le mandant et le mandataire sont la même personne : le mandant doit désigner un autre électeur."),
                "mandataire.nne" if mandataire.nne else "mandataire.last_name",
            )
        )
    if mandataire.deceased or mandataire.has_civic_rights is False:
        out.append(
            Violation(
                "R-ELIG-5",
                _("Le mandataire est décédé ou privé de ses droits civiques : le mandant doit en désigner un autre."),
                "mandataire.nne",
            )
        )
    elif mandataire.registered is False:
        out.append(
            Violation(
                "R-PARTY-2",
                _(
                    "Le mandataire n'est pas inscrit sur une liste électorale : le mandant doit désigner un "
                    "électeur inscrit (dans n'importe quelle commune ou consulat)."
                ),
                "mandataire.nne",
            )
        )
    return out


def check_protection(declaration: ProtectionDeclaration | None) -> list[Violation]:
    """R-ELIG-1: a majeur protégé cannot designate a person in a relation declared as excluded by L72-1."""
    if declaration is None or not declaration.under_protection or declaration.relation is None:
        return []
    return [
        Violation(
            "R-ELIG-1",
            _(
                "Le mandant est placé sous protection et a déclaré que le mandataire fait partie des "
                "personnes qu'il ne peut pas désigner (mandataire judiciaire, personnel de "
                "l'établissement ou salarié à domicile) : il doit désigner un autre électeur."
            ),
            "protection.relation",
        )
    ]


def check_eu_eligibility(
    mandant: Elector, mandataire: Elector, validity: Validity | None, calendar: ElectionCalendar
) -> list[Violation]:
    """R-ELIG-2..4: EU citizens act only for the elections their complementary list allows."""
    if validity is None or not (mandant.list_kind.is_complementary or mandataire.list_kind.is_complementary):
        return []
    out: list[Violation] = []
    blocking = isinstance(validity, ScrutinValidity)
    for day in sorted(vote_dates(validity, calendar)):
        types = {e.type for e in calendar.elections_on(day)}
        for who, person, field in (("mandant", mandant, "mandant.nne"), ("mandataire", mandataire, "mandataire.nne")):
            ok = {t for t in types if allowed_election(person.list_kind, t)}
            if ok == types:
                continue
            out.append(_eu_violation(who, field, day, partial=bool(ok), blocking=blocking))
    return out


def _eu_violation(who: str, field: str, day: date, *, partial: bool, blocking: bool) -> Violation:
    when = day.strftime("%d/%m/%Y")
    if partial:
        # R-ELIG-4: a shared day mixes elections the citizen may and may not vote in: a human decides.
        return Violation(
            "R-ELIG-4",
            _(
                "Le {when}, plusieurs élections ont lieu le même jour et le {who}, citoyen européen, ne "
                "peut pas voter à toutes : un superviseur doit décider."
            ).format(when=when, who=party_name(who)),
            field,
            DECISION_SUPERVISEUR,
        )
    if blocking:
        return Violation(
            "R-ELIG-2",
            _(
                "Le {who} est un citoyen européen : il ne peut agir que pour les élections européennes "
                "et/ou municipales de sa liste. Choisissez un autre mandataire ou un autre scrutin."
            ).format(who=party_name(who)),
            field,
            ERREUR,
        )
    return Violation(
        "R-ELIG-2",
        _("Le {who} est un citoyen européen : la procuration ne servira pas pour le scrutin du {when}.").format(
            who=party_name(who), when=when
        ),
        field,
        AVERTISSEMENT,
    )

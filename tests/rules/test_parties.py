"""Parties and eligibility (spec §1.1, §3.2)."""

from __future__ import annotations

from datetime import date

from desktop.rules.calendar import ElectionCalendar
from desktop.rules.facts import ProtectionDeclaration, ProtectionRelation
from desktop.rules.parties import (
    allowed_election,
    check_eu_eligibility,
    check_parties,
    check_protection,
    same_person,
)
from desktop.rules.types import DurationValidity, ElectionType, ListKind, Rounds, ScrutinValidity

from .factories import elector

MUN, EUR, BOTH = ListKind.COMPLEMENTAIRE_MUN, ListKind.COMPLEMENTAIRE_EUR, ListKind.COMPLEMENTAIRE_MUN_EUR


def test_R_PARTY_4_mandant_and_mandataire_differ() -> None:
    a = elector("111111111")
    assert [v.rule_id for v in check_parties(a, elector("111111111"))] == ["R-PARTY-4"]
    assert check_parties(a, elector("222222222")) == []
    # Without NNE: same names (accents, case, hyphens ignored) and same birth date.
    x = elector(None, last_name="Lefèvre", given_names="Jean-Luc")
    y = elector(None, last_name="LEFEVRE", given_names="jean luc")
    assert same_person(x, y)
    v = check_parties(x, y)
    assert v[0].rule_id == "R-PARTY-4" and v[0].field == "mandataire.last_name"
    assert not same_person(x, elector(None, last_name="Lefèvre", given_names="Jean-Luc", birth_date=date(1990, 1, 16)))
    assert not same_person(x, elector(None, last_name="Lefèvre", given_names="Jean-Luc", birth_date=None))
    # One NNE known, the other not: compare on civil identity.
    assert same_person(elector("111111111"), elector(None))


def test_R_PARTY_2_mandataire_must_be_registered() -> None:
    a = elector("1")
    assert [v.rule_id for v in check_parties(a, elector("2", registered=False))] == ["R-PARTY-2"]
    assert check_parties(a, elector("2", registered=None)) == []
    # R-PARTY-2: another commune than the mandant's is fine.
    assert check_parties(a, elector("2", registered=True, commune="Brest")) == []


def test_R_ELIG_5_deceased_or_deprived_mandataire() -> None:
    a = elector("1")
    assert [v.rule_id for v in check_parties(a, elector("2", deceased=True))] == ["R-ELIG-5"]
    assert [v.rule_id for v in check_parties(a, elector("2", has_civic_rights=False))] == ["R-ELIG-5"]


def test_R_ELIG_1_protected_adult_declared_relation_blocks() -> None:
    for rel in ProtectionRelation:
        v = check_protection(ProtectionDeclaration(True, rel))
        assert [x.rule_id for x in v] == ["R-ELIG-1"] and v[0].blocking
    assert check_protection(ProtectionDeclaration(True, None)) == []
    assert check_protection(ProtectionDeclaration(False, ProtectionRelation.SALARIE_DOMICILE)) == []
    assert check_protection(None) == []


def test_R_ELIG_2_eu_citizen_only_for_european_and_municipal(calendar: ElectionCalendar) -> None:
    assert allowed_election(MUN, ElectionType.MUNICIPALES) and not allowed_election(MUN, ElectionType.PRESIDENTIELLE)
    assert allowed_election(ListKind.COMMUNALE, ElectionType.PRESIDENTIELLE)
    pres = ScrutinValidity("presidentielle-2027", Rounds.T1)
    v = check_eu_eligibility(elector("1"), elector("2", list_kind=EUR), pres, calendar)
    assert [(x.rule_id, x.field, x.blocking) for x in v] == [("R-ELIG-2", "mandataire.nne", True)]
    v = check_eu_eligibility(elector("1", list_kind=MUN), elector("2"), pres, calendar)
    assert [(x.rule_id, x.field) for x in v] == [("R-ELIG-2", "mandant.nne")]
    eur = ScrutinValidity("europeennes-2029", Rounds.T1)
    assert check_eu_eligibility(elector("1"), elector("2", list_kind=EUR), eur, calendar) == []
    assert check_eu_eligibility(elector("1"), elector("2", list_kind=BOTH), eur, calendar) == []
    assert check_eu_eligibility(elector("1"), elector("2"), pres, calendar) == []
    assert check_eu_eligibility(elector("1"), elector("2", list_kind=EUR), None, calendar) == []
    # A duration only warns for the dates the EU mandataire cannot serve.
    year = DurationValidity(date(2027, 1, 1), date(2027, 5, 1))
    v = check_eu_eligibility(elector("1"), elector("2", list_kind=EUR), year, calendar)
    assert {x.rule_id for x in v} == {"R-ELIG-2"} and not any(x.blocking for x in v) and len(v) == 2


def test_R_ELIG_3_municipal_list_cannot_act_for_europeennes(calendar: ElectionCalendar) -> None:
    eur = ScrutinValidity("europeennes-2029", Rounds.T1)
    v = check_eu_eligibility(elector("1"), elector("2", list_kind=MUN), eur, calendar)
    assert [x.rule_id for x in v] == ["R-ELIG-2"]
    assert not allowed_election(EUR, ElectionType.MUNICIPALES)


def test_R_ELIG_4_shared_day_with_ineligible_election_is_flagged(calendar: ElectionCalendar) -> None:
    # Départementales and régionales 2028 share their dates; an EU citizen votes in neither: blocking.
    dep = ScrutinValidity("departementales-2028", Rounds.T1)
    v = check_eu_eligibility(elector("1"), elector("2", list_kind=MUN), dep, calendar)
    assert [x.rule_id for x in v] == ["R-ELIG-2"]
    from desktop.rules.calendar import parse_calendar

    mixed = parse_calendar(
        {
            "elections": [
                {"id": "m", "type": "municipales", "label": "M", "rounds": {"T1": "2032-03-14"}},
                {"id": "d", "type": "departementales", "label": "D", "rounds": {"T1": "2032-03-14"}},
            ]
        }
    )
    v = check_eu_eligibility(elector("1"), elector("2", list_kind=MUN), ScrutinValidity("m", Rounds.T1), mixed)
    assert [(x.rule_id, x.severity) for x in v] == [("R-ELIG-4", "decision_superviseur")]
    assert v[0].needs_supervisor and not v[0].blocking

"""The corners a lawyer tests, rule by rule (spec §1-8, §11): the day before, of and after; places; leap days."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from desktop.rules.calendar import ElectionCalendar
from desktop.rules.channels import check_channel, receives_reference
from desktop.rules.checkdigit import check_digit
from desktop.rules.counter import check_new_procuration
from desktop.rules.facts import AuthorityFacts, ChannelFacts, PlaceFacts
from desktop.rules.identifiers import IdDocumentKind, check_identity_document, normalize_nne, old_cni_valid_until
from desktop.rules.mrz import MrzError, parse_mrz
from desktop.rules.parties import check_parties, same_person
from desktop.rules.revocation import check_revocation_request, revocable
from desktop.rules.terms import Capacity, Channel, PlaceKind
from desktop.rules.types import DurationValidity, ListKind, Rounds, ScrutinValidity

from .factories import PRES_BOTH, elector, facts, new_procuration

TODAY = date(2026, 12, 1)
ASKED = date(2026, 11, 20)


@pytest.mark.parametrize("kind", [IdDocumentKind.CNI, IdDocumentKind.PASSEPORT])
def test_R_ID_DOC_1_expired_less_than_5_years_counts_from_the_day_after_the_expiry_date(kind: IdDocumentKind) -> None:
    """R-ID-DOC-1: « valid or expired less than 5 years ago ». The expiry date is the document's last valid day (a
    document expiring today is accepted): it is expired from the next day, so on the fifth anniversary of its expiry
    date it has been expired 4 years and 364 days: still accepted; refused the day after."""
    last_valid = date(2021, 12, 1)
    assert check_identity_document(kind, last_valid, today=date(2026, 11, 30)) == []
    assert check_identity_document(kind, last_valid, today=date(2026, 12, 1)) == []
    assert [v.rule_id for v in check_identity_document(kind, last_valid, today=date(2026, 12, 2))] == ["R-ID-DOC-1"]
    # 29 February: expired from 1 March 2024, five years later is 1 March 2029.
    leap = date(2024, 2, 29)
    assert check_identity_document(kind, leap, today=date(2029, 2, 28)) == []
    assert check_identity_document(kind, leap, today=date(2029, 3, 1)) != []


def test_R_CHAN_A_4_abroad_the_reference_is_presented_at_a_consulate_or_embassy_only() -> None:
    """R-CHAN-A-4: « Abroad, the reference is presented at a consulate or embassy »; an honorary consul establishes
    on the paper form (R-PLACE-4) and is not among those who access Maprocuration's data (R-DATA-3, 2°)."""
    assert receives_reference(PlaceKind.CONSULAT, Capacity.CHEF_POSTE)
    assert receives_reference(PlaceKind.AMBASSADE, Capacity.AMBASSADEUR)
    assert receives_reference(PlaceKind.CONSULAT, Capacity.AGENT_CONSULAIRE)
    assert not receives_reference(PlaceKind.CONSUL_HONORAIRE, Capacity.CONSUL_HONORAIRE)
    assert not receives_reference(PlaceKind.CONSUL_HONORAIRE, None)
    assert not receives_reference(PlaceKind.CONSULAT, Capacity.CONSUL_HONORAIRE)
    at_consul = new_procuration(
        channel=ChannelFacts(Channel.MAPROCURATION, "AB12CD", requested_on=ASKED),
        place=PlaceFacts(PlaceKind.CONSUL_HONORAIRE, honorary_consul_french=True),
        authority=AuthorityFacts(Capacity.CONSUL_HONORAIRE),
    )
    [v] = check_channel(at_consul, today=TODAY)
    assert (v.rule_id, v.field, v.blocking) == ("R-CHAN-A-4", "authority.capacity", True)
    assert "consulat" in v.message and "R-CHAN-A-4" in v.message
    # The paper forms stay open to him.
    on_paper = new_procuration(
        place=PlaceFacts(PlaceKind.CONSUL_HONORAIRE, honorary_consul_french=True),
        authority=AuthorityFacts(Capacity.CONSUL_HONORAIRE),
    )
    assert check_channel(on_paper, today=TODAY) == []


@pytest.mark.parametrize(
    ("place", "allowed"),
    [
        (PlaceKind.COMMISSARIAT, True),
        (PlaceKind.BRIGADE_GENDARMERIE, True),
        (PlaceKind.LIEU_PREFET, True),
        (PlaceKind.CONSULAT, True),
        (PlaceKind.AMBASSADE, True),
        (PlaceKind.TRIBUNAL_JUDICIAIRE, False),
        (PlaceKind.CONSUL_HONORAIRE, False),
    ],
)
def test_R_REVOKE_4_an_online_revocation_is_presented_where_the_spec_says(place: PlaceKind, allowed: bool) -> None:
    """R-REVOKE-4 (2): with the reference, « in France to police, gendarmerie or a préfet's place; abroad to a
    consulate or embassy of their choice ». A tribunal judiciaire takes only paper résiliations (R-REVOKE-5)."""
    found = check_revocation_request(
        channel=Channel.MAPROCURATION,
        place=place,
        mandant=elector("111111111"),
        mandataire=elector("222222222"),
        reference="AB12CD",
    )
    if allowed:
        assert found == []
    else:
        [v] = found
        assert (v.rule_id, v.field, v.blocking) == ("R-REVOKE-4", "channel.kind", True)
        assert "R-REVOKE-4" in v.message
    # On paper, every place of the network takes it (R-REVOKE-5, R-REVOKE-6).
    paper = check_revocation_request(
        channel=Channel.CERFA_12668,
        place=place,
        mandant=elector("111111111"),
        mandataire=elector("222222222"),
    )
    assert paper == []


def test_R_REVOKE_2_a_procuration_whose_validity_is_over_is_expired_not_revoked(calendar: ElectionCalendar) -> None:
    """§8: VALIDATED → EXPIRED after the last covered date, or → REVOKED; R-REVOKE-2 revokes every procuration still
    in force. One for the first round of 11/04/2027 is in force on the vote day and expired the day after; one for
    both rounds until 25/04; a duration until its end date, inclusive."""
    established = datetime(2026, 12, 1, 10, 0)
    t1 = facts("t1", mandant="m", at=established, validity=ScrutinValidity("presidentielle-2027", Rounds.T1))
    both = facts("both", mandant="m", at=established, mandataire="Y", validity=PRES_BOTH)
    until = facts("duree", mandant="m", at=established, validity=DurationValidity(date(2026, 12, 1), date(2027, 4, 30)))

    def live(day: date) -> list[str]:
        at = datetime.combine(day, time(12, 0))
        return sorted(revocable([t1, both, until], mandant_key="m", now=at, calendar=calendar, on=day))

    assert live(date(2027, 4, 11)) == ["both", "duree", "t1"]
    assert live(date(2027, 4, 12)) == ["both", "duree"]
    assert live(date(2027, 4, 25)) == ["both", "duree"]
    assert live(date(2027, 4, 26)) == ["duree"]
    assert live(date(2027, 4, 30)) == ["duree"]
    assert live(date(2027, 5, 1)) == []


def test_R_PARTY_2_the_mandataire_may_vote_in_another_commune_or_consulate(calendar: ElectionCalendar) -> None:
    """R-PARTY-2: since 2022 the « same commune » condition is gone: a mandataire of another commune, or of a
    consular list, is accepted; he votes in the mandant's bureau (R-PARTY-3), nothing to check at the counter."""
    now = datetime(2026, 12, 1, 10, 0)
    for mandataire in (
        elector("222222222", commune="Marseille"),
        elector("222222222", commune="Consulat de Montréal", list_kind=ListKind.CONSULAIRE),
    ):
        new = new_procuration(mandant=elector("111111111", last_name="Durand", commune="Lyon"), mandataire=mandataire)
        assert check_new_procuration(new, now=now, calendar=calendar) == []


def test_R_ID_NNE_1_leading_zeros_make_another_number_never_the_same_voter() -> None:
    """R-ID-NNE-1: kept as a string, never an integer: « 012345678 » is not « 12345678 » (two voters, R-PARTY-4 does
    not merge them), and no check digit is invented: any 8 or 9 digits pass, zeros included."""
    assert normalize_nne("00000000") == "00000000"
    assert normalize_nne("012345678") == "012345678"
    a = elector("012345678", last_name="Durand", given_names="Paul")
    b = elector("12345678", last_name="Martin", given_names="Claire")
    assert not same_person(a, b) and check_parties(a, b) == []


def _old_card(surname: str, given: str, birth: str, sex: str) -> str:
    line1 = "IDFRA" + surname.ljust(25, "<") + "095123"
    number = "210109512345"
    line2 = number + str(check_digit(number)) + given.ljust(14, "<") + birth + str(check_digit(birth)) + sex
    return line1 + "\n" + line2 + str(check_digit(line1 + line2))


def test_R_ID_CNI_OLD_2_fillers_inside_names_a_29_february_birth_and_an_unknown_sex() -> None:
    """R-ID-CNI-OLD-2: « < » inside the surname (an apostrophe or a space), « << » between given names, sex « < »;
    a birth on 29 February 2000 is read as such (R-ID-MRZ-1: every check digit, the composite over both lines)."""
    mrz = parse_mrz(_old_card("O<BRIEN", "JEAN<<PIERRE", "000229", "<"), today=TODAY)
    assert (mrz.surname, mrz.given_names, mrz.birth_date, mrz.sex) == (
        "O BRIEN",
        "JEAN PIERRE",
        date(2000, 2, 29),
        None,
    )
    # 29 February of a year that is not leap in either century cannot be a birth date.
    with pytest.raises(MrzError) as err:
        parse_mrz(_old_card("DUPONT", "JEAN", "010229", "M"), today=TODAY)
    assert err.value.check == "birth_date"


def test_R_ID_CNIE_1_the_new_identity_card_specimen() -> None:
    """R-ID-CNIE-1: the CNIe of 2021 is a TD1 (3 × 30): the ministry's specimen reads with its check digits."""
    mrz = parse_mrz(
        "IDFRAX4RTBPFW46<<<<<<<<<<<<<<<\n9007138F3002119FRA<<<<<<<<<<<6\nMARTIN<<MAELYS<GAELLE<MARIE<<<", today=TODAY
    )
    assert (mrz.document_number, mrz.surname, mrz.given_names) == ("X4RTBPFW4", "MARTIN", "MAELYS GAELLE MARIE")
    assert (mrz.birth_date, mrz.expiry_date, mrz.nationality) == (date(1990, 7, 13), date(2030, 2, 11), "FRA")


@pytest.mark.parametrize("number", ["500175123456", "220175123456", "940175123456", "210975123456"])
def test_R_ID_CNI_OLD_1_an_issue_month_outside_the_old_model_gives_no_validity(number: str) -> None:
    """R-ID-CNI-OLD-1 and §7.3: the old card's number begins with its YYMM of issue, and the model was issued from
    1995 to August 2021. « 5001… » is no card of January 2050, valid until 2060: no validity is told for it (the
    agent reads the back of the card), rather than a date decades away."""
    assert old_cni_valid_until(number, holder_birth_date=date(1960, 1, 1)) is None
    # The first and last months of the model still read.
    assert old_cni_valid_until("950175123456", holder_birth_date=date(1960, 1, 1)) == date(2005, 1, 31)
    assert old_cni_valid_until("210875123456", holder_birth_date=date(1960, 1, 1)) == date(2036, 8, 31)

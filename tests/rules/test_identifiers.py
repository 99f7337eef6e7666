"""Identifier formats (spec §7) and accepted identity documents."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.rules.identifiers import (
    IdDocumentKind,
    IdentifierError,
    check_identity_document,
    normalize_cni_any,
    normalize_cnie_number,
    normalize_nne,
    normalize_numic,
    normalize_old_cni_number,
    normalize_passport_number,
    normalize_reference,
    old_cni_effective_expiry,
    old_cni_valid_until,
)

TODAY = date(2026, 11, 24)


def test_R_ID_NNE_1_eight_or_nine_digits_kept_as_string() -> None:
    assert normalize_nne("776922959") == "776922959"
    assert normalize_nne(" 0123 4567 ") == "01234567"  # leading zero kept
    for bad in ("1234567", "1234567890", "12345678A", "", "   "):
        with pytest.raises(IdentifierError) as e:
            normalize_nne(bad, field="mandataire.nne")
        assert e.value.rule_id == "R-ID-NNE-1" and e.value.field == "mandataire.nne"
        assert bad.strip() == "" or bad not in e.value.message
    with pytest.raises(IdentifierError) as err:
        normalize_nne("12")
    v = err.value.violation()
    assert v.rule_id == "R-ID-NNE-1" and v.blocking


def test_R_ID_NUMIC_2_opaque_token() -> None:
    assert normalize_numic(" ab-12 34 ") == "AB1234"
    with pytest.raises(IdentifierError):
        normalize_numic("AB/12")
    with pytest.raises(IdentifierError):
        normalize_numic(" ")


def test_R_ID_REF_1_six_characters_configurable() -> None:
    assert normalize_reference("ab12cd") == "AB12CD"
    assert normalize_reference(" AB 12 CD ") == "AB12CD"
    for bad in ("AB12C", "AB12CD3", "AB12C!"):
        with pytest.raises(IdentifierError) as e:
            normalize_reference(bad)
        assert e.value.rule_id == "R-ID-REF-1" and e.value.field == "channel.reference"
    longer = re.compile(r"[A-Z0-9]{8}")
    assert normalize_reference("ab12cd34", pattern=longer) == "AB12CD34"


def test_R_ID_PASS_1_passport_number() -> None:
    assert normalize_passport_number("12ab34567") == "12AB34567"
    for bad in ("1AB234567", "12AB3456", "12A134567", "12AB345678"):
        with pytest.raises(IdentifierError) as e:
            normalize_passport_number(bad)
        assert e.value.rule_id == "R-ID-PASS-1"


def test_R_ID_CNIE_2_nine_alphanumerics() -> None:
    assert normalize_cnie_number("ab12cd3e4") == "AB12CD3E4"
    for bad in ("AB12CD3E", "AB12CD3E45", "AB12CD3E<"):
        with pytest.raises(IdentifierError):
            normalize_cnie_number(bad)


def test_R_ID_CNI_OLD_1_twelve_characters() -> None:
    assert normalize_old_cni_number("210109512345") == "210109512345"
    assert normalize_old_cni_number("21012A<12345") == "21012A<12345"
    for bad in ("211309512345", "210009512345", "21010951234", "2101095123456", "AB0109512345"):
        with pytest.raises(IdentifierError) as e:
            normalize_old_cni_number(bad)
        assert e.value.rule_id == "R-ID-CNI-OLD-1"
    assert normalize_cni_any("210109512345") == "210109512345"
    assert normalize_cni_any("ab12cd3e4") == "AB12CD3E4"
    with pytest.raises(IdentifierError):
        normalize_cni_any("ABC")


def test_R_ID_DOC_1_cni_and_passport_expired_under_5_years() -> None:
    # The expiry date is the last valid day: a card valid until 24/11/2021 is expired from 25/11/2021, so on
    # 24/11/2026 it has been expired 4 years and 364 days (accepted); one valid until 23/11/2021 is refused.
    for kind in (IdDocumentKind.CNI, IdDocumentKind.PASSEPORT):
        assert check_identity_document(kind, date(2021, 11, 25), today=TODAY) == []
        assert check_identity_document(kind, date(2021, 11, 24), today=TODAY) == []
        assert [v.rule_id for v in check_identity_document(kind, date(2021, 11, 23), today=TODAY)] == ["R-ID-DOC-1"]
    # Other documents must be valid: expiring the day before is refused, today and tomorrow accepted.
    k = IdDocumentKind.PERMIS_CONDUIRE
    assert check_identity_document(k, date(2026, 11, 23), today=TODAY)[0].field == "document.expiry"
    assert check_identity_document(k, TODAY, today=TODAY) == []
    assert check_identity_document(k, date(2026, 11, 25), today=TODAY) == []
    assert check_identity_document(IdDocumentKind.CARTE_VITALE, None, today=TODAY) == []


def test_R_ID_CNI_OLD_4_adult_cards_2004_2013_extended() -> None:
    printed = date(2020, 5, 1)
    adult = date(1980, 1, 1)
    assert old_cni_effective_expiry(printed, issued_on=date(2010, 5, 2), holder_birth_date=adult) == date(2025, 5, 1)
    assert old_cni_effective_expiry(printed, issued_on=date(2004, 1, 1), holder_birth_date=adult) == printed
    assert old_cni_effective_expiry(printed, issued_on=date(2004, 1, 2), holder_birth_date=adult) != printed
    assert old_cni_effective_expiry(printed, issued_on=date(2013, 12, 31), holder_birth_date=adult) != printed
    assert old_cni_effective_expiry(printed, issued_on=date(2014, 1, 1), holder_birth_date=adult) == printed
    minor = date(2000, 1, 1)
    assert old_cni_effective_expiry(printed, issued_on=date(2010, 5, 2), holder_birth_date=minor) == printed


_PARSERS: list[Callable[[str], str]] = [
    normalize_nne,
    normalize_numic,
    normalize_reference,
    normalize_passport_number,
    normalize_cnie_number,
    normalize_old_cni_number,
    normalize_cni_any,
]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_PARSERS), st.one_of(st.text(max_size=40), st.none(), st.integers()))
def test_property_identifier_parsers_raise_only_their_error(parse: Callable[[object], str], text: object) -> None:
    try:
        out = parse(text)
    except IdentifierError as e:
        assert e.message and e.rule_id.startswith("R-ID-")
    else:
        assert out == out.strip().upper() and " " not in out


@pytest.mark.parametrize(
    ("number", "born", "until"),
    [
        ("210109512345", date(1983, 10, 19), date(2036, 1, 31)),  # adult from 2014: 15 years printed
        ("080675123456", date(1960, 5, 2), date(2023, 6, 30)),  # adult 2004-2013: 10 printed + 5 (R-ID-CNI-OLD-4)
        ("100375123456", date(2000, 1, 1), date(2020, 3, 31)),  # minor at issue: 10 years, no extension
        ("991275123456", date(1950, 1, 1), date(2009, 12, 31)),  # before 2004: 10 years
    ],
)
def test_old_cni_validity_from_its_number(number: str, born: date, until: date) -> None:
    assert old_cni_valid_until(number, holder_birth_date=born) == until


def test_old_cni_validity_needs_an_old_cni_number() -> None:
    assert old_cni_valid_until("X4RTBPFW4", holder_birth_date=date(1990, 1, 1)) is None

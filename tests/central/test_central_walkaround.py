"""A tampered station (a valid token) names one person in every way the wire lets through: the central store still
counts them as one (R-LIMIT-1, R-VALID-6), refuses the forms of an NNE or a date the wire does not define, and never
hands another station the invisible or direction-changing characters it typed (R-SAISIE-1)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from centralkit import DUBOIS, MARTIN, Station, person, procuration_body

from central.embedded import Embedded
from desktop.sync.wire import BatchResult

P = "procuration.etablie"
THOMAS = {"nom": "THOMAS", "prenoms": ["Sophie"], "date_naissance": "1963-05-27", "nne": "285042289"}
ROBERT = {"nom": "ROBERT", "prenoms": ["Nicolas"], "date_naissance": "1941-07-01", "nne": "355265885"}

# DUBOIS Jean (NNE 19374652, Lyon) as a station may write him; each is the same elector or no elector at all.
SPELLINGS: dict[str, dict[str, Any]] = {
    "zero_width_space_inside": person(DUBOIS, nom="DUB\u200bOIS"),
    "zero_width_joiner_no_nne": person(DUBOIS, nom="DU\u200dBOIS", nne=None, inscription="69123"),
    "right_to_left_override": person(DUBOIS, nom="\u202eDUBOIS"),
    "isolate_no_nne": person(DUBOIS, nom="DUBOIS\u2066", nne=None, inscription="69123"),
    "soft_hyphen_given_name": person(DUBOIS, prenoms=["Je\u00adan"]),
    "bom_given_name": person(DUBOIS, prenoms=["\ufeffJean"]),
    "cyrillic_lookalikes": person(DUBOIS, nom="DUB\u041e\u0406S"),
    "greek_small_nu": person(DUBOIS, prenoms=["Jea\u03bd"]),
    "fullwidth": person(DUBOIS, nom="ＤＵＢＯＩＳ"),
    "decomposed_marks": person(DUBOIS, nom="DU\u0301\u0301BOIS"),
    "nbsp_and_case": person(DUBOIS, nom="\u00a0dubois\u00a0", prenoms=["jean"]),
    "extra_given_name": person(DUBOIS, prenoms=["Jean", "Paul"]),
    "usage_name_unknown": person(DUBOIS, nom="DUBOIS-LEROY"),
    "nne_leading_zero": person(DUBOIS, nne="019374652"),
}
# The NNE and birth date forms the wire does not define: the whole batch is refused, nothing is applied.
REFUSED: dict[str, dict[str, Any]] = {
    "nne_spaces": person(DUBOIS, nne="193 746 52"),
    "nne_fullwidth": person(DUBOIS, nne="１９３７４６５２"),
    "nne_arabic_indic": person(DUBOIS, nne="١٩٣٧٤٦٥٢"),
    "nne_trailing_newline": person(DUBOIS, nne="19374652\n"),
    "nne_as_number": person(DUBOIS, nne=19374652),
    "birth_date_french": person(DUBOIS, date_naissance="02/06/1975"),
    "birth_date_with_time": person(DUBOIS, date_naissance="1975-06-02T00:00:00"),
    "birth_date_compact": person(DUBOIS, date_naissance="19750602"),
}


def _at(order: int) -> datetime:
    """The `order`-th act of a test, an hour ago and some minutes apart (in that order, never in the future)."""
    return datetime.now(UTC) - timedelta(minutes=60 - 10 * order)


def _verdict(station: Station, body: dict[str, Any], order: int) -> tuple[str, str | None]:
    answer = station.push(station.batch((P, body, _at(order))))
    assert answer.status_code == 200, answer.text
    v = BatchResult.from_json(answer.content).verdicts[0]
    return v.status, v.rule_id


@pytest.mark.parametrize("case", list(SPELLINGS))
def test_r_limit_1_one_mandataire_under_any_spelling_holds_one_procuration_in_france(
    central: Embedded, case: str
) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    assert _verdict(a, procuration_body(MARTIN, DUBOIS), 1) == ("validee", None)
    status, rule = _verdict(b, procuration_body(THOMAS, SPELLINGS[case]), 2)
    assert status == "invalidee" and rule in ("R-LIMIT-1", "R-PARTY-2"), (status, rule)


@pytest.mark.parametrize("case", list(SPELLINGS))
def test_r_valid_6_one_mandant_under_any_spelling_gives_one_procuration_per_date(central: Embedded, case: str) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    assert _verdict(a, procuration_body(DUBOIS, THOMAS), 1) == ("validee", None)
    status, rule = _verdict(b, procuration_body(SPELLINGS[case], ROBERT), 2)
    assert status == "invalidee" and rule in ("R-VALID-6", "R-PARTY-1"), (status, rule)


@pytest.mark.parametrize("case", list(REFUSED))
def test_an_nne_or_a_birth_date_in_another_form_is_refused_on_the_wire(central: Embedded, case: str) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    answer = a.push(a.batch((P, procuration_body(MARTIN, REFUSED[case]), _at(1))))
    assert answer.status_code == 422, answer.text
    assert "mandataire" in answer.json()["message"]


def test_a_look_up_never_hands_on_the_invisible_characters_a_station_typed(central: Embedded) -> None:
    """The mandataire typed with a right-to-left override (U+202E), isolates and a zero-width space is DUBOIS for the
    register (the fold), so the act is valid; another counter looking up MARTIN was handed those characters and showed
    « DUBOIS Jean Paul » reversed in Rechercher's table."""
    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    b.enrol_agent()
    typed = person(DUBOIS, nom="\u202eDUBOIS\u200b\u2066", prenoms=["Jean\u2069", "\u00adPaul"])
    assert _verdict(a, procuration_body(MARTIN, typed), 1) == ("validee", None)
    found = b.lookup(nne=MARTIN["nne"], date_naissance=MARTIN["date_naissance"])
    assert found.status_code == 200, found.text
    [item] = found.json()["items"]
    assert item["other_party"] == "DUBOIS Jean Paul"
    assert not any(unicodedata.category(c) == "Cf" for c in item["other_party"])

"""The rules' refusals in the agent's language: English through the gettext catalog, French unchanged by default."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from desktop import i18n
from desktop.rules.counter import check_new_procuration
from desktop.rules.facts import NewProcuration

from .factories import elector, load_calendar, new_procuration

FRENCH_LEFT = re.compile(r"[éèêàùçôîâœ]|\b(le|la|les|des|du|est|pas|pour|avec|dans|une|au|aux|puis)\b")
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("fr")


def _english(text: str) -> bool:
    return not FRENCH_LEFT.search(text)


def _with_problems() -> NewProcuration:
    """Same person on both sides, a dead mandataire, a bad NNE and no validity: several rules refuse it."""
    return new_procuration(
        mandant=elector("12", last_name="Durand", given_names="Paul"),
        mandataire=elector("12", last_name="Durand", given_names="Paul", deceased=True),
        validity=None,
    )


def test_rule_refusals_keep_their_rule_id_and_speak_english(english: None) -> None:
    found = check_new_procuration(_with_problems(), now=NOW, calendar=load_calendar())
    assert {"R-PARTY-4", "R-VALID-1"} <= {v.rule_id for v in found}
    for violation in found:
        assert violation.rule_id.startswith("R-")
        assert _english(violation.message), violation.message


def test_the_same_refusals_are_unchanged_in_french() -> None:
    messages = {
        v.rule_id: v.message for v in check_new_procuration(_with_problems(), now=NOW, calendar=load_calendar())
    }
    assert messages["R-PARTY-4"] == (
        "Le mandant et le mandataire sont la même personne : le mandant doit désigner un autre électeur."
    )
    assert messages["R-VALID-1"] == "Choisissez la validité : un scrutin précis (et ses tours) ou une durée."


def test_a_party_named_in_a_message_is_translated_too(english: None) -> None:
    from desktop.rules.textlimits import check_person_texts

    found = check_person_texts("mandataire", last_name="X" * 200, given_names="Claire")
    assert found and found[0].message.startswith("Surname of the proxy holder: ")


def test_limit_refusal_in_english_names_the_ceiling_and_the_earlier_time(english: None) -> None:
    from desktop.rules.limits import limit_violation
    from desktop.rules.types import Decision

    decision = Decision(False, "R-LIMIT-1", date(2027, 4, 11), ("a",), datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    violation = limit_violation(decision)
    assert violation.rule_id == "R-LIMIT-1"
    assert violation.message == (
        "The proxy holder already holds a proxy established in France for 11/04/2027 (R-LIMIT-1). The first proxy, "
        "established on 01/12/2026 at 09:00 UTC, remains valid; a proxy established after it for this vote day is "
        "void (R-LIMIT-4). They cannot receive any more: ask the principal to designate another proxy holder."
    )


def test_identifier_and_mrz_refusals_in_english(english: None) -> None:
    from desktop.rules.identifiers import IdentifierError, normalize_nne
    from desktop.rules.mrz import MrzError, parse_mrz

    with pytest.raises(IdentifierError) as nne:
        normalize_nne("12")
    assert _english(nne.value.message) and nne.value.rule_id.startswith("R-ID-")
    with pytest.raises(MrzError) as mrz:
        parse_mrz("ABC", today=date(2026, 12, 1))
    assert _english(str(mrz.value)), str(mrz.value)

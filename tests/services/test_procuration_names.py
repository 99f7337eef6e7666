"""A mandataire named again under another spelling of their name is still the one person at the counter (R-LIMIT-1):
the desk keys and finds its electors with the names' one fold (desktop/rules/names.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from test_procurations import FORM, make_desk

from desktop.models import Elector
from desktop.models.db import Store
from desktop.services.desk import PersonInput
from desktop.services.procurations import search_key

BORN = date(1975, 6, 2)
SECOND_MANDANT = PersonInput(nne="371617504", last_name="BERNARD", given_names="Luc Henri", birth_date=date(1969, 8, 8))


# A Maprocuration request names its mandataire by name, given names, birth date and commune (R-CHAN-A-2 b).
ONLINE = replace(FORM, channel="maprocuration", reference="K7M2QX", requested_on=date(2026, 11, 20))


def _mandataire(last_name: str, given_names: str = "Jean") -> PersonInput:
    return PersonInput(nne="", last_name=last_name, given_names=given_names, birth_date=BORN, commune="Paris")


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("CŒUR", "Coeur"),  # the ligature
        # A Cyrillic « А » is refused at the field (test_procuration_lookalikes.py); the central store's fold reads it.
        ("Lʼhôte", "L'HOTE"),  # a modifier-letter apostrophe (U+02BC), as some keyboards type it
        ("Lefèvre", "LEFEVRE"),
        ("L’Hôte", "L-HOTE"),
    ],
)
def test_r_limit_1_a_respelt_mandataire_is_still_the_holder(
    store: Store, tmp_path: Path, first: str, again: str
) -> None:
    desk = make_desk(store, tmp_path)
    out = desk.establish(replace(ONLINE, mandataire=_mandataire(first)))
    assert out.saved, out.violations
    second = replace(ONLINE, reference="P4T9WD", mandant=SECOND_MANDANT, mandataire=_mandataire(again, "JEAN"))
    assert any(v.rule_id == "R-LIMIT-1" for v in desk.check(second))
    refused = desk.establish(second)
    assert not refused.saved and any(v.rule_id == "R-LIMIT-1" for v in refused.violations)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Elector).where(Elector.nne.is_(None))) == 1


def test_the_search_key_is_the_fold_and_the_stored_name_is_as_typed(store: Store, tmp_path: Path) -> None:
    assert search_key("Cœur-L’Hôte", "Zoé") == "COEUR L HOTE ZOE"
    desk = make_desk(store, tmp_path)
    assert desk.establish(replace(ONLINE, mandataire=_mandataire("Cœur", "Zoé"))).saved
    with store.session() as s:
        row = s.scalars(select(Elector).where(Elector.nne.is_(None))).one()
        assert (row.last_name, row.given_names, row.search_name) == ("CŒUR", "Zoé", "COEUR ZOE")


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("Jean Paul", "Jean"),  # a given name dropped
        ("Jean", "Jean Paul"),  # one added
        ("Jean Paul", "Paul Jean"),  # another order
        ("Jean-Paul", "Paul"),
    ],
)
def test_r_limit_1_the_given_names_in_another_order_or_one_dropped_are_still_the_holder(
    store: Store, tmp_path: Path, first: str, again: str
) -> None:
    """Without an NNE, the counter keyed the holder by all the given names in their order: « DUBOIS Jean » was not
    « DUBOIS Jean Paul », and received a second procuration in France (R-LIMIT-1). Counted as one now; the new act
    is recorded on a row of its own, with the given names as typed (its receipt prints them)."""
    desk = make_desk(store, tmp_path)
    assert desk.establish(replace(ONLINE, mandataire=_mandataire("DUBOIS", first))).saved
    second = replace(ONLINE, reference="P4T9WD", mandant=SECOND_MANDANT, mandataire=_mandataire("Dubois", again))
    assert any(v.rule_id == "R-LIMIT-1" and v.blocking for v in desk.check(second)), desk.check(second)
    assert not desk.establish(second).saved


def test_twins_sharing_a_first_given_name_stay_two_people(store: Store, tmp_path: Path) -> None:
    """« Marie Anne » and « Marie Claire », same surname and birth date: neither holds the other's given names."""
    desk = make_desk(store, tmp_path)
    assert desk.establish(replace(ONLINE, mandataire=_mandataire("DUBOIS", "Marie Anne"))).saved
    sister = replace(
        ONLINE, reference="P4T9WD", mandant=SECOND_MANDANT, mandataire=_mandataire("DUBOIS", "Marie Claire")
    )
    assert "R-LIMIT-1" not in [v.rule_id for v in desk.check(sister)]
    assert desk.establish(sister).saved


def test_r_valid_6_a_mandant_without_nne_and_a_given_name_dropped(store: Store, tmp_path: Path) -> None:
    mandant = PersonInput(nne="", last_name="PETIT", given_names="Camille Anne", birth_date=date(1977, 4, 13))
    desk = make_desk(store, tmp_path)
    assert desk.establish(replace(ONLINE, mandant=replace(mandant, commune="44109"))).saved
    again = replace(ONLINE, reference="P4T9WD", mandant=replace(mandant, given_names="Camille", commune="44109"))
    again = replace(again, mandataire=replace(SECOND_MANDANT, nne="355265885", last_name="ROBERT"))
    assert any(v.rule_id == "R-VALID-6" and v.blocking for v in desk.check(again)), desk.check(again)

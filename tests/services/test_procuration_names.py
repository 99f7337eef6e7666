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

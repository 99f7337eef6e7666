"""R-VALID-6 and R-LIMIT-1 at the counter for a person first recorded without an NNE (business-rules audit): a
Maprocuration mandataire identified by names, birth date and commune (R-CHAN-A-2 b), typed later with the NNE, is the
same person; matched by NNE only, their first procuration escaped the local limits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from test_procurations import FORM, MANDANT, MANDATAIRE, make_desk

from desktop.models import Elector
from desktop.models.db import Store
from desktop.services.desk import EstablishInput, PersonInput

THOMAS = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
ROBERT = PersonInput(nne="355265885", last_name="ROBERT", given_names="Nicolas", birth_date=date(1941, 7, 1))


def _online(mandant: PersonInput, mandataire: PersonInput, **kw: object) -> EstablishInput:
    """A Maprocuration act (its reference and request date given)."""
    form = replace(FORM, channel="maprocuration", reference="K7M2QX", requested_on=date(2026, 11, 20))
    return replace(form, mandant=mandant, mandataire=mandataire, **kw)  # type: ignore[arg-type]


def _without_nne(p: PersonInput, commune: str) -> PersonInput:
    """The person as a request identifies them by civil identity: no NNE, the names typed otherwise (case, accents)."""
    return replace(p, nne="", last_name=p.last_name.title(), commune=commune)


def test_r_limit_1_a_mandataire_first_recorded_without_nne(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    first = desk.establish(_online(MANDANT, _without_nne(MANDATAIRE, "69123")))
    assert first.saved, first.violations
    # The same mandataire, now with the NNE, for another mandant on the same vote dates: a second one in France.
    second = replace(FORM, mandant=THOMAS, mandataire=MANDATAIRE)
    found = [v.rule_id for v in desk.check(second) if v.blocking]
    assert "R-LIMIT-1" in found, found
    outcome = desk.establish(second)
    assert not outcome.saved and "R-LIMIT-1" in [v.rule_id for v in outcome.violations]


def test_r_valid_6_a_mandant_first_recorded_without_nne(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    first = desk.establish(_online(_without_nne(MANDANT, "75056"), MANDATAIRE))
    assert first.saved, first.violations
    again = replace(FORM, mandant=MANDANT, mandataire=ROBERT)
    found = [v.rule_id for v in desk.check(again) if v.blocking]
    assert "R-VALID-6" in found, found


def test_the_nne_less_row_keeps_its_receipts_as_printed(store: Store, tmp_path: Path) -> None:
    """The person typed later with the NNE is counted with the row recorded without it (above), but that row never
    takes the NNE: the receipt printed from it is rebuilt the same (a duplicata is the original), and the later act
    is recorded on a row of its own."""
    desk = make_desk(store, tmp_path)
    first = desk.establish(_online(MANDANT, _without_nne(MANDATAIRE, "69123"), rounds="T1"))
    assert first.saved and first.receipt_number is not None, first.violations
    printed = desk.kept_receipt(first.receipt_number)
    later = desk.establish(replace(FORM, mandant=MANDANT, mandataire=MANDATAIRE, election_id="legislatives-2027"))
    assert later.saved, later.violations
    again = desk.kept_receipt(first.receipt_number)
    assert printed is not None and again == printed and again.receipt.mandataire.nne is None
    with store.session() as s:
        rows = list(s.scalars(select(Elector).where(Elector.birth_date == MANDATAIRE.birth_date)))
    assert sorted(r.nne or "" for r in rows) == ["", "19374652"], [r.nne for r in rows]


def test_homonyms_with_two_nnes_stay_two_people(store: Store, tmp_path: Path) -> None:
    """Same name and birth date but two NNEs: two electors, no limit shared (only an NNE-less row is taken)."""
    desk = make_desk(store, tmp_path)
    assert desk.establish(replace(FORM, mandataire=MANDATAIRE)).saved
    twin = replace(MANDATAIRE, nne="19374660")
    assert "R-LIMIT-1" not in [v.rule_id for v in desk.check(replace(FORM, mandant=THOMAS, mandataire=twin))]

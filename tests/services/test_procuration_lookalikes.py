"""A mandataire named again with a look-alike letter no fold can read is refused at the field, never keyed apart
(R-SAISIE-1 closing a walk-around of R-LIMIT-1): the look-alike table of desktop/rules/names.py cannot be complete
(a small Greek « ν » is drawn like « v », its capital like « N »), so the counter takes names in Latin letters only."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select
from test_procuration_names import ONLINE, SECOND_MANDANT, _mandataire
from test_procurations import make_desk

from desktop.models import Elector, Procuration
from desktop.models.db import Store
from desktop.services.desk import PersonInput

# (first spelling, saved; the same name again, as the agent sees it), the field the second is refused at.
LOOKALIKES = {
    "greek_small_nu": (("MARTIN", "Sylvie"), ("MARTIN", "Syl\u03bdie"), "given_names"),  # folded « SYLNIE »
    "greek_small_eta": (("MARTIN", "Jean"), ("MARTIN", "Jea\u03b7"), "given_names"),  # folded « JEAH »
    "greek_small_upsilon": (("MARTIN", "Jules"), ("MARTIN", "J\u03c5les"), "given_names"),  # folded « JYLES »
    "cyrillic_small_pe": (("MARTIN", "Jean"), ("MARTIN", "Jea\u043f"), "given_names"),
    "cyrillic_palochka": (("MARTIN", "Jean"), ("MART\u04c0N", "Jean"), "last_name"),
    "cyrillic_in_the_table": (("MARTIN", "Jean"), ("M\u0410RTIN", "Jean"), "last_name"),  # read as « A » all the same
    "cherokee_a": (("MARTIN", "Jean"), ("MARTIN", "\u13abean"), "given_names"),
    "lisu_a": (("MARTIN", "Jean"), ("MARTIN", "Je\ua4een"), "given_names"),
    "hangul_filler": (("MARTIN", "Jean"), ("MARTIN\u115f", "Jean"), "last_name"),  # a letter, drawn as nothing
    "latin_small_capital": (("MARTIN", "Jean"), ("\u1d0dARTIN", "Jean"), "last_name"),
    "eth_for_d_stroke": (("\u0110URIC", "Jean"), ("\u00d0URIC", "Jean"), "last_name"),  # « Đ » and « Ð » look alike
}


@pytest.mark.parametrize("case", list(LOOKALIKES))
def test_r_limit_1_a_lookalike_letter_is_refused_at_its_field(store: Store, tmp_path: Path, case: str) -> None:
    first, again, field = LOOKALIKES[case]
    desk = make_desk(store, tmp_path)
    assert desk.establish(replace(ONLINE, mandataire=_mandataire(*first))).saved
    second = replace(ONLINE, reference="P4T9WD", mandant=SECOND_MANDANT, mandataire=_mandataire(*again))
    # Before: no violation at all, a second procuration in France for one mandataire (R-LIMIT-1 walked around).
    mine = [v for v in desk.check(second) if v.field == f"mandataire.{field}"]
    assert mine and mine[0].rule_id == "R-SAISIE-1" and mine[0].blocking, desk.check(second)
    assert "lettres latines" in mine[0].message and again[0] not in mine[0].message  # what to do, never the name
    refused = desk.establish(second)
    assert not refused.saved
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Procuration)) == 1


@pytest.mark.parametrize(
    ("last_name", "given_names"),
    [
        ("Lefèvre", "Zoé"),
        ("CŒUR", "Lætitia"),
        ("Straße", "Jürgen"),
        ("ØSTERGÅRD", "Søren"),
        ("Łukasiewicz", "Đorđe"),
        ("ＭＡＲＴＩＮ", "Ｊean"),  # fullwidth: compatibility forms of Latin letters
        ("L’Hôte-Dupré", "Jean-Pierre"),
    ],
)
def test_latin_names_with_their_accents_and_ligatures_are_taken(
    store: Store, tmp_path: Path, last_name: str, given_names: str
) -> None:
    person = PersonInput(nne="", last_name=last_name, given_names=given_names, birth_date=SECOND_MANDANT.birth_date)
    out = make_desk(store, tmp_path).establish(replace(ONLINE, mandataire=replace(person, commune="Paris")))
    assert out.saved, out.violations
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Elector).where(Elector.nne.is_(None))) == 1

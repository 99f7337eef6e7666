"""A name pasted from an e-mail is kept as the name it reads: composed (NFC), its spaces plain.

What a field holds after a paste (tests/views/test_x_keyboard.py, through the real X clipboard): a macOS mail gives
its accents decomposed (NFD: « e » then a combining acute), a mail client's non-breaking spaces stay, a trailing
newline becomes a space. The record, the wire body and the receipt were written so: two code points for one « é »
(a 60-character given name refused at 55 letters: R-SAISIE-1), « LE<NBSP>GALL » sent to the central store, and
screens that split a word at the combining mark (« HéLèNe »). The act keeps the name the agent sees, canonically
composed and with plain spaces (rules/textlimits.py `typed_text`); what it folds to is unchanged (rules/names.py).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from test_procuration_names import ONLINE
from test_procurations import make_desk

from desktop.models import Elector, OutboxEntry
from desktop.models.db import Store
from desktop.rules.names import fold_name
from desktop.services.desk import PersonInput

BORN = date(1975, 6, 2)
PASTED_SURNAME = unicodedata.normalize("NFD", "Le\u00a0Gall ")  # NBSP from the mail; the newline became a space
PASTED_GIVEN = unicodedata.normalize("NFD", "Hélène\u00a0Anaïs ")


def _pasted() -> PersonInput:
    return PersonInput(nne="", last_name=PASTED_SURNAME, given_names=PASTED_GIVEN, birth_date=BORN, commune="Paris")


def test_a_pasted_name_is_stored_and_sent_composed_with_plain_spaces(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.check(replace(ONLINE, mandataire=_pasted())) == []
    out = desk.establish(replace(ONLINE, mandataire=_pasted()))
    assert out.saved, out.violations
    with store.session() as s:
        row = s.scalars(select(Elector).where(Elector.nne.is_(None))).one()
        assert (row.last_name, row.given_names) == ("LE GALL", "Hélène Anaïs")
        assert row.search_name == "LE GALL HELENE ANAIS"
        body = json.loads(s.scalars(select(OutboxEntry.body)).one())
    assert (body["mandataire"]["nom"], body["mandataire"]["prenoms"]) == ("LE GALL", ["Hélène", "Anaïs"])


def test_a_pasted_name_is_the_typed_one_for_the_counters_limits(store: Store, tmp_path: Path) -> None:
    """R-LIMIT-1: the same mandataire typed on the keyboard afterwards is the holder the pasted act counted."""
    desk = make_desk(store, tmp_path)
    assert desk.establish(replace(ONLINE, mandataire=_pasted())).saved
    typed = PersonInput(nne="", last_name="LE GALL", given_names="Hélène Anaïs", birth_date=BORN, commune="Paris")
    second = replace(ONLINE, reference="P4T9WD", mandataire=typed, mandant=replace(ONLINE.mandant, nne="371617504"))
    assert any(v.rule_id == "R-LIMIT-1" for v in desk.check(second))
    assert fold_name(PASTED_SURNAME + PASTED_GIVEN) == "LE GALL HELENE ANAIS"


def test_a_long_given_name_pasted_decomposed_counts_its_letters_not_its_code_points(
    store: Store, tmp_path: Path
) -> None:
    """R-SAISIE-1: 60 characters a given name (the wire's limit); « é » pasted decomposed is one of them."""
    name = "Éléonore" + "é" * 52  # 60 letters; 120 code points once decomposed
    person = replace(_pasted(), given_names=unicodedata.normalize("NFD", name))
    found = make_desk(store, tmp_path).check(replace(ONLINE, mandataire=person))
    assert not [v for v in found if v.rule_id == "R-SAISIE-1"], found

"""The desk in English: service messages follow the agent's language, the receipt (a legal document) stays French."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from test_procurations import FORM, MANDANT, make_desk

from desktop import i18n
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.receipts.document import ReceiptDocument, build_document

FRENCH_LEFT = re.compile(r"[éèêàùçôîâœ]|\b(le|la|les|des|du|est|pas|pour|avec|dans|une|au|aux|puis)\b")


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("fr")


def _texts(document: ReceiptDocument) -> list[str]:
    out = [document.issuer_label]
    for section in document.sections:
        out.append(section.title)
        for label, value in section.rows:
            out += [label, value]
    return out


def _print_one(store: Store, tmp_path: Path) -> list[str]:
    printer = FakePrinter()
    desk = make_desk(store, tmp_path, printer=printer)
    out = desk.establish(FORM)
    assert out.saved
    result = desk.print_receipt(out)
    assert result.printed
    return _texts(build_document(printer.printed[0]))


def test_a_refusal_and_a_print_result_in_english(store: Store, tmp_path: Path, english: None) -> None:
    printer = FakePrinter()
    desk = make_desk(store, tmp_path, printer=printer)
    refused = desk.establish(replace(FORM, mandant=replace(MANDANT, nne="")))
    assert not refused.saved and refused.violations
    for violation in refused.violations:
        assert violation.rule_id.startswith("R-") and not FRENCH_LEFT.search(violation.message), violation.message
    out = desk.establish(FORM)
    assert out.saved
    assert desk.print_receipt(out).message == "Receipt printed."


def test_the_receipt_stays_french_in_english(store: Store, tmp_path: Path, english: None) -> None:
    texts = _print_one(store, tmp_path)
    i18n.set_language("fr")
    joined = " | ".join(texts)
    assert "Commissariat de police" in joined and "Procuration" in joined
    for english_word in ("Proxy", "principal", "Police station", "Validity", "Provisional"):
        assert english_word not in joined, english_word


def test_the_header_names_the_agent_and_their_capacity_without_brackets_in_brackets(english: None) -> None:
    """In English a capacity explains itself in brackets: « Name (OPJ (judicial police officer)) » was the header."""
    from desktop.seat import SeatAgent
    from desktop.services.permissions import Principal

    agent = SeatAgent(Principal("75056-01", "a1", role="agent_police", capacity="opj"), "Claire Lemoine")
    assert agent.label == "Claire Lemoine, OPJ (judicial police officer)"
    i18n.set_language("fr")
    assert agent.label == "Claire Lemoine (OPJ)"  # French: as it always was


def test_the_review_reads_in_english(store: Store, tmp_path: Path, english: None) -> None:
    """The review the agent reads aloud before saving: no French month, no « : »."""
    desk = make_desk(store, tmp_path)
    outcome = desk.review(FORM)
    assert outcome.summary is not None, outcome.violations
    s = outcome.summary
    assert s.mandant == "MARTIN Claire Marie, born 15/01/1990, NNE 204512873"
    assert s.mandataire == "DUBOIS Jean, born 02/06/1975, NNE 19374652"
    assert s.elections == ("2027 presidential election: 11/04/2027, 25/04/2027",)
    assert s.validity.startswith("2027 presidential election: ")
    i18n.set_language("fr")
    s = desk.review(FORM).summary
    assert s is not None
    assert s.mandant == "MARTIN Claire Marie, né(e) le 15 janvier 1990, NNE 204512873"
    assert s.elections == ("Élection présidentielle 2027 : 11 avril 2027, 25 avril 2027",)
    assert s.validity.startswith("Élection présidentielle 2027 : 1er et 2d tours")


def test_the_elections_are_named_in_english_on_screens_and_in_french_on_the_receipt(
    store: Store, tmp_path: Path, english: None
) -> None:
    desk = make_desk(store, tmp_path)
    names = [choice.label for choice in desk.elections()]
    assert "2027 presidential election" in names and not any("Élection" in name for name in names)
    assert desk.covered_elections(FORM) == ("2027 presidential election",)
    texts = " | ".join(_print_one(store, tmp_path))
    assert "Élection présidentielle 2027" in texts and "presidential" not in texts
    i18n.set_language("fr")
    assert "Élection présidentielle 2027" in [choice.label for choice in desk.elections()]
    assert desk.covered_elections(FORM) == ("Élection présidentielle 2027",)


def test_the_authority_on_screen_names_the_capacity_in_english(store: Store, tmp_path: Path, english: None) -> None:
    """The review's Authority row (and the Establish form's line) said the receipt's French capacity."""
    from desktop.devices.cards.fake import SIMULATED_READER
    from desktop.services.context import ActingAgent
    from desktop.services.permissions import Principal

    desk = make_desk(store, tmp_path)
    summary = desk.review(FORM).summary
    assert summary is not None and summary.authority.endswith(", OPJ (judicial police officer)")
    consul = ActingAgent(Principal("99001-01", "c1", role="agent_consulaire", capacity="chef_poste"), "C. Roux")
    assert consul.shown_capacity == "Head of consular post" and consul.capacity_label == "Chef de poste consulaire"
    assert i18n._(SIMULATED_READER) == "Simulated reader (demo)"
    i18n.set_language("fr")
    assert consul.shown_capacity == "Chef de poste consulaire"
    summary = desk.review(FORM).summary
    assert summary is not None and summary.authority.endswith(", OPJ")

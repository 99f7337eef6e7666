"""A majeur protégé at the counter (R-ELIG-1, L72-1): the mandant declares being under tutelle and what the
mandataire is to them; a relation the law excludes refuses the procuration next to the declaration, nothing typed is
lost, and « aucun de ces liens » is recalled on the review. The rule existed, but no screen asked (legal audit)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from deskkit import confirm_review, make_desk, show_page
from pytestqt.qtbot import QtBot

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.pdf_file import PdfFilePrinter
from desktop.models.db import Store
from desktop.rules.facts import ProtectionDeclaration, ProtectionRelation
from desktop.services.procuration_body import EstablishInput, form_to_json, protection_of
from desktop.services.supervision import form_from_json
from desktop.views.procurations import EstablishPage
from desktop.views.translations import plain


def _page(qtbot: QtBot, store: Store, tmp_path: Path) -> EstablishPage:
    page = EstablishPage(make_desk(store, tmp_path, PdfFilePrinter(tmp_path / "recus")), FakeCardReader())
    show_page(qtbot, page, size=(1280, 900))
    page.identity.set_person("MARTIN", "Claire Marie", date(1990, 1, 15), "204512873", "communale")
    page.m_nne.setText("19374652")
    page.m_birth.setText("02/06/1975")
    page.m_last.setText("DUBOIS")
    page.m_given.setText("Jean")
    return page


def test_the_relation_is_asked_once_the_mandant_declares_a_tutelle(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = _page(qtbot, store, tmp_path)
    panel = page.mandataire
    field = page.fields["protection.relation"]
    assert not field.isVisible() and page.form().under_protection is False
    panel.protected.setChecked(True)
    assert field.isVisible() and "R-ELIG-1" in plain(" ".join(w.text() for w in field.findChildren(type(field.label))))
    assert panel.protected in panel.editors() and panel.relation in panel.editors()  # reached by Tab
    panel.relation.setCurrentIndex(panel.relation.findData(ProtectionRelation.SALARIE_DOMICILE.value))
    form = page.form()
    assert form.under_protection and form.protection_relation == "salarie_a_domicile"
    panel.protected.setChecked(False)  # a tick by mistake: nothing of it stays in the form
    assert not field.isVisible() and page.form().protection_relation == "" and not page.form().under_protection


def test_an_excluded_relation_refuses_next_to_it_and_keeps_the_form(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = _page(qtbot, store, tmp_path)
    page.mandataire.protected.setChecked(True)
    relation = page.mandataire.relation
    relation.setCurrentIndex(relation.findData(ProtectionRelation.MANDATAIRE_JUDICIAIRE.value))
    page.save()
    field = page.fields["protection.relation"]
    qtbot.waitUntil(lambda: "R-ELIG-1" in field.error_text, timeout=10000)
    assert page.review is None  # refused before the review: no summary to confirm
    assert page.m_last.text() == "DUBOIS" and page.identity.last_name.text() == "MARTIN"
    assert relation.currentData() == "mandataire_judiciaire"


def test_no_excluded_relation_saves_and_the_review_recalls_the_declaration(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    page = _page(qtbot, store, tmp_path)
    page.mandataire.protected.setChecked(True)
    page.save()
    qtbot.waitUntil(lambda: page.review is not None, timeout=10000)
    assert page.review is not None
    assert "Majeur protégé" in page.review.text.text() and "R-ELIG-1" in plain(page.review.text.text())
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=10000)
    assert page.last_outcome is not None and page.last_outcome.saved
    qtbot.waitUntil(lambda: page.m_last.text() == "", timeout=20000)  # ready for the next citizen
    assert not page.mandataire.protected.isChecked()  # who starts with no declaration


def test_the_declaration_reaches_the_rules_and_a_supervisors_copy_of_the_form() -> None:
    form = EstablishInput(under_protection=True, protection_relation="etablissement_ou_service")
    assert form_from_json(form_to_json(form)) == form  # a decision covers the form as declared
    old = form_to_json(EstablishInput()).replace(', "under_protection": false', "")  # kept before the declaration
    assert form_from_json(old).under_protection is False
    assert protection_of(form) == ProtectionDeclaration(True, ProtectionRelation.ETABLISSEMENT)
    assert protection_of(EstablishInput(under_protection=True)) == ProtectionDeclaration(True, None)
    assert protection_of(EstablishInput(protection_relation="salarie_a_domicile")) is None  # no tutelle declared

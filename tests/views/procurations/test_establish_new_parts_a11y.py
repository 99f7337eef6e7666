"""Établir's parts new in session 32, as a keyboard and screen reader user meets them at a consulate at 1024×768: the
mandant's list starting on « Liste à choisir » and the tutelle's check box and relation are in the Tab chain in
reading order, named, the relation's rule (R-ELIG-1) its description, and its refusal said there (accessibility
audit of session 32's new parts)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from a11ykit import accessible_name, describe, interactive_widgets, order_problems, tab_chain
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from pytestqt.qtbot import QtBot
from test_legal_corners import consulate_desk

from desktop.devices.cards.fake import FakeCardReader
from desktop.models.db import Store
from desktop.rules.facts import ProtectionRelation
from desktop.views.kit.announce import listen
from desktop.views.procurations import EstablishPage


@pytest.fixture
def said() -> Iterator[list[QAccessibleAnnouncementEvent]]:
    events: list[QAccessibleAnnouncementEvent] = []
    stop = listen(events.append)
    yield events
    stop()


def test_at_a_consulate_the_new_fields_are_in_reading_order_named_and_refused_aloud(
    qtbot: QtBot, store: Store, tmp_path: Path, said: list[QAccessibleAnnouncementEvent]
) -> None:
    page = EstablishPage(consulate_desk(store, tmp_path), FakeCardReader())
    qtbot.addWidget(page)
    page.resize(1024 - 232, 768 - 150)  # beside the navigation, under the header
    page.show()
    qtbot.waitExposed(page)
    page.identity.set_person("MARTIN", "Claire Marie", date(1990, 1, 15), "204512873", None)
    page.m_nne.setText("19374652")
    page.m_birth.setText("02/06/1975")
    page.m_last.setText("DUBOIS")
    page.m_given.setText("Jean")
    panel = page.mandataire
    panel.protected.setChecked(True)
    chain = tab_chain(page)
    mandant_list, relation = page.identity.list_kind, panel.relation
    assert mandant_list.currentText() == "Liste à choisir"
    assert chain.index(page.identity.nne) < chain.index(mandant_list) < chain.index(page.m_nne)
    assert chain.index(page.m_list) < chain.index(panel.protected) < chain.index(relation)
    assert not order_problems(page)
    unnamed = [describe(w) for w in interactive_widgets(page, visible_only=True) if not accessible_name(w)]
    assert not unnamed
    assert accessible_name(panel.protected) == "Mandant placé sous tutelle (majeur protégé)"
    # A list box's label is its buddy (said as its name on Windows; by the « labelled by » relation on Linux, where
    # its name is the choice shown).
    assert page.fields["protection.relation"].label.buddy() is relation
    iface = QAccessible.queryAccessibleInterface(relation)
    assert iface is not None and "R-ELIG-1" in iface.text(QAccessible.Text.Description)
    relation.setCurrentIndex(relation.findData(ProtectionRelation.MANDATAIRE_JUDICIAIRE.value))
    mandant_list.setCurrentIndex(mandant_list.findData("consulaire"))
    said.clear()
    page.save()
    field = page.fields["protection.relation"]
    qtbot.waitUntil(lambda: "R-ELIG-1" in field.error_text, timeout=10000)
    assert any(e.message().startswith("Le mandataire est, pour le mandant : ") for e in said)
    assert field.error_text in iface.text(QAccessible.Text.Description)
    assert relation.hasFocus()  # a refused save goes to the first refused field (docs/ACCESSIBILITY.md, 7.4)

"""Keyboard only: revoke all of a mandant's procurations; search with history and reprint; the item models."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from deskkit import VERIFIER, focused, make_desk, press, show_page, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.services.desk import DeskServices, EstablishInput, PersonInput, ProcurationRow
from desktop.services.lookup import HistoryItem
from desktop.views.procurations import RevokePage, SearchPage
from desktop.views.procurations.models import HistoryTableModel, ProcurationTableModel

MARTIN = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire Marie", birth_date=date(1990, 1, 15))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
THOMAS = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))


def seed(desk: DeskServices) -> list[str]:
    form = EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id="presidentielle-2027", rounds="T1")
    ids = []
    for f in (form, replace(form, mandataire=THOMAS, rounds="T2")):
        out = desk.establish(f)
        assert out.saved
        ids.append(out.procuration_id or "")
    return ids


def test_revoke_all_keyboard_only(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    printer = FakePrinter()
    desk = make_desk(store, tmp_path, printer)
    ids = seed(desk)
    page = RevokePage(desk)
    show_page(qtbot, page)
    type_text(qtbot, "martin")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "15011990")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.matches) == 1)
    assert len(page.matches) == 1 and page.model.rowCount() == 2
    assert "2 procurations en cours" in page.people.item(0).text()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Confirmer la résiliation des 2" in page.revoke_button.text() and focused() is page.revoke_button
    press(qtbot, Qt.Key.Key_Escape)  # changed their mind
    assert page.last_outcome is None and "annulée" in page.banner.text()
    assert not page.runner.is_busy("revoke")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.last_outcome is not None)
    outcome = page.last_outcome
    assert outcome is not None and outcome.saved and set(outcome.revoked) == set(ids)
    qtbot.waitUntil(lambda: page.last_print is not None, timeout=10000)
    assert page.last_print is not None and page.last_print.printed
    [receipt] = printer.printed
    assert VERIFIER.verify(receipt.payload).kind.value == "resiliation"
    qtbot.waitUntil(lambda: "0 procuration en cours" in page.people.item(0).text())
    statuses = {page.model.row_at(r).status for r in range(page.model.rowCount())}  # type: ignore[union-attr]
    assert statuses == {"resiliee"} and "0 procuration en cours" in page.people.item(0).text()


def test_tab_leaves_the_procurations_table_for_the_form(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path, FakePrinter())
    seed(desk)
    page = RevokePage(desk)
    show_page(qtbot, page)
    type_text(qtbot, "martin")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "15011990")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.matches) == 1)
    page.procurations.setFocus()
    qtbot.waitUntil(lambda: focused() is page.procurations)
    page.procurations.setCurrentIndex(page.model.index(0, 0))
    press(qtbot, Qt.Key.Key_Down)  # the arrows still move within the table
    assert page.procurations.currentIndex().row() == 1 and focused() is page.procurations
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is not page.procurations
    assert page.procurations.currentIndex().row() == 1
    visited = [focused()]
    while focused() is not page.revoke_button and len(visited) < 5:
        press(qtbot, Qt.Key.Key_Tab)
        visited.append(focused())
    assert focused() is page.revoke_button, visited


def test_search_history_and_reprint(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    printer = FakePrinter()
    desk = make_desk(store, tmp_path, printer)
    seed(desk)
    page = SearchPage(desk)
    show_page(qtbot, page)
    type_text(qtbot, "Dubo")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=5000)
    assert page.model.rowCount() == 1 and focused() is page.results
    # This station's row: its status, and under it the central register's word on it.
    assert page.model.index(0, ProcurationTableModel.STATUS).data() == "Provisoire\nEn attente du central"
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 1, timeout=5000)  # read on a worker
    assert page.history_model.index(0, HistoryTableModel.STATUS).data() == "Provisoire"
    assert "non configuré" in page.state.text()
    # Never printed (the seed saved without printing): the first print is the original, never DUPLICATA.
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(printer.printed) == 1, timeout=5000)
    assert not printer.printed[0].receipt.duplicate
    qtbot.waitUntil(lambda: "Récépissé" in page.state.text() and "imprimé" in page.state.text(), timeout=5000)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(printer.printed) == 2, timeout=5000)
    assert printer.printed[1].receipt.duplicate
    qtbot.waitUntil(lambda: "Duplicata" in page.state.text(), timeout=5000)


@pytest.fixture
def rows() -> list[ProcurationRow]:
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    history = (
        HistoryItem(at, "provisoire", "Provisoire", None, "guichet", None),
        HistoryItem(at, "invalidee", "Invalidée", "R-LIMIT-1", "central", "plus tôt ailleurs"),
    )
    base = ProcurationRow(
        id="1",
        source="local",
        receipt_number="GCH-1",
        mandant="MARTIN Claire",
        mandant_birth=date(1990, 1, 15),
        mandataire="DUBOIS Jean",
        validity="Présidentielle",
        channel="Guichet",
        status="invalidee",
        rule_id="R-LIMIT-1",
        confirmed=True,
        established_at=at,
        history=history,
    )
    return [base, replace(base, id="2", source="central", receipt_number="", status="validee", rule_id=None)]


def test_item_models(qtmodeltester: object, rows: list[ProcurationRow]) -> None:
    model = ProcurationTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    # One verdict, who gave it and why: not « Invalidée (R-LIMIT-1) » over « Confirmée par le central ».
    assert model.index(0, ProcurationTableModel.STATUS).data() == "Invalidée par le central\n(R-LIMIT-1)"
    for status, rule, words in (
        ("validee", None, "Validée par le central"),
        ("annulee", "R-ELIG-5", "Annulée par le central\n(R-ELIG-5)"),
        ("provisoire", None, "Provisoire\nReçue par le central"),
        ("resiliee", None, "Résiliée"),
    ):
        assert model.status_text(replace(rows[0], status=status, rule_id=rule)) == words
    pending = replace(rows[0], status="resiliee", rule_id=None, revocation_pending=True)
    assert model.status_text(pending) == "Résiliée ici\nEn attente du central"
    assert "Confirmée" not in model.status_text(replace(rows[0], status="validee", rule_id=None))
    assert model.index(1, ProcurationTableModel.NUMBER).data() == "—"
    assert model.index(1, ProcurationTableModel.STATUS).data() == "Validée\nRépertoire central"  # where it comes from
    assert model.index(0, ProcurationTableModel.MANDANT).data() == "MARTIN Claire (15/01/1990)"
    history = HistoryTableModel()
    history.set_rows(rows[0].history)
    qtmodeltester.check(history)  # type: ignore[attr-defined]
    assert history.index(1, HistoryTableModel.STATUS).data() == "Invalidée (R-LIMIT-1)"
    assert history.index(1, HistoryTableModel.SOURCE).data() == "Répertoire central"


def test_revoke_reads_the_mandants_card_to_find_and_check_them(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    from desktop.devices.cards.fake import FakeCardReader

    desk = make_desk(store, tmp_path, FakePrinter())
    seed(desk)
    reader = FakeCardReader()
    reader.insert("martin-claire")
    page = RevokePage(desk, reader)
    show_page(qtbot, page)
    page.can.setFocus()
    type_text(qtbot, "123456")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: len(page.matches) == 1, timeout=20000)
    assert page.card_read is not None and page.card_state.text().startswith("Carte lue : MARTIN")
    assert "vérifiée par la puce" in page.card_state.text()
    assert page.birth.text() == "15/01/1990" and page.query.text().startswith("martin claire")
    assert "2 procurations en cours" in page.people.item(0).text()
    reader.remove()
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.card_state.text().startswith("Carte non lue"), timeout=20000)


def test_at_1024_by_768_every_column_is_in_sight_after_a_look_up(
    qtbot: QtBot, store: Store, tmp_path: Path, themed: Callable[..., None]
) -> None:
    """Looking a person up is reading names: beside the navigation at 1024×768, in the application's font, every
    column is in sight without scrolling the table sideways (the mandataire and the validity were past its right
    edge; with Source first and the status before the names, the mandant's name was cut)."""
    from PySide6.QtWidgets import QLabel

    themed()
    desk = make_desk(store, tmp_path, FakePrinter())
    seed(desk)
    page = SearchPage(desk)
    show_page(qtbot, page, size=(1024 - 231, 640))
    type_text(qtbot, "Dubo")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: not page.results._columns_due, timeout=2000)  # type: ignore[attr-defined]
    header = page.results.horizontalHeader()
    visible = page.results.viewport().width()
    assert page.results.horizontalScrollBar().maximum() == 0
    for column in range(page.model.columnCount()):
        end = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert end <= visible, (page.model.headerData(column, Qt.Orientation.Horizontal), end, visible)
    # The birth date is optional, said in its label: its placeholder (« JJ/MM/AAAA (f… » before) is whole.
    birth = page.birth
    assert birth.fontMetrics().horizontalAdvance(birth.placeholderText()) <= birth.contentsRect().width() - 8
    assert any("(facultative)" in label.text() for label in page.findChildren(QLabel) if label.buddy() is birth)


def test_what_a_resiliation_would_end_is_said_whole_under_the_table(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """Every procuration the résiliation would end (those in force: the table lists the others too) is said under the
    table before it is confirmed, a line each, with its mandataire and its validity."""
    desk = make_desk(store, tmp_path, FakePrinter())
    seed(desk)
    page = RevokePage(desk)
    show_page(qtbot, page, size=(1024 - 231, 640))
    assert page.ending.isHidden()
    type_text(qtbot, "martin")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.matches) == 1)
    lines = page.ending.text().splitlines()
    assert lines[0] == "Seront résiliées ensemble : 2 procurations en cours"
    rows = [page.model.row_at(r) for r in range(2)]
    for row in rows:
        assert row is not None
        [said] = [line for line in lines[1:] if row.receipt_number in line]
        assert f"mandataire : {row.mandataire} ; validité : {row.validity}" in said
    assert {"DUBOIS Jean", "THOMAS Sophie"} == {row.mandataire for row in rows if row is not None}
    assert page.ending.isVisible() and page.ending.geometry().right() <= page.width()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "0 procuration en cours" in page.people.item(0).text(), timeout=10000)
    assert page.ending.isHidden()  # nothing left in force: nothing to say
    press(qtbot, Qt.Key.Key_Escape)  # what was typed goes on a second Échap only, as on Établir
    assert page.query.text() and "de nouveau sur Échap" in page.banner.text()
    press(qtbot, Qt.Key.Key_Escape)
    assert page.query.text() == "" and page.birth.text() == "" and page.model.rowCount() == 0


@pytest.mark.parametrize("screen", ["rechercher", "resilier"])
def test_at_1024_by_768_the_screen_needs_no_scrolling_to_its_button(
    qtbot: QtBot, store: Store, tmp_path: Path, screen: str, themed: Callable[..., None]
) -> None:
    """Beside the navigation at 1024×768 (the page 793 × 647), in the application's font, after a look-up: the whole
    screen is in sight, its action button included. Every table asked Qt's 192 px: Rechercher's history and its print
    button were under the window's edge, and Résilier's button once the procurations were said under its table."""
    themed()
    desk = make_desk(store, tmp_path, FakePrinter())
    seed(desk)
    page: SearchPage | RevokePage = SearchPage(desk) if screen == "rechercher" else RevokePage(desk)
    show_page(qtbot, page, size=(1024 - 231, 647))
    type_text(qtbot, "martin")
    press(qtbot, Qt.Key.Key_Return)
    if isinstance(page, SearchPage):
        qtbot.waitUntil(lambda: page.history_model.rowCount() == 1, timeout=5000)
        button, table = page.reprint_button, page.history
    else:
        qtbot.waitUntil(lambda: len(page.matches) == 1, timeout=5000)
        button, table = page.revoke_button, page.procurations
    qtbot.wait(50)
    assert page.page_scroll.verticalScrollBar().maximum() == 0
    viewport = page.page_scroll.viewport()
    assert button.mapTo(viewport, button.rect().bottomLeft()).y() <= viewport.height()
    # and the tables keep at least their header and one whole row
    assert table.viewport().height() >= table.verticalHeader().defaultSectionSize()

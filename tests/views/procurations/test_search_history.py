"""Rechercher: the selected row's status history is read on a worker, the latest selection wins, one consultation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from deskkit import make_desk, press, show_page, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.devices.printers.fake import FakePrinter
from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.services.consultation_writer import settle
from desktop.services.desk import DeskServices, EstablishInput, HistoryItem, PersonInput, SearchQuery
from desktop.views.procurations import SearchPage
from desktop.views.procurations.models import HistoryTableModel, ProcurationTableModel

MARTIN = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire", birth_date=date(1990, 1, 15))
MARTINEZ = PersonInput(nne="285042289", last_name="MARTINEZ", given_names="Sophie", birth_date=date(1963, 5, 27))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
BERNARD = PersonInput(nne="371617504", last_name="BERNARD", given_names="Luc", birth_date=date(1969, 8, 8))


class SpyDesk(DeskServices):
    """The real desk, noting on which thread each history is read; `slow` delays the history of one procuration."""

    def __init__(self, desk: DeskServices) -> None:
        super().__init__(desk.ctx)
        self.history_threads: list[threading.Thread] = []
        self.slow: str | None = None

    def history(self, procuration_id: str) -> tuple[HistoryItem, ...]:
        self.history_threads.append(threading.current_thread())
        if procuration_id == self.slow:
            time.sleep(0.5)
        return super().history(procuration_id)


def seeded(store: Store, tmp_path: Path) -> tuple[SpyDesk, str, str]:
    """MARTIN's act in force; MARTINEZ's revoked (two status changes)."""
    desk = SpyDesk(make_desk(store, tmp_path, FakePrinter()))
    form = EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id="presidentielle-2027", rounds="T1")
    kept = desk.establish(form)
    revoked = desk.establish(replace(form, mandant=MARTINEZ, mandataire=BERNARD))
    assert kept.saved and revoked.saved and kept.procuration_id and revoked.procuration_id
    [row] = desk.search(SearchQuery("285042289")).local
    assert desk.revoke_all(elector_id=row.mandant_id).saved
    return desk, kept.procuration_id, revoked.procuration_id


def search(qtbot: QtBot, page: SearchPage, text: str) -> None:
    show_page(qtbot, page)
    type_text(qtbot, text)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=5000)


def history_of(page: SearchPage) -> list[str]:
    model = page.history_model
    return [str(model.index(i, HistoryTableModel.STATUS).data()) for i in range(model.rowCount())]


def test_the_selected_rows_history_is_read_off_the_gui_thread(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    desk, kept, revoked = seeded(store, tmp_path)
    page = SearchPage(desk)
    search(qtbot, page, "martin")
    assert page.model.rowCount() == 2
    rows = {page.model.row_at(i).id: i for i in range(2)}  # type: ignore[union-attr]
    page.results.selectRow(rows[kept])
    qtbot.waitUntil(lambda: history_of(page) == ["Provisoire"], timeout=5000)
    page.results.selectRow(rows[revoked])
    qtbot.waitUntil(lambda: history_of(page) == ["Provisoire", "Résiliée"], timeout=5000)
    assert desk.history_threads and all(t is not threading.main_thread() for t in desk.history_threads)
    assert page.history_model.index(1, HistoryTableModel.NOTE).data() == "résiliée au guichet"


def test_an_answer_for_a_row_left_meanwhile_is_not_shown(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    desk, kept, revoked = seeded(store, tmp_path)
    page = SearchPage(desk)
    search(qtbot, page, "martin")
    rows = {page.model.row_at(i).id: i for i in range(2)}  # type: ignore[union-attr]
    page.results.selectRow(rows[kept])
    qtbot.waitUntil(lambda: history_of(page) == ["Provisoire"], timeout=5000)
    desk.slow = revoked
    page.results.selectRow(rows[revoked])  # its history takes 0.5 s (if it starts before the next supersedes it)...
    page.results.selectRow(rows[kept])  # ...the agent moves back at once
    qtbot.waitUntil(lambda: not page.runner.is_busy("history"), timeout=5000)
    qtbot.wait(700)  # a slow answer has come back by now, and was dropped
    assert history_of(page) == ["Provisoire"]
    asked = len(desk.history_threads)
    page.results.selectRow(rows[revoked])  # slow again...
    press(qtbot, Qt.Key.Key_Escape)  # ...and the agent clears the page: no row is looked at any more
    qtbot.waitUntil(lambda: len(desk.history_threads) == asked + 1, timeout=5000)  # it was asked, and runs
    qtbot.wait(700)
    assert history_of(page) == [] and page.model.rowCount() == 0


def test_a_search_and_its_rows_history_are_one_consultation(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    desk, _kept, _revoked = seeded(store, tmp_path)
    assert settle(store)
    with store.session() as s:
        before = s.query(AuditEvent).filter(AuditEvent.action == "consultation").count()
    page = SearchPage(desk)
    search(qtbot, page, "martin")
    qtbot.waitUntil(lambda: bool(history_of(page)), timeout=5000)
    press(qtbot, Qt.Key.Key_Down)  # the other row: its history too
    qtbot.waitUntil(lambda: len(desk.history_threads) >= 2, timeout=5000)
    page.runner.wait()
    assert settle(store)
    with store.session() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "consultation")))[before:]
    assert [e.record_kind for e in events] == ["recherche"]


def test_the_selected_procuration_is_read_whole_in_its_row_beside_the_navigation_at_1024(
    qtbot: QtBot, store: Store, tmp_path: Path, themed: Callable[..., None]
) -> None:
    """At 1024×768 the table's mandataire and validity columns were past its right edge, and a line under it said the
    selected procuration whole. Every column is in sight now: the row itself says it, and that line is gone."""
    themed()
    desk, kept, revoked = seeded(store, tmp_path)
    page = SearchPage(desk)
    show_page(qtbot, page, size=(1024 - 231, 647))
    type_text(qtbot, "martin")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    qtbot.waitUntil(lambda: not page.results._columns_due, timeout=2000)  # type: ignore[attr-defined]
    assert not [label.text() for label in page.findChildren(QLabel) if "mandataire :" in label.text()]
    rows = {page.model.row_at(i).id: i for i in range(2)}  # type: ignore[union-attr]
    width = page.results.viewport().width()
    m = ProcurationTableModel
    for pid, status in ((kept, "Provisoire"), (revoked, "Résiliée")):
        page.results.selectRow(rows[pid])
        row = page.model.row_at(rows[pid])
        assert row is not None
        for column, words in ((m.MANDATAIRE, row.mandataire), (m.VALIDITY, row.validity), (m.STATUS, status)):
            index = page.model.index(rows[pid], column)
            assert words in index.data()
            cell = page.results.visualRect(index)
            assert cell.left() >= 0 and cell.right() < width, (words, cell, width)


def test_the_history_header_spans_the_table_empty_and_with_rows(
    qtbot: QtBot, store: Store, tmp_path: Path, themed: Callable[..., None]
) -> None:
    """Its columns fitted to their titles, the last one stretching: Qt's resizeColumnsToContents sized the last one
    too, and until the window's next resize the empty history's header line stopped at half the table's width."""
    themed()
    desk, kept, _revoked = seeded(store, tmp_path)
    page = SearchPage(desk)
    show_page(qtbot, page, size=(1024 - 231, 647))
    header = page.history.horizontalHeader()

    def spans() -> bool:
        last = header.count() - 1
        return header.sectionViewportPosition(last) + header.sectionSize(last) == page.history.viewport().width()

    qtbot.waitUntil(spans, timeout=2000)
    for column in range(header.count() - 1):  # the others fit their titles, not a share of the width
        title = str(page.history_model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) < 3 * page.history.fontMetrics().horizontalAdvance(title) + 40
    assert header.defaultAlignment() & Qt.AlignmentFlag.AlignLeft  # a stretched title is not floated to the middle
    search(qtbot, page, "martin")
    page.results.selectRow(next(i for i in range(2) if page.model.row_at(i).id == kept))  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: history_of(page) == ["Provisoire"], timeout=5000)
    qtbot.waitUntil(spans, timeout=2000)

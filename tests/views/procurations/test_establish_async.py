"""Établir while another connection writes: live checks answer, a save waits on a worker, nothing typed is lost."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from deskkit import make_desk, type_text
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models import SyncState
from desktop.models.db import Store
from desktop.services.desk import DeskServices, EstablishInput, PersonInput, SearchQuery
from desktop.views.procurations import EstablishPage

DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))


class HeldWrite(threading.Thread):
    """Another connection (the sync worker, say) in a write transaction until released."""

    def __init__(self, store: Store) -> None:
        super().__init__(daemon=True)
        self.store = store
        self.holding, self.release = threading.Event(), threading.Event()

    def run(self) -> None:
        with self.store.write() as s:
            s.execute(update(SyncState).values(last_error=None))
            self.holding.set()
            self.release.wait(30)


def _page(qtbot: QtBot, store: Store, tmp_path: Path) -> tuple[EstablishPage, DeskServices]:
    desk = make_desk(store, tmp_path, FakePrinter())
    first = EstablishInput(
        mandant=PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27)),
        mandataire=DUBOIS,
        election_id="presidentielle-2027",
    )
    assert desk.establish(first).saved
    page = EstablishPage(desk, FakeCardReader())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=3000)
    return page, desk


def test_the_live_check_answers_while_a_writer_holds_the_store(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page, _ = _page(qtbot, store, tmp_path)
    writer = HeldWrite(store)
    writer.start()
    assert writer.holding.wait(10)
    try:
        page.m_nne.setFocus()
        type_text(qtbot, "19374652")
        # R-LIMIT-1 needs the store (what DUBOIS already holds): read beside the writer, not behind it.
        qtbot.waitUntil(lambda: page.fields["mandataire.nne"].error_text.startswith("R-LIMIT-1"), timeout=5000)
        assert writer.is_alive() and not writer.release.is_set()
    finally:
        writer.release.set()
        writer.join(10)


def test_a_save_behind_a_writer_shows_busy_and_keeps_the_form(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page, desk = _page(qtbot, store, tmp_path)
    page.identity.last_name.setText("BERNARD")
    page.identity.given_names.setText("Luc")
    page.identity.birth_date.setText("08/08/1969")
    page.identity.nne.setText("371617504")
    page.m_nne.setText("48524921")
    page.m_birth.setText("25/04/1975")
    page.m_last.setText("LEBLANC")
    page.m_given.setText("Étienne")
    writer = HeldWrite(store)
    writer.start()
    assert writer.holding.wait(10)
    try:
        page.save()  # the review reads beside the writer (WAL), then shows the act as it will stand
        assert not page.save_button.isEnabled() and page.save_button.text() == "Vérification…"
        qtbot.waitUntil(lambda: page.review is not None, timeout=10000)
        assert page.review is not None
        page.review.accept()  # confirmed: returns at once, the write waits for the lock on a worker
        assert page.runner.is_busy("save") and not page.save_button.isEnabled()
        assert page.save_button.text() == "Enregistrement…"
        page.save()  # a second press while saving does nothing
        assert page.m_last.text() == "LEBLANC" and page.identity.last_name.text() == "BERNARD"
        assert page.last_outcome is None
    finally:
        writer.release.set()
        writer.join(10)
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=10000)
    assert page.last_outcome is not None and page.last_outcome.saved
    qtbot.waitUntil(lambda: page.last_print is not None, timeout=10000)
    # Printed: ready for the next citizen (until then the form stayed, read-only, with its receipt number).
    assert page.save_button.isEnabled() and page.m_last.text() == ""
    assert len(desk.search(SearchQuery("leblanc")).local) == 1

"""Activité du jour at a consulate: a passport case's step receipts among the day's acts, their status in words."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from contextkit import station_desk
from pytestqt.qtbot import QtBot

from desktop.models.db import Store
from desktop.services.passport_values import PassportRequest
from desktop.services.passports import PassportService
from desktop.views.activity import ActivityPage, ActivityTableModel

REQUEST = PassportRequest(
    last_name="TESTNOM", given_names="Camille", birth_date=date(1984, 7, 9), country="CA",
    old_passport_issued=date(2016, 5, 2), old_passport_expiry=date(2026, 5, 1), numic="AB12345",
    old_passport_number="16CV12345",
)  # fmt: skip


def test_a_passport_step_reads_its_status_in_words(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """The Statut column showed the stored code « en_cours » (in French and in English alike): only a
    procuration's statuses were put in words. A passport case reads « En cours », as on the dashboard's list."""
    desk = station_desk(store, tmp_path, lambda: datetime(2026, 3, 1, 15, 0, tzinfo=UTC), kind="consulat",
                        tz="America/Toronto")  # fmt: skip
    passports = PassportService(desk.ctx)
    case = passports.open_case(REQUEST).case
    assert case is not None
    assert passports.record_documents(case.summary.id, photo_ok=True, dhl_adult_signature=False).receipt_number
    page = ActivityPage(desk)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    statuses = [page.model.index(r, ActivityTableModel.STATUS).data() for r in range(page.model.rowCount())]
    assert statuses == ["En cours", "En cours"], statuses  # the step 3 receipt, and the case opened (steps 1-2)

"""Rechercher says « Expirée » for a procuration whose validity is over (§8), in the text colour: not green as a
confirmed one, not orange as one waiting for the central store (legal audit)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.lookup_types import ProcurationRow
from desktop.views.procurations.models import ProcurationTableModel

ROW = ProcurationRow(
    id="p1",
    source="local",
    receipt_number="GCH-75056-01-2027-000001",
    mandant="MARTIN Claire",
    mandant_birth=date(1990, 1, 15),
    mandataire="DUBOIS Jean",
    validity="Élection présidentielle 2027 : 1er tour",
    channel="Guichet",
    status="validee",
    rule_id=None,
    confirmed=True,
    established_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    over=True,
)


def test_an_expired_row_says_so_in_the_text_colour(qtbot: QtBot) -> None:
    model = ProcurationTableModel()
    model.set_rows([ROW])
    index = model.index(0, ProcurationTableModel.STATUS)
    assert model.data(index) == "Expirée\nValidité terminée"
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is None
    revoked = ProcurationRow(**{**{f: getattr(ROW, f) for f in ROW.__slots__}, "status": "resiliee"})
    model.set_rows([revoked])  # a revoked one keeps its word, over or not
    assert model.data(model.index(0, ProcurationTableModel.STATUS)) == "Résiliée"

"""The one date input: typed as agents type dates, read back as a date or None."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from desktop.views.kit.dates import DateInput


def test_typed_dates_in_every_usual_shape(qtbot: QtBot) -> None:
    edit = DateInput()
    qtbot.addWidget(edit)
    assert edit.placeholderText() == "JJ/MM/AAAA" and edit.value() is None
    for typed in ("15011990", "15/01/1990", "15.01.1990", "15 01 1990"):
        edit.clear()
        qtbot.keyClicks(edit, typed)
        assert edit.value() == date(1990, 1, 15), typed
    edit.setText("31/02/1990")
    assert edit.value() is None  # no such day: the form says so next to the field
    edit.set_value(date(2026, 3, 9))
    assert edit.text() == "09/03/2026"

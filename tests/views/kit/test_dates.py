"""The one date input: typed as agents type dates, read back as a date or None."""

from __future__ import annotations

from collections.abc import Callable
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


def test_a_date_input_squeezed_beside_longer_fields_keeps_its_placeholder_whole(
    qtbot: QtBot, themed: Callable[..., None]
) -> None:
    """An English Résilier at 1024×768 read « DD/MM/… »: the fields beside it took the row's width."""
    from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

    themed()
    for placeholder in ("JJ/MM/AAAA", "DD/MM/YYYY"):
        row = QWidget()
        qtbot.addWidget(row)
        layout = QHBoxLayout(row)
        edit = DateInput(placeholder=placeholder)
        layout.addWidget(QLineEdit("une référence reçue par courriel, longue"), 3)
        layout.addWidget(edit, 1)
        layout.addWidget(QLineEdit("un autre champ, long lui aussi"), 3)
        row.resize(row.minimumSizeHint().width(), 60)
        row.show()
        qtbot.waitExposed(row)
        room = edit.contentsRect().width() - edit.textMargins().left() - edit.textMargins().right()
        assert edit.fontMetrics().horizontalAdvance(placeholder) <= room - 4, (placeholder, room)


def test_a_date_that_is_no_date_is_said_so_under_its_field_never_as_missing(qtbot: QtBot) -> None:
    """« 31/02/1980 » or « 99/99/9999 » read as a missing date: « Renseignez la date de naissance » when one was
    typed. The field says what is wrong as soon as the agent leaves it, a rule's « missing » message shown on it
    after a save says the same, and what was typed stays for the agent to correct."""
    from desktop.views.kit.fields import Field

    edit = DateInput()
    field = Field("Date de naissance", edit)
    qtbot.addWidget(field)
    field.show()
    unreadable = Field.unreadable_date_text()
    for typed in ("31/02/1980", "99/99/9999", "15/01"):
        edit.setText(typed)
        edit.editingFinished.emit()
        assert field.error_text == unreadable and edit.property("invalid") == "true", typed
        field.show_error("Renseignez la date de naissance du mandataire : elle est obligatoire. (R-CHAN-C-1)")
        assert field.error_text == unreadable and edit.text() == typed
    field.clear_error()  # a form's live check with nothing to say about this field: the date still is no date
    assert field.error_text == unreadable
    edit.setText("29/02/1980")
    edit.editingFinished.emit()
    assert field.error_text == "" and edit.property("invalid") != "true"
    edit.clear()  # empty is missing: the rule's own message stands
    field.show_error("Renseignez la date de naissance du mandataire : elle est obligatoire. (R-CHAN-C-1)")
    assert field.error_text.startswith("Renseignez")

"""Names as the counter shows them: NOM in capitals, Prénom capitalised, whatever case the agent typed the given
names in; what is stored and printed stays as typed (display only)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from desktop.services.activity import ActivityRow
from desktop.services.desk import ProcurationRow
from desktop.views.activity import ActivityTableModel
from desktop.views.procurations.detail import ProcurationText
from desktop.views.procurations.models import ProcurationTableModel
from desktop.views.procurations.names import shown_given_names, shown_name, shown_person

AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_given_names_typed_in_lower_case_are_capitalised_and_others_left_alone() -> None:
    assert shown_given_names("jean") == "Jean"
    assert shown_given_names("marie-claire élodie") == "Marie-Claire Élodie"
    assert shown_given_names("McKenzie jean") == "McKenzie Jean"  # a capital typed on purpose stays
    assert shown_given_names("") == ""
    assert shown_name("dubois", "jean") == "DUBOIS Jean"
    assert shown_person("THOMAS sophie → DUBOIS") == "THOMAS Sophie → DUBOIS"
    assert shown_person("NUMIC 12345678") == "NUMIC 12345678"


def test_the_lists_show_typed_lower_case_given_names_capitalised_and_keep_the_row_as_typed(qtbot: object) -> None:
    row = ProcurationRow(
        id="1",
        source="local",
        receipt_number="GCH-1",
        mandant="THOMAS sophie",
        mandant_birth=date(1963, 5, 27),
        mandataire="DUBOIS jean",
        validity="Présidentielle",
        channel="Guichet",
        status="provisoire",
        rule_id=None,
        confirmed=False,
        established_at=AT,
    )
    model = ProcurationTableModel()
    model.set_rows([row])
    assert model.text(0, ProcurationTableModel.MANDANT) == "THOMAS Sophie (27/05/1963)"
    assert model.text(0, ProcurationTableModel.MANDATAIRE) == "DUBOIS Jean"
    assert model.row_at(0) == row and row.mandataire == "DUBOIS jean"  # the record is not rewritten
    text = ProcurationText()
    assert "mandataire : DUBOIS Jean" in text.line(replace(row, mandataire="DUBOIS jean"))
    activity = ActivityTableModel()
    activity.set_rows(
        [
            ActivityRow(
                receipt_number="GCH-75056-01-2026-000001",
                kind="procuration",
                kind_label="Procuration",
                at=AT,
                person="THOMAS sophie → DUBOIS",
                status="provisoire",
                status_label="Provisoire",
                to_print=False,
                printed=1,
                alert=False,
                advice="",
                sync_label="",
            )
        ]
    )
    assert activity.text(0, ActivityTableModel.PERSON) == "THOMAS Sophie → DUBOIS"

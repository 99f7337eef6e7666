"""§8 at a look-up: a procuration whose last covered day is past is « Expirée », not « Provisoire » or « Validée »
(legal audit: Rechercher showed a procuration for the first round of 11/04/2027 as in force on 12/04, while Résilier
already left it out as over). The vote day itself is still in force; revoked or refused ones keep their word."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from test_procurations import FORM, NOW, make_desk

from desktop.models.db import Store
from desktop.services.context import load_calendar
from desktop.services.desk import SearchQuery
from desktop.services.lookup import _central_rows
from desktop.services.lookup_local import last_day
from desktop.sync.wire import LookupItem


def test_a_first_round_procuration_is_expired_the_day_after_the_first_round(store: Store, tmp_path: Path) -> None:
    clock = [NOW]
    desk = make_desk(store, tmp_path, clock=lambda: clock[0])
    out = desk.establish(replace(FORM, rounds="T1"))
    assert out.saved
    roy = replace(FORM.mandant, nne="103245678", last_name="ROY")
    leroy = replace(FORM.mandataire, nne="87654321", last_name="LEROY")
    both = desk.establish(replace(FORM, mandant=roy, mandataire=leroy))
    assert both.saved, both.violations
    clock[0] = datetime(2027, 4, 11, 18, 0, tzinfo=UTC)  # the vote day, 20:00 in Paris: still in force
    [row] = desk.search(SearchQuery("204512873")).local
    assert not row.expired and row.status_label == "Provisoire"
    clock[0] = datetime(2027, 4, 12, 7, 0, tzinfo=UTC)  # the next morning
    [row] = desk.search(SearchQuery("204512873")).local
    assert row.expired and row.status_label == "Expirée"
    [by_number] = desk.search(SearchQuery(out.receipt_number)).local  # the receipt number's path says the same
    assert by_number.status_label == "Expirée"
    [other] = desk.search(SearchQuery("103245678")).local  # both rounds: the second one is to come
    assert not other.expired and other.status_label == "Provisoire"


def test_a_duration_is_expired_after_its_last_day_and_a_revoked_one_stays_revoked(store: Store, tmp_path: Path) -> None:
    clock = [NOW]
    desk = make_desk(store, tmp_path, clock=lambda: clock[0])
    form = replace(FORM, validity_kind="DUREE", valid_from=date(2026, 12, 1), valid_until=date(2027, 3, 31))
    assert desk.establish(form).saved
    clock[0] = datetime(2027, 3, 31, 12, 0, tzinfo=UTC)
    assert desk.search(SearchQuery("204512873")).local[0].status_label == "Provisoire"
    clock[0] = datetime(2027, 4, 1, 12, 0, tzinfo=UTC)
    assert desk.search(SearchQuery("204512873")).local[0].status_label == "Expirée"
    [match] = desk.find_mandants(SearchQuery("204512873"))
    assert match.in_force == ()  # Résilier agrees: nothing left to revoke


def test_the_last_day_of_a_stored_validity() -> None:
    calendar = load_calendar()
    assert last_day(calendar, "SCRUTIN", "not-in-the-calendar", "T1_T2", None) is None  # never taken as over
    assert last_day(calendar, "SCRUTIN", "presidentielle-2027", "T1", None) == date(2027, 4, 11)
    assert last_day(calendar, "SCRUTIN", "presidentielle-2027", "T1_T2", None) == date(2027, 4, 25)
    assert last_day(calendar, "DUREE", None, None, "2027-03-31") == date(2027, 3, 31)


def test_a_central_row_past_its_validity_is_expired(store: Store, tmp_path: Path) -> None:
    clock = [datetime(2027, 4, 25, 20, 0, tzinfo=UTC)]  # the second round's evening: still in force
    desk = make_desk(store, tmp_path, clock=lambda: clock[0])
    item = LookupItem.model_validate(
        {
            "record_id": "01937a4e-0000-7000-8000-000000000001",
            "role": "mandant",
            "other_party": "DUBOIS Jean",
            "status": "validee",
            "validity": {"kind": "SCRUTIN", "election_id": "presidentielle-2027", "rounds": "T1_T2"},
            "established_at": "2026-12-01T09:30:00Z",
            "established_in": "france",
        }
    )
    [row] = _central_rows([item], "MARTIN Claire", desk.ctx)
    assert not row.expired and row.status_label == "Validée"
    clock[0] = datetime(2027, 4, 26, 7, 0, tzinfo=UTC)
    [row] = _central_rows([item], "MARTIN Claire", desk.ctx)
    assert row.expired and row.status_label == "Expirée"

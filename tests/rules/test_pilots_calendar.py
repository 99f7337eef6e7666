"""R-PASS-4's experiments come with the calendar file: an arrêté that extends one is a file the desk and the central
store are given, not a new release (the shipped experiment ends on 30 November 2027; from the next day every
remote renewal was refused, at the counter and, since session 32, at the central store)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from contextkit import service_context

from desktop import resources
from desktop.models.db import Store
from desktop.rules.calendar import CalendarError, parse_calendar
from desktop.rules.passport import PassportApplicant, check_passport_eligibility
from desktop.rules.pilots import PILOTS, Pilot
from desktop.services.passports import PassportRequest, PassportService
from desktop.services.permissions import Principal
from desktop.settings import load_settings

EXTENDED = {"nom": "Expérimentation 2027-2029", "pays": ["can", "ESP"], "debut": "2027-12-01", "fin": "2029-11-30"}
JAN_2028 = date(2028, 1, 10)


def _document(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.read_text("elections.json"))
    data.update(extra)
    return data


def _applicant() -> PassportApplicant:
    return PassportApplicant(
        birth_date=date(1984, 7, 9),
        registered_abroad=True,
        country="CAN",
        passport_issued_on=date(2016, 5, 2),
        passport_expires_on=date(2026, 5, 1),
        passport_in_hand=True,
    )


def test_the_shipped_calendar_carries_the_shipped_experiments() -> None:
    assert parse_calendar(_document()).passport_pilots == PILOTS


def test_a_calendar_file_replaces_the_experiments() -> None:
    calendar = parse_calendar(_document(experimentations_passeport=[EXTENDED]))
    assert calendar.passport_pilots == (
        Pilot("Expérimentation 2027-2029", frozenset({"CAN", "ESP"}), date(2027, 12, 1), date(2029, 11, 30)),
    )
    shipped = check_passport_eligibility(_applicant(), today=JAN_2028)
    assert [v.rule_id for v in shipped] == ["R-PASS-4"]  # the shipped experiment is over
    assert check_passport_eligibility(_applicant(), today=JAN_2028, pilots=calendar.passport_pilots) == []


@pytest.mark.parametrize(
    "pilots",
    [
        {"nom": "x"},
        [{"nom": "x", "pays": "CAN", "debut": "2027-12-01", "fin": "2029-11-30"}],
        [{"nom": "x", "pays": ["CAN"], "debut": "1er décembre", "fin": "2029-11-30"}],
        [{"nom": "x", "pays": ["CAN"], "debut": "2029-12-01", "fin": "2029-11-30"}],
        ["x"],
    ],
)
def test_a_malformed_experiment_is_refused_at_start_up(pilots: Any) -> None:
    with pytest.raises(CalendarError):
        parse_calendar(_document(experimentations_passeport=pilots))


def test_the_desk_opens_a_case_under_an_experiment_its_calendar_file_gives(store: Store, tmp_path: Path) -> None:
    settings = load_settings(
        config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path, station_kind="consulat", station_code="CA"
    )
    actor = Principal(
        "CA", "agent-1", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
    )
    request = PassportRequest(
        last_name="Lefèvre",
        given_names="Hélène",
        birth_date=date(1984, 7, 9),
        country="CA",
        old_passport_issued=date(2016, 5, 2),
        old_passport_expiry=date(2026, 5, 1),
    )
    clock = lambda: datetime(2028, 1, 10, 15, 0, tzinfo=UTC)  # noqa: E731
    shipped = PassportService(service_context(store, settings, actor=actor, clock=clock))
    assert [v.rule_id for v in shipped.open_case(request).violations] == ["R-PASS-4"]
    calendar = parse_calendar(_document(experimentations_passeport=[EXTENDED]))
    extended = PassportService(service_context(store, settings, actor=actor, clock=clock, calendar=calendar))
    opened = extended.open_case(request)
    assert opened.case is not None, opened.violations

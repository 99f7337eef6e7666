"""Validity (spec §5): scrutin and rounds, durations and the R-VALID-4a boundary, 29 February."""

from __future__ import annotations

from datetime import date

from desktop.rules.calendar import ElectionCalendar
from desktop.rules.types import DurationValidity, ListKind, Rounds, ScrutinValidity
from desktop.rules.validity import (
    RoundPlan,
    add_months,
    add_years,
    check_validity,
    max_duration_end,
    plan_rounds,
    validity_end,
)

C, LEC = ListKind.COMMUNALE, ListKind.CONSULAIRE


def _ids(cal: ElectionCalendar, v: object, today: date, lst: ListKind = C) -> list[str]:
    return [x.rule_id for x in check_validity(v, established_on=today, mandant_list=lst, calendar=cal)]  # type: ignore[arg-type]


def test_add_years_and_months() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2025, 3, 1), 1) == date(2026, 3, 1)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 2) == date(2027, 1, 30)
    assert add_months(date(2024, 12, 31), 2) == date(2025, 2, 28)


def test_R_VALID_1_validity_required(calendar: ElectionCalendar) -> None:
    v = check_validity(None, established_on=date(2026, 12, 1), mandant_list=C, calendar=calendar)
    assert [(x.rule_id, x.field) for x in v] == [("R-VALID-1", "validity.election")]


def test_R_VALID_2_election_and_rounds(calendar: ElectionCalendar) -> None:
    today = date(2026, 12, 1)
    assert _ids(calendar, ScrutinValidity("presidentielle-2027", Rounds.BOTH), today) == []
    assert _ids(calendar, ScrutinValidity("inconnue", Rounds.T1), today) == ["R-VALID-2"]
    assert _ids(calendar, ScrutinValidity("europeennes-2029", Rounds.T2), today) == ["R-VALID-2"]
    assert _ids(calendar, ScrutinValidity("europeennes-2029", Rounds.BOTH), today) == []


def test_R_VALID_2_past_rounds_day_before_of_after(calendar: ElectionCalendar) -> None:
    both = ScrutinValidity("presidentielle-2027", Rounds.BOTH)
    t2 = ScrutinValidity("presidentielle-2027", Rounds.T2)
    # R-TIME-1: the day of the first round is still allowed.
    assert _ids(calendar, both, date(2027, 4, 10)) == []
    assert _ids(calendar, both, date(2027, 4, 11)) == []
    assert _ids(calendar, both, date(2027, 4, 12)) == ["R-VALID-2"]
    assert _ids(calendar, t2, date(2027, 4, 12)) == []
    assert _ids(calendar, t2, date(2027, 4, 25)) == []
    assert _ids(calendar, t2, date(2027, 4, 26)) == ["R-VALID-2"]


def test_R_VALID_3_same_mandataire_one_procuration_different_two() -> None:
    assert plan_rounds("X", "X") == [RoundPlan("X", Rounds.BOTH)]
    assert plan_rounds("X", "Y") == [RoundPlan("X", Rounds.T1), RoundPlan("Y", Rounds.T2)]
    assert plan_rounds("X", None) == [RoundPlan("X", Rounds.T1)]
    assert plan_rounds(None, "Y") == [RoundPlan("Y", Rounds.T2)]
    assert plan_rounds(None, None) == []


def test_R_VALID_4_one_year_communal_three_consular(calendar: ElectionCalendar) -> None:
    today = date(2026, 12, 1)
    one = DurationValidity(today, date(2027, 12, 1))
    assert _ids(calendar, one, today) == []
    assert _ids(calendar, DurationValidity(today, date(2027, 12, 2)), today) == ["R-VALID-4"]
    assert _ids(calendar, DurationValidity(today, date(2027, 11, 30)), today) == []
    assert _ids(calendar, DurationValidity(today, date(2029, 12, 1)), today, LEC) == []
    assert _ids(calendar, DurationValidity(today, date(2029, 12, 2)), today, LEC) == ["R-VALID-4"]
    assert _ids(calendar, DurationValidity(today, date(2027, 3, 1)), today) == []  # shorter is fine
    # A voter abroad on a communal list: still 1 year.
    assert _ids(calendar, DurationValidity(today, date(2028, 12, 1)), today, C) == ["R-VALID-4"]
    assert _ids(calendar, DurationValidity(today, date(2026, 11, 30)), today) == ["R-VALID-4"]


def test_R_VALID_4a_start_not_before_establishment_and_29_february(calendar: ElectionCalendar) -> None:
    today = date(2026, 12, 1)
    assert _ids(calendar, DurationValidity(date(2026, 11, 30), date(2027, 1, 1)), today) == ["R-VALID-4a"]
    assert _ids(calendar, DurationValidity(date(2026, 12, 2), date(2027, 12, 1)), today) == []
    leap = date(2028, 2, 29)
    assert max_duration_end(leap, C) == date(2029, 2, 28)
    assert max_duration_end(leap, LEC) == date(2031, 2, 28)
    assert _ids(calendar, DurationValidity(leap, date(2029, 2, 28)), leap) == []
    assert _ids(calendar, DurationValidity(leap, date(2029, 3, 1)), leap) == ["R-VALID-4"]
    msg = check_validity(
        DurationValidity(leap, date(2029, 3, 1)), established_on=leap, mandant_list=C, calendar=calendar
    )[0].message
    assert "28/02/2029" in msg


def test_R_VALID_4b_no_attestation_needed_for_a_duration(calendar: ElectionCalendar) -> None:
    # There is no attestation field at all: a well-formed duration passes with the validity alone.
    today = date(2026, 12, 1)
    assert (
        check_validity(
            DurationValidity(today, date(2027, 6, 1)), established_on=today, mandant_list=C, calendar=calendar
        )
        == []
    )


def test_validity_end(calendar: ElectionCalendar) -> None:
    assert validity_end(ScrutinValidity("presidentielle-2027", Rounds.BOTH), calendar) == date(2027, 4, 25)
    assert validity_end(DurationValidity(date(2027, 1, 1), date(2027, 2, 1)), calendar) == date(2027, 2, 1)
    assert validity_end(ScrutinValidity("x", Rounds.T1), calendar) is None

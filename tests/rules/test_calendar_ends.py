"""Dates near the calendar's ends never raise: a typed « 01/01/9999 » as a passport's expiry made the desk's
eligibility check fail with « year 10004 is out of range » (the central store guarded its own call, session 32's
hostile audit; the root is here)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from desktop.rules.identifiers import IdDocumentKind, check_identity_document
from desktop.rules.passport import PassportApplicant, check_passport_eligibility
from desktop.rules.validity import add_months, add_years


def test_add_years_and_months_saturate_at_the_calendar_ends() -> None:
    assert add_years(date(9999, 1, 1), 5) == date.max and add_years(date(2, 1, 1), -5) == date.min
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)  # R-VALID-4a unchanged
    assert add_months(date(9999, 12, 1), 1) == date.max and add_months(date(1, 1, 31), -1) == date.min
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


@given(st.dates(), st.integers(min_value=-20_000, max_value=20_000))
def test_add_years_never_raises(day: date, years: int) -> None:
    assert isinstance(add_years(day, years), date)
    assert isinstance(add_months(day, years), date)


def test_a_passport_expiring_in_9999_is_judged_not_a_crash() -> None:
    applicant = PassportApplicant(
        birth_date=date(1984, 7, 9),
        registered_abroad=True,
        country="CAN",
        passport_issued_on=date(2016, 5, 2),
        passport_expires_on=date(9999, 1, 1),
        passport_in_hand=True,
    )
    assert isinstance(check_passport_eligibility(applicant, today=date(2026, 3, 1)), list)
    assert check_identity_document(IdDocumentKind.CNI, date(9999, 12, 31), today=date(2026, 12, 1)) == []

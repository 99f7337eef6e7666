"""The passport's dates as typed at the counter: a date of issue in the future, an expiry before the issue, a birth
date to come are typing errors, refused next to their field (R-PASS-2), never taken for the facts they would be."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from desktop.rules.passport import PassportApplicant, check_passport_eligibility

TODAY = date(2026, 12, 7)
OK = PassportApplicant(
    birth_date=date(1984, 7, 9),
    registered_abroad=True,
    country="CAN",
    passport_issued_on=date(2017, 5, 2),
    passport_expires_on=date(2027, 5, 1),
    passport_in_hand=True,
)


def _found(a: PassportApplicant) -> list[tuple[str, str | None, str]]:
    return [(v.rule_id, v.field, v.message) for v in check_passport_eligibility(a, today=TODAY)]


def test_a_passport_issued_in_the_future_is_refused_next_to_its_date() -> None:
    """« Délivré le 02/05/2031 » (2031 for 2013) opened the case: nothing looked at the date of issue but the
    applicant's majority (day audit, consular agent)."""
    assert _found(OK) == []
    found = _found(replace(OK, passport_issued_on=date(2031, 5, 2), passport_expires_on=date(2041, 5, 1)))
    assert [(rule, field) for rule, field, _text in found] == [("R-PASS-2", "passport.issued_on")]
    assert "futur" in found[0][2]
    assert _found(replace(OK, passport_issued_on=TODAY, passport_expires_on=date(2036, 12, 6))) == []


def test_an_expiry_before_the_issue_is_refused_next_to_the_expiry() -> None:
    """Issued 2017, « Expire le 01/05/2016 » (the two dates swapped) was refused as « expiré depuis plus de 5
    ans » at best, and opened at worst (expiry 01/05/2022, issued 02/05/2027 by a slip of a digit)."""
    swapped = _found(replace(OK, passport_issued_on=date(2022, 5, 2), passport_expires_on=date(2022, 5, 1)))
    assert [(rule, field) for rule, field, _text in swapped] == [("R-PASS-2", "passport.expires_on")]
    assert "délivrance" in swapped[0][2]
    same_day = _found(replace(OK, passport_expires_on=OK.passport_issued_on))
    assert [(rule, field) for rule, field, _text in same_day] == [("R-PASS-2", "passport.expires_on")]


def test_a_birth_date_to_come_is_a_typing_error_not_a_minor() -> None:
    """Born « 09/07/2084 » for 1984 was refused as « Le demandeur est mineur » (and « délivré avant la
    majorité »): the agent looked for a minor; the date is what is wrong."""
    found = _found(replace(OK, birth_date=date(2084, 7, 9)))
    assert [(rule, field) for rule, field, _text in found] == [("R-PASS-2", "applicant.birth_date")]
    assert "futur" in found[0][2] and "mineur" not in found[0][2]

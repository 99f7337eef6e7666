"""The corners a lawyer tests, rule by rule (spec §1-8, §11): the day before, of and after; places; leap days."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.rules.identifiers import IdDocumentKind, check_identity_document


@pytest.mark.parametrize("kind", [IdDocumentKind.CNI, IdDocumentKind.PASSEPORT])
def test_R_ID_DOC_1_expired_less_than_5_years_counts_from_the_day_after_the_expiry_date(kind: IdDocumentKind) -> None:
    """R-ID-DOC-1: « valid or expired less than 5 years ago ». The expiry date is the document's last valid day (a
    document expiring today is accepted): it is expired from the next day, so on the fifth anniversary of its expiry
    date it has been expired 4 years and 364 days: still accepted; refused the day after."""
    last_valid = date(2021, 12, 1)
    assert check_identity_document(kind, last_valid, today=date(2026, 11, 30)) == []
    assert check_identity_document(kind, last_valid, today=date(2026, 12, 1)) == []
    assert [v.rule_id for v in check_identity_document(kind, last_valid, today=date(2026, 12, 2))] == ["R-ID-DOC-1"]
    # 29 February: expired from 1 March 2024, five years later is 1 March 2029.
    leap = date(2024, 2, 29)
    assert check_identity_document(kind, leap, today=date(2029, 2, 28)) == []
    assert check_identity_document(kind, leap, today=date(2029, 3, 1)) != []

"""The receipt's printed time and its QR code's are the station's, wherever it stands and on the nights the clocks
change: the printed line is its wall clock, the QR carries that wall clock with its UTC offset, so the two 02:30 of a
night the clocks go back stay two instants (regression guards: these held when written)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from desktop.receipts.content import Place, ReceiptKind
from desktop.receipts.document import build_document
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import ReceiptVerifier, StationSigner
from desktop.rules.terms import PlaceKind

CASES = [
    # zone, instant (UTC), what the receipt prints, the offset in the QR (minutes)
    ("Pacific/Noumea", datetime(2026, 12, 5, 13, 30, tzinfo=UTC), "6 décembre 2026 à 0 h 30", 11 * 60),
    ("Pacific/Tahiti", datetime(2026, 12, 7, 9, 30, tzinfo=UTC), "6 décembre 2026 à 23 h 30", -10 * 60),
    ("Asia/Kathmandu", datetime(2026, 12, 6, 18, 20, tzinfo=UTC), "7 décembre 2026 à 0 h 05", 5 * 60 + 45),
    ("America/Miquelon", datetime(2027, 3, 14, 5, 0, tzinfo=UTC), "14 mars 2027 à 3 h 00", -2 * 60),
    # Europe/Paris, 25 October 2026: 02:30 happens twice, first in summer time, then in winter time.
    ("Europe/Paris", datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "25 octobre 2026 à 2 h 30", 120),
    ("Europe/Paris", datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "25 octobre 2026 à 2 h 30", 60),
    # Europe/Paris, 28 March 2027: there is no 02:30; 01:30 UTC is 03:30 in summer time.
    ("Europe/Paris", datetime(2027, 3, 28, 1, 30, tzinfo=UTC), "28 mars 2027 à 3 h 30", 120),
    ("America/Los_Angeles", datetime(2026, 11, 1, 8, 30, tzinfo=UTC), "1er novembre 2026 à 1 h 30", -7 * 60),
    ("America/Los_Angeles", datetime(2026, 11, 1, 9, 30, tzinfo=UTC), "1er novembre 2026 à 1 h 30", -8 * 60),
    # Australia/Sydney, 4 April 2027: the clocks go back at 03:00 (southern autumn).
    ("Australia/Sydney", datetime(2027, 4, 3, 15, 30, tzinfo=UTC), "4 avril 2027 à 2 h 30", 11 * 60),
    ("Australia/Sydney", datetime(2027, 4, 3, 16, 30, tzinfo=UTC), "4 avril 2027 à 2 h 30", 10 * 60),
]


@pytest.mark.parametrize(("zone", "instant", "printed", "offset"), CASES)
def test_printed_and_signed_times_are_the_station_s(
    zone: str, instant: datetime, printed: str, offset: int, signer: StationSigner, verifier: ReceiptVerifier
) -> None:
    receipt = replace(
        sample_receipt(ReceiptKind.PROCURATION),
        place=Place(PlaceKind.CONSULAT, "Poste", "P-01", zone),
        issued_at=instant,
    )
    signed = signer.sign(receipt)
    assert printed in build_document(signed).issued_line
    claims = verifier.verify(signed.payload)
    assert claims.issued_at == instant  # the same instant, read back from the QR code
    delta = claims.issued_at.utcoffset()
    assert delta is not None and delta.total_seconds() == offset * 60

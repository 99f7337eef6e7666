"""A reprint or a preview says what the original receipt said (R-TIME-2's warning; R-HOME-4's decision is checked in
test_supervision.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from contextkit import service_context
from test_procurations import FORM, NOW, SIGNER

from desktop.models.db import Store
from desktop.receipts.content import ReceiptKind
from desktop.receipts.next_steps import default_next_steps
from desktop.rules.terms import Status
from desktop.services import receipting
from desktop.services.desk import DeskServices
from desktop.services.permissions import Principal
from desktop.settings import Settings


def test_R_TIME_2_a_reprint_keeps_the_warning_that_the_vote_is_close(store: Store, tmp_path: Path) -> None:
    """Two days before presidentielle-2027's first round the receipt warns the mandant; its reprint says the same."""
    settings = Settings(data_dir=tmp_path / "data", station_code="75056-01", station_name="Commissariat central")
    actor = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")
    ctx = service_context(
        store, settings, actor=actor, signer=SIGNER, clock=lambda: NOW.replace(year=2027, month=4, day=9)
    )
    late = replace(FORM, rounds="T1", acknowledged=frozenset({"R-TIME-2"}))
    out = DeskServices(ctx).establish(late)
    assert out.saved and out.signed is not None and out.receipt_number is not None
    warning = set(out.signed.receipt.next_steps) - set(
        default_next_steps(ReceiptKind.PROCURATION, Status.PROVISOIRE, nouvelle_caledonie=False)
    )
    assert warning, "the R-TIME-2 sentence on the original"
    kept = receipting.rebuild(ctx, out.receipt_number)
    assert kept is not None and kept.receipt.next_steps == out.signed.receipt.next_steps

"""Printing a saved act's receipt when the disk is full (a real tmpfs, tests/diskkit.py, holding the store and the
receipts folder, as a station's data folder does).

Before: the PDF could not be written, then the attempt could not be noted in the store either, and the agent read
« Procuration enregistrée, récépissé n° … NON IMPRIMÉ : Le disque de l'ordinateur est plein : rien n'a été
enregistré » (the act was), or, with a paper printer, NON IMPRIMÉ for a receipt in the citizen's hand (a second
original printed at the next Ctrl+P). Now the printer says what it could not do, the counter says what was printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from contextkit import service_context
from diskkit import SmallDisk
from test_procurations import FORM, NOW

from desktop.devices.printers.base import ReceiptPrinter
from desktop.devices.printers.fake import FakePrinter
from desktop.devices.printers.pdf_file import PdfFilePrinter
from desktop.models import IssuedReceipt
from desktop.models.db import Store
from desktop.services.desk import DeskServices
from desktop.services.permissions import Principal
from desktop.settings import Settings


def _desk(store: Store, folder: Path, printer: ReceiptPrinter) -> DeskServices:
    settings = Settings(data_dir=folder, station_code="75056-01", station_name="Commissariat central")
    actor = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")
    return DeskServices(service_context(store, settings, actor=actor, printer=printer, clock=lambda: NOW))


def _print_count(store: Store, number: str) -> int:
    with store.read() as s:
        row = s.get(IssuedReceipt, number)
        assert row is not None
        return row.print_count


def test_a_receipt_pdf_on_a_full_disk_is_not_printed_says_why_and_prints_once_space_is_freed(
    disk_store: Store, small_disk: SmallDisk
) -> None:
    folder = small_disk.path / "recus"
    desk = _desk(disk_store, small_disk.path, PdfFilePrinter(folder))
    saved = desk.establish(FORM)
    assert saved.saved and saved.receipt_number
    small_disk.fill()
    outcome = desk.print_receipt(saved)  # before: the store's « database or disk is full » came out of it
    assert not outcome.printed
    assert "plein" in outcome.message and "rien n'a été enregistré" not in outcome.message, outcome.message
    assert not list(folder.rglob("*.pdf")), "a half-written PDF was left"
    small_disk.free()
    again = desk.print_receipt(saved)
    assert again.printed and not again.duplicate  # the first copy to reach the citizen is the original
    assert [p.name for p in folder.rglob("*.pdf")] == [f"{saved.receipt_number}.pdf"]
    assert _print_count(disk_store, saved.receipt_number) == 1


def test_a_paper_receipt_printed_while_the_disk_is_full_is_said_printed(
    disk_store: Store, small_disk: SmallDisk
) -> None:
    printer = FakePrinter()
    desk = _desk(disk_store, small_disk.path, printer)
    saved = desk.establish(FORM)
    small_disk.fill()
    outcome = desk.print_receipt(saved)  # before: an exception, read by the agent as « NON IMPRIMÉ »
    assert outcome.printed and len(printer.printed) == 1
    assert "plein" in outcome.message and "support informatique" in outcome.message, outcome.message


def test_an_act_on_a_full_disk_writes_nothing_and_goes_through_once_space_is_freed(
    disk_store: Store, small_disk: SmallDisk
) -> None:
    """Checked, not a finding: the act, its audit event, its outbox entry and its receipt commit together or not."""
    from sqlalchemy import func, select
    from sqlalchemy.exc import DBAPIError

    from desktop.failures import plain_failure
    from desktop.models import AuditEvent, OutboxEntry, Procuration

    def counts() -> list[int]:
        with disk_store.read() as s:
            return [
                int(s.scalar(select(func.count()).select_from(t)) or 0)
                for t in (Procuration, AuditEvent, OutboxEntry, IssuedReceipt)
            ]

    desk = _desk(disk_store, small_disk.path, FakePrinter())
    before = counts()
    small_disk.fill()
    with pytest.raises((OSError, DBAPIError, sqlite_error())) as info:
        desk.establish(FORM)
    assert "plein" in (plain_failure(info.value) or "")
    assert counts() == before
    small_disk.free()
    saved = desk.establish(FORM)
    assert saved.saved and saved.receipt_number == "GCH-75056-01-2026-000001"
    assert counts() == [n + 1 for n in before]


def sqlite_error() -> type[Exception]:
    import sqlcipher3

    return sqlcipher3.DatabaseError  # type: ignore[no-any-return]

"""The consultation journal on a disk that fills (a real tmpfs, tests/diskkit.py, holding the store and its journal).

A look-up's audit line is one `os.write` to the journal; on a full disk the write can be short: the bytes that fit in
the file's last page went in, the rest did not. The look-up was refused (its audit could not be written), but the
torn line stayed in the file: every line journaled after it, space freed, was unreadable behind it, and the writer
emptied the file as if all were in the chain. The consultations after a full disk were shown to the agent and never
reached the audit chain. Now a short write is taken back before the look-up is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from diskkit import PAGE, SmallDisk
from sqlalchemy import select

from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.services.audit_log import verify
from desktop.services.consultation_writer import ConsultationJournal, journal_for, journal_path
from desktop.services.journal import Actor

ACTOR = Actor(station_code="75056-01", agent_id="agent-1")
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)


def _consult(journal: ConsultationJournal, n: int) -> None:
    journal.append(actor=ACTOR, action_name="consultation", now=NOW, record_kind="recherche", detail=f"n={n}")


def _chained(store: Store) -> list[str | None]:
    with store.read() as s:
        return list(
            s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "consultation").order_by(AuditEvent.seq))
        )


def test_a_line_cut_short_by_a_full_disk_does_not_hide_the_ones_after_it(
    disk_store: Store, small_disk: SmallDisk
) -> None:
    journal = journal_for(disk_store)
    assert journal is not None
    file = journal_path(disk_store)
    kept: list[int] = []
    with disk_store.write():  # the writer's pass waits: the lines stay in the file meanwhile
        _consult(journal, 0)
        kept.append(0)
        line = file.stat().st_size
        while file.stat().st_size % PAGE + line <= PAGE:  # until the next line crosses into a page not yet there
            _consult(journal, len(kept))
            kept.append(len(kept))
        small_disk.fill()
        with pytest.raises(OSError):  # the look-up is refused: its audit line did not fit
            _consult(journal, 999)
        small_disk.free()
        for n in range(100, 103):  # the next look-ups, space freed
            _consult(journal, n)
            kept.append(n)
    assert journal.settle()
    assert _chained(disk_store) == [f"n={n}" for n in kept]  # before: the three after the full disk were missing
    assert verify(disk_store).ok

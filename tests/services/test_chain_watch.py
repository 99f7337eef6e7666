"""The Journal's integrity check resumes from the end it verified intact (desktop/services/chain_watch.py), and goes
back to a whole check whenever what that end rests on changed: each way around the resume tried."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, text, update

from desktop.models import AuditCheckpoint, AuditEvent
from desktop.models.db import Store
from desktop.security import chain
from desktop.services import chain_watch
from desktop.services.journal import Actor, action, audit

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _events(store: Store, count: int, start: int = 0) -> None:
    with action(store) as s:
        for n in range(start, start + count):
            audit(s, actor=Actor("75056-01", "agent-1"), action_name="consultation", now=NOW + timedelta(seconds=n),
                  record_kind="recherche")  # fmt: skip


@pytest.fixture
def sealed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The seqs whose MAC each check computed."""
    seen: list[int] = []
    real = chain.row_mac

    def counted(key: bytes, previous: bytes, row: chain.ChainRow) -> bytes:
        seen.append(row.seq)
        return real(key, previous, row)

    monkeypatch.setattr(chain, "row_mac", counted)
    yield seen


def test_a_second_check_verifies_only_the_events_sealed_since(store: Store, sealed: list[int]) -> None:
    _events(store, 30)
    sealed.clear()  # the MACs computed to seal them
    first = chain_watch.check(store)
    assert first.whole and first.report.ok and first.rows == 30 and len(sealed) == 30
    _events(store, 5, start=30)
    sealed.clear()
    second = chain_watch.check(store)
    assert not second.whole and second.report.ok and second.rows == 35
    assert sealed == [31, 32, 33, 34, 35]
    sealed.clear()
    third = chain_watch.check(store)  # nothing new: nothing computed, the same verdict
    assert third.report.ok and third.rows == 35 and sealed == []


def test_an_event_rewritten_in_the_verified_part_sends_the_check_back_whole(store: Store) -> None:
    _events(store, 20)
    assert chain_watch.check(store).report.ok
    with store.write() as s:
        s.execute(update(AuditEvent).where(AuditEvent.seq == 4).values(action="procuration.etablie"))
    checked = chain_watch.check(store)
    assert checked.whole and not checked.report.ok
    assert [p.seq for p in checked.report.problems] == [4]


def test_an_event_rewritten_after_the_triggers_were_dropped_is_still_seen(store: Store) -> None:
    _events(store, 20)
    assert chain_watch.check(store).report.ok
    with store.write() as s:  # the walk around: the counting triggers gone before the rewrite
        s.execute(text("DROP TRIGGER audit_events_updated"))
        s.execute(update(AuditEvent).where(AuditEvent.seq == 7).values(detail="rien"))
    checked = chain_watch.check(store)
    assert checked.whole and [p.seq for p in checked.report.problems] == [7]
    again = chain_watch.check(store)  # without its triggers the store is always checked whole
    assert again.whole and not again.report.ok


def test_an_event_deleted_from_the_verified_part_is_a_gap(store: Store) -> None:
    _events(store, 20)
    assert chain_watch.check(store).report.ok
    with store.write() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == 11))
    checked = chain_watch.check(store)
    assert checked.whole and (checked.report.problems[0].kind, checked.report.problems[0].seq) == ("trou", 11)


def test_an_event_rewritten_after_the_verified_end_is_seen_by_the_resumed_check(store: Store) -> None:
    _events(store, 10)
    assert chain_watch.check(store).report.ok
    _events(store, 10, start=10)
    with store.write() as s:
        s.execute(text("DROP TRIGGER audit_events_updated"))  # so that only the resumed part's MACs can see it
        s.execute(update(AuditEvent).where(AuditEvent.seq == 15).values(detail="rien"))
        s.execute(text(chain_watch_trigger()))
    checked = chain_watch.check(store)
    assert not checked.whole and [p.seq for p in checked.report.problems] == [15]
    assert chain_watch.check(store).whole  # a broken chain is not a verified end to resume from


def chain_watch_trigger() -> str:
    from desktop.models.security import TRIGGER_DDL

    return TRIGGER_DDL[0]


def test_a_new_retention_checkpoint_makes_the_check_whole(store: Store) -> None:
    _events(store, 10)
    assert chain_watch.check(store).report.ok
    with store.write() as s:  # a checkpoint no start anchor attests: the whole check says so
        s.add(AuditCheckpoint(id=1, seq=0, mac=b"\x00" * 32, purged_at=NOW))
    checked = chain_watch.check(store)
    assert checked.whole and not checked.report.ok


def test_a_quarter_of_an_hour_later_the_check_is_whole_again(store: Store) -> None:
    _events(store, 10)
    start = chain_watch.check(store, clock=1000.0)
    assert start.whole
    assert not chain_watch.check(store, clock=1000.0 + chain_watch.FULL_AFTER - 1).whole
    assert chain_watch.check(store, clock=1000.0 + chain_watch.FULL_AFTER + 1).whole

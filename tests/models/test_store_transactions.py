"""Reads never take the write lock (BEGIN DEFERRED under WAL); writes still queue one behind the other."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from desktop.models import Elector
from desktop.models.db import ReadOnlySessionError, Store


def _elector(eid: str) -> Elector:
    return Elector(
        id=eid,
        nne=None,
        last_name="MARTIN",
        given_names="Claire",
        birth_date=date(1990, 1, 15),
        search_name="MARTIN CLAIRE",
        eu_citizen=False,
        created_at=datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
    )


class Writer(threading.Thread):
    """Holds a write transaction (one row added, flushed) until told to commit."""

    def __init__(self, store: Store, eid: str) -> None:
        super().__init__(daemon=True)
        self.store, self.eid = store, eid
        self.holding = threading.Event()
        self.release = threading.Event()

    def run(self) -> None:
        with self.store.write() as s:
            s.add(_elector(self.eid))
            s.flush()
            self.holding.set()
            self.release.wait(30)


def test_a_read_completes_while_another_connection_holds_a_write(store: Store) -> None:
    writer = Writer(store, "w1")
    writer.start()
    assert writer.holding.wait(10)
    answers: list[int] = []

    def read() -> None:
        with store.read() as s:
            answers.append(s.scalar(select(func.count()).select_from(Elector)) or 0)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(10)  # a guard against a hang; the assertions below say what is expected
    try:
        assert not reader.is_alive(), "the read waited for the writer"
        assert writer.is_alive() and not writer.release.is_set()  # the write was still open during the read
        assert answers == [0]  # the read saw the committed snapshot, not the writer's row
    finally:
        writer.release.set()
        writer.join(10)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Elector)) == 1


def test_writes_still_serialise(store: Store) -> None:
    order: list[str] = []
    first = Writer(store, "w1")
    first.start()
    assert first.holding.wait(10)

    def second_write() -> None:
        with store.write() as s:
            s.execute(select(1))  # the transaction (BEGIN IMMEDIATE) starts with the first statement
            order.append("second entered")
            s.add(_elector("w2"))

    second = threading.Thread(target=second_write, daemon=True)
    second.start()
    time.sleep(0.3)  # room for the second writer to (wrongly) get in; it may only enter once the first commits
    order.append("first released")
    first.release.set()
    first.join(10)
    second.join(10)
    assert order == ["first released", "second entered"]
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Elector)) == 2


def test_a_read_session_refuses_to_write(store: Store) -> None:
    with store.read() as s, pytest.raises(ReadOnlySessionError):
        s.add(_elector("r1"))
        s.flush()
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Elector)) == 0

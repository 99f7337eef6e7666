"""The look-ups' kept connection: read-only while kept, lent to the journal's group commit, handed back on close and
re-key, never holding a checkpoint back; a look-up by receipt number is one statement, or one snapshot."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event
from test_procurations import FORM, make_desk

from desktop.models import Procuration, Revocation
from desktop.models.db import Store
from desktop.services import lookup_local
from desktop.services.consultation_writer import settle
from desktop.services.desk import SearchQuery
from desktop.services.lookup_connection import lookup_connection
from desktop.services.procurations import search_key


def driver_of_lookups(store: Store) -> Any:
    return lookup_connection(store).run(lambda db: db)


def test_the_kept_connection_is_read_only_and_given_back_after_an_error(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.establish(FORM).saved
    assert desk.search(SearchQuery("204512873"), include_central=False).local
    kept = lookup_connection(store)
    assert kept.kept
    with pytest.raises(Exception, match="readonly"):
        kept.run(lambda db: db.execute("DELETE FROM procurations"))
    assert not kept.kept  # back to the pool, writable again: the next write may take it
    with store.write() as s:
        assert s.get(Procuration, desk.search(SearchQuery("204512873")).local[0].id) is not None
    assert desk.search(SearchQuery("204512873"), include_central=False).local  # kept again


def test_the_kept_connection_is_closed_with_the_store(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    desk.search(SearchQuery("204512873"), include_central=False)
    db = driver_of_lookups(store)
    store.close()
    assert not lookup_connection(store).kept
    with pytest.raises(Exception, match="closed"):
        db.execute("SELECT 1")


def test_a_search_after_a_rekey_reads_with_the_new_key(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.establish(FORM).saved
    assert desk.search(SearchQuery("204512873"), include_central=False).local
    store.rekey(b"\x17" * 32)
    assert desk.search(SearchQuery("204512873"), include_central=False).local


def test_the_journal_group_commits_on_the_lookup_connection(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.establish(FORM).saved
    settle(store)
    desk.search(SearchQuery("204512873"), include_central=False)
    db = driver_of_lookups(store)
    taken: list[Any] = []

    def on_checkout(dbapi: Any, _record: Any, _proxy: Any) -> None:
        taken.append(dbapi)

    event.listen(store.engine, "checkout", on_checkout)
    try:
        assert settle(store, timeout=10)
    finally:
        event.remove(store.engine, "checkout", on_checkout)
    # LIFO pool: the group's commit took the connection the look-ups kept (its page cache stays warm for them).
    assert taken and all(c is db for c in taken), taken
    desk.search(SearchQuery("204512873"), include_central=False)
    assert driver_of_lookups(store) is db


def test_a_kept_connection_does_not_hold_a_checkpoint_back(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.establish(FORM).saved
    desk.search(SearchQuery("204512873"), include_central=False)
    assert lookup_connection(store).kept
    with store.engine.connect() as conn:
        driver = conn.connection.driver_connection
        assert driver is not None
        busy, _log, _moved = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0


def test_a_second_thread_looks_up_on_a_pooled_connection_meanwhile(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.establish(FORM).saved
    inside, release = threading.Event(), threading.Event()

    def hold(db: Any) -> None:
        inside.set()
        release.wait(10)

    worker = threading.Thread(target=lookup_connection(store).run, args=(hold,))
    worker.start()
    try:
        assert inside.wait(10)
        assert desk.search(SearchQuery("204512873"), include_central=False).local
    finally:
        release.set()
        worker.join(10)


def test_a_receipt_number_look_up_reads_its_pending_resiliation_in_the_same_snapshot(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_desk(store, tmp_path)
    saved = desk.establish(FORM)
    assert saved.saved and saved.receipt_number
    [match] = desk.find_mandants(SearchQuery("204512873"))
    revoked = desk.revoke_all(elector_id=match.elector_id)
    assert revoked.saved
    [row] = desk.search(SearchQuery(saved.receipt_number), include_central=False).local
    assert row.status == "resiliee" and row.revocation_pending
    original = lookup_local.revocations_pending

    def confirmed_meanwhile(db: Any, ids: list[str]) -> set[str]:
        # The central store's confirmation commits between the rows' statement and this one.
        with store.write() as s:
            revocation = s.get(Revocation, revoked.revocation_id)
            assert revocation is not None
            revocation.status = "validee"
        return original(db, ids)

    monkeypatch.setattr(lookup_local, "revocations_pending", confirmed_meanwhile)
    [row] = desk.search(SearchQuery(saved.receipt_number), include_central=False).local
    assert row.revocation_pending  # what the rows' snapshot says, not a mix of before and after the commit
    monkeypatch.setattr(lookup_local, "revocations_pending", original)
    [row] = desk.search(SearchQuery(saved.receipt_number), include_central=False).local
    assert not row.revocation_pending


def test_a_receipt_number_look_up_without_a_resiliee_row_is_one_statement_without_a_transaction(
    store: Store, tmp_path: Path
) -> None:
    desk = make_desk(store, tmp_path)
    saved = desk.establish(FORM)
    assert saved.receipt_number
    desk.search(SearchQuery(saved.receipt_number), include_central=False)
    db = driver_of_lookups(store)
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    try:
        assert desk.search(SearchQuery(saved.receipt_number), include_central=False).local
    finally:
        db.set_trace_callback(None)
    assert len(statements) == 1 and statements[0].startswith("SELECT p.id"), statements  # no BEGIN, no ROLLBACK


@given(st.text(max_size=30))
def test_the_prefix_key_is_the_search_key(text: str) -> None:
    assert lookup_local.prefix_key(text) == search_key(text)


def test_a_stored_time_with_an_offset_still_reads() -> None:
    assert lookup_local._when("2026-12-01 09:00:00.000000") == datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert lookup_local._when("2026-12-01T09:00:00+00:00") == datetime(2026, 12, 1, 9, tzinfo=UTC)

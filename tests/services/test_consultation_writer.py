"""The consultation journal: sealed lines, replayed into the audit chain exactly once, in order, never past a gap."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.models import AuditEvent
from desktop.models.db import Store, open_store
from desktop.models.keys import StaticKeyProvider
from desktop.services import consultations
from desktop.services.audit_log import verify
from desktop.services.consultation_records import Entry, Sealer, journal_key
from desktop.services.consultation_writer import apply_journal, journal_for, journal_path, settle
from desktop.services.journal import Actor

ACTOR = Actor(station_code="75056-01", agent_id="agent-1")
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
SEALER = Sealer(journal_key(b"k" * 32))


def entry(number: int, detail: str = "critere=nne;resultats=1") -> Entry:
    at = NOW + timedelta(seconds=number)
    return Entry(number, at, "75056-01", "agent-1", "consultation", "recherche", None, detail)


def sealer_of(store: Store) -> Sealer:
    assert store.audit_key is not None
    return Sealer(journal_key(store.audit_key))


def db_file(store: Store) -> Path:
    path = journal_path(store)
    return path.with_name(path.name.removesuffix("-consultations"))


def consultations_in(store: Store) -> list[tuple[int, datetime, str | None]]:
    with store.read() as s:
        rows = s.execute(
            select(AuditEvent.seq, AuditEvent.at, AuditEvent.detail)
            .where(AuditEvent.action == "consultation")
            .order_by(AuditEvent.seq)
        )
        return [(r.seq, r.at, r.detail) for r in rows]


def left_by_a_killed_process(store: Store, numbers: list[int], tail: bytes = b"") -> bytes:
    """What a process killed before its writer ran leaves in the journal file."""
    data = b"".join(sealer_of(store).seal(entry(n, f"critere=nne;resultats={n}")) for n in numbers) + tail
    journal_path(store).write_bytes(data)
    return data


def test_a_line_round_trips_and_a_torn_tail_is_left_out() -> None:
    lines = [SEALER.seal(entry(n)) for n in (1, 2, 3)]
    data = b"".join(lines)
    assert SEALER.read(data) == ([entry(1), entry(2), entry(3)], len(data))
    for cut in range(1, len(lines[2])):
        assert SEALER.read(data[:-cut]) == ([entry(1), entry(2)], len(lines[0]) + len(lines[1]))


def test_numbers_must_follow_and_another_key_reads_nothing() -> None:
    data = SEALER.seal(entry(1)) + SEALER.seal(entry(3)) + SEALER.seal(entry(4))
    assert [e.number for e in SEALER.read(data)[0]] == [1]
    assert Sealer(journal_key(b"x" * 32)).read(data) == ([], 0)


def test_the_journal_holds_nothing_in_clear(store: Store) -> None:
    data = left_by_a_killed_process(store, [1, 2])
    for clear in (b"75056-01", b"agent-1", b"critere", b"consultation", b"recherche"):
        assert clear not in data


@settings(max_examples=300, deadline=None)
@given(garbage=st.binary(max_size=600), keep=st.integers(min_value=0, max_value=3))
def test_the_reader_survives_any_bytes(garbage: bytes, keep: int) -> None:
    valid = b"".join(SEALER.seal(entry(n)) for n in range(1, keep + 1))
    for data in (garbage, valid + garbage, garbage + valid):
        found, end = SEALER.read(data)
        assert 0 <= end <= len(data)
        assert [e.number for e in found] == list(range(1, len(found) + 1))
    assert len(SEALER.read(valid + garbage)[0]) >= keep


def test_replay_at_opening_is_exactly_once_and_in_order(store: Store, store_key: bytes) -> None:
    data = left_by_a_killed_process(store, [1, 2, 3], tail=b"GJ\x00")  # the 4th line torn by the kill
    assert settle(store)
    moved = consultations_in(store)
    assert [d for _s, _a, d in moved] == [f"critere=nne;resultats={n}" for n in (1, 2, 3)]
    assert [a for _s, a, _d in moved] == [entry(n).at for n in (1, 2, 3)]  # each keeps its own time
    assert journal_path(store).stat().st_size == 0
    # Killed between the commit and the emptying of the file: the same lines again change nothing.
    apply_journal(store, sealer_of(store), data)
    journal_path(store).write_bytes(data)
    assert settle(store)
    path = db_file(store)
    store.close()
    again = open_store(path, StaticKeyProvider(store_key), migrate=False)
    journal = journal_for(again)  # a new start replays what is left, before its first look-up
    assert journal is not None and journal.settle()
    assert consultations_in(again) == moved
    assert verify(again).ok
    again.close()


def test_a_missing_line_stops_the_replay(store: Store) -> None:
    apply_journal(store, sealer_of(store), b"".join(sealer_of(store).seal(entry(n)) for n in (1, 2)))
    data = b"".join(sealer_of(store).seal(entry(n)) for n in (4, 5))  # 3 lost (a power cut): never past the gap
    apply_journal(store, sealer_of(store), data)
    assert len(consultations_in(store)) == 2


def test_the_look_up_path_journals_then_the_writer_chains(store: Store) -> None:
    journal = journal_for(store)
    assert journal is not None
    for n in range(20):
        consultations.record_consultation(store, actor=ACTOR, now=NOW, record_kind="recherche", detail=f"n={n}")
    assert journal.settle()
    assert [d for _s, _a, d in consultations_in(store)] == [f"n={n}" for n in range(20)]
    assert journal_path(store).stat().st_size == 0
    assert verify(store).ok


def test_a_second_holder_writes_directly(store: Store, store_key: bytes) -> None:
    assert journal_for(store) is not None
    other = open_store(db_file(store), StaticKeyProvider(store_key), migrate=False)
    assert journal_for(other) is None  # the journal is this process's first store's
    consultations.record_consultation(other, actor=ACTOR, now=NOW, record_kind="recherche", detail="direct")
    assert [d for _s, _a, d in consultations_in(store)] == ["direct"]  # committed before it returned
    other.close()


def test_the_start_up_purge_replays_the_journal_first(store: Store) -> None:
    from desktop.services.retention import purge

    left_by_a_killed_process(store, [1, 2])
    purge(store, station_code="75056-01", now=NOW + timedelta(days=1), scrutin_end=lambda _election, _rounds: None)
    with store.read() as s:
        actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    assert actions[:2] == ["consultation", "consultation"] and len(actions) == 3  # then the purge's own event
    assert journal_path(store).stat().st_size == 0


def test_a_failed_replay_falls_back_to_the_direct_commit(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services import consultation_writer

    left_by_a_killed_process(store, [1])

    def refuse(*_args: object) -> int:
        raise OSError("disk refused")

    monkeypatch.setattr(consultation_writer, "apply_journal", refuse)
    assert journal_for(store) is None
    consultations.record_consultation(store, actor=ACTOR, now=NOW, record_kind="recherche", detail="direct")
    assert [d for _s, _a, d in consultations_in(store)] == ["direct"]
    assert journal_path(store).stat().st_size > 0  # the line waits for the next start


def test_the_journal_has_the_database_s_mode(store: Store) -> None:
    assert journal_for(store) is not None
    assert journal_path(store).stat().st_mode & 0o777 == 0o600  # not in a shared folder: owner only


def test_look_ups_that_never_pause_do_not_grow_the_journal_without_end(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services import consultation_writer

    monkeypatch.setattr(consultation_writer, "ROTATE_BYTES", 4096)
    monkeypatch.setattr(consultation_writer, "MAX_DELAY_SECONDS", 0.01)
    journal = journal_for(store)
    assert journal is not None
    largest = 0
    for n in range(3000):  # back to back: the writer never sees a pause
        consultations.record_consultation(store, actor=ACTOR, now=NOW, record_kind="recherche", detail=f"n={n}")
        largest = max(largest, journal_path(store).stat().st_size)
    assert journal.settle()
    assert [d for _s, _a, d in consultations_in(store)] == [f"n={n}" for n in range(3000)]  # each once, in order
    assert largest < 3000 * 100 // 2  # emptied on the way (3,000 lines are about 300 KB)
    assert verify(store).ok


def test_closing_the_store_moves_the_journal_and_lets_its_file_go(store: Store, store_key: bytes) -> None:
    """A store opened again on the same file in this process journals again (it used to commit each consultation
    directly, the closed store's journal holding the file's lock until it was collected)."""
    journal = journal_for(store)
    assert journal is not None
    for n in range(5):
        consultations.record_consultation(store, actor=ACTOR, now=NOW, record_kind="recherche", detail=f"n={n}")
    store.close()
    assert journal_path(store).stat().st_size == 0  # all of it in the chain, at the close
    with pytest.raises(OSError, match="closed"):
        journal.append(actor=ACTOR, action_name="consultation", now=NOW, record_kind="recherche")
    again = open_store(db_file(store), StaticKeyProvider(store_key), migrate=False)
    try:
        assert journal_for(again) is not None
        assert [d for _s, _a, d in consultations_in(again)] == [f"n={n}" for n in range(5)]
        consultations.record_consultation(again, actor=ACTOR, now=NOW, record_kind="recherche", detail="n=5")
        assert journal_path(again).stat().st_size > 0  # journaled, not committed directly
        assert settle(again)
        assert [d for _s, _a, d in consultations_in(again)][-1] == "n=5"
        assert verify(again).ok
    finally:
        again.close()


def _held_pass(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The writer's next pass waits for `release` once `entered` (its look-up connection borrowed)."""
    from desktop.services import consultation_writer

    entered, release = threading.Event(), threading.Event()
    real = consultation_writer.apply_journal

    def held(*args: object) -> tuple[int, int]:
        entered.set()
        release.wait(10)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(consultation_writer, "apply_journal", held)
    return entered, release


def test_a_close_during_a_pass_lets_the_pass_end_before_the_file_goes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer empties the file after its commit: the close waits for that, and never closes the file under it,
    whatever its own `timeout` (it gave up after it until session 26: see the next test)."""
    journal = journal_for(store)
    assert journal is not None
    entered, release = _held_pass(monkeypatch)
    consultations.record_consultation(store, actor=ACTOR, now=NOW, record_kind="recherche", detail="held")
    journal.settle(timeout=0)  # hurry the writer into its pass
    assert entered.wait(10)
    closing = threading.Thread(target=journal.close, kwargs={"timeout": 0.2})
    closing.start()
    closing.join(1.0)
    assert closing.is_alive()  # still waiting for the pass, well past its timeout
    release.set()
    closing.join(10)
    assert not closing.is_alive()
    assert journal_path(store).stat().st_size == 0  # the pass committed and emptied the file, then it went
    assert [d for _s, _a, d in consultations_in(store)] == ["held"]


def test_the_store_never_closes_its_look_up_connection_under_a_pass(
    store: Store, store_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing the store (the application quitting, a test ending) while the writer commits on the look-ups' kept
    connection: the store's close hands that connection back and disposes of its pool only once the pass is over.
    Before session 26 it did so after the close's timeout (2 s), under the pass: a segmentation fault in SQLCipher,
    seen in the suite."""
    journal = journal_for(store)
    assert journal is not None
    entered, release = _held_pass(monkeypatch)
    handed_back = threading.Event()
    store.before_dispose.insert(0, handed_back.set)  # before the look-up connection is handed back and closed
    # The journal's close with a short timeout (2 s by default): what it gives the pass, it gave up after.
    store.on_close[:] = [partial(journal.close, timeout=0.2) if c == journal.close else c for c in store.on_close]
    consultations.record_consultation(store, actor=ACTOR, now=NOW, record_kind="recherche", detail="held")
    journal.settle(timeout=0)
    assert entered.wait(10)
    closing = threading.Thread(target=store.close)
    closing.start()
    assert not handed_back.wait(1.0)  # well past the close's timeout: the pass still holds the connection
    release.set()
    closing.join(15)
    assert not closing.is_alive() and handed_back.is_set()
    again = open_store(db_file(store), StaticKeyProvider(store_key), migrate=False)
    try:
        assert [d for _s, _a, d in consultations_in(again)] == ["held"]
    finally:
        again.close()

"""Write-behind of the consultations' audit events: a sealed journal line at once, the audit chain in groups.

A look-up returns once its event is one ``os.write`` into the store's journal file (``<store>-consultations``):
from then on it is in the operating system's hands and survives a kill of Guichet (SIGKILL included). A writer
thread (never the GUI thread) moves the journal into the audit chain in one ``synchronous=FULL`` transaction per
group, then empties the file. Exactly once: the number of the last entry moved is a counter of the store
(``sequence_counters``), updated in the same transaction as the events, and every pass skips what it counts; a
crash between that commit and the emptying only leaves lines the next pass skips. The same pass runs when the store
is opened again (`settle`), so what a killed process journaled reaches the chain in the order it was written.

The journal is emptied only after a FULL commit, and a pass applies entries only from the counter's next number
on, stopping at the first one missing: a power cut that loses part of the journal loses a tail, never a gap.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
import weakref
from datetime import datetime
from pathlib import Path

from desktop.models import SequenceCounter
from desktop.models.db import Store
from desktop.services.consultation_records import Sealer, event_json, journal_key
from desktop.services.journal import Actor, Audited, audit_group
from desktop.services.lookup_connection import lend

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

COUNTER = "consultations.journal"
IDLE_SECONDS = 5.0  # the writer thread stops after this long with nothing to move; the next look-up restarts it
RETRY_SECONDS = (0.05, 0.2, 1.0, 5.0)
PASS_LIMIT_SECONDS = 40.0  # how long a pass may last: the store's busy timeout (30 s, models/db.py) and its commit
# A group is moved once look-ups pause for QUIET_SECONDS, or once its first line is MAX_DELAY_SECONDS old: under the
# GIL, the writer's Python work delays a look-up running at the same time, so it waits for the agent to pause.
QUIET_SECONDS = 0.05
MAX_DELAY_SECONDS = 1.0
# Past this size, look-ups that never pause wait for one commit of what they added during a pass (see _run).
ROTATE_BYTES = 256 * 1024


class JournalUnavailable(Exception):
    """No journal for this store here (in memory, no audit key, another process holds it, or the disk refused)."""


def journal_path(store: Store) -> Path:
    if store.audit_key is None:
        raise JournalUnavailable("no audit key")
    # The engine connects through a creator (SQLCipher's key first): its URL names no file, the driver does.
    raw = store.engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        row = driver.execute("SELECT file FROM pragma_database_list WHERE name = 'main'").fetchone()
    finally:
        raw.close()
    if row is None or not row[0]:
        raise JournalUnavailable("store in memory")
    path = Path(row[0])
    return path.with_name(path.name + "-consultations")


def _open_locked(path: Path) -> int:
    """The journal's descriptor (append-only), locked for this process; raises JournalUnavailable.

    Created with the database's own mode: 0660 in the station's shared folder (every OS user of the station opens
    the store, so each must be able to replay what another left), else 0600."""
    from desktop.privatefile import create_shared_file

    try:
        create_shared_file(path)
        fd = os.open(path, os.O_RDWR | os.O_APPEND)
    except OSError:
        raise JournalUnavailable("journal cannot be opened") from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows: a lock on the first byte (beyond the end is allowed)
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        os.close(fd)
        raise JournalUnavailable("journal held by another process") from None
    return fd


def read_all(fd: int) -> bytes:
    """The whole file (writes are appends, whatever the position: reading moves nothing that matters)."""
    size = os.fstat(fd).st_size
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while size > 0 and (chunk := os.read(fd, size)):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def apply_journal(store: Store, sealer: Sealer, data: bytes) -> tuple[int, int]:
    """Move the journal's entries not yet in the chain into it, in one FULL transaction.

    Returns the next entry number and where the valid lines of `data` end."""
    entries, end = sealer.read(data)
    if not entries:  # nothing to move: no write lock, no commit
        with store.read() as s:
            counter = s.get(SequenceCounter, COUNTER)
            return (0 if counter is None else counter.value) + 1, end
    with store.write() as s:
        counter = s.get(SequenceCounter, COUNTER)
        if counter is None:
            counter = SequenceCounter(name=COUNTER, value=0)
            s.add(counter)
        applied = counter.value
        group: list[Audited] = []
        skipped = 0
        for entry in entries:
            if entry.number <= applied:
                continue  # already in the chain (a crash between the commit and the emptying of the file)
            if entry.number != applied + 1:
                skipped += 1  # a line lost before this one (power cut): never apply past a gap
                continue
            actor = Actor(station_code=entry.station_code, agent_id=entry.agent_id)
            group.append((actor, entry.action, entry.at, entry.record_kind, entry.record_id, entry.detail))
            applied = entry.number
        audit_group(s, group)
        counter.value = applied
        s.flush([counter])
    if skipped:
        log.warning("consultation journal: %d entries after a missing one were not applied", skipped)
    return max([applied, *(e.number for e in entries)]) + 1, end


class ConsultationJournal:
    """The journal of one store in this process: `append` on the look-up's thread, a writer thread behind it."""

    def __init__(self, store: Store) -> None:
        path = journal_path(store)
        assert store.audit_key is not None
        self._sealer = Sealer(journal_key(store.audit_key))
        self._fd = _open_locked(path)
        # Not at interpreter exit: a daemon writer may still be in a pass then, and the OS closes the file anyway.
        closer = self._closer = weakref.finalize(self, os.close, self._fd)
        closer.atexit = False  # type: ignore[misc]  # a documented attribute typeshed lists outside __slots__
        self._closed = False
        self._store = weakref.ref(store)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._dirty = False
        self._in_flight = False
        self._hurry = False  # settle() is waiting: move now
        self._first_at = self._last_at = 0.0
        self._thread: threading.Thread | None = None
        # What a previous process journaled and did not move: into the chain now, before anything new.
        self._next, _end = apply_journal(store, self._sealer, self._contents())
        os.ftruncate(self._fd, 0)
        self._size = 0  # bytes in the file (appended since it was last emptied)

    def _contents(self) -> bytes:
        return read_all(self._fd)

    def append(
        self,
        *,
        actor: Actor,
        action_name: str,
        now: datetime,
        record_kind: str | None = None,
        record_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Journal one event with a single write (durable against a process kill once this returns)."""
        with self._lock:
            if self._closed:
                raise OSError("consultation journal closed with its store")
            line = self._sealer.seal_json(
                event_json(self._next, now, actor.station_code, actor.agent_id, action_name, record_kind, record_id,
                           detail)
            )  # fmt: skip
            try:
                written = os.write(self._fd, line)
            except OSError:
                self._take_back()
                raise
            if written != len(line):  # a full disk: the part that fitted in the file's last page went in
                self._take_back()
                raise OSError(errno.ENOSPC, "short write to the consultation journal")
            self._next += 1
            self._size += len(line)
            self._last_at = time.monotonic()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="consultation-writer", daemon=True)
                self._thread.start()
            elif not self._dirty:
                # Only a writer waiting for work needs waking: one waiting for a pause times out on its own (waking
                # it at every look-up handed the GIL to it and back, 0.2 ms a look-up).
                self._changed.notify_all()
            if not self._dirty:
                self._first_at = self._last_at
            self._dirty = True
            if self._in_flight and self._size >= 2 * ROTATE_BYTES:
                # Look-ups that never pause, faster than a pass (its FULL commit) on a loaded machine: this line is
                # already written (durable as any); wait for the pass, whose rotation then empties the file, so the
                # file stays within about twice ROTATE_BYTES whatever the two threads' relative speeds.
                self._changed.wait_for(lambda: not self._in_flight, timeout=MAX_DELAY_SECONDS)

    def _take_back(self) -> None:
        """Cut the file back to its last whole line (lock held): a torn line would hide every line written after it
        from the reader (`Sealer.read`: the longest valid prefix), and the writer would then empty the file."""
        try:
            os.ftruncate(self._fd, self._size)  # shrinking needs no space
        except OSError as exc:  # never seen: the look-up is refused anyway, its reason is the write's
            log.error("consultation journal: a torn line could not be taken back (%s)", type(exc).__name__)

    def settle(self, timeout: float = 10.0) -> bool:
        """Wait until everything journaled so far is in the chain; False if that took longer than `timeout`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            self._hurry = True
            self._changed.notify_all()
            while self._dirty or self._in_flight:
                left = deadline - time.monotonic()
                if left <= 0 or (self._thread is None and self._dirty):
                    return False
                self._changed.wait(left)
        return True

    def close(self, timeout: float = 2.0) -> None:
        """The store closes: what is journaled goes into the chain first, then the writer stops and the file is let go.

        With the file goes its lock: a store opened again on the same file in this process journals again (before,
        it found the journal held until the closed store was collected, and committed each consultation directly).
        What `timeout` did not let move stays in the file: the next opener replays it, exactly once."""
        self.settle(timeout)
        with self._lock:
            self._closed = True
            self._changed.notify_all()
            # A pass still running uses the file once more after its commit (emptying it), and the store's look-up
            # connection it borrowed (`lend`), which the store's close hands back and closes right after this: wait
            # for it, as long as a pass can last. Giving up after `timeout` (until session 26) let the store close
            # that connection under the pass: SQLCipher crashed the process (seen under load in the test suite).
            if self._changed.wait_for(lambda: not self._in_flight, timeout=max(timeout, PASS_LIMIT_SECONDS)):
                self._closer()

    def _run(self) -> None:
        failures = 0
        while True:
            with self._lock:
                if not self._dirty and not self._closed:
                    self._changed.wait(IDLE_SECONDS)
                store = self._store()
                while self._dirty and store is not None and not self._hurry and not self._closed:
                    now = time.monotonic()
                    left = min(self._last_at + QUIET_SECONDS, self._first_at + MAX_DELAY_SECONDS) - now
                    if left <= 0:
                        break
                    self._changed.wait(left)
                # Nothing to move, the store gone, or closed (while waiting for a pause too: its lines stay).
                if self._closed or not self._dirty or store is None:
                    self._thread = None
                    self._changed.notify_all()
                    return
                self._dirty = False
                self._in_flight = True
                data = self._contents()
            try:
                lend(store)  # the look-ups' connection back to the pool: the group commits on it (its cache stays warm)
                _next, end = apply_journal(store, self._sealer, data)
            except Exception as exc:  # the store refused (locked, disk full, closed): the lines wait in the file
                log.warning("consultation journal: move to the audit chain failed (%s), retrying", type(exc).__name__)
                with self._lock:
                    self._dirty = True
                    self._in_flight = False
                    self._changed.notify_all()
                del store
                time.sleep(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                failures += 1
                continue
            failures = 0
            with self._lock:
                self._in_flight = False
                if self._dirty and end == len(data) >= ROTATE_BYTES:
                    # Look-ups did not pause during the pass: the file could only grow, and each pass reads it
                    # whole. Move what they added meanwhile now, holding them for that one commit, then empty it.
                    try:
                        _next, tail_end = apply_journal(store, self._sealer, tail := self._contents()[end:])
                        self._dirty = tail_end != len(tail)
                    except Exception as exc:
                        log.warning("consultation journal: rotation failed (%s)", type(exc).__name__)
                if not self._dirty:  # nothing appended meanwhile: every line of the file is in the chain (FULL)
                    os.ftruncate(self._fd, 0)
                    self._size = 0
                    self._hurry = False
                self._changed.notify_all()
            del store


_journals: weakref.WeakKeyDictionary[Store, ConsultationJournal | None] = weakref.WeakKeyDictionary()
_journals_lock = threading.Lock()
_UNKNOWN = object()


def journal_for(store: Store) -> ConsultationJournal | None:
    """This process's journal of `store` (opened, what was left in it replayed, on first use); None: direct."""
    found = _journals.get(store, _UNKNOWN)  # every look-up: a dict read is atomic, the lock is for opening one
    if found is not _UNKNOWN:
        return found  # type: ignore[return-value]
    with _journals_lock:
        if store in _journals:
            return _journals[store]
        try:
            opened = ConsultationJournal(store)
            store.on_close.append(opened.close)
            journal: ConsultationJournal | None = opened
        except JournalUnavailable as exc:
            log.info("consultation journal not used: %s", exc)
            journal = None
        except Exception as exc:  # the replay could not write (its lines stay in the file for the next start)
            log.warning("consultation journal not used: replay failed (%s)", type(exc).__name__)
            journal = None
        _journals[store] = journal
        return journal


def settle(store: Store, timeout: float = 10.0) -> bool:
    """Everything journaled for `store` is in the audit chain once this returns True (before reading or verifying it).

    In a process that has not journaled for this store (the audit command, a new start), what a previous process left
    is replayed, unless another process holds the journal (its own writer moves it)."""
    with _journals_lock:
        journal = _journals.get(store)
    if journal is not None:
        return journal.settle(timeout)
    try:
        path = journal_path(store)
    except JournalUnavailable:
        return True
    if not path.exists() or path.stat().st_size == 0:
        return True
    try:
        fd = _open_locked(path)
    except JournalUnavailable:
        return False
    try:
        assert store.audit_key is not None
        apply_journal(store, Sealer(journal_key(store.audit_key)), read_all(fd))
        os.ftruncate(fd, 0)
    finally:
        os.close(fd)
    return True

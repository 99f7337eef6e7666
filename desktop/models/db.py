"""Opening the local store: SQLCipher with the key first, WAL, synchronous=FULL, then migrations."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from desktop.models.keys import KeyProvider, StaticKeyProvider
from desktop.privatefile import create_shared_file

CACHE_KIB = 64 * 1024  # 64 MiB page cache: removes SQLCipher's read overhead (spec/security.md)
# The first read's failures that are the disk's, not the key's (a wrong key reads « file is not a database »):
# SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN (primary codes:
# an extended one carries its primary code in its low byte).
SQLITE_DISK = frozenset({3, 8, 10, 13, 14})
READ_ONLY = "guichet_read_only"  # execution option of the read engine: its transactions begin DEFERRED


class StoreError(Exception):
    """The local store cannot be opened (wrong key, not a database, damaged)."""


class ReadOnlySessionError(RuntimeError):
    """Something tried to write through a read session (`Store.read()`): a programming error."""


def _unopened(path: Path, exc: Exception) -> Exception:
    """Why a store with the right key does not open: the disk, not the key (SQLite's own error else).

    SQLite must make its shared-memory and WAL files beside the database before its first read: on a disk gone
    read-only it says « unable to open database file », which names no cause; the file system's flag does.
    A full disk reads « disk I/O error » or « database or disk is full » (desktop/failures.py names both)."""
    try:
        read_only = bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # Windows has no statvfs
        read_only = False
    if read_only:
        return OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
    return exc


def _connect(path: Path, keys: list[bytes]) -> Callable[[], Any]:
    # `keys` holds one key; Store.rekey replaces it, so connections made after a re-key use the new one.
    def creator() -> Any:
        key = keys[0]
        conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
        # SQLCipher writes its own errors to stderr (a wrong key is an expected case, shown to the agent): silence it.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # The key must be the first statement that touches the database.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            conn.close()
            code = getattr(exc, "sqlite_errorcode", None)
            if isinstance(code, int) and code & 0xFF in SQLITE_DISK:
                raise _unopened(path, exc) from exc
            raise StoreError("wrong key or not a Guichet database") from None
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    return creator


def create_store_engine(path: Path, keys: KeyProvider) -> Engine:
    """An engine over the encrypted file; the key is asked once, here."""
    create_shared_file(path)  # 0660 in the station's shared folder (SQLite's WAL and -shm follow it), else 0600
    key_ref = [keys.database_key()]
    creator = _connect(path, key_ref)
    # LIFO: a look-up takes the connection used last, whose page cache is warm (FIFO handed out the coldest of four).
    engine = create_engine(
        "sqlite://", creator=creator, poolclass=QueuePool, pool_size=4, max_overflow=4, pool_use_lifo=True
    )
    engine.info_key_ref = key_ref  # type: ignore[attr-defined]

    # pysqlite's own transaction handling is off (isolation_level=None): we emit BEGIN ourselves. Writes take
    # IMMEDIATE so that two writers never deadlock on a read-to-write upgrade; reads (the engine copy made with the
    # READ_ONLY option, see Store.read) take DEFERRED: in WAL mode they read their snapshot while a writer writes,
    # instead of queuing behind it for up to the busy timeout.
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

    return engine


def _refuse_flush(session: Session, _context: Any, _instances: Any) -> None:
    raise ReadOnlySessionError("write attempted through Store.read(): use Store.write()")


class Store:
    """The opened local store: `read()` for looking, `write()` for changing; one session per agent action."""

    def __init__(self, engine: Engine, *, audit_key: bytes | None = None) -> None:
        self.engine = engine
        # The audit chain's key rides in each session's info so that journal.audit() can seal every row.
        self.audit_key = audit_key
        self.sessions = sessionmaker(engine, expire_on_commit=False, info={"audit_key": audit_key})
        # Same pool, other BEGIN: a shallow copy of the engine carrying the READ_ONLY option.
        self.readers = sessionmaker(
            engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False, info={"read_only": True}
        )
        event.listen(self.readers, "before_flush", _refuse_flush)
        self.write_lock = threading.Lock()
        # Called before the pool is disposed (close, rekey): whoever keeps a connection out of it hands it back.
        self.before_dispose: list[Callable[[], None]] = []
        # Called first by `close` only (not by a re-key): what ends with the store (the consultation journal).
        self.on_close: list[Callable[[], None]] = []

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session: BEGIN DEFERRED, never waits for a writer (WAL), refuses to flush; rolled back."""
        with self.readers() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one BEGIN IMMEDIATE transaction (writers queue), committed on exit or rolled back whole."""
        with self.sessions() as session, session.begin():
            yield session

    def session(self) -> Session:
        """A session whose transactions take the write lock (BEGIN IMMEDIATE); prefer `read()` or `write()`."""
        return self.sessions()

    def checkpoint(self) -> bool:
        """Fold the WAL into the main file and empty it (outside any transaction: SQLite refuses it inside one).

        True when the WAL was emptied; False when a reader of an older snapshot kept it (SQLite waited the busy
        timeout). The retention purge relies on it: the WAL's old frames hold the rows it deleted."""
        raw = self.engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert driver is not None
            row = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        return row is None or row[0] == 0

    def close(self) -> None:
        for closing in list(self.on_close):
            closing()
        self._hand_back()
        self.engine.dispose()

    def _hand_back(self) -> None:
        for hand_back in list(self.before_dispose):
            hand_back()

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt the whole file under `new_key` (SQLCipher's PRAGMA rekey), then reopen the pool with it.

        Every pooled connection is closed first: they hold the old key. Another process with the store open must
        log in again (its key no longer opens the file).
        """
        if len(new_key) != 32:
            raise ValueError("database key must be 32 bytes")
        with self.write_lock:
            self._hand_back()
            self.engine.dispose()
            raw = self.engine.raw_connection()
            try:
                driver = raw.driver_connection
                assert driver is not None
                driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                driver.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
                self.engine.info_key_ref[0] = new_key  # type: ignore[attr-defined]
            finally:
                raw.invalidate()
            self.engine.dispose()


def open_store(path: Path, keys: KeyProvider, *, migrate: bool = True, audit_root: bytes | None = None) -> Store:
    """Open (creating if needed) and migrate the local store.

    `audit_root` is the key the audit chain's key derives from when the store was re-keyed since it was created
    (the first database key, kept in the key slots): the chain's seals do not change with the database key.
    """
    key = keys.database_key()  # asked once: an agent's key slot costs an Argon2id run
    engine = create_store_engine(path, StaticKeyProvider(key))
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:
        engine.dispose()
        if isinstance(exc, StoreError) or isinstance(getattr(exc, "orig", None), StoreError):
            raise StoreError("wrong key or not a Guichet database") from None
        raise
    if migrate:
        from desktop.models.migrate import upgrade

        try:
            upgrade(engine)
        except BaseException:
            engine.dispose()  # a store this version may not open (StoreFromNewerVersion) is not kept open
            raise
    from desktop.security.hkdf import derive_audit_key

    return Store(engine, audit_key=derive_audit_key(audit_root or key))

"""The look-up's own connection to the store: one pooled connection kept between look-ups, read-only while kept.

Checking a connection out of SQLAlchemy's pool and back in costs about as much Python as a receipt number's whole
SQL (bench/search.py): a look-up by receipt number paid it twice over its raw probe. So the look-ups of a store keep
one connection (``PRAGMA query_only``: nothing written through it while kept) and hand it back to the pool only
when the consultation journal's writer moves a group into the audit chain (`lend`): the pool being LIFO, the
group's commit then runs on this very connection and its page cache stays warm for the next look-up (a commit on
*another* connection empties this one's cache: a receipt number 0.04 ms warm, 0.25 ms after another connection's
commit). A commit by anything else (an act, the sync) empties it once, as it did a pooled look-up connection
that was not the pool's latest.

Between look-ups the connection is in autocommit with no statement open: it holds no read lock, so checkpoints of
the WAL are never held back by it. It is handed back when the store closes or is re-keyed (`Store.before_dispose`).
Look-ups from two threads at once: the second one takes a pooled connection as before.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from desktop.models.db import Store

T = TypeVar("T")


class LookupConnection:
    """One store's kept look-up connection."""

    def __init__(self, store: Store) -> None:
        self._store = weakref.ref(store)
        self._lock = threading.Lock()
        self._fairy: Any = None  # the pool's proxy of the kept connection (None: not kept now)

    def run(self, work: Callable[[Any], T]) -> T:
        """`work(driver connection)` on the kept connection (taken from the pool if not kept), else a pooled one."""
        if not self._lock.acquire(blocking=False):  # another thread is looking up: a pooled connection, as before
            return _pooled(self._store(), work)
        try:
            fairy: Any = self._fairy
            if fairy is None:
                store = self._store()
                if store is None:
                    raise RuntimeError("store closed")
                fairy = store.engine.raw_connection()
                try:
                    fairy.driver_connection.execute("PRAGMA query_only=ON")
                except BaseException:
                    fairy.close()
                    raise
                self._fairy = fairy
            try:
                return work(fairy.driver_connection)
            except BaseException:
                self._give_back()  # whatever state the error left: to the pool (its reset rolls back)
                raise
        finally:
            self._lock.release()

    def lend(self) -> None:
        """Hand the connection back to the pool (waits for a look-up in progress): the next checkout takes it."""
        with self._lock:
            self._give_back()

    def _give_back(self) -> None:
        fairy, self._fairy = self._fairy, None
        if fairy is None:
            return
        try:
            fairy.driver_connection.execute("PRAGMA query_only=OFF")
        except Exception:
            fairy.invalidate()  # never back in the pool read-only
        finally:
            fairy.close()

    @property
    def kept(self) -> bool:
        """Whether a connection is kept now (tests)."""
        return self._fairy is not None


def _pooled(store: Store | None, work: Callable[[Any], T]) -> T:
    if store is None:
        raise RuntimeError("store closed")
    raw = store.engine.raw_connection()
    try:
        return work(raw.driver_connection)
    finally:
        raw.close()


_kept: weakref.WeakKeyDictionary[Store, LookupConnection] = weakref.WeakKeyDictionary()
_kept_lock = threading.Lock()


def lookup_connection(store: Store) -> LookupConnection:
    """The store's look-up connection (made on first use, handed back when the store closes or is re-keyed)."""
    found = _kept.get(store)
    if found is not None:
        return found
    with _kept_lock:
        found = _kept.get(store)
        if found is None:
            found = _kept[store] = LookupConnection(store)
            store.before_dispose.append(found.lend)
        return found


def lend(store: Store) -> None:
    """Hand the store's look-up connection back to the pool, if it keeps one (before a write that should reuse it)."""
    found = _kept.get(store)
    if found is not None:
        found.lend()

"""The status feed: workers push facts from their threads, listeners get immutable, numbered snapshots."""

from __future__ import annotations

import dataclasses
import threading
from datetime import timedelta

import pytest

from desktop.devices.monitor import DeviceSnapshot
from desktop.snapshots import StatusFeed, StatusSnapshot
from desktop.sync.status import SyncStatus


def _sync(**changes: object) -> SyncStatus:
    base = SyncStatus(online=True, pending=3, oldest_pending_age=timedelta(minutes=5), last_success=None, refused=())
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_feed_folds_sync_and_device_facts_into_numbered_snapshots() -> None:
    feed = StatusFeed(configured=True)
    seen: list[StatusSnapshot] = []
    feed.subscribe(seen.append)
    assert (feed.snapshot.online, feed.snapshot.pending) == (False, None)  # the store is still opening
    feed.sync_changed(_sync())
    feed.devices_changed(DeviceSnapshot("prêt", True, "plus de papier", False, "Plus de papier."))
    assert [(s.online, s.pending, s.reader, s.printer_ok, s.version) for s in seen] == [
        (True, 3, "…", False, 1),
        (True, 3, "prêt", False, 2),
    ]
    assert feed.sync_status == _sync()
    with pytest.raises(AttributeError):  # immutable: a listener on another thread reads it as it was sent
        seen[0].pending = 0  # type: ignore[misc]


def test_nothing_new_pushes_nothing() -> None:
    feed = StatusFeed(configured=False)
    seen: list[StatusSnapshot] = []
    feed.subscribe(seen.append)
    feed.pending_counted(0)
    feed.pending_counted(0)
    assert [(s.online, s.pending, s.version) for s in seen] == [(None, 0, 1)]


def test_a_failing_listener_does_not_stop_the_worker_nor_the_others() -> None:
    feed = StatusFeed(configured=True)
    seen: list[StatusSnapshot] = []

    def broken(_snap: StatusSnapshot) -> None:
        raise RuntimeError("view bug")

    feed.subscribe(broken)
    feed.subscribe(seen.append)
    feed.pending_counted(2, online=True)
    assert [(s.online, s.pending) for s in seen] == [(True, 2)]


def test_versions_never_repeat_across_threads() -> None:
    feed = StatusFeed(configured=True)
    seen: list[int] = []
    lock = threading.Lock()

    def record(snap: StatusSnapshot) -> None:
        with lock:
            seen.append(snap.version)

    feed.subscribe(record)
    threads = [
        threading.Thread(target=lambda n=n: [feed.pending_counted(n * 100 + i) for i in range(50)]) for n in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == list(range(1, 201))


def test_offline_too_long_reaches_the_status_bar_snapshot() -> None:
    """Issue 15: offline_warning_hours was never used; the worker's verdict now reaches the status bar."""
    feed = StatusFeed(configured=True)
    feed.sync_changed(_sync(online=False, offline_too_long=True))
    assert feed.snapshot.offline_too_long is True
    feed.sync_changed(_sync(online=True, offline_too_long=False))
    assert feed.snapshot.offline_too_long is False

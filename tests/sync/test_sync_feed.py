"""The change feed judged against the station's cursor: a page that goes back, or never ends, corrupts nothing.

An outside audit (a hostile central answer fed to a real station store) saw a résiliation undone by a page at an
older cursor, the stored cursor moved back, and `more=true` without moving pulled 2,042 pages in 5 seconds.
"""

from __future__ import annotations

import itertools
import json
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from centralkit import DUBOIS, MARTIN, procuration_body
from hostilekit import in_the_middle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from synckit import establish

from central.embedded import Embedded
from desktop.i18n import _
from desktop.models import Procuration, ProcurationEvent, SyncState
from desktop.models.db import Store, open_store
from desktop.models.ids import uuid7
from desktop.models.keys import StaticKeyProvider
from desktop.sync import outbox
from desktop.sync.client import CentralClient, Credentials, FeedError, enrol
from desktop.sync.clock import StationClock
from desktop.sync.feed import FeedOutOfOrder, check_page
from desktop.sync.standing import FEED_HIGH_HEADER, LAST_SEQ_HEADER
from desktop.sync.wire import ChangesPage
from desktop.sync.worker import Backoff, SyncWorker, WorkerSettings

THOMAS = {"nom": "THOMAS", "prenoms": ["Sophie"], "date_naissance": "1963-05-27", "nne": "285042289"}
FAST = WorkerSettings(
    batch_size=50, poll_interval=0.05, probe_interval=0.02, backoff=Backoff(base=0.01, cap=0.05, jitter=0.5)
)
NOW = "2026-11-24T10:00:00Z"


def _change(cursor: int, record_id: str, status: str) -> dict[str, Any]:
    return {"cursor": cursor, "entry_id": uuid7(), "record_id": record_id, "status": status, "at": NOW}


def _page(changes: list[dict[str, Any]], next_cursor: int, *, more: bool = False) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()  # a server time the station's clock believes
    return {"changes": changes, "next_cursor": next_cursor, "more": more, "server_time": now}


def _worker(central: Embedded, store: Store, base_url: str, settings: WorkerSettings = FAST) -> SyncWorker:
    creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label="guichet")
    return SyncWorker(store, CentralClient(base_url, creds, timeout=5), StationClock(), settings=settings)


def _state(store: Store, pid: str) -> tuple[str, str | None, int]:
    """The procuration's status, the stored cursor, the number of its status events."""
    with store.read() as s:
        proc = s.get(Procuration, pid)
        state = s.get(SyncState, 1)
        events = s.scalar(
            select(func.count()).select_from(ProcurationEvent).where(ProcurationEvent.procuration_id == pid)
        )
        assert proc is not None
        return proc.status, state.cursor if state else None, int(events or 0)


def _older(path: str, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A central store older than its word on the station (desktop/sync/standing.py): the pages these tests forge
    are none the store wrote, and its feed's highest cursor would say it went back (tests/sync/test_sync_restore.py)."""
    return [(k, v) for k, v in headers if k.lower() not in (LAST_SEQ_HEADER.lower(), FEED_HIGH_HEADER.lower())]


def _scripted(pages: list[dict[str, Any]]) -> Callable[[str, int | None, Any], Any]:
    """Answers the feed with these pages in turn (the real server time kept), then lets the store answer."""

    def answer(path: str, since: int | None, body: Any) -> Any:
        if path != "/v1/changes" or not pages:
            return None
        return pages.pop(0) | {"server_time": body["server_time"]}

    return answer


def test_a_feed_page_going_back_is_refused_and_the_résiliation_stands(sqlite_central: Embedded, store: Store) -> None:
    """The auditor's case over real HTTP: résiliée at cursor 10, then a page at cursor 3 saying validée."""
    pages: list[dict[str, Any]] = []
    with in_the_middle(sqlite_central.base_url, _scripted(pages), _older) as middle:
        worker = _worker(sqlite_central, store, middle.base_url)
        pid = establish(store, worker.clock, procuration_body(MARTIN, DUBOIS, rounds="T1"))
        pages.append(_page([_change(10, pid, "resiliee")], 10))
        assert worker.run_once()
        assert _state(store, pid) == ("resiliee", "10", 2)  # validée at the push, résiliée by the feed

        pages.append(_page([_change(3, pid, "validee")], 3))
        assert not worker.run_once()
        assert _state(store, pid) == ("resiliee", "10", 2)  # nothing applied, the cursor did not move back
        assert middle.seen[-1] == ("GET", "/v1/changes", 10)
        status = worker.status()
        assert status.last_error == _(FeedError.message) and status.clock_problem is None
        # The next sync asks from 10 again, and the store's own (empty) page is applied.
        assert worker.run_once()
        assert _state(store, pid) == ("resiliee", "10", 2)
        assert worker.status().last_error is None


def test_more_without_moving_is_refused_and_retried_with_back_off(sqlite_central: Embedded, store: Store) -> None:
    """The auditor's second case: `more=true` at the same cursor ends the pull at once, and the thread backs off."""

    def stuck(path: str, since: int | None, body: Any) -> Any:
        return _page([], since or 0, more=True) if path == "/v1/changes" else None

    with in_the_middle(sqlite_central.base_url, stuck, _older) as middle:
        slow = WorkerSettings(poll_interval=0.05, probe_interval=0.02, backoff=Backoff(base=0.4, cap=2.0, jitter=0.5))
        worker = _worker(sqlite_central, store, middle.base_url, slow)
        started = time.monotonic()
        assert not worker.run_once()
        assert time.monotonic() - started < 5 and middle.requests_to("/v1/changes") == 1
        assert worker.status().last_error == _(FeedError.message)
        worker.start()
        time.sleep(1.5)
        worker.stop()
        # 0.2-0.6 s, then 0.4-1.2 s, ... between tries: a handful of requests, not thousands.
        assert 2 <= middle.requests_to("/v1/changes") <= 6
        with store.read() as s:
            state = s.get(SyncState, 1)
            assert state is None or state.cursor in (None, "0")


def test_a_feed_that_never_ends_is_pulled_a_bounded_number_of_pages_per_sync(
    sqlite_central: Embedded, store: Store
) -> None:
    def endless(path: str, since: int | None, body: Any) -> Any:
        return _page([], (since or 0) + 1, more=True) if path == "/v1/changes" else None

    with in_the_middle(sqlite_central.base_url, endless, _older) as middle:
        worker = _worker(sqlite_central, store, middle.base_url, WorkerSettings(max_pages=5))
        assert worker.run_once()
        assert middle.requests_to("/v1/changes") == 5
        assert worker.run_once()  # the rest at the next sync, from where the last one stopped
        assert middle.requests_to("/v1/changes") == 10
        assert [since for _, path, since in middle.seen if path == "/v1/changes"] == list(range(10))
        with store.read() as s:
            assert s.get(SyncState, 1).cursor == "10"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("changes", "next_cursor", "more", "since"),
    [
        ([3], 3, False, 10),  # goes back
        ([10], 10, False, 10),  # the change the station already applied
        ([9, 11], 11, False, 10),  # partly back
        ([], 9, False, 10),  # the next cursor before the one asked from
        ([11, 12], 11, False, 10),  # the next cursor behind the page's own changes
        ([], 10, True, 10),  # more, without moving
    ],
)
def test_a_page_that_does_not_follow_the_cursor_is_refused(
    changes: list[int], next_cursor: int, more: bool, since: int
) -> None:
    page = ChangesPage.from_dict(_page([_change(c, uuid7(), "validee") for c in changes], next_cursor, more=more), "p")
    with pytest.raises(FeedOutOfOrder):
        check_page(page, since)


@pytest.mark.parametrize(
    ("changes", "next_cursor", "more", "since"),
    [([], 10, False, 10), ([11, 14], 14, True, 10), ([], 20, True, 10), ([11], 15, False, 10), ([1], 1, False, 0)],
)
def test_a_page_that_follows_the_cursor_is_accepted(
    changes: list[int], next_cursor: int, more: bool, since: int
) -> None:
    page = ChangesPage.from_dict(_page([_change(c, uuid7(), "validee") for c in changes], next_cursor, more=more), "p")
    check_page(page, since)


def test_the_store_refuses_a_page_behind_its_own_cursor(store: Store) -> None:
    """Whatever cursor the caller asked from, the page is judged against the stored one, in the same transaction."""
    pid = establish(store, StationClock(), procuration_body(MARTIN, DUBOIS, rounds="T1"))
    now = datetime.now(UTC)
    outbox.apply_changes(store, ChangesPage.from_dict(_page([_change(10, pid, "resiliee")], 10), "p"), now=now)
    with pytest.raises(FeedOutOfOrder):
        outbox.apply_changes(store, ChangesPage.from_dict(_page([_change(3, pid, "validee")], 3), "p"), now=now)
    assert _state(store, pid) == ("resiliee", "10", 1)


# A status never goes back once a later cursor applied -------------------------------------------------------------

STATUSES = ("validee", "invalidee", "resiliee")


@st.composite
def pages(draw: st.DrawFn) -> dict[str, Any]:
    """A page as a buggy or hostile store may send it: cursors increasing within the page (the wire checks that),
    anything else at random: back, forward, overlapping, `more` with or without moving."""
    cursors = sorted(draw(st.sets(st.integers(1, 30), max_size=4)))
    changes = [(c, draw(st.integers(0, 1)), draw(st.sampled_from(STATUSES))) for c in cursors]
    last = cursors[-1] if cursors else None
    next_cursor = draw(st.integers(0, 32) if last is None else st.one_of(st.just(last), st.integers(0, 32)))
    return {"changes": changes, "next_cursor": next_cursor, "more": draw(st.booleans())}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=st.lists(pages(), min_size=1, max_size=8))
def test_a_status_never_goes_back_once_a_later_cursor_applied(
    script: list[dict[str, Any]], store_template: Path, store_key: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("feed") / "guichet.db"
    shutil.copyfile(store_template, path)
    store = open_store(path, StaticKeyProvider(store_key), migrate=False)
    try:
        clock = StationClock()
        pids = [establish(store, clock, procuration_body(m, DUBOIS, rounds="T1")) for m in (MARTIN, THOMAS)]

        def snapshot() -> tuple[int, tuple[str, ...]]:
            with store.read() as s:
                state = s.get(SyncState, 1)
                cursor = int(state.cursor) if state is not None and state.cursor else 0
                return cursor, tuple(s.get(Procuration, p).status for p in pids)  # type: ignore[union-attr]

        served: list[tuple[tuple[int, tuple[str, ...]], dict[str, Any]]] = []  # (state before, page)
        queue = list(script)

        def handler(request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/batches"):  # the two procurations, validée
                batch = json.loads(request.content)
                verdicts = [{"seq": e["seq"], "id": e["id"], "status": "validee"} for e in batch["entries"]]
                return httpx.Response(
                    200,
                    json={
                        "batch_id": batch["batch_id"],
                        "last_seq": batch["entries"][-1]["seq"],
                        "server_time": datetime.now(UTC).isoformat(),
                        "verdicts": verdicts,
                    },
                )
            if request.url.path != "/v1/changes":
                return httpx.Response(200, json={"server_time": datetime.now(UTC).isoformat()})
            empty: dict[str, Any] = {"changes": [], "next_cursor": int(request.url.params["since"])}
            raw = queue.pop(0) if queue else empty
            page = _page(
                [_change(c, pids[r], status) for c, r, status in raw["changes"]],
                raw["next_cursor"],
                more=raw.get("more", False) and bool(queue),
            )
            served.append((snapshot(), page))
            return httpx.Response(200, json=page)

        client = CentralClient("http://central.test", Credentials("st-1", "t"), transport=httpx.MockTransport(handler))
        worker = SyncWorker(store, client, clock, settings=FAST)
        for _round in range(len(script) + 1):
            worker.run_once()
        served.append((snapshot(), {}))
        assert len(served) > len(script)  # every page was asked for (the push went through first)

        for (before, page), (after, _next) in itertools.pairwise(served):
            cursor, statuses = before
            cursors = [c["cursor"] for c in page["changes"]]
            assert after[0] >= cursor  # the stored cursor never goes back
            if any(c <= cursor for c in cursors) or page["next_cursor"] < cursor:
                assert after == before  # a change at or below the stored cursor is never applied
            elif page["next_cursor"] >= max(cursors, default=0) and (page["next_cursor"] > cursor or not page["more"]):
                latest = {c["record_id"]: c["status"] for c in page["changes"]}  # the later change of a record wins
                assert after == (
                    page["next_cursor"],
                    tuple(latest.get(p, s) for p, s in zip(pids, statuses, strict=True)),
                )
            else:
                assert after == before  # behind its own changes, or `more` without moving: refused whole
    finally:
        store.close()

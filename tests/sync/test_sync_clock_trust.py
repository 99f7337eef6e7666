"""The server's time is not believed blindly either: an answer from 1970 or 2100, or one going back, never becomes the
station's clock; a station whose own clock is wrong is still corrected (docs/SYNC.md, "Which clock to believe")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from centralkit import DUBOIS, MARTIN, procuration_body
from hostilekit import in_the_middle
from synckit import establish

from central.embedded import Embedded
from desktop.models import Procuration, SyncState
from desktop.models.db import Store
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import CONFIRMATIONS, Reference, StationClock, TimeRefused
from desktop.sync.worker import Backoff, SyncWorker, WorkerSettings

BASE = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)
FAST = WorkerSettings(
    batch_size=50, poll_interval=0.05, probe_interval=0.02, backoff=Backoff(base=0.01, cap=0.05, jitter=0.5)
)


class Clocks:
    """A wall clock and a monotonic clock the test moves."""

    def __init__(self, wall: datetime) -> None:
        self.wall, self.mono = wall, 1000.0

    def tick(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds

    def station(self) -> StationClock:
        return StationClock(wall=lambda: self.wall, monotonic=lambda: self.mono, boot_id="boot-a")


@pytest.mark.parametrize("when", [EPOCH, FAR_FUTURE], ids=["1970", "2100"])
def test_a_server_time_from_1970_or_2100_is_never_the_reference(when: datetime) -> None:
    clocks = Clocks(BASE)
    fresh = clocks.station()
    with pytest.raises(TimeRefused) as refused:
        fresh.observe(when)
    assert refused.value.kind == "impossible" and "jours" in refused.value.message
    assert fresh.reference is None and fresh.now() == BASE and fresh.stamp().clock.basis == "wall"

    synced = clocks.station()
    synced.observe(BASE)
    for _ in range(2 * CONFIRMATIONS):  # however many answers agree on it
        clocks.tick(30)
        with pytest.raises(TimeRefused):
            synced.observe(when + timedelta(seconds=clocks.mono))
    assert synced.reference is not None and synced.reference.server_time == BASE  # the previous reference kept
    assert synced.now() == clocks.wall and synced.stamp().clock.basis == "server"


@pytest.mark.parametrize("off", [timedelta(hours=3), -timedelta(hours=3), timedelta(hours=23)])
def test_a_station_whose_clock_is_hours_wrong_is_corrected_by_one_answer(off: timedelta) -> None:
    """The spec's purpose: the station's wall clock is the liar, the server's time is taken at once."""
    clocks = Clocks(BASE + off)
    clock = clocks.station()
    clock.observe(BASE)
    clocks.tick(90)
    assert clock.now() == BASE + timedelta(seconds=90) and clock.stamp().clock.basis == "server"


def test_a_server_time_going_back_an_hour_is_refused() -> None:
    clocks = Clocks(BASE)
    clock = clocks.station()
    clock.observe(BASE)
    clocks.tick(60)
    with pytest.raises(TimeRefused) as refused:
        clock.observe(BASE - timedelta(hours=1))
    assert refused.value.kind == "back" and "1 h" in refused.value.message
    assert clock.now() == BASE + timedelta(seconds=60)  # the previous reference, run on by the monotonic clock
    clock.observe(BASE + timedelta(seconds=61))  # the honest answer after it is taken as usual


def test_a_server_clock_set_back_is_followed_once_answers_agree() -> None:
    """The central store's own clock corrected by an hour: a replayed or forged answer stays alone, this one does
    not; the station follows it at the CONFIRMATIONS-th answer."""
    clocks = Clocks(BASE)
    clock = clocks.station()
    clock.observe(BASE)
    for n in range(1, CONFIRMATIONS + 1):
        clocks.tick(30)
        server = clocks.wall - timedelta(hours=1)
        if n < CONFIRMATIONS:
            with pytest.raises(TimeRefused):
                clock.observe(server)
        else:
            assert clock.observe(server).server_time == server
    assert clock.now() == clocks.wall - timedelta(hours=1)


def test_a_station_days_off_is_corrected_once_answers_agree_and_not_by_answers_that_disagree() -> None:
    clocks = Clocks(BASE - timedelta(days=5))
    clock = clocks.station()
    for n in range(2 * CONFIRMATIONS):  # 2 and 3 days ahead of the truth in turn: no story holds
        clocks.tick(30)
        with pytest.raises(TimeRefused) as refused:
            clock.observe(BASE + timedelta(days=2 + n % 2, seconds=30 * n))
        assert refused.value.kind == "far"
    assert clock.reference is None
    for n in range(CONFIRMATIONS):
        clocks.tick(30)
        server = clocks.wall + timedelta(days=5)
        if n < CONFIRMATIONS - 1:
            with pytest.raises(TimeRefused):
                clock.observe(server)
        else:
            clock.observe(server)
    assert clock.now() == clocks.wall + timedelta(days=5) and clock.stamp().clock.basis == "server"


def test_a_dead_clock_battery_is_corrected_once_answers_agree() -> None:
    """A wall clock before any central store answered is certainly wrong: years of correction are taken."""
    clocks = Clocks(datetime(2001, 1, 1, tzinfo=UTC))
    clock = clocks.station()
    for _ in range(CONFIRMATIONS):
        clocks.tick(30)
        server = BASE + timedelta(seconds=clocks.mono)
        try:
            clock.observe(server)
        except TimeRefused as refused:
            assert refused.kind == "far"
    assert clock.reference is not None and clock.now() == server


def test_a_bad_reference_kept_by_an_earlier_version_is_replaced() -> None:
    """A 2100 reference stored before this check makes every honest answer go back: they agree, and are taken."""
    clocks = Clocks(BASE)
    clock = clocks.station()
    clock.restore(Reference(server_time=FAR_FUTURE, monotonic=500.0, boot_id="boot-a"))
    for _ in range(CONFIRMATIONS):
        clocks.tick(30)
        try:
            clock.observe(clocks.wall)
        except TimeRefused as refused:
            assert refused.kind == "back"
    assert clock.now() == clocks.wall


# Over HTTP: the sync goes on, only the clock reference is refused, and the agent reads why -------------------------


def _rewriting(state: dict[str, Any]) -> Any:
    def answer(path: str, since: int | None, body: Any) -> Any:
        if state["time"] is None or not isinstance(body, dict) or "server_time" not in body:
            return None
        return body | {"server_time": state["time"]}

    return answer


@pytest.mark.parametrize("when", [EPOCH, FAR_FUTURE], ids=["1970", "2100"])
def test_a_push_answer_from_1970_or_2100_leaves_the_station_clock_alone(
    sqlite_central: Embedded, store: Store, when: datetime
) -> None:
    """The auditor's case over real HTTP: the answers' verdicts are applied, their time is not."""
    lie: dict[str, Any] = {"time": None}
    with in_the_middle(sqlite_central.base_url, _rewriting(lie)) as middle:
        creds = enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="guichet")
        clock = StationClock()
        worker = SyncWorker(store, CentralClient(middle.base_url, creds, timeout=5), clock, settings=FAST)
        assert worker.run_once()  # an honest first sync: the reference
        honest = clock.reference
        assert honest is not None

        lie["time"] = when.isoformat()
        pid = establish(store, clock, procuration_body(MARTIN, DUBOIS, rounds="T1"))
        assert worker.run_once()
        with store.read() as s:
            assert s.get(Procuration, pid).status == "validee"  # type: ignore[union-attr]
            assert s.get(SyncState, 1).server_time == honest.server_time  # type: ignore[union-attr]
        assert clock.reference == honest
        stamp = clock.stamp()
        assert stamp.clock.basis == "server" and abs(stamp.at - datetime.now(UTC)) < timedelta(seconds=5)
        status = worker.status()
        assert status.online and status.last_error is None
        assert status.clock_problem is not None and status.clock_problem.startswith("L'heure donnée")

        lie["time"] = None
        assert worker.run_once()
        assert worker.status().clock_problem is None


def test_a_station_three_hours_ahead_is_corrected_by_the_central_store(sqlite_central: Embedded, store: Store) -> None:
    creds = enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="guichet")
    clock = StationClock(wall=lambda: datetime.now(UTC) + timedelta(hours=3))
    worker = SyncWorker(store, CentralClient(sqlite_central.base_url, creds, timeout=5), clock, settings=FAST)
    establish(store, clock, procuration_body(MARTIN, DUBOIS, rounds="T1"))
    assert worker.run_once()
    stamp = clock.stamp()
    assert stamp.clock.basis == "server" and abs(stamp.at - datetime.now(UTC)) < timedelta(seconds=5)
    assert worker.status().clock_problem is None

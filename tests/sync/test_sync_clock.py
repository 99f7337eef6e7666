"""Clock correction: station clocks days off still give the right L73 order, and their entries are flagged."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from centralkit import DUBOIS, MARTIN, person, procuration_body

from central.clock import FLAG_CLAMPED, FLAG_SKEWED, effective_time
from central.embedded import Embedded
from desktop.models.ids import uuid7
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import CONFIRMATIONS, Reference, StationClock, TimeRefused
from desktop.sync.wire import Batch, Clock, Entry, ProcurationEtablie

THOMAS = {"nom": "THOMAS", "prenoms": ["Sophie"], "date_naissance": "1963-05-27", "nne": "285042289"}
BASE = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


class FakeMonotonic:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def confirmed(clock: StationClock, observe: Callable[[], Reference]) -> Reference:
    """A correction of days is taken once CONFIRMATIONS answers in a row agree (tests/sync/test_sync_clock_trust.py)."""
    for _ in range(CONFIRMATIONS - 1):
        with pytest.raises(TimeRefused):
            observe()
    return observe()


def test_corrected_time_is_server_time_plus_monotonic_elapsed() -> None:
    mono = FakeMonotonic()
    clock = StationClock(wall=lambda: BASE + timedelta(days=3), monotonic=mono, boot_id="boot-a")
    confirmed(clock, lambda: clock.observe(BASE))
    mono.value += 90.5
    stamp = clock.stamp()
    assert stamp.at == BASE + timedelta(seconds=90.5)
    assert stamp.clock.basis == "server"
    assert stamp.clock.last_sync == BASE
    assert stamp.clock.wall == BASE + timedelta(days=3)


def test_the_reference_is_the_middle_of_the_round_trip() -> None:
    mono = FakeMonotonic()
    clock = StationClock(wall=lambda: BASE, monotonic=mono, boot_id="boot-a")
    sent = clock.mark()
    mono.value += 0.8  # the answer took 0.8 s: the server read its clock somewhere in between
    ref = clock.observe(BASE, sent=sent)
    assert ref.monotonic == 1000.4
    assert clock.stamp().at == BASE + timedelta(seconds=0.4)
    assert clock.observe(BASE, sent=mono.value + 5).monotonic == mono.value  # a mark from the future is ignored


@pytest.mark.parametrize(
    ("boot_id", "reference_boot", "reference_at", "elapsed"),
    [
        ("boot-a", "boot-a", 1000.0, 90.5),  # corrected from the server
        ("boot-b", "boot-a", 1000.0, 90.5),  # rebooted since: the wall clock
        ("boot-a", "boot-a", 5000.0, 90.5),  # the monotonic clock went back: the wall clock
        ("boot-a", None, None, 3.0),  # never synced: the wall clock
    ],
)
def test_now_is_the_stamps_instant_in_every_state(
    boot_id: str, reference_boot: str | None, reference_at: float | None, elapsed: float
) -> None:
    """`now` (every service's clock) skips the wire's clock facts, never the correction: the same instant as `stamp`."""
    mono = FakeMonotonic()
    reference = None
    if reference_at is not None:
        reference = Reference(server_time=BASE, monotonic=reference_at, boot_id=reference_boot)
    clock = StationClock(wall=lambda: BASE + timedelta(days=3), monotonic=mono, boot_id=boot_id, reference=reference)
    mono.value += elapsed
    assert clock.now() == clock.stamp().at
    corrected = reference_at == 1000.0 and boot_id == reference_boot
    assert clock.now() == (BASE + timedelta(seconds=elapsed) if corrected else BASE + timedelta(days=3))


def test_after_a_reboot_the_wall_clock_is_used_and_said() -> None:
    mono = FakeMonotonic()
    ref = Reference(server_time=BASE, monotonic=5000.0, boot_id="boot-a")
    rebooted = StationClock(wall=lambda: BASE + timedelta(hours=2), monotonic=mono, boot_id="boot-b", reference=ref)
    assert rebooted.stamp().clock.basis == "wall"
    assert rebooted.stamp().at == BASE + timedelta(hours=2)
    assert rebooted.stamp().clock.last_sync == BASE
    went_back = StationClock(wall=lambda: BASE, monotonic=mono, boot_id="boot-a", reference=ref)  # 1000 < 5000
    assert went_back.stamp().clock.basis == "wall"
    no_boot_id = StationClock(wall=lambda: BASE, monotonic=mono, boot_id=None, reference=Reference(BASE, 10.0, None))
    assert no_boot_id.stamp().clock.basis == "server"


def _entry(at: datetime, wall: datetime, last_sync: datetime | None) -> Entry:
    body = ProcurationEtablie.from_dict(procuration_body(MARTIN, DUBOIS), "b")
    return Entry(
        seq=1,
        id=uuid7(),
        kind="procuration.etablie",
        body=body,
        established_at=at,
        clock=Clock(wall=wall, basis="server" if last_sync else "wall", last_sync=last_sync),
    )


@pytest.mark.parametrize(
    ("at", "wall", "expected", "flags"),
    [
        (BASE + timedelta(hours=1), BASE + timedelta(hours=1), BASE + timedelta(hours=1), ()),
        (BASE + timedelta(hours=1), BASE + timedelta(hours=1, minutes=5), BASE + timedelta(hours=1), ()),
        (
            BASE + timedelta(hours=1),
            BASE + timedelta(hours=1, minutes=5, seconds=1),
            BASE + timedelta(hours=1),
            (FLAG_SKEWED,),
        ),
        (BASE + timedelta(days=3), BASE + timedelta(days=3), BASE + timedelta(hours=6), (FLAG_CLAMPED, FLAG_SKEWED)),
        (BASE - timedelta(days=5), BASE - timedelta(days=5), BASE, (FLAG_CLAMPED, FLAG_SKEWED)),
    ],
)
def test_central_clamps_between_last_contact_and_receipt(
    at: datetime, wall: datetime, expected: datetime, flags: tuple[str, ...]
) -> None:
    now = BASE + timedelta(hours=6)
    effective, got = effective_time(_entry(at, wall, BASE), lower=BASE, now=now)  # BASE: the verified claim
    assert (effective, got) == (expected, flags)


@pytest.mark.parametrize(("ahead", "flags"), [(timedelta(seconds=9), ()), (timedelta(seconds=11), (FLAG_CLAMPED,))])
def test_an_act_a_half_round_trip_ahead_of_the_server_is_set_to_now_unflagged(
    ahead: timedelta, flags: tuple[str, ...]
) -> None:
    """Under seconds of queueing a station's server-time estimate runs ahead (national simulation, issue 21): a few
    seconds past now is set to now without sending the act to review; further ahead it is still clamped and flagged."""
    now = BASE + timedelta(hours=6)
    effective, got = effective_time(_entry(now + ahead, now + ahead, BASE), lower=BASE, now=now)
    assert (effective, got) == (now, flags)


def test_never_synced_station_is_bounded_by_enrolment() -> None:
    enrolled = BASE - timedelta(days=1)
    effective, flags = effective_time(
        _entry(BASE - timedelta(days=5), BASE - timedelta(days=5), None), lower=enrolled, now=BASE
    )
    assert effective == enrolled
    assert FLAG_CLAMPED in flags


def test_stations_days_off_keep_the_l73_order_over_http(central: Embedded) -> None:
    fast_wall = lambda: datetime.now(UTC) + timedelta(days=3)  # noqa: E731
    slow_wall = lambda: datetime.now(UTC) - timedelta(days=5)  # noqa: E731
    stations = []
    round_trips: list[float] = []
    for label, wall in (("rapide", fast_wall), ("lente", slow_wall)):
        creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label=label)
        client = CentralClient(central.base_url, creds)
        clock = StationClock(wall=wall)

        def observe(client: CentralClient = client, clock: StationClock = clock) -> Reference:
            sent = clock.mark()
            reference = clock.observe(client.changes(0).server_time, sent=sent)
            round_trips.append(time.monotonic() - sent)
            return reference

        confirmed(clock, observe)  # the first syncs give the server reference, days from the wall clock
        stations.append((client, clock))
    (fast, fast_clock), (slow, slow_clock) = stations

    def one(clock: StationClock, mandant: dict[str, object]) -> Batch:
        stamp = clock.stamp()
        body = ProcurationEtablie.from_dict(procuration_body(mandant, DUBOIS, rounds="T1"), "b")
        return Batch(
            batch_id=uuid7(),
            entries=(
                Entry(
                    seq=1, id=uuid7(), kind="procuration.etablie", body=body, established_at=stamp.at, clock=stamp.clock
                ),
            ),
        )

    first = one(slow_clock, MARTIN)  # really first, though its wall clock says 5 days ago...
    # Each reference is off by at most half the round trip that brought it: two acts further apart than the sum of
    # both round trips are always told apart (a loaded CI with PostgreSQL once took more than half a second).
    time.sleep(max(0.2, 1.5 * sum(round_trips)))
    second = one(fast_clock, person(THOMAS))  # ...and this one really second, its wall clock 3 days ahead
    # Arrival order is the reverse of the establishment order.
    r_second = fast.push(second)
    r_first = slow.push(first)
    assert r_second.verdicts[0].status == "validee"
    assert r_first.verdicts[0].status == "validee"
    assert FLAG_SKEWED in r_first.verdicts[0].flags and FLAG_SKEWED in r_second.verdicts[0].flags
    feed = fast.changes(0).changes
    assert [(c.record_id, c.status, c.rule_id) for c in feed] == [(second.entries[0].body.id, "invalidee", "R-LIMIT-1")]
    assert slow.changes(0).changes == ()
    # A station that never synced and is 3 days ahead is bounded by the receipt time, and flagged.
    creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label="jamais")
    lost = CentralClient(central.base_url, creds)
    unsynced = one(StationClock(wall=fast_wall), person(THOMAS))
    verdict = lost.push(unsynced).verdicts[0]
    assert FLAG_CLAMPED in verdict.flags
    for client, _ in stations:
        client.close()
    lost.close()

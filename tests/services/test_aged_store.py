"""A station after a year of service: what the screens and the start-up read does not grow with the history.

Two stores at the same pace (tests/agedkit.py): a station after its first 40 days, and the same station after 360.
What a screen shows (the newest events, today's acts, the last 30 days, what waits for the central store) is the
same in both; only the history behind it differs, nine times longer. Each test counts what SQLite does for one
screen's first display or one start-up (its virtual machine's steps, `Reads`): a query that reads the whole history
costs about nine times more on the older store; one through an index, the same. No timing.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from agedkit import NOW, STATION, Age, Reads, seed_aged
from contextkit import service_context

from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.services.audit_search import AuditSearchService, JournalQuery
from desktop.services.context import ServiceContext
from desktop.services.dashboard import DashboardService
from desktop.services.permissions import Principal
from desktop.services.retention import last_vote_in, purge
from desktop.settings import load_settings
from desktop.status import outbox_status

PACE = Age(procurations=1_800, audit_events=14_400, receipts=40, agents=20, outbox_pending=20, days=360)
CHEF = Principal(STATION, "agent-00", role="superviseur", capacity="opj", station_kind="commissariat")
KEY = StaticKeyProvider(b"\x5a" * 32)
GROWTH = 1.5  # the history is 9× longer: a read bounded by what is shown stays under 1.5× (seen: 1.0–1.3×)


class Aged:
    """One seeded store, its settings and its counter."""

    def __init__(self, folder: Path, age: Age) -> None:
        self.settings = load_settings(
            config_path=folder / "none.toml",
            environ={},
            data_dir=folder / "d",
            station_kind="commissariat",
            station_name="Commissariat central",
            station_code=STATION,
        )
        self.settings.data_dir.mkdir(parents=True)
        self.store = open_store(folder / "aged.db", KEY)
        seed_aged(self.store, age=age, now=NOW, receipts_dir=self.settings.receipts_dir)
        self.reads = Reads(self.store)

    def ctx(self) -> ServiceContext:
        return service_context(self.store, self.settings, actor=CHEF, agent_name="Agent 00", clock=lambda: NOW)

    def start_up_purge(self) -> None:
        from desktop.services.context import load_calendar

        purge(
            self.store,
            station_code=STATION,
            now=NOW,
            scrutin_end=last_vote_in(load_calendar()),
            receipts_dir=self.settings.receipts_dir,
        )


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Aged, Aged]]:
    young = Aged(tmp_path_factory.mktemp("young"), PACE.first(40))
    old = Aged(tmp_path_factory.mktemp("old"), PACE)
    for aged in (young, old):
        aged.start_up_purge()  # a station's first start after the upgrade: what is swept once is not again
    yield young, old
    young.store.close()
    old.store.close()


def growth(stores: tuple[Aged, Aged], work: Callable[[Aged], object]) -> tuple[int, int]:
    young, old = stores
    work(young), work(old)  # once each first: what a first call prepares (a kept connection) is not the screen's
    return young.reads.of(lambda: work(young)), old.reads.of(lambda: work(old))


def assert_bounded(young: int, old: int, what: str) -> None:
    assert old <= GROWTH * young, f"{what}: {old} steps on 360 days against {young} on 40 ({old / young:.1f}×)"


def test_the_journals_newest_events_are_read_through_an_index(stores: tuple[Aged, Aged]) -> None:
    """The Journal's first display: the 500 newest events. Without an index on their time SQLite sorted the whole
    year of log to give them (400,000 events: 6.8 million steps)."""
    young, old = growth(stores, lambda a: AuditSearchService(a.ctx()).search(JournalQuery()))
    assert_bounded(young, old, "Journal, first search")


def test_the_dashboards_30_days_do_not_read_the_whole_history(stores: tuple[Aged, Aged]) -> None:
    """Tableau de bord: the identity sources of 30 days were read from the audit log by action and time (no index:
    every event), the outbox's backlog from the time each entry left (a `coalesce` no index serves: every entry)."""
    young, old = growth(stores, lambda a: DashboardService(a.ctx()).figures())
    assert_bounded(young, old, "Tableau de bord, figures")


def test_the_days_activity_reads_the_day(stores: tuple[Aged, Aged]) -> None:
    """Activité du jour: the procurations of earlier days the central store refused today were found among every
    status change ever received (no index on their time)."""
    from desktop.services.activity import todays_activity

    young, old = growth(stores, lambda a: todays_activity(a.ctx(), day=(NOW - timedelta(hours=1)).date()))
    assert_bounded(young, old, "Activité du jour")


def test_the_status_bars_count_reads_what_waits_and_what_was_refused(stores: tuple[Aged, Aged]) -> None:
    """The status bar's count after every write: the refusals were counted over every entry ever sent."""
    young, old = growth(stores, lambda a: outbox_status(a.store))
    assert_bounded(young, old, "status bar, outbox count")


def test_the_start_up_purge_reads_what_may_be_past_its_time(stores: tuple[Aged, Aged]) -> None:
    """R-DATA-2's purge at every start, before the first act, in a write transaction: it loaded every procuration
    to decide in Python, looked for the last old audit event down the whole retained year, and for orphans among
    every elector; nothing of it is past its time in either store."""
    young, old = growth(stores, lambda a: a.start_up_purge())
    assert_bounded(young, old, "start-up purge")


def test_the_chain_is_verified_a_page_at_a_time(stores: tuple[Aged, Aged]) -> None:
    """The Journal's integrity check and `guichet audit verify` read every retained event by nature, but need not
    hold them all at once: the ORM buffered the whole year as entity objects (400,000 events: a peak of 935 MiB for
    the desk, and a 0.8 s stall of its GUI thread while the collector went through them), and the check kept every
    event's MAC where it compares the anchors' only. Counted in bytes allocated at the peak (tracemalloc), not time.
    """
    from desktop.services.audit_log import verify

    def peak(aged: Aged) -> int:
        verify(aged.store)  # the settled journal and the kept connections: not the verification's
        tracemalloc.start()
        try:
            report = verify(aged.store)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            assert report.ok

    young, old = stores
    young_peak, old_peak = peak(young), peak(old)
    assert old_peak <= GROWTH * young_peak, f"peak {old_peak:,} bytes on 360 days against {young_peak:,} on 40"

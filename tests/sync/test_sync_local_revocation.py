"""A résiliation recorded here stands until the central store has it (R-REVOKE-2, session 26).

Offline, a procuration is established and then revoked at the mandant's request. The link comes back and drops after
the establishment's batch: its verdict (« validée », the central store's word from before the résiliation) put the
revoked procuration back in force at the counter (Rechercher said « validée », the résiliation screen offered to
revoke it again) until the next sync.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import update
from test_sync_annulment import DUBOIS, MARTIN, PRES, _status, desk_for

from central.embedded import Embedded
from desktop.models import Revocation
from desktop.models.db import Store
from desktop.models.ids import uuid7
from desktop.rules.terms import PlaceKind
from desktop.services.desk import EstablishInput, SearchQuery
from desktop.sync.client import CentralClient, TransientError, enrol
from desktop.sync.clock import StationClock
from desktop.sync.outbox import apply_changes
from desktop.sync.wire import Change, ChangesPage
from desktop.sync.worker import SyncWorker, WorkerSettings


class LinkDropsAfter:
    """The central store's client, whose link drops after `pushes` pushes."""

    def __init__(self, client: CentralClient, pushes: int) -> None:
        self._client, self.pushes = client, pushes

    def push(self, *args: Any, **kwargs: Any) -> Any:
        if self.pushes <= 0:
            raise TransientError("link down")
        self.pushes -= 1
        return self._client.push(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def test_the_establishment_s_verdict_does_not_undo_a_résiliation_recorded_since(
    store: Store, tmp_path: Path, sqlite_central: Embedded
) -> None:
    desk = desk_for(store, tmp_path, PlaceKind.COMMISSARIAT)
    made = desk.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES))
    assert made.saved and made.procuration_id is not None
    [mandant] = desk.find_mandants(SearchQuery(MARTIN.nne, MARTIN.birth_date))
    assert desk.revoke_all(elector_id=mandant.elector_id).saved
    creds = enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="75056-01")
    client = CentralClient(sqlite_central.base_url, creds, timeout=5)
    one_at_a_time = WorkerSettings(batch_size=1, backlog_batch_size=1, pipeline=False)
    SyncWorker(store, LinkDropsAfter(client, 1), StationClock(), settings=one_at_a_time).run_once()
    # The establishment went, its verdict came back « validée »; the résiliation did not go yet.
    assert _status(store, made.procuration_id)[0] == "resiliee"
    [again] = desk.find_mandants(SearchQuery(MARTIN.nne, MARTIN.birth_date))
    assert again.in_force == ()  # nothing to revoke twice
    worker = SyncWorker(store, client, StationClock(), settings=one_at_a_time)
    assert worker.run_once() and worker.run_once()  # the résiliation, then the feed's word on what it revoked
    assert _status(store, made.procuration_id) == ("resiliee", "R-REVOKE-2")


def test_once_the_central_store_answered_the_résiliation_its_word_applies(store: Store, tmp_path: Path) -> None:
    desk = desk_for(store, tmp_path, PlaceKind.COMMISSARIAT)
    made = desk.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES))
    assert made.procuration_id is not None
    [mandant] = desk.find_mandants(SearchQuery(MARTIN.nne, MARTIN.birth_date))
    assert desk.revoke_all(elector_id=mandant.elector_id).saved

    def feed(status: str, rule_id: str | None, cursor: int) -> None:
        change = Change(
            cursor=cursor,
            entry_id=uuid7(),
            record_id=made.procuration_id,
            status=status,
            rule_id=rule_id,
            message=None,
            at=datetime.now(UTC),
        )
        now = datetime.now(UTC)
        apply_changes(store, ChangesPage(changes=(change,), next_cursor=cursor, more=False, server_time=now), now=now)

    feed("validee", None, 1)  # a change from before the résiliation reached the central store
    assert _status(store, made.procuration_id)[0] == "resiliee"
    with store.session() as s, s.begin():  # the résiliation answered (refused there, say: its word wins)
        s.execute(update(Revocation).values(confirmed_at=datetime.now(UTC), status="invalidee"))
    feed("validee", None, 2)
    assert _status(store, made.procuration_id) == ("validee", None)


def test_a_refused_résiliation_answered_again_does_not_undo_a_later_one(store: Store, tmp_path: Path) -> None:
    """Its refusal comes back a second time (a resend: a lost answer, a station enrolled again): the procuration it
    had ended was put back, then revoked by another résiliation; that one's word stands."""
    from sqlalchemy import select

    from desktop.sync.refused_revocation import restore_after_refused_revocation

    desk = desk_for(store, tmp_path, PlaceKind.COMMISSARIAT)
    made = desk.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES))
    assert made.procuration_id is not None

    def revoke() -> str:
        [mandant] = desk.find_mandants(SearchQuery(MARTIN.nne, MARTIN.birth_date))
        assert desk.revoke_all(elector_id=mandant.elector_id).saved
        with store.read() as s:
            return s.scalars(select(Revocation.id).order_by(Revocation.id.desc()).limit(1)).one()

    def refused(revocation_id: str) -> list[str]:
        with store.session() as s, s.begin():
            return restore_after_refused_revocation(s, revocation_id, datetime.now(UTC), "R-REVOKE-5", None)

    first = revoke()
    assert refused(first) == [made.procuration_id]  # refused: the procuration stands again
    assert _status(store, made.procuration_id)[0] != "resiliee"
    revoke()  # the mandant revokes it again, validly
    assert refused(first) == []  # the first one's refusal, answered again
    assert _status(store, made.procuration_id)[0] == "resiliee"

"""Synchronisation's refused list (`sync/status.refused_items`) reads a station's invalidated procurations in a few
statements whatever their number (it read two per procuration: two months of invalidées, one by one, on the
worker), and still says, for each, the central store's last reason and whether it was refused at reception or
invalidated later."""

from __future__ import annotations

from datetime import timedelta

from agedkit import NOW, Age, Reads, seed_aged
from sqlalchemy import insert, update

from desktop.models import OutboxEntry, Procuration, ProcurationEvent
from desktop.models.db import Store
from desktop.rules.terms import Status
from desktop.sync.status import refused_items

OLD_NOTE = "Ancienne raison : remplacée depuis."


def _invalidate(store: Store, count: int, refused_every: int = 3) -> None:
    """The first `count` procurations invalidated by the central store (R-LIMIT-1), each with an older and a newer
    central event; every `refused_every`-th refused at reception (its outbox entry's verdict)."""
    ids = [f"pr-{n:07d}" for n in range(count)]
    with store.write() as s:
        s.execute(
            update(Procuration)
            .where(Procuration.id.in_(ids))
            .values(status=Status.INVALIDEE.value, status_rule_id="R-LIMIT-1")
        )
        rows = []
        for n, pid in enumerate(ids):
            at = NOW - timedelta(days=1, minutes=n)
            rows.append({"procuration_id": pid, "at": at, "status": "invalidee", "source": "central",
                         "rule_id": "R-LIMIT-1", "note": OLD_NOTE})  # fmt: skip
            rows.append({"procuration_id": pid, "at": at + timedelta(seconds=30), "status": "invalidee",
                         "source": "central", "rule_id": "R-LIMIT-1", "note": f"Raison {n}"})  # fmt: skip
            rows.append({"procuration_id": pid, "at": at + timedelta(seconds=40), "status": "invalidee",
                         "source": "station", "rule_id": None, "note": "vu au poste"})  # fmt: skip
        s.execute(insert(ProcurationEvent), rows)
        refused = [pid for n, pid in enumerate(ids) if n % refused_every == 0]
        s.execute(update(OutboxEntry).where(OutboxEntry.record_id.in_(refused)).values(verdict="invalidee"))


def _statements(store: Store) -> tuple[int, tuple]:  # type: ignore[type-arg]
    reads = Reads(store)
    answer: list[tuple] = []  # type: ignore[type-arg]
    reads.of(lambda: answer.append(refused_items(store)))
    return reads.statements, answer[0]


def test_the_refused_list_costs_the_same_statements_for_ten_or_a_thousand(store: Store, tmp_path: object) -> None:
    seed_aged(store, age=Age(procurations=1_200, audit_events=10, receipts=0, agents=2, outbox_pending=0, days=60))
    _invalidate(store, 10)
    few, items = _statements(store)
    assert len(items) == 10
    with store.write() as s:  # back to validée, then a thousand invalidated the same way
        s.execute(update(Procuration).values(status="validee", status_rule_id=None))
    _invalidate(store, 1_000)
    many, items = _statements(store)
    assert len(items) == 1_000
    assert many <= few + 2, (few, many)  # one more chunk of 500 ids: two statements (two chunks for 1,000)
    by_id = {i.record_id: i for i in items}
    for n in (0, 1, 2, 3, 499, 500, 999):
        item = by_id[f"pr-{n:07d}"]
        assert item.message == f"Raison {n}", item  # the central store's last word, not its older one
        assert item.later is (n % 3 != 0), item  # refused at reception, or invalidated after being accepted
        assert item.at == NOW - timedelta(days=1, minutes=n) + timedelta(seconds=30)

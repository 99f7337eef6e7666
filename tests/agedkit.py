"""A station after a year of service: an aged desk store written fast through the store's own write path.

Deterministic for a given `Age` and `now`: the same rows, the same audit chain (sealed with the store's audit key
by `audit_group`, so `guichet audit verify` and the Journal's integrity check pass over it), the same receipt PDFs.
Shared by `bench/aged_desk.py` (figures, at full size) and the tests that count what a screen reads over it (at a
size a test can afford, against the same store ten times smaller).

Nothing here is past its retention (R-DATA-2): a station's daily purge found little each day, so the aged store is
what each start-up's purge walks through for nothing but its day's few.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert

from desktop.models import (
    Agent,
    Elector,
    IssuedReceipt,
    OutboxEntry,
    Procuration,
    ProcurationEvent,
    SequenceCounter,
    SyncState,
)
from desktop.models.db import Store
from desktop.receipts.files import receipt_stem
from desktop.services.journal import Actor, Audited, audit_group

BATCH = 5000
NOW = datetime(2026, 11, 30, 16, 45, tzinfo=UTC)
STATION = "75056-01"
CHANNELS = ("cerfa_12668", "cerfa_14952", "maprocuration", "cerfa_16199")
# The audit log's mix over a year: mostly consultations (every look-up), then acts, prints, syncs and sessions.
ACTIONS = (
    ("consultation", 55),
    ("recepisse.imprime", 12),
    ("synchronisation", 10),
    ("session.ouverte", 8),
    ("session.fermee", 8),
    ("journal.consulte", 2),
    ("acces.refuse", 1),
    ("agent.visa", 4),
)


@dataclass(frozen=True)
class Age:
    """How much history the station holds (defaults: a year at a busy counter, the task's sizes)."""

    procurations: int = 50_000
    audit_events: int = 400_000
    receipts: int = 5_000
    agents: int = 20
    outbox_pending: int = 10_000
    days: int = 360

    def first(self, days: int) -> Age:
        """The same station at the same pace after its first `days` days: the baseline an aged store is compared
        with (what a screen shows of the last day or 30 days is then the same in both; only the history differs).
        The outbox waiting and the receipts kept are the aged station's, as far as its acts go."""
        procurations = max(1, self.procurations * days // self.days)
        return Age(
            procurations=procurations,
            audit_events=max(1, self.audit_events * days // self.days),
            receipts=min(self.receipts, procurations),
            agents=self.agents,
            outbox_pending=min(self.outbox_pending, procurations),
            days=days,
        )


class Reads:
    """What SQLite does for the store's connections, counted: its virtual machine's steps (one per 100
    instructions, the progress handler's unit) and the statements run, per thread. A query that reads every row of
    a table costs steps in proportion to the table; one through an index, to what it returns. Installed on each
    connection as it is checked out of the store's pool, for as long as it is `counting`."""

    UNIT = 100

    def __init__(self, store: Store) -> None:
        self.steps = 0
        self.statements = 0
        self.threads: set[str] = set()
        self.on_gui_thread: list[str] = []  # the statements run on the main thread (the GUI's) while counting
        self.counting = False
        event.listen(store.engine, "checkout", self._checkout)

    def _checkout(self, dbapi: Any, _record: Any, _proxy: Any) -> None:
        dbapi.set_progress_handler(self._step, self.UNIT)
        dbapi.set_trace_callback(self._statement)

    def _step(self) -> int:
        if self.counting:
            self.steps += 1
        return 0

    def _statement(self, sql: str) -> None:
        if self.counting:
            self.statements += 1
            self.threads.add(threading.current_thread().name)
            if threading.current_thread() is threading.main_thread():
                self.on_gui_thread.append(" ".join(sql.split())[:160])

    def of(self, work: Callable[[], object]) -> int:
        """The steps `work` costs (its statements counted too)."""
        self.steps = self.statements = 0
        self.counting = True
        try:
            work()
        finally:
            self.counting = False
        return self.steps


def agent_id(i: int) -> str:
    return f"agent-{i:02d}"


def seed_aged(store: Store, *, age: Age = Age(), now: datetime = NOW, receipts_dir: Path | None = None) -> None:
    """Write `age`'s history into `store` (empty, migrated), its receipt PDFs into `receipts_dir` when given."""
    rng = random.Random(2026)
    span = age.days * 86400
    _agents(store, age, now)
    electors: list[dict[str, object]] = []
    procurations: list[dict[str, object]] = []
    events: list[dict[str, object]] = []
    outbox: list[dict[str, object]] = []
    receipts: list[dict[str, object]] = []
    mandataires = max(1, age.procurations // 2)
    for i in range(mandataires):
        electors.append(_elector(f"el-b{i:07d}", f"2{i:08d}", f"MANDATAIRE{i:06d}", now - timedelta(days=age.days)))
    pending_from = age.procurations - min(age.procurations, age.outbox_pending)
    for n in range(age.procurations):
        # Oldest first, so that the newest acts are the ones still waiting for the central store.
        at = (now - timedelta(seconds=span - (span * n) // age.procurations)).replace(microsecond=0)
        waiting = n >= pending_from
        mandant = f"el-a{n:07d}"
        electors.append(_elector(mandant, f"1{n:08d}", f"MARTEL{n:06d}", at))
        pid = f"pr-{n:07d}"
        number = f"P-{n:07d}"
        duration = rng.random() < 0.7
        procurations.append(
            {
                "id": pid,
                "receipt_number": number,
                "mandant_id": mandant,
                "mandataire_id": f"el-b{n % mandataires:07d}",
                "channel": CHANNELS[n % len(CHANNELS)],
                "place_kind": "commissariat",
                "established_in": "FRANCE",
                "station_code": STATION,
                "agent_id": agent_id(n % age.agents),
                "authority_name": "Agent",
                "authority_capacity": "opj",
                "validity_kind": "DUREE" if duration else "SCRUTIN",
                "election_id": None if duration else "presidentielle-2027",
                "rounds": None if duration else "T1_T2",
                "valid_from": at.date() if duration else None,
                "valid_until": at.date() + timedelta(days=365) if duration else None,
                "home_visit": False,
                "established_at": at,
                "status": "provisoire" if waiting else "validee",
                "confirmed_at": None if waiting else at + timedelta(minutes=30),
            }
        )
        if not waiting:
            events.append({"procuration_id": pid, "at": at + timedelta(minutes=30), "status": "validee",
                           "source": "central", "rule_id": None})  # fmt: skip
        outbox.append(
            {
                "seq": n + 1,
                "wire_seq": n + 1,
                "id": f"ob-{n:07d}",
                "kind": "procuration.etablie",
                "record_id": pid,
                "body": "{}" if not waiting else json.dumps({"kind": "procuration.etablie", "record_id": pid}),
                "created_at": at,
                "acked_at": None if waiting else at + timedelta(minutes=30),
                "attempts": 0 if waiting else 1,
                "verdict": None if waiting else "validee",
            }
        )
        if n >= age.procurations - age.receipts:
            receipts.append({"number": number, "kind": "procuration", "record_id": pid, "payload": "{}",
                             "issued_at": at, "print_count": 1, "last_printed_at": at})  # fmt: skip
    with store.write() as s:
        for table, rows in (
            (Elector, electors),
            (Procuration, procurations),
            (ProcurationEvent, events),
            (OutboxEntry, outbox),
            (IssuedReceipt, receipts),
        ):
            for start in range(0, len(rows), BATCH):
                s.execute(insert(table), rows[start : start + BATCH])
        s.merge(SequenceCounter(name=f"recepisse-{now.year}", value=age.procurations))
        s.merge(SyncState(id=1, last_success_at=now - timedelta(days=7), cursor=str(age.procurations)))
    _audit(store, age, now, rng)
    if receipts_dir is not None:
        receipts_dir.mkdir(parents=True, exist_ok=True)
        for row in receipts:
            (receipts_dir / f"{receipt_stem(str(row['number']))}.pdf").write_bytes(b"%PDF-1.4\n%aged\n")


def _agents(store: Store, age: Age, now: datetime) -> None:
    with store.write() as s:
        s.execute(
            insert(Agent),
            [
                {
                    "id": agent_id(i),
                    "login": f"agent{i:02d}",
                    "display_name": f"Agent {i:02d}",
                    "role": "superviseur" if i == 0 else "agent_police",
                    "capacity": "opj",
                    "active": i % 7 != 6,
                    "failed_logins": 0,
                    "created_at": now - timedelta(days=age.days + 10),
                }
                for i in range(age.agents)
            ],
        )


def _elector(eid: str, nne: str, name: str, at: datetime) -> dict[str, object]:
    return {"id": eid, "nne": nne, "last_name": name, "given_names": "Camille", "birth_date": date(1960, 1, 1)
            + timedelta(days=int(nne) % 15000), "search_name": f"{name} CAMILLE", "eu_citizen": False,
            "identity_verified": "saisie", "created_at": at}  # fmt: skip


def _audit(store: Store, age: Age, now: datetime, rng: random.Random) -> None:
    """The audit chain, oldest first, sealed as the services seal it (one `audit_group` per batch)."""
    names = [name for name, weight in ACTIONS for _ in range(weight)]
    span = age.days * 86400
    per_act = max(1, age.audit_events // age.procurations)
    group: list[Audited] = []
    for n in range(age.audit_events):
        at = (now - timedelta(seconds=span - (span * n) // age.audit_events)).replace(microsecond=0)
        who = Actor(STATION, agent_id(rng.randrange(age.agents)))
        if n % per_act == 0 and n // per_act < age.procurations:
            act = n // per_act
            group.append((who, "procuration.etablie", at, "procuration", f"pr-{act:07d}", f"numero=P-{act:07d}"))
        else:
            name = names[rng.randrange(len(names))]
            if name == "synchronisation":
                group.append((Actor(STATION, None), name, at, None, None, "envoyees=20 recues=3"))
            elif name == "consultation":
                group.append((who, name, at, "procuration", f"pr-{rng.randrange(age.procurations):07d}", "mode=nne"))
            else:
                group.append((who, name, at, None, None, None))
        if len(group) == BATCH:
            _seal(store, group)
            group = []
    _seal(store, group)


def _seal(store: Store, group: list[Audited]) -> None:
    if group:
        with store.write() as s:
            audit_group(s, group)


__all__ = ["NOW", "STATION", "Age", "Reads", "agent_id", "seed_aged"]

"""One simulated station: the sync worker's cycle (push the outbox, then read the change feed), as asyncio.

The station behaves as `desktop/sync/worker.py` does: every cycle pushes what its outbox holds as one frozen batch
(gap-free `seq`, one UUIDv7 per entry, a batch that failed is resent identically), then pages through
`/v1/changes` from its stored cursor; it dates its acts from the server time of its last answer plus the monotonic
time since (`desktop/sync/clock.py`), so the central store trusts its `last_sync` claims. The entries are the
project's own wire models (`desktop.sync.wire`), so the server parses and applies what a real counter sends.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from desktop.models.ids import uuid7
from desktop.sync.wire import (
    Batch,
    BatchResult,
    ChangesPage,
    Clock,
    Entry,
    Identity,
    ProcurationEtablie,
    ProcurationResiliation,
    WireError,
)
from national_sim.client import Connection, HttpError

MAX_BATCH = 200  # the worker's batch size
ELECTION = "presidentielle-2027"
Record = Callable[[str, float, float, str, int], None]  # kind, started (monotonic), seconds, outcome, entries


@dataclass
class People:
    """The register the acts draw their parties from: mandants in turn, mandataires at random (some collide)."""

    identities: Sequence[dict[str, Any]]
    rng: random.Random
    _next: int = 0

    def pair(self) -> tuple[dict[str, Any], dict[str, Any]]:
        half = len(self.identities) // 2
        mandant = self.identities[self._next % half]
        self._next += 1
        return mandant, self.identities[half + self.rng.randrange(len(self.identities) - half)]

    def someone_done(self) -> dict[str, Any]:
        """A mandant who already gave a procuration (a revocation)."""
        half = len(self.identities) // 2
        return self.identities[self.rng.randrange(max(1, min(self._next, half)))]


def sim_agent(station_id: str) -> str:
    """The agent id of a simulated station."""
    return f"sim-{station_id}"


@dataclass
class SimStation:
    """A station's sync state: credentials, node, seq, clock reference, feed cursor and outbox."""

    station_id: str
    conn: Connection
    acts_per_second: float  # at load factor 1
    revoke_share: float
    rng: random.Random
    seq: int = 0
    cursor: int = 0
    last_sync: datetime | None = None
    synced_at: float = 0.0  # monotonic reading when last_sync was received
    outbox: list[Entry] = field(default_factory=list)
    frozen: Batch | None = None
    next_act_at: float = 0.0
    verdicts: dict[str, int] = field(default_factory=dict)
    changes: int = 0

    @property
    def agent_id(self) -> str:
        """The one agent of this station, enrolled with it (`cluster.enrol_stations`): the central store flags and
        reviews an act in the name of another station's agent."""
        return sim_agent(self.station_id)

    def start(self, at: float) -> None:
        """Start the agents' acts at `at` on the load clock (seconds at election-week rates)."""
        self.next_act_at = at + self._gap()

    def _gap(self) -> float:
        return self.rng.expovariate(self.acts_per_second) if self.acts_per_second > 0 else float("inf")

    def take_acts(self, now: float, people: People, to_real: Callable[[float], float] = float) -> None:
        """The acts agents drew up since the last cycle (a Poisson process on the load clock), queued in the outbox.

        `to_real` turns a load-clock moment into the monotonic reading the entry is dated from.
        """
        while self.next_act_at <= now:
            self.outbox.append(self.entry(to_real(self.next_act_at), people))
            self.next_act_at += self._gap()

    def entry(self, at_monotonic: float, people: People) -> Entry:
        """The next outbox entry, drawn up at that monotonic moment and dated from the clock reference."""
        self.seq += 1
        wall = datetime.now(UTC) - timedelta(seconds=max(0.0, time.monotonic() - at_monotonic))
        if self.last_sync is not None:
            at = self.last_sync + timedelta(seconds=max(0.0, at_monotonic - self.synced_at))
            clock = Clock(wall=wall, basis="server", last_sync=self.last_sync)
        else:
            at, clock = wall, Clock(wall=wall, basis="wall")
        body: ProcurationEtablie | ProcurationResiliation
        kind: Literal["procuration.etablie", "procuration.resiliation"]
        if self.rng.random() < self.revoke_share:
            kind = "procuration.resiliation"
            body = ProcurationResiliation(id=uuid7(), mandant=_identity(people.someone_done()), agent_id=self.agent_id)
        else:
            kind = "procuration.etablie"
            mandant, mandataire = people.pair()
            body = ProcurationEtablie.model_validate(
                {
                    "id": uuid7(),
                    "mandant": mandant,
                    "mandataire": mandataire,
                    "channel": "cerfa_12668",
                    "place_kind": "commissariat",
                    "established_in": "france",
                    "authority": {"kind": "opj", "id": "AUT-1"},
                    "validity": {"kind": "SCRUTIN", "election_id": ELECTION, "rounds": "T1_T2"},
                    "agent_id": self.agent_id,
                }
            )
        return Entry(seq=self.seq, id=uuid7(), kind=kind, body=body, established_at=at, clock=clock)

    async def cycle(self, record: Record) -> None:
        """One sync: push the outbox in batches, then read the feed to its end (only with an empty outbox)."""
        while self.outbox or self.frozen is not None:
            if not await self.push(record):
                return  # retried at the next cycle, as the worker does after a failure
        more = True
        while more:
            more = await self.poll(record)

    async def push(self, record: Record) -> bool:
        """Push the frozen batch (freezing the next one first); False when it must be resent later."""
        if self.frozen is None:
            taken, self.outbox = self.outbox[:MAX_BATCH], self.outbox[MAX_BATCH:]
            self.frozen = Batch(batch_id=uuid7(), entries=tuple(taken))
        batch = self.frozen
        path = f"/v1/stations/{self.station_id}/batches"
        began = time.monotonic()
        sent_at = began
        try:
            answer = await self.conn.request("POST", path, batch.to_json().encode())
        except HttpError as exc:
            record("push", began, time.monotonic() - began, f"transport:{exc}", 0)
            return False
        elapsed = time.monotonic() - began
        if answer.status != 200:
            record("push", began, elapsed, f"http:{answer.status}", 0)
            return False
        try:
            result = BatchResult.from_json(answer.body)
        except WireError:
            record("push", began, elapsed, "unreadable", 0)
            return False
        record("push", began, elapsed, "ok", len(result.verdicts))
        for verdict in result.verdicts:
            self.verdicts[verdict.status] = self.verdicts.get(verdict.status, 0) + 1
        if result.replayed_at is None:
            self._observe(result.server_time, sent_at)
        self.frozen = None
        return True

    async def poll(self, record: Record) -> bool:
        """Read one page of the feed from the stored cursor; True when there is more to read."""
        began = time.monotonic()
        try:
            answer = await self.conn.request("GET", f"/v1/changes?since={self.cursor}&limit=500")
        except HttpError as exc:
            record("poll", began, time.monotonic() - began, f"transport:{exc}", 0)
            return False
        elapsed = time.monotonic() - began
        if answer.status != 200:
            record("poll", began, elapsed, f"http:{answer.status}", 0)
            return False
        try:
            page = ChangesPage.from_json(answer.body)
        except WireError:
            record("poll", began, elapsed, "unreadable", 0)
            return False
        record("poll", began, elapsed, "ok", len(page.changes))
        self.changes += len(page.changes)
        self.cursor = page.next_cursor
        self._observe(page.server_time, began)
        return page.more

    def _observe(self, server_time: datetime, sent_at: float) -> None:
        """The clock reference: the server's time at the middle of the round trip (as StationClock.observe)."""
        self.last_sync, self.synced_at = server_time, (sent_at + time.monotonic()) / 2


def _identity(raw: dict[str, Any]) -> Identity:
    return Identity.model_validate(raw)

"""A station's activity over N days, written straight into a test store (fictitious people), and what was written.

The dashboard, report and export tests compare the screens' figures with `Seeded`, which is kept here in Python
as the rows are made: an independent count, not a second run of the service's queries.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from contextkit import service_context
from sqlalchemy import insert

from desktop.models import (
    Agent,
    Elector,
    IvoteRequest,
    OutboxEntry,
    PassportCase,
    Procuration,
    ProcurationEvent,
    Revocation,
    SyncState,
)
from desktop.models.db import Store
from desktop.models.ids import uuid7
from desktop.services.context import ServiceContext
from desktop.services.permissions import Principal
from desktop.settings import Settings, load_settings

OUTBOX_KINDS = {
    "procuration": "procuration.etablie",
    "resiliation": "procuration.resiliation",
    "passeport": "passeport.etape",
    "vote_internet": "vote_internet.demande",
}
CHANNELS = ("cerfa_12668", "cerfa_14952", "maprocuration", "cerfa_16199")
AGENTS = (("agent-1", "Mme Claire Fontaine"), ("agent-2", "M. Paul Roy"), ("chef-1", "Mme Anne Lambert"))
RULES = ("R-LIMIT-1", "R-LIMIT-2", "R-ID-NNE-1", "R-REU-1")
NOW = datetime(2026, 11, 30, 16, 45, tzinfo=UTC)
CHEF = Principal("75056-01", "chef-1", role="superviseur", capacity="opj", station_kind="commissariat")
AGENT = Principal("75056-01", "agent-1", role="agent_police", capacity="opj", station_kind="commissariat")


def station(tmp_path: Path) -> Settings:
    return load_settings(
        config_path=tmp_path / "none.toml",
        environ={},
        data_dir=tmp_path / "d",
        station_kind="commissariat",
        station_name="Commissariat du 1er arrondissement",
        station_code="75056-01",
    )


def context(store: Store, tmp_path: Path, actor: Principal = CHEF) -> ServiceContext:
    return service_context(store, station(tmp_path), actor=actor, agent_name="Mme Anne Lambert", clock=lambda: NOW)


@dataclass(frozen=True)
class SeededAct:
    kind: str
    channel: str | None
    at: datetime
    receipt_number: str
    status: str
    agent_id: str


@dataclass
class Seeded:
    """What the seed wrote, for the tests' independent counts."""

    zone: ZoneInfo
    acts: list[SeededAct] = field(default_factory=list)
    refused: Counter[str] = field(default_factory=Counter)
    invalidated_later: Counter[str] = field(default_factory=Counter)
    rule_acts: dict[str, set[str]] = field(default_factory=dict)  # rule id → receipt numbers behind its counts
    pending: int = 0

    def day(self, act: SeededAct) -> date:
        return act.at.astimezone(self.zone).date()

    def per_day(self, *, kind: str | None = None, channel: str | None = None) -> Counter[date]:
        return Counter(
            self.day(a)
            for a in self.acts
            if (kind is None or a.kind == kind) and (channel is None or a.channel == channel)
        )


def seed_activity(
    store: Store,
    *,
    now: datetime,
    zone: str = "Europe/Paris",
    days: int = 30,
    count: int = 600,
    seed: int = 18,
    station_code: str = "75056-01",
) -> Seeded:
    """`count` acts spread over the last `days` days before `now` (a few outside the window on purpose)."""
    rng = random.Random(seed)
    out = Seeded(ZoneInfo(zone))
    electors, procurations, revocations, passports, ivotes, outbox, events = [], [], [], [], [], [], []
    for i in range(40):
        electors.append(
            {
                "id": f"el-{i:04d}",
                "nne": f"{100000000 + i}",
                "last_name": f"TESTNOM{i}",
                "given_names": "Camille",
                "birth_date": date(1970, 1, 1) + timedelta(days=i * 97),
                "search_name": f"testnom{i} camille",
                "eu_citizen": False,
                "created_at": now - timedelta(days=days + 5),
            }
        )
    for n in range(count):
        # Mostly inside the window, a few just before it: they must not be counted.
        offset = timedelta(seconds=rng.randrange(int((days + 2) * 86400)))
        at = (now - offset).astimezone(UTC).replace(microsecond=0)
        agent_id = rng.choice(AGENTS)[0]
        roll = rng.random()
        record_id = str(uuid7())
        if roll < 0.6:
            kind, channel = "procuration", rng.choice(CHANNELS)
            status = rng.choice(("provisoire", "validee", "validee", "validee", "invalidee"))
            number = f"P-{n:06d}"
            procurations.append(
                {
                    "id": record_id,
                    "receipt_number": number,
                    "mandant_id": electors[rng.randrange(40)]["id"],
                    "mandataire_id": electors[rng.randrange(40)]["id"],
                    "channel": channel,
                    "place_kind": "commissariat",
                    "established_in": "FRANCE",
                    "station_code": station_code,
                    "agent_id": agent_id,
                    "authority_name": "Agent",
                    "authority_capacity": "opj",
                    "validity_kind": "DUREE",
                    "home_visit": False,
                    "established_at": at,
                    "status": status,
                }
            )
        elif roll < 0.75:
            kind, channel, status, number = "resiliation", rng.choice(CHANNELS), "validee", f"R-{n:06d}"
            revocations.append(
                {
                    "id": record_id,
                    "receipt_number": number,
                    "mandant_id": electors[rng.randrange(40)]["id"],
                    "channel": channel,
                    "station_code": station_code,
                    "agent_id": agent_id,
                    "established_at": at,
                    "status": status,
                }
            )
        elif roll < 0.9:
            kind, channel, status, number = "passeport", None, "en_cours", f"PA-{n:06d}"
            passports.append(
                {
                    "id": record_id,
                    "case_number": number,
                    "last_name": "TESTNOM",
                    "given_names": "Camille",
                    "birth_date": date(1980, 5, 5),
                    "country": "CA",
                    "step": 1,
                    "status": status,
                    "station_code": station_code,
                    "agent_id": agent_id,
                    "created_at": at,
                }
            )
        else:
            kind, channel, status, number = "vote_internet", None, "lien_envoye", f"VI-{n:06d}"
            ivotes.append(
                {
                    "id": record_id,
                    "receipt_number": number,
                    "numic": f"N{n:08d}",
                    "email_digest": "0" * 64,
                    "credential": "identifiant",
                    "status": status,
                    "station_code": station_code,
                    "agent_id": agent_id,
                    "created_at": at,
                }
            )
        out.acts.append(SeededAct(kind, channel, at, number, status, agent_id))
        acked = at + timedelta(minutes=rng.randrange(1, 600))
        waiting = acked > now or rng.random() < 0.03
        verdict, rule = None, None
        if kind == "procuration" and status == "invalidee" and not waiting:
            rule = rng.choice(RULES)
            if rng.random() < 0.5:  # refused on arrival
                verdict = "invalidee"
                events.append(_event(record_id, acked, "invalidee", rule))
            else:  # validated, then invalidated later by the feed
                verdict = "validee"
                events.append(_event(record_id, acked, "validee", None))
                events.append(_event(record_id, acked + timedelta(minutes=30), "invalidee", rule))
                if _count_if_inside(out.invalidated_later, rule, acked + timedelta(minutes=30), now, days, out.zone):
                    out.rule_acts.setdefault(rule, set()).add(number)
            if verdict == "invalidee" and _count_if_inside(out.refused, rule, acked, now, days, out.zone):
                out.rule_acts.setdefault(rule, set()).add(number)
        out.pending += waiting
        outbox.append(
            {
                "seq": n + 1,
                "id": str(uuid7()),
                "kind": OUTBOX_KINDS[kind],  # as the services enqueue them (desktop/sync/kinds.py)
                "record_id": record_id,
                "body": "{}",
                "created_at": at,
                "acked_at": None if waiting else acked,
                "attempts": 0 if waiting else 1,
                "verdict": None if waiting else (verdict or "validee"),
                "verdict_rule_id": rule if verdict == "invalidee" else None,
            }
        )
    with store.write() as s:
        for agent_id, name in AGENTS:
            s.execute(
                insert(Agent).values(
                    id=agent_id,
                    login=agent_id,
                    display_name=name,
                    role="superviseur" if agent_id.startswith("chef") else "agent_police",
                    capacity="opj",
                    active=True,
                    failed_logins=0,
                    created_at=now - timedelta(days=400),
                )
            )
        for table, rows in (
            (Elector, electors),
            (Procuration, procurations),
            (Revocation, revocations),
            (PassportCase, passports),
            (IvoteRequest, ivotes),
            (OutboxEntry, outbox),
            (ProcurationEvent, events),
        ):
            for start in range(0, len(rows), 5000):
                if rows[start : start + 5000]:
                    s.execute(insert(table), rows[start : start + 5000])
        s.merge(SyncState(id=1, last_success_at=now - timedelta(hours=2)))
    return out


def _event(record_id: str, at: datetime, status: str, rule: str | None) -> dict[str, object]:
    return {"procuration_id": record_id, "at": at, "status": status, "rule_id": rule, "source": "central"}


def _count_if_inside(counter: Counter[str], rule: str, at: datetime, now: datetime, days: int, zone: ZoneInfo) -> bool:
    today = now.astimezone(zone).date()
    if today - timedelta(days=days - 1) <= at.astimezone(zone).date() <= today:
        counter[rule] += 1
        return True
    return False

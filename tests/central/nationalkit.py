"""Stations and their procurations written straight into a central store, with the counts the page must show."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert

from central.national import ZONE
from central.schema import entries, procurations, stations

SILENT_LABEL = "Brigade de gendarmerie de Saint-Flour (silencieuse)"


@dataclass
class SeededNation:
    per_day: Counter[date] = field(default_factory=Counter)  # national procurations per Paris day
    refusals: Counter[str] = field(default_factory=Counter)  # per station label
    silent: list[str] = field(default_factory=list)
    acts: Counter[tuple[str, date]] = field(default_factory=Counter)  # per station id and day
    instants: list[tuple[str, datetime]] = field(default_factory=list)  # (station id, established at) of each act

    def days_of(self, station_id: str, *, now: datetime, zone: ZoneInfo, days: int = 30) -> Counter[date]:
        """A station's acts per day of `zone`, over the last `days` of its days up to `now`."""
        first = now.astimezone(zone).date() - timedelta(days=days - 1)
        found = (at.astimezone(zone).date() for s, at in self.instants if s == station_id)
        return Counter(d for d in found if d >= first)


def act_rows(station_id: str, seq: int, at: datetime, *, refused: bool = False) -> tuple[dict[str, Any], ...]:
    """The entry and the procuration of one act a station established at `at`, arrived five minutes later."""
    entry_id, record_id = str(uuid.uuid4()), str(uuid.uuid4())
    entry = {
        "id": entry_id,
        "station_id": station_id,
        "seq": seq,
        "kind": "procuration.etablie",
        "record_id": record_id,
        "batch_id": str(uuid.uuid4()),
        "body": "{}",
        "established_at": at,
        "declared_at": at,
        "flags": "",
        "received_at": at + timedelta(minutes=5),
    }
    record = {
        "id": record_id,
        "entry_id": entry_id,
        "station_id": station_id,
        "mandant_key": f"m{seq}",
        "mandataire_key": f"d{seq}",
        "established_in": "FRANCE",
        "validity_kind": "DUREE",
        "established_at": at,
        "clock_flagged": False,
        "status": "invalidee" if refused else "validee",
        "rule_id": "R-LIMIT-1" if refused else None,
    }
    return entry, record


def seed_nation(engine: Engine, *, now: datetime, seed: int = 18) -> SeededNation:
    """Five stations, one silent for 30 hours, 30 days of procurations with some refusals."""
    rng = random.Random(seed)
    out = SeededNation()
    labels = [
        ("Commissariat central de Lyon", timedelta(minutes=12)),
        ("Consulat général de France à Montréal", timedelta(hours=3)),
        (SILENT_LABEL, timedelta(hours=30)),
        ("Commissariat de Brest", timedelta(minutes=40)),
        ("Brigade de Mende", timedelta(hours=23)),
    ]
    first = now.astimezone(ZONE).date() - timedelta(days=29)
    with engine.begin() as conn:
        for index, (label, silence) in enumerate(labels):
            station_id = str(uuid.UUID(int=index + 1))
            contact = now - silence
            conn.execute(
                insert(stations).values(
                    id=station_id,
                    label=label,
                    token_hash=f"{index:064d}",
                    last_seq=0,
                    last_contact=contact,
                    enrolled_at=now - timedelta(days=90),
                )
            )
            if silence >= timedelta(hours=24):
                out.silent.append(label)
            rows_e, rows_p = [], []
            for seq in range(1, rng.randrange(40, 120)):
                at = contact - timedelta(seconds=rng.randrange(31 * 86400))
                at = at.replace(microsecond=0)
                refused = rng.random() < 0.12 * (index + 1) / 3
                entry, record = act_rows(station_id, seq, at, refused=refused)
                rows_e.append(entry)
                rows_p.append(record)
                out.instants.append((station_id, at))
                day = at.astimezone(ZONE).date()
                if day >= first:
                    out.per_day[day] += 1
                    out.acts[(station_id, day)] += 1
                    if refused:
                        out.refusals[label] += 1
            conn.execute(insert(entries), rows_e)
            conn.execute(insert(procurations), rows_p)
    return out


NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)

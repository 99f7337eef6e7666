"""The central store judges R-PASS-4 with the experiments of its calendar file, as the desk does: an arrêté that
extends the experiment is a file given to both, and a case opened under it is not refused by the shipped dates
(which end on 30 November 2027)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from test_central_l73 import ENROLLED, RULES, fresh
from test_central_renewal_checks import P, _opening
from test_central_trust import _entry, _result

from central import attribution
from central.apply import Rules, apply_batch
from central.contacts import record_contact
from desktop import resources
from desktop.models.ids import uuid7
from desktop.rules.calendar import parse_calendar
from desktop.sync.wire import Batch, Verdict

JAN_2028 = datetime(2028, 1, 10, 15, 0, tzinfo=UTC)  # after the shipped experiment
EXTENDED = {"nom": "Expérimentation 2027-2029", "pays": ["CAN", "ESP"], "debut": "2027-12-01", "fin": "2029-11-30"}


def _rules() -> Rules:
    data: dict[str, Any] = json.loads(resources.read_text("elections.json"))
    data["experimentations_passeport"] = [EXTENDED]
    return Rules(calendar=parse_calendar(data))


def _push(engine: Engine, station: str, rules: Rules) -> Verdict:
    mine = f"agent-{station}"
    with engine.begin() as conn:
        attribution.claim(conn, station_id=station, agent_id=mine, now=ENROLLED)
        record_contact(conn, station_id=station, at=JAN_2028 - timedelta(minutes=5), pulled=True)
    entry = _entry(1, _opening(uuid7()), JAN_2028, None, kind=P)
    raw = {"batch_id": uuid7(), "entries": [{**entry, "body": {**entry["body"], "agent_id": mine}}]}
    text = apply_batch(engine, station_id=station, batch=Batch.from_json(json.dumps(raw)), rules=rules, now=JAN_2028)
    [verdict] = _result(text).verdicts
    return verdict


def test_R_PASS_4_the_central_store_reads_the_experiments_of_its_calendar(tmp_path: Path) -> None:
    engine, (station, _, _) = fresh(tmp_path)
    refused = _push(engine, station, RULES)
    assert (refused.status, refused.rule_id) == ("invalidee", "R-PASS-4"), refused
    engine.dispose()
    engine, (station, _, _) = fresh(tmp_path)
    accepted = _push(engine, station, _rules())
    assert (accepted.status, accepted.rule_id) == ("validee", None), accepted
    engine.dispose()

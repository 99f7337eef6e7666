"""The demo's Maprocuration requests as of the day its central store first starts (central/demo_requests.py).

Loaded as written, the demo's fresh requests were expired (R-CHAN-A-8) from 20 January 2027 and their scrutin past
(R-VALID-2) from 11 April 2027: the demo's « Récupérer » showed refusals. `serve --demo-data` moves them to its day.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from central.demo_requests import DEMO_DAY, requests_on
from central.embedded import load_demo_data
from central.schema import requests
from central.service import load_rules, open_database
from desktop import resources
from desktop.rules.channels import request_expired

CALENDAR = load_rules().calendar
WRITTEN = json.loads(resources.path("demo", "requests.json").read_bytes())
OLD = "9QF6VA"  # more than two months old when written: the demo shows R-CHAN-A-8's refusal on purpose


def _day(item: dict[str, object]) -> date:
    return datetime.fromisoformat(str(item["requested_at"]).replace("Z", "+00:00")).date()


def test_on_the_day_they_were_written_the_requests_are_as_written() -> None:
    assert requests_on(WRITTEN, DEMO_DAY, CALENDAR) == WRITTEN


@pytest.mark.parametrize("today", [date(2027, 1, 25), date(2027, 6, 1), date(2027, 9, 1), date(2028, 1, 10)])
def test_R_CHAN_A_8_the_demo_requests_keep_their_age_and_a_scrutin_ahead(today: date) -> None:
    moved = requests_on(WRITTEN, today, CALENDAR)
    assert [m["reference"] for m in moved] == [w["reference"] for w in WRITTEN]
    for written, now in zip(WRITTEN, moved, strict=True):
        assert (DEMO_DAY - _day(written)) == (today - _day(now))  # the same age as on the day written
        assert request_expired(_day(now), on=today) is (now["reference"] == OLD)
        validity = now["validity"]
        if validity["kind"] == "DUREE":  # R-VALID-4a: it starts after the request, as written
            assert date.fromisoformat(validity["start"]) > today and validity["end"] > validity["start"]
            continue
        election = CALENDAR.elections[validity["election_id"]]
        assert election.t1 > today  # R-VALID-2: not begun
        if validity["rounds"] != "T1":
            assert election.t2 is not None  # a request for the second round names a scrutin that has one
    fresh = requests_on(WRITTEN, date(2027, 6, 1), CALENDAR)
    scrutins = {m["validity"]["election_id"] for m in fresh if m["validity"]["kind"] == "SCRUTIN"}
    assert scrutins == {"legislatives-2027"}  # the présidentielle is past


def test_the_demo_store_loads_them_as_of_its_day(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'central.db'}")
    today = date(2027, 6, 1)
    load_demo_data(engine, today=today, calendar=CALENDAR)
    with engine.connect() as conn:
        rows = {r.reference: (r.requested_at, json.loads(r.body)) for r in conn.execute(select(requests))}
    at, body = rows["K7M2QX"]
    assert (at if at.tzinfo else at.replace(tzinfo=UTC)).date() == date(2027, 5, 28)  # 4 days old, as written
    assert body["validity"]["election_id"] == "legislatives-2027"
    assert not request_expired(date(2027, 5, 28), on=today)

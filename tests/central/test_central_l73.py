"""L73 re-decision on the apply path: the outcome is the rules engine's over the whole set, whatever the arrival."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from centralkit import procuration_body, resiliation_body
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from central.apply import Rules, apply_batch
from central.auth import enrol_station
from central.contacts import record_contact
from central.embedded import load_demo_data
from central.register import parse_csv
from central.schema import changes, procurations
from central.service import load_rules, open_database
from desktop import resources
from desktop.models.ids import uuid7
from desktop.rules.limits import decide_limits
from desktop.rules.types import EstablishedIn, ListKind, ProcurationFacts, Rounds, ScrutinValidity
from desktop.sync.wire import Batch, BatchResult, iso

RULES: Rules = load_rules()
ENROLLED = datetime(2026, 11, 1, tzinfo=UTC)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
REGISTER = parse_csv(resources.read_text("demo", "electors.csv"))
PEOPLE = [
    {
        "nom": r["nom"],
        "prenoms": r["prenoms"].split(),
        "date_naissance": r["date_naissance"].isoformat(),
        "nne": r["nne"],
    }
    for r in REGISTER
]
LIST_OF = {r["nne"]: ListKind(r["list_kind"]) for r in REGISTER}
MANDATAIRES = [p for p in PEOPLE if LIST_OF[p["nne"]] is ListKind.COMMUNALE][:3]
MANDANTS = [
    p for p in PEOPLE if p not in MANDATAIRES and LIST_OF[p["nne"]] in (ListKind.COMMUNALE, ListKind.CONSULAIRE)
]


def fresh(tmp: Path) -> tuple[Engine, list[str]]:
    engine = open_database(f"sqlite:///{tmp / f'c{uuid7()}.sqlite3'}")
    load_demo_data(engine)
    stations = [enrol_station(engine, label=f"s{i}", now=ENROLLED).station_id for i in range(3)]
    with engine.begin() as conn:  # each station read the feed once at enrolment: ENROLLED is a time issued to it
        for station in stations:
            record_contact(conn, station_id=station, at=ENROLLED, pulled=True)
    return engine, stations


def push(engine: Engine, station: str, seq: int, kind: str, body: dict[str, Any], at: datetime) -> BatchResult:
    raw = {
        "batch_id": uuid7(),
        "entries": [
            {
                "seq": seq,
                "id": uuid7(),
                "kind": kind,
                "body": body,
                "established_at": iso(at),
                "clock": {"wall": iso(at), "basis": "server", "last_sync": iso(ENROLLED)},
            }
        ],
    }
    text = apply_batch(engine, station_id=station, batch=Batch.from_json(json.dumps(raw)), rules=RULES, now=NOW)
    return BatchResult.from_json(text)


@st.composite
def scenarios(draw: st.DrawFn, mandants: int = len(MANDANTS)) -> list[tuple[str, dict[str, Any], datetime]]:
    """Procurations of `mandants` mandants on 3 mandataires (France or abroad, T1/T2/both) and a few revocations,
    distinct times."""
    count = draw(st.integers(3, 9))
    minutes = draw(st.lists(st.integers(1, 20_000), min_size=count + 2, max_size=count + 2, unique=True))
    events: list[tuple[str, dict[str, Any], datetime]] = []
    for i in range(count):
        body = procuration_body(
            draw(st.sampled_from(MANDANTS[:mandants])),
            draw(st.sampled_from(MANDATAIRES)),
            where=draw(st.sampled_from(["france", "etranger"])),
            rounds=draw(st.sampled_from(["T1", "T2", "T1_T2"])),
        )
        events.append(("procuration.etablie", body, ENROLLED + timedelta(minutes=minutes[i])))
    for j in range(draw(st.integers(0, 2))):
        mandant = events[draw(st.integers(0, count - 1))][1]["mandant"]
        events.append(
            ("procuration.resiliation", resiliation_body(mandant), ENROLLED + timedelta(minutes=minutes[count + j]))
        )
    return events


def expected(events: list[tuple[str, dict[str, Any], datetime]]) -> dict[str, str]:
    """What L73 (the rules engine over the whole set) and R-REVOKE-2 say each procuration ends as."""
    revs = [(b["mandant"]["nne"], at) for k, b, at in events if k == "procuration.resiliation"]
    facts = []
    for kind, b, at in events:
        if kind != "procuration.etablie":
            continue
        later = [t for n, t in revs if n == b["mandant"]["nne"] and t > at]
        facts.append(
            ProcurationFacts(
                id=b["id"],
                mandant_key=b["mandant"]["nne"],
                mandataire_key=b["mandataire"]["nne"],
                established_at=at,
                established_in=EstablishedIn(b["established_in"]),
                mandant_list=LIST_OF[b["mandant"]["nne"]],
                validity=ScrutinValidity("presidentielle-2027", Rounds(b["validity"]["rounds"])),
                revoked_at=min(later) if later else None,
            )
        )
    decisions = decide_limits(facts, calendar=RULES.calendar)
    return {
        f.id: ("invalidee" if not decisions[f.id].valid else "resiliee" if f.revoked_at else "validee") for f in facts
    }


def stored(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {r.id: r.status for r in conn.execute(select(procurations.c.id, procurations.c.status))}


@pytest.mark.slow  # several seconds of generated cases: the quick run leaves it to CI
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=scenarios(), seed=st.integers(0, 2**32 - 1))
def test_outcome_does_not_depend_on_arrival_order(tmp_path: Path, events: list[Any], seed: int) -> None:
    _arrive_in_any_order(tmp_path, events, seed)


def _arrive_in_any_order(tmp_path: Path, events: list[Any], seed: int) -> None:
    """Push the events in a shuffled order from three stations: the store ends as the whole set judged at once."""
    engine, stations = fresh(tmp_path)
    order = list(events)
    random.Random(seed).shuffle(order)
    seqs = dict.fromkeys(stations, 0)
    for i, (kind, body, at) in enumerate(order):
        station = stations[i % len(stations)]
        seqs[station] += 1
        push(engine, station, seqs[station], kind, body, at)
    assert stored(engine) == expected(events)
    engine.dispose()


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=scenarios(mandants=2), seed=st.integers(0, 2**32 - 1))
def test_outcome_with_mandants_sharing_mandataires_does_not_depend_on_arrival_order(
    tmp_path: Path, events: list[Any], seed: int
) -> None:
    """Two mandants only: their procurations meet on the mandataires (L73) and on themselves (R-VALID-6), so one
    arriving late can change verdicts several links away (central/decide.load_around)."""
    _arrive_in_any_order(tmp_path, events, seed)


def test_earlier_procuration_arriving_later_voids_the_later_one(tmp_path: Path) -> None:
    engine, (a, b, _) = fresh(tmp_path)
    mandataire = MANDATAIRES[0]
    late = procuration_body(MANDANTS[0], mandataire, rounds="T1")
    early = procuration_body(MANDANTS[1], mandataire, rounds="T1")
    first = push(engine, a, 1, "procuration.etablie", late, ENROLLED + timedelta(hours=5))
    assert first.verdicts[0].status == "validee"
    second = push(engine, b, 1, "procuration.etablie", early, ENROLLED + timedelta(hours=1))
    assert second.verdicts[0].status == "validee"
    assert stored(engine)[late["id"]] == "invalidee"
    engine.dispose()


def test_void_stays_void_when_the_blocker_is_revoked_later(tmp_path: Path) -> None:
    engine, (a, b, _) = fresh(tmp_path)
    blocker = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    victim = procuration_body(MANDANTS[1], MANDATAIRES[0], rounds="T1")
    push(engine, a, 1, "procuration.etablie", blocker, ENROLLED + timedelta(hours=1))
    assert (
        push(engine, b, 1, "procuration.etablie", victim, ENROLLED + timedelta(hours=2)).verdicts[0].rule_id
        == "R-LIMIT-1"
    )
    push(engine, a, 2, "procuration.resiliation", resiliation_body(MANDANTS[0]), ENROLLED + timedelta(hours=3))
    assert stored(engine) == {blocker["id"]: "resiliee", victim["id"]: "invalidee"}
    # After the revocation the slot is free for a new procuration (R-REVOKE-8).
    fresh_one = procuration_body(MANDANTS[2], MANDATAIRES[0], rounds="T1")
    assert (
        push(engine, b, 2, "procuration.etablie", fresh_one, ENROLLED + timedelta(hours=4)).verdicts[0].status
        == "validee"
    )
    engine.dispose()


def test_flagged_time_deciding_l73_asks_for_review(tmp_path: Path) -> None:
    engine, (a, b, _) = fresh(tmp_path)
    winner = procuration_body(MANDANTS[0], MANDATAIRES[1], rounds="T1")
    loser = procuration_body(MANDANTS[1], MANDATAIRES[1], rounds="T1")
    skewed = {
        "seq": 1,
        "id": uuid7(),
        "kind": "procuration.etablie",
        "body": winner,
        "established_at": iso(ENROLLED + timedelta(hours=1)),
        "clock": {"wall": iso(ENROLLED + timedelta(days=3)), "basis": "server", "last_sync": iso(ENROLLED)},
    }
    apply_batch(
        engine,
        station_id=a,
        rules=RULES,
        now=NOW,
        batch=Batch.from_json(json.dumps({"batch_id": uuid7(), "entries": [skewed]})),
    )
    result = push(engine, b, 1, "procuration.etablie", loser, ENROLLED + timedelta(hours=2))
    assert result.verdicts[0].status == "invalidee"
    assert "revue" in result.verdicts[0].flags
    engine.dispose()


def test_a_flagged_time_deciding_r_valid_6_asks_for_review_too(tmp_path: Path) -> None:
    engine, (a, b, _) = fresh(tmp_path)
    mandant = MANDANTS[0]
    skewed = {
        "seq": 1,
        "id": uuid7(),
        "kind": "procuration.etablie",
        "body": procuration_body(mandant, MANDATAIRES[0], rounds="T1"),
        "established_at": iso(ENROLLED + timedelta(hours=1)),
        "clock": {"wall": iso(ENROLLED + timedelta(days=3)), "basis": "server", "last_sync": iso(ENROLLED)},
    }
    batch = Batch.from_json(json.dumps({"batch_id": uuid7(), "entries": [skewed]}))
    apply_batch(engine, station_id=a, rules=RULES, now=NOW, batch=batch)
    later = procuration_body(mandant, MANDATAIRES[1], rounds="T1")
    verdict = push(engine, b, 1, "procuration.etablie", later, ENROLLED + timedelta(hours=2)).verdicts[0]
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-VALID-6") and "revue" in verdict.flags
    engine.dispose()


def test_a_quiet_station_polling_all_day_keeps_a_bounded_number_of_contacts(tmp_path: Path) -> None:
    """Every poll records the server time it hands out; a station that never pushes must not grow the table
    (national simulation, issue 21), and its latest time is still the one it may claim."""
    from central.contacts import KEPT_CONTACTS
    from central.schema import contacts

    engine = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    start = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    with engine.begin() as conn:
        for n in range(KEPT_CONTACTS * 3):  # a day of polls, shortened
            record_contact(conn, station_id="poste-calme", at=start + timedelta(seconds=30 * n), pulled=True)
        record_contact(conn, station_id="poste-voisin", at=start)
    with engine.connect() as conn:
        kept = sorted(
            t for (t,) in conn.execute(select(contacts.c.server_time).where(contacts.c.station_id == "poste-calme"))
        )
        other = conn.execute(select(contacts.c.server_time).where(contacts.c.station_id == "poste-voisin")).all()
    assert len(kept) == KEPT_CONTACTS
    assert kept[-1].replace(tzinfo=UTC) == start + timedelta(seconds=30 * (KEPT_CONTACTS * 3 - 1))
    assert len(other) == 1  # pruning is per station


def test_R_VALID_6_a_mandant_represented_at_another_counter_for_the_same_vote(tmp_path: Path) -> None:
    """Two stations each took a procuration of the same mandant for the first round: the later one is void, and a
    procuration for the second round, to a third mandataire, stands."""
    engine, (a, b, _) = fresh(tmp_path)
    mandant = MANDANTS[0]
    first = procuration_body(mandant, MANDATAIRES[0], rounds="T1")
    second = procuration_body(mandant, MANDATAIRES[1], rounds="T1_T2", where="etranger")
    other_round = procuration_body(mandant, MANDATAIRES[2], rounds="T2")
    assert push(engine, a, 1, "procuration.etablie", first, ENROLLED + timedelta(hours=1)).verdicts[0].status == (
        "validee"
    )
    verdict = push(engine, b, 1, "procuration.etablie", second, ENROLLED + timedelta(hours=2)).verdicts[0]
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-VALID-6")
    assert verdict.message is not None and "le 01/11/2026 à 01:00 UTC" in verdict.message
    assert MANDATAIRES[0]["nom"] not in verdict.message  # the other counter's mandataire is not named (R-DATA-3)
    assert push(engine, b, 2, "procuration.etablie", other_round, ENROLLED + timedelta(hours=3)).verdicts[0].status == (
        "validee"
    )
    engine.dispose()


def test_R_VALID_6_the_earlier_one_arriving_later_voids_the_later_one_and_tells_its_station(tmp_path: Path) -> None:
    engine, (a, b, _) = fresh(tmp_path)
    early = procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1")
    late = procuration_body(MANDANTS[0], MANDATAIRES[1], rounds="T1")
    assert push(engine, b, 1, "procuration.etablie", late, ENROLLED + timedelta(hours=5)).verdicts[0].status == (
        "validee"
    )
    assert push(engine, a, 1, "procuration.etablie", early, ENROLLED + timedelta(hours=1)).verdicts[0].status == (
        "validee"
    )
    assert stored(engine) == {early["id"]: "validee", late["id"]: "invalidee"}
    with engine.connect() as conn:
        told = conn.execute(
            select(changes.c.station_id, changes.c.status, changes.c.rule_id).where(changes.c.record_id == late["id"])
        ).all()
    assert (b, "invalidee", "R-VALID-6") in [tuple(r) for r in told]
    engine.dispose()


def test_a_late_arrival_reaches_verdicts_several_links_away(tmp_path: Path) -> None:
    """M gave X a procuration (t1) then Y one for the same round (t2); A's to X (t0) arrives last. At t0 X takes
    A's, so M's to X is void under L73 (R-LIMIT-1), never represented M, and M's to Y stands again."""
    engine, (a, b, c) = fresh(tmp_path)
    m, other = MANDANTS[0], MANDANTS[1]
    x, y = MANDATAIRES[0], MANDATAIRES[1]
    t0 = procuration_body(other, x, rounds="T1")
    t1 = procuration_body(m, x, rounds="T1")
    t2 = procuration_body(m, y, rounds="T1")
    push(engine, a, 1, "procuration.etablie", t2, ENROLLED + timedelta(hours=3))
    push(engine, b, 1, "procuration.etablie", t1, ENROLLED + timedelta(hours=2))
    assert stored(engine) == {t1["id"]: "validee", t2["id"]: "invalidee"}
    push(engine, c, 1, "procuration.etablie", t0, ENROLLED + timedelta(hours=1))
    assert stored(engine) == {t0["id"]: "validee", t1["id"]: "invalidee", t2["id"]: "validee"}
    with engine.connect() as conn:
        rules = {r.id: r.rule_id for r in conn.execute(select(procurations.c.id, procurations.c.rule_id))}
    assert (rules[t1["id"]], rules[t2["id"]]) == ("R-LIMIT-1", None)
    engine.dispose()

"""The central store under its own lying clock (central/store_clock.py): a node whose clock jumps a year ahead (a VM
restored from a snapshot, a BIOS battery, an NTP step) must not purge the personal data of procurations still in
force (R-DATA-2), nor find every station's token expired. Real HTTP, both back-ends."""

from __future__ import annotations

import csv
import logging
import os
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from centralkit import Station, procuration_body
from sqlalchemy import insert, select

import central.retention as retention
import central.store_clock as store_clock
from central import auth, queries
from central.__main__ import main
from central.annulment import RegisterEvent, record_events
from central.embedded import Embedded, start_embedded
from central.enrolment import enrol_from_csv
from central.register import parse_csv
from central.schema import contacts, procurations, requests, retention_log, stations, utc
from central.service import ENV_CALENDAR, load_rules
from central.store_clock import AHEAD, Anchor
from desktop import resources
from desktop.rules.annulment import AnnulmentCause
from desktop.sync.wire import BatchResult

P = "procuration.etablie"
TREMBLAY = {"nom": "TREMBLAY", "prenoms": ["Marie", "Ève"], "date_naissance": "1963-03-14", "nne": "203396354"}
LEBLANC = {"nom": "LEBLANC", "prenoms": ["Étienne"], "date_naissance": "1975-04-25", "nne": "485249212"}
JUMP = timedelta(days=500)  # past the end of the procuration below, and a year more


class _Clock:
    """The store's wall clock as `central.retention` reads it, `ahead` past the real one."""

    ahead = timedelta(0)


def _lying(clock: type[_Clock]) -> type[datetime]:
    class Lying(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Any:
            return datetime.now(tz) + clock.ahead

    return Lying


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> type[_Clock]:
    class Clock(_Clock):
        pass

    monkeypatch.setattr(retention, "datetime", _lying(Clock))
    return Clock


def _in_force(central: Embedded) -> str:
    """A procuration pushed over HTTP today, valid for a month: in force, its data kept for a year after."""
    st = Station.enrol(central.base_url, central.enrolment_token, "CONS-MTL")
    today = date.today()
    body = procuration_body(TREMBLAY, LEBLANC, where="etranger")
    body["validity"] = {"kind": "DUREE", "start": str(today), "end": str(today + timedelta(days=30))}
    answer = st.push(st.batch((P, body, datetime.now(UTC))))
    assert answer.status_code == 200, answer.text
    assert [v.status for v in BatchResult.from_json(answer.content).verdicts] == ["validee"]
    return str(body["id"])


def _kept(central: Embedded, pid: str) -> bool:
    with central.engine.connect() as conn:
        key = conn.execute(select(procurations.c.mandant_key).where(procurations.c.id == pid)).scalar_one()
    return bool(key == "nne:203396354")


def _purges(central: Embedded) -> int:
    with central.engine.connect() as conn:
        return len(conn.execute(select(retention_log.c.id)).all())


def _requests(central: Embedded) -> int:
    with central.engine.connect() as conn:
        return len(conn.execute(select(requests.c.reference)).all())


def test_the_purge_command_holds_under_a_clock_far_ahead_of_the_store_and_says_it_in_french(
    central: Embedded, clock: type[_Clock], capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """`guichet-central purge` on a node whose clock jumped 500 days ahead: nothing goes (the procuration in force,
    the Maprocuration requests of days ago), no purge is logged, exit 1 with the reason in French. Within two days
    of the newest record it runs; `--heure-verifiee` runs it whatever the gap (the administrator checked)."""
    pid = _in_force(central)
    held_requests = _requests(central)
    url = central.engine.url.render_as_string(hide_password=False)
    command = ["--database", url, "--calendar", os.environ[ENV_CALENDAR], "purge"]
    caplog.set_level(logging.WARNING, logger="guichet.central.retention")

    clock.ahead = JUMP
    assert main(command) == 1
    said = capsys.readouterr()
    assert "Purge R-DATA-2 suspendue" in said.err and "--heure-verifiee" in said.err, said
    assert said.out == ""
    assert "suspendue" in caplog.text
    assert _kept(central, pid) and _requests(central) == held_requests and _purges(central) == 0

    clock.ahead = AHEAD - timedelta(hours=1)  # a store quiet for under two days: the purge runs
    assert main(command) == 0
    assert "R-DATA-2" in capsys.readouterr().out
    assert _kept(central, pid) and _purges(central) == 1

    clock.ahead = JUMP  # the administrator checked the time (here it is wrong: the option says so, and it purges)
    assert main([*command, "--heure-verifiee"]) == 0
    assert not _kept(central, pid) and _purges(central) == 2


def test_a_clock_that_jumps_while_serving_does_not_vouch_for_itself(
    central: Embedded, clock: type[_Clock], caplog: pytest.LogCaptureFixture
) -> None:
    """`serve`'s purge thread: a first run at the right time purges; then the clock jumps 500 days ahead and a
    station's contact is recorded at that time (what the API writes under the jumped clock). The next runs hold:
    their reference is the store's newest record at the start, moved by the monotonic clock, not that contact."""
    pid = _in_force(central)
    caplog.set_level(logging.INFO, logger="guichet.central.retention")
    held = threading.Event()
    ran = threading.Event()

    class Seen(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            text = record.getMessage()
            if "suspendue" in text:
                held.set()
            elif text.startswith("retention purge:"):
                ran.set()

    seen = Seen()
    logging.getLogger("guichet.central.retention").addHandler(seen)
    try:
        stop = retention.start_schedule(
            central.engine, central_calendar(), every=timedelta(seconds=0.05), first_delay=timedelta(0)
        )
        try:
            assert ran.wait(30)
            with central.engine.begin() as conn:
                station = conn.execute(select(procurations.c.station_id).where(procurations.c.id == pid)).scalar_one()
                jumped = datetime.now(UTC) + JUMP
                conn.execute(insert(contacts).values(station_id=station, server_time=jumped, claimed=False))
            clock.ahead = JUMP
            assert held.wait(30)
        finally:
            stop()
    finally:
        logging.getLogger("guichet.central.retention").removeHandler(seen)
    assert _kept(central, pid)


def central_calendar() -> Any:
    """The calendar the store decided with (tests/conftest.py)."""
    return load_rules(Path(os.environ[ENV_CALENDAR])).calendar


def test_the_anchor_moves_with_the_monotonic_clock_and_the_last_purge(central: Embedded) -> None:
    """The reference of `serve`'s purge: its start's newest record plus the monotonic time elapsed since, or the
    last purge logged (by `guichet-central purge`, which passed its own check) if later."""
    start = datetime(2027, 1, 10, 12, tzinfo=UTC)
    ticks = iter([100.0, 100.0 + 86_400.0, 100.0 + 2 * 86_400.0])
    anchor = Anchor(start, next(ticks))
    with central.engine.connect() as conn:
        assert anchor.vouched(conn, lambda: next(ticks)) == start + timedelta(days=1)
    later = start + timedelta(days=30)
    with central.engine.begin() as conn:
        conn.execute(
            insert(retention_log).values(at=later, procurations=0, revocations=0, entries=0, requests=0, renewals=0)
        )
    with central.engine.connect() as conn:
        assert anchor.vouched(conn, lambda: next(ticks)) == later


def test_a_clock_that_jumps_a_year_ahead_while_serving_does_not_expire_every_station(
    central: Embedded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tokens live 90 days: a clock 500 days ahead found every one expired (401 for every station of the country,
    each to enrol anew). The serving process judges a token's end at most two days past what it can vouch for; a
    token renewed meanwhile is dated as well, not 500 days ahead."""
    st = Station.enrol(central.base_url, central.enrolment_token, "75056-01")
    assert st.http.get("/v1/changes").status_code == 200
    monkeypatch.setattr(queries, "utcnow", lambda: datetime.now(UTC) + JUMP)
    answer = st.http.get("/v1/changes")
    assert answer.status_code == 200, answer.text
    ends = datetime.fromisoformat(answer.headers["guichet-token-expires"])
    renewed = st.http.post(f"/v1/stations/{st.station_id}/token")
    assert renewed.status_code == 200, renewed.text
    new_end = datetime.fromisoformat(renewed.json()["expires_at"])
    assert new_end <= datetime.now(UTC) + auth.TOKEN_TTL + AHEAD, (ends, new_end)


def test_a_store_started_with_a_clock_a_year_ahead_does_not_expire_every_station(
    central: Embedded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A VM restored from a snapshot, a BIOS battery: the node starts 500 days ahead. Its reference is the store's
    newest record (a station's last contact), not its clock: the station is still served."""
    st = Station.enrol(central.base_url, central.enrolment_token, "75056-01")
    assert st.http.get("/v1/changes").status_code == 200  # a contact, recorded at the right time
    monkeypatch.setattr(queries, "utcnow", lambda: datetime.now(UTC) + JUMP)
    monkeypatch.setattr(store_clock, "datetime", _lying(type("Ahead", (_Clock,), {"ahead": JUMP})))
    url = central.engine.url.render_as_string(hide_password=False)
    other = start_embedded(url, demo_data=False)
    try:
        again = Station(other.base_url, st.station_id, st.token)
        answer = again.http.get("/v1/changes")
        assert answer.status_code == 200, answer.text
    finally:
        other.stop()


def test_a_clock_far_ahead_neither_ends_enrolment_tokens_nor_dates_a_station_a_year_ahead(
    central: Embedded, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An enrolment token issued today for 30 days still enrols under a clock 500 days ahead, and the station it
    enrols is dated as the store can vouch for: its token does not live 500 days more, its enrolment (the bound of
    its first entries, central/contacts.py) is not a year ahead."""
    source = tmp_path / "postes.csv"
    source.write_text("code;libelle;departement\nST-0001;Commissariat;75\n", encoding="utf-8")
    out = tmp_path / "jetons.csv"
    enrol_from_csv(central.engine, source, out)
    with out.open(encoding="utf-8", newline="") as fh:
        token = next(csv.DictReader(fh, delimiter=";"))["jeton"]
    monkeypatch.setattr(queries, "utcnow", lambda: datetime.now(UTC) + JUMP)
    answer = httpx.post(
        f"{central.base_url}/v1/stations", json={"label": "ST-0001"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 201, answer.text
    assert datetime.fromisoformat(answer.json()["expires_at"]) <= datetime.now(UTC) + auth.TOKEN_TTL + AHEAD
    with central.engine.connect() as conn:
        enrolled = conn.execute(select(stations.c.enrolled_at).where(stations.c.label == "ST-0001")).scalar_one()
    assert utc(enrolled) <= datetime.now(UTC) + AHEAD


def test_a_clock_gone_back_a_day_does_not_throttle_every_consultation_for_a_day(
    central: Embedded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The access log counts an agent's look-ups in the last minute (20 at most). A node whose clock stepped a day
    back counted every look-up logged since (dated after its now) and refused the agent, every agent, for a day."""
    st = Station.enrol(central.base_url, central.enrolment_token, "75056-01")
    st.enrol_agent()
    for _ in range(20):
        assert st.lookup(nne="19374652", date_naissance="1975-06-02").status_code == 200
    assert st.lookup(nne="19374652", date_naissance="1975-06-02").status_code == 429  # the limit holds
    monkeypatch.setattr(queries, "utcnow", lambda: datetime.now(UTC) - timedelta(days=1))
    answer = st.lookup(nne="19374652", date_naissance="1975-06-02")
    assert answer.status_code == 200, answer.text


def test_R_ELIG_5_a_report_recorded_by_a_clock_behind_annuls_what_the_store_holds(central: Embedded) -> None:
    """A death reported through a node whose clock is a day behind (gone back, or behind the API node's): the
    procuration the store already held to that mandataire was established, by the store's own times, after the
    report's `now`, and was refused as never in force instead of annulled. The report's instant follows what the
    store holds."""
    people = [r for r in parse_csv(resources.read_text("demo", "electors.csv")) if r["list_kind"] == "communale"]
    mandant, tutor = (
        {"nom": r["nom"], "prenoms": r["prenoms"].split(), "date_naissance": str(r["date_naissance"]), "nne": r["nne"]}
        for r in people[:2]
    )
    st = Station.enrol(central.base_url, central.enrolment_token, "75056-01")
    body = procuration_body(mandant, tutor)
    answer = st.push(st.batch((P, body, datetime.now(UTC))))
    assert [v.status for v in BatchResult.from_json(answer.content).verdicts] == ["validee"]
    report = record_events(
        central.engine,
        [RegisterEvent(nne=str(tutor["nne"]), cause=AnnulmentCause.DECES)],
        rules=load_rules(Path(os.environ[ENV_CALENDAR])),
        now=datetime.now(UTC) - timedelta(days=1),
        source="registre",
    )
    assert report.annulled == 1
    with central.engine.connect() as conn:
        status = conn.execute(select(procurations.c.status).where(procurations.c.id == body["id"])).scalar_one()
    assert status == "annulee"

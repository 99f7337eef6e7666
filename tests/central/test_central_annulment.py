"""R-ELIG-5 at the central store: the register reports a death, the procurations in force become « annulée »."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from centralkit import procuration_body, resiliation_body
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from central.__main__ import main
from central.annulment import ChangeFileError, RegisterEvent, parse_changes, record_events
from central.app import create_app
from central.apply import Rules, apply_batch
from central.auth import enrol_station
from central.embedded import Embedded, load_demo_data
from central.queries import changes_since
from central.register import parse_csv
from central.register_api import create_register_router
from central.schema import procurations
from central.service import load_rules, open_database
from desktop import resources
from desktop.models.ids import uuid7
from desktop.rules.annulment import AnnulmentCause
from desktop.sync.wire import Batch, BatchResult, iso

RULES: Rules = load_rules()
ENROLLED = datetime(2026, 11, 1, tzinfo=UTC)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
PEOPLE = [
    {
        "nom": r["nom"],
        "prenoms": r["prenoms"].split(),
        "date_naissance": r["date_naissance"].isoformat(),
        "nne": r["nne"],
    }
    for r in parse_csv(resources.read_text("demo", "electors.csv"))
    if r["list_kind"] == "communale"
]
M1, M2, M3, TUTOR, OTHER = PEOPLE[:5]  # TUTOR: the mandataire who dies


class Central:
    """A central store over SQLite with two enrolled stations, pushed to in-process."""

    def __init__(self, tmp: Path) -> None:
        self.engine: Engine = open_database(f"sqlite:///{tmp / f'c{uuid7()}.sqlite3'}")
        load_demo_data(self.engine)
        self.stations = [enrol_station(self.engine, label=f"s{i}", now=ENROLLED).station_id for i in range(2)]
        self.seq = {s: 0 for s in self.stations}

    def push(
        self, station: int, kind: str, body: dict[str, Any], at: datetime, now: datetime | None = None
    ) -> BatchResult:
        """One entry made at `at`, received at `now` (by default at once: the central store clamps an entry dated
        before the station's previous contact, so an honest station's pushes arrive in order)."""
        sid = self.stations[station]
        self.seq[sid] += 1
        raw = {
            "batch_id": uuid7(),
            "entries": [
                {
                    "seq": self.seq[sid],
                    "id": uuid7(),
                    "kind": kind,
                    "body": body,
                    "established_at": iso(at),
                    "clock": {"wall": iso(at), "basis": "server", "last_sync": iso(ENROLLED)},
                }
            ],
        }
        batch = Batch.from_json(json.dumps(raw))
        text = apply_batch(self.engine, station_id=sid, batch=batch, rules=RULES, now=now or at)
        return BatchResult.from_json(text)

    def status(self) -> dict[str, tuple[str, str | None, str | None]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(procurations.c.id, procurations.c.status, procurations.c.rule_id, procurations.c.message)
            )
            return {r.id: (r.status, r.rule_id, r.message) for r in rows}

    def feed(self, station: int) -> dict[str, str]:
        page = changes_since(self.engine, station_id=self.stations[station], since=0, limit=100, now=NOW)
        return {c.record_id: c.status for c in page.changes}


def _death(c: Central, at: datetime, who: dict[str, Any] = TUTOR, source: str = "test") -> int:
    report = record_events(
        c.engine, [RegisterEvent(who["nne"], AnnulmentCause.DECES)], rules=RULES, now=at, source=source
    )
    return report.annulled


def test_R_ELIG_5_death_annuls_procurations_in_force_at_both_stations_and_feeds_them(tmp_path: Path) -> None:
    c = Central(tmp_path)
    p1 = procuration_body(M1, TUTOR)  # established in France at station 0
    p2 = procuration_body(M2, TUTOR, where="etranger")  # abroad, at station 1: the mandataire's second slot
    assert c.push(0, "procuration.etablie", p1, NOW - timedelta(hours=3)).verdicts[0].status == "validee"
    assert c.push(1, "procuration.etablie", p2, NOW - timedelta(hours=2)).verdicts[0].status == "validee"
    assert _death(c, NOW) == 2
    status = c.status()
    for body in (p1, p2):
        assert status[body["id"]][:2] == ("annulee", "R-ELIG-5")
        message = status[body["id"]][2] or ""
        assert "décès du mandataire" in message and "désigner un autre mandataire" in message
    assert c.feed(0) == {p1["id"]: "annulee"} and c.feed(1) == {p2["id"]: "annulee"}
    assert _death(c, NOW + timedelta(hours=1)) == 0  # the same report again changes nothing
    assert c.feed(0) == {p1["id"]: "annulee"}


def test_R_ELIG_5_slots_freed_from_that_instant_and_L73_redecided(tmp_path: Path) -> None:
    c = Central(tmp_path)
    first = procuration_body(M1, TUTOR)
    revoked = procuration_body(M3, TUTOR, where="etranger", rounds="T2")
    c.push(0, "procuration.etablie", first, NOW - timedelta(hours=5))
    c.push(0, "procuration.etablie", revoked, NOW - timedelta(hours=4))
    c.push(0, "procuration.resiliation", resiliation_body(M3), NOW - timedelta(hours=3))
    death = NOW - timedelta(hours=2)
    _death(c, death)
    # Station 1 was offline: a procuration established before the report arrives afterwards and is annulled too;
    # one established after the report names a mandataire who can no longer vote: refused.
    before = procuration_body(M2, TUTOR, where="etranger")
    after = procuration_body(OTHER, TUTOR, where="etranger")
    late = NOW + timedelta(minutes=5)
    assert c.push(1, "procuration.etablie", before, death - timedelta(minutes=30), now=late).verdicts[0].status == (
        "annulee"
    )
    verdict = c.push(1, "procuration.etablie", after, death + timedelta(minutes=30), now=late).verdicts[0]
    assert (verdict.status, verdict.rule_id) == ("invalidee", "R-ELIG-5")
    status = c.status()
    assert status[first["id"]][0] == "annulee" and status[revoked["id"]][0] == "resiliee"
    # The mandant of the annulled procuration designates another mandataire for the same vote date: accepted.
    again = procuration_body(M1, M2)
    assert c.push(0, "procuration.etablie", again, death + timedelta(hours=1), now=late).verdicts[0].status == "validee"


def test_R_ELIG_5_change_file_through_import_electors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert main(["--database", url, "import-electors", str(resources.path("demo", "electors.csv"))]) == 0
    engine = open_database(url)
    station = enrol_station(engine, label="s", now=ENROLLED).station_id
    body = procuration_body(M1, TUTOR)
    raw = {
        "batch_id": uuid7(),
        "entries": [
            {
                "seq": 1,
                "id": uuid7(),
                "kind": "procuration.etablie",
                "body": body,
                "established_at": iso(NOW - timedelta(hours=1)),
                "clock": {"wall": iso(NOW - timedelta(hours=1)), "basis": "server", "last_sync": iso(ENROLLED)},
            }
        ],
    }
    apply_batch(engine, station_id=station, batch=Batch.from_json(json.dumps(raw)), rules=RULES, now=NOW)
    changes = tmp_path / "changements.csv"
    changes.write_text(f"nne;evenement;date_evenement\n{TUTOR['nne']};PERTE_DROITS_CIVIQUES;20/11/2026\n", "utf-8")
    assert main(["--database", url, "import-electors", "--changes", str(changes)]) == 0
    assert "1 procuration(s) annulée(s)" in capsys.readouterr().out
    with engine.connect() as conn:
        row = conn.execute(select(procurations).where(procurations.c.id == body["id"])).one()
    assert (row.status, row.rule_id) == ("annulee", "R-ELIG-5") and "droits civiques" in row.message
    bad = tmp_path / "bad.csv"
    bad.write_text(f"nne;evenement;date_evenement\n{TUTOR['nne']};MARIAGE;20/11/2026\n", "utf-8")
    assert main(["--database", url, "import-electors", "--changes", str(bad)]) == 2
    assert TUTOR["nne"] not in capsys.readouterr().err


@pytest.mark.parametrize(
    "text",
    [
        "nne;quoi\n",
        "nne;evenement;date_evenement\n1234;DECES;01/01/2027\n",
        "nne;evenement;date_evenement\n12345678;DECES;31/02/2027\n",
        "nne;evenement;date_evenement\n12345678;DECES\n",
    ],
)
def test_R_ELIG_5_change_file_errors_name_the_line_not_the_person(text: str) -> None:
    with pytest.raises(ChangeFileError) as info:
        parse_changes(text)
    assert "12345678" not in str(info.value)


def test_R_ELIG_5_register_endpoint_needs_the_admin_secret_and_annuls(tmp_path: Path) -> None:
    c = Central(tmp_path)
    body = procuration_body(M1, TUTOR)
    c.push(0, "procuration.etablie", body, NOW - timedelta(hours=1))
    router = create_register_router(c.engine, RULES, admin_secret="s3cret", clock=lambda: NOW)
    app = create_app(c.engine, RULES, enrolment_token="s3cret", routers=[router])
    payload = {"evenements": [{"nne": TUTOR["nne"], "evenement": "deces", "date_evenement": "2026-11-23"}]}
    with TestClient(app) as client:
        assert client.post("/v1/registre/evenements", json=payload).status_code == 401
        wrong = client.post("/v1/registre/evenements", json=payload, headers={"Authorization": "Bearer x"})
        assert wrong.status_code == 401
        ok = client.post("/v1/registre/evenements", json=payload, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200 and ok.json() == {"evenements": 1, "annulees": 1}
        assert "/v1/registre/evenements" in app.openapi()["paths"]
    assert c.status()[body["id"]][0] == "annulee"


def test_R_LIMIT_4_central_void_names_the_earlier_establishment_time(tmp_path: Path) -> None:
    c = Central(tmp_path)
    early, late = procuration_body(M1, TUTOR), procuration_body(M2, TUTOR)
    # The later one reaches the store first; the earlier one, recorded after it, wins (R-LIMIT-4).
    c.push(1, "procuration.etablie", late, NOW - timedelta(hours=1))
    c.push(0, "procuration.etablie", early, NOW - timedelta(hours=2))
    status = c.status()
    assert status[early["id"]][0] == "validee" and status[late["id"]][:2] == ("invalidee", "R-LIMIT-1")
    message = status[late["id"]][2] or ""
    assert "R-LIMIT-4" in message and "le 24/11/2026 à 10:00 UTC" in message
    assert M1["nom"] not in message and M1["nne"] not in message


@pytest.mark.slow  # a central store over HTTP, on SQLite and on PostgreSQL
def test_R_ELIG_5_over_http_on_both_backends(central: Embedded) -> None:
    import httpx
    from centralkit import Station

    a = Station.enrol(central.base_url, central.enrolment_token, "a")
    b = Station.enrol(central.base_url, central.enrolment_token, "b")
    now = datetime.now(UTC)
    p1, p2 = procuration_body(M1, TUTOR), procuration_body(M2, TUTOR, where="etranger")
    assert a.push(a.batch(("procuration.etablie", p1, now - timedelta(minutes=5)))).status_code == 200
    assert b.push(b.batch(("procuration.etablie", p2, now - timedelta(minutes=4)))).status_code == 200
    answer = httpx.post(
        f"{central.base_url}/v1/registre/evenements",
        json={"evenements": [{"nne": TUTOR["nne"], "evenement": "perte_droits_civiques"}]},
        headers={"Authorization": f"Bearer {central.enrolment_token}"},
        timeout=30,
    )
    assert answer.status_code == 200 and answer.json() == {"evenements": 1, "annulees": 2}
    for station, body in ((a, p1), (b, p2)):
        [change] = station.all_changes()
        assert (change["record_id"], change["status"], change["rule_id"]) == (body["id"], "annulee", "R-ELIG-5")
    again = procuration_body(M1, M2)
    verdict = a.push(a.batch(("procuration.etablie", again, datetime.now(UTC)))).json()["verdicts"][0]
    assert verdict["status"] == "validee"

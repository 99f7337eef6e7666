"""The national picture: figures per station and day, the administrators' page and its refusal (no socket)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from centralkit import HTTPS, PgServer, sign_in_form
from fastapi.testclient import TestClient
from nationalkit import NOW, SILENT_LABEL, SeededNation, seed_nation
from sqlalchemy import Engine

from central import admin_session, national
from central.admin_accounts import Administrator
from central.service import build_app, open_database

SECRET = "secret-d-administration-de-test"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = open_database(f"sqlite:///{tmp_path / 'central.db'}")
    yield eng
    eng.dispose()


@pytest.fixture
def seeded(engine: Engine) -> SeededNation:
    return seed_nation(engine, now=NOW)


@pytest.fixture
def client(
    tmp_path: Path, engine: Engine, seeded: SeededNation, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setattr(national, "datetime", _Frozen)
    app = build_app(f"sqlite:///{tmp_path / 'central.db'}", enrolment_token=SECRET, folder=tmp_path / "data")
    with TestClient(app, base_url=HTTPS) as c:  # the pages' cookies are Secure off this machine
        yield c


class _Frozen(datetime):
    @classmethod
    def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
        return NOW


def test_figures_equal_what_was_written(engine: Engine, seeded: SeededNation) -> None:
    figures = national.national_figures(engine, now=NOW)
    assert figures.procurations_per_day == tuple(seeded.per_day[d] for d in figures.days)
    assert [s.label for s in figures.silent] == seeded.silent == [SILENT_LABEL]
    for s in figures.stations:
        assert {d: n for d, n in s.acts.items() if n} == {d: n for (i, d), n in seeded.acts.items() if i == s.id}
    top = figures.most_refused()
    assert {s.label: sum(s.refusals.values()) for s in top} == dict(seeded.refusals)


def test_the_page_says_how_many_reviews_wait(engine: Engine, seeded: SeededNation) -> None:
    """The supervisor's first question on the national page: is anything waiting in the review queue?"""
    from sqlalchemy import insert

    from central.national_page import national_page
    from central.schema import reviews

    rows = [
        {"procuration_id": f"p-{n}", "station_id": "poste", "mandataire_key": "", "status": "validee",
         "flagged": "", "flags": "agent_inconnu", "opened_at": NOW, "decided_at": NOW if n == 2 else None}
        for n in range(3)
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(reviews), rows)
    figures = national.national_figures(engine, now=NOW)
    assert figures.pending_reviews == 2 and figures.to_dict()["pending_reviews"] == 2
    page = national_page(figures, who=Administrator(login="j.martin", name="Jeanne Martin"))
    assert re.search(r'File de revue</a> <span id="revues">\(2 en attente\)</span>', page)


def test_json_needs_the_administrative_secret(client: TestClient, seeded: SeededNation) -> None:
    assert client.get("/v1/national").status_code == 401
    assert client.get("/v1/national", headers={"Authorization": "Bearer faux"}).status_code == 401
    answer = client.get("/v1/national", headers={"Authorization": f"Bearer {SECRET}"})
    assert answer.status_code == 200
    doc = answer.json()
    assert doc["procurations_per_day"] == [seeded.per_day[datetime.fromisoformat(d).date()] for d in doc["days"]]
    silent = [s for s in doc["stations"] if s["silent_hours"] >= 24]
    assert [s["label"] for s in silent] == [SILENT_LABEL]
    assert all(set(day) == {"day", "acts", "refusals", "late"} for s in doc["stations"] for day in s["per_day"])


def test_page_refuses_a_visitor_then_shows_the_picture(client: TestClient, seeded: SeededNation) -> None:
    refused = client.get("/admin/national")
    assert refused.status_code == 401 and "Accès réservé" in refused.text and "<svg" not in refused.text
    assert "script-src" not in refused.headers["content-security-policy"]  # default-src 'none': no script at all
    wrong = sign_in_form(client, secret="non")
    assert wrong.status_code == 401 and "guichet_admin=" not in wrong.headers.get("set-cookie", "")
    ok = sign_in_form(client, secret=SECRET)
    assert ok.status_code == 303
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/admin" in cookie
    page = client.get("/admin/national")
    assert page.status_code == 200
    data = client.get("/admin/national.json")
    assert data.status_code == 200 and sum(data.json()["procurations_per_day"]) == sum(seeded.per_day.values())
    assert SILENT_LABEL in page.text and 'href="/admin/revue"' in page.text
    client.cookies.clear()
    assert client.get("/admin/national.json").status_code == 401
    bars = re.findall(r'<rect class="bar" data-day="([\d-]+)" data-count="(\d+)"', page.text)
    assert len(bars) == 30
    assert {d: int(n) for d, n in bars} == {d.isoformat(): seeded.per_day[d] for d in sorted(seeded.per_day)} | {
        d: 0 for d, _ in bars if int(_) == 0
    }


def test_a_forged_or_expired_cookie_is_refused() -> None:
    value = admin_session.session_cookie(SECRET, now=1_000)
    assert admin_session.read_cookie(SECRET, value, now=1_001) == (None, 0)
    assert admin_session.read_cookie(SECRET, value, now=1_000 + admin_session.SESSION_SECONDS + 1) is None
    assert admin_session.read_cookie("autre", value, now=1_001) is None
    expires, _, rest = value.partition(".")
    assert admin_session.read_cookie(SECRET, f"{int(expires) + 3600}.{rest}", now=1_001) is None
    assert admin_session.read_cookie(SECRET, "", now=1_001) is None
    # Digits to `isdigit` that `int` refuses (a superscript, 5,000 digits): refused, not a 500.
    for forged in (f"²{value}", f"{expires}.{rest.replace('.0.', '.².')}", f"{'9' * 5000}.{rest}"):
        assert admin_session.read_cookie(SECRET, forged, now=1_001) is None
    named = admin_session.session_cookie(SECRET, Administrator("jeanne.martin", "Jeanne Martin", 2), now=1_000)
    assert admin_session.read_cookie(SECRET, named, now=1_001) == ("jeanne.martin", 2)
    # The login or the epoch changed under the same MAC: another account, or a session a new password ended.
    assert admin_session.read_cookie(SECRET, named.replace("jeanne.martin", "paul"), now=1_001) is None
    assert admin_session.read_cookie(SECRET, named.replace(".2.", ".3."), now=1_001) is None
    assert admin_session.read_cookie(SECRET, named.replace("jeanne.martin", "-"), now=1_001) is None


@pytest.mark.postgres
def test_figures_on_postgresql(pg: PgServer) -> None:
    """The same figures on PostgreSQL, where the Paris day is computed by timezone() in SQL."""
    engine = open_database(pg.database())
    try:
        seeded = seed_nation(engine, now=NOW)
        figures = national.national_figures(engine, now=NOW)
        assert figures.procurations_per_day == tuple(seeded.per_day[d] for d in figures.days)
        assert [s.label for s in figures.silent] == [SILENT_LABEL]
        assert {s.label: sum(s.refusals.values()) for s in figures.most_refused()} == dict(seeded.refusals)
    finally:
        engine.dispose()


def test_a_station_reads_its_own_figures_only(client: TestClient, engine: Engine, seeded: SeededNation) -> None:
    from central.auth import _insert_token
    from desktop.sync.wire import StationFigures

    mine, other = "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"
    with engine.begin() as conn:  # the seeded station gets a token with a life, as enrolment gives one
        _insert_token(conn, station_id=mine, token="jeton-du-poste", now=datetime.now(UTC))
    url = f"/v1/stations/{mine}/figures"
    assert client.get(url).status_code == 401
    assert (
        client.get(f"/v1/stations/{other}/figures", headers={"Authorization": "Bearer jeton-du-poste"}).status_code
        == 403
    )
    answer = client.get(url, headers={"Authorization": "Bearer jeton-du-poste"})
    assert answer.status_code == 200
    figures = StationFigures.from_json(answer.content)
    assert {d.day: d.acts for d in figures.days} == {d: n for (s, d), n in seeded.acts.items() if s == mine}


MONTREAL = ZoneInfo("America/Montreal")
CONSULATE = "00000000-0000-0000-0000-000000000002"  # seed_nation's « Consulat général de France à Montréal »


def _on_its_own_days(engine: Engine, seeded: SeededNation) -> None:
    """A consulate's figures per Montréal day: the days a consulate's own dashboard counts (its 30 days ended hours
    after Paris's, and an evening's act was on the next Paris day)."""
    own = national.national_figures(engine, now=NOW, station_id=CONSULATE, zone=MONTREAL)
    paris = national.national_figures(engine, now=NOW, station_id=CONSULATE)
    assert own.days[-1] == NOW.astimezone(MONTREAL).date() and len(own.days) == 30
    assert +own.stations[0].acts == seeded.days_of(CONSULATE, now=NOW, zone=MONTREAL)
    assert +paris.stations[0].acts == seeded.days_of(CONSULATE, now=NOW, zone=national.ZONE)
    assert own.stations[0].acts != paris.stations[0].acts  # the seed has evening acts: the two zones tell apart
    assert own.to_dict()["time_zone"] == "America/Montreal"


def test_a_consulates_figures_are_on_its_own_days(engine: Engine, seeded: SeededNation) -> None:
    _on_its_own_days(engine, seeded)


@pytest.mark.postgres
def test_a_consulates_figures_are_on_its_own_days_on_postgresql(pg: PgServer) -> None:
    engine = open_database(pg.database())
    try:
        _on_its_own_days(engine, seed_nation(engine, now=NOW))
    finally:
        engine.dispose()


def test_a_station_names_its_zone_and_an_unknown_or_hostile_one_is_refused(
    client: TestClient, engine: Engine, seeded: SeededNation
) -> None:
    from central.auth import _insert_token
    from desktop.sync.wire import StationFigures

    with engine.begin() as conn:
        _insert_token(conn, station_id=CONSULATE, token="jeton-du-consulat", now=datetime.now(UTC))
    url, bearer = f"/v1/stations/{CONSULATE}/figures", {"Authorization": "Bearer jeton-du-consulat"}
    answer = client.get(url, params={"zone": "America/Montreal"}, headers=bearer)
    assert answer.status_code == 200, answer.text
    got = {d.day: d.acts for d in StationFigures.from_json(answer.content).days}
    assert got == seeded.days_of(CONSULATE, now=NOW, zone=MONTREAL)
    paris = StationFigures.from_json(client.get(url, headers=bearer).content)
    assert {d.day: d.acts for d in paris.days} == seeded.days_of(CONSULATE, now=NOW, zone=national.ZONE) != got
    for zone in ("Mars/Olympus_Mons", "../../../etc/passwd", "/usr/share/zoneinfo/UTC", "", "Europe/Paris\0", "é" * 64):
        refused = client.get(url, params={"zone": zone}, headers=bearer)
        assert refused.status_code == 422, (zone, refused.text)
        assert refused.json()["message"].startswith("fuseau horaire inconnu (un nom IANA est attendu"), refused.text
    too_long = client.get(url, params={"zone": "Europe/" + "x" * 60}, headers=bearer)
    assert too_long.status_code == 422 and "xxxx" not in too_long.text  # the input is never repeated


@pytest.mark.postgres
def test_a_zone_postgresql_does_not_know_is_a_422_not_a_server_error(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL on another host may hold an older zone database than the API's: a name it lacks is refused as an
    unknown zone, not answered as an unavailable store."""
    url = pg.database()
    engine = open_database(url)
    try:
        seed_nation(engine, now=NOW)
        from central.auth import _insert_token

        with engine.begin() as conn:
            _insert_token(conn, station_id=CONSULATE, token="jeton-du-consulat", now=datetime.now(UTC))
    finally:
        engine.dispose()
    with open("/usr/share/zoneinfo/America/Montreal", "rb") as tzif:  # Montréal's rules under a name nobody has
        newer = ZoneInfo.from_file(tzif, key="America/Nouvelle_Ville")
    monkeypatch.setattr(national, "known_zone", lambda _name: newer)
    app = build_app(url, enrolment_token=SECRET, folder=tmp_path / "data")
    with TestClient(app, base_url=HTTPS) as client:
        answer = client.get(
            f"/v1/stations/{CONSULATE}/figures",
            params={"zone": "America/Montreal"},
            headers={"Authorization": "Bearer jeton-du-consulat"},
        )
    assert answer.status_code == 422, answer.text
    assert answer.json()["message"] == national.UNKNOWN_ZONE

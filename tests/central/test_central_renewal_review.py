"""Renewal steps in the name of an agent not the pushing station's own go to the review queue (session 26).

Since session 24 such an entry was flagged (`agent_autre_poste`, `agent_inconnu`) and applied, and a review opened on
the procurations it decided; a renewal step (`passeport.etape`, `vote_internet.demande`) was only flagged: no
administrator ever saw it. Each test here tries the way around: a foreign agent's step, a step later than a decided
review, a store of before, the page and the command line that show the queue.
"""

from __future__ import annotations

import html
import io
from contextlib import redirect_stdout
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from centralkit import DUBOIS, MARTIN, Station, procuration_body
from sqlalchemy import create_engine, inspect, select, text

from central import attribution, review
from central.admin_accounts import Administrator
from central.db import create_schema
from central.embedded import Embedded
from central.review_cli import run_review
from central.review_page import review_page
from central.schema import reviews
from desktop.models.ids import uuid7
from desktop.sync.wire import KIND_PASSEPORT, KIND_VOTE_INTERNET, BatchResult

ADMIN = Administrator(login="jeanne.martin", name="Jeanne Martin")


def _now() -> datetime:
    return datetime.now(UTC)


def _step(record_id: str, agent_id: str, step: int = 1) -> dict[str, object]:
    return {"id": record_id, "agent_id": agent_id, "data": {"etape": step}}


def _abroad(body: dict[str, object]) -> dict[str, object]:
    """A procuration signed by a consular agent (the capacity the central store enrolled for it: R-AUTH-4)."""
    return {
        **body,
        "established_in": "etranger",
        "place_kind": "consulat",
        "authority": {"kind": "agent_consulaire", "id": "AUT-2"},
    }


def _push(station: Station, *items: tuple[str, dict[str, object]]) -> BatchResult:
    answer = station.push(station.batch(*((kind, body, _now()) for kind, body in items)))
    assert answer.status_code == 200, answer.text
    return BatchResult.from_json(answer.content)


def _two_stations(central: Embedded) -> tuple[Station, Station]:
    a = Station.enrol(central.base_url, central.enrolment_token, "Consulat à Montréal")
    b = Station.enrol(central.base_url, central.enrolment_token, "Consulat à Québec")
    # Consular agents: renewals are theirs (R-AUTH-4, central/renewal_checks.py)
    a.enrol_agent("agent-a", role="agent_consulaire", capacity="agent_consulaire")
    b.enrol_agent("agent-b", role="agent_consulaire", capacity="agent_consulaire")
    return a, b


def test_a_renewal_step_of_the_station_s_own_agent_opens_no_review(central: Embedded) -> None:
    a, _b = _two_stations(central)
    [verdict] = _push(a, (KIND_PASSEPORT, _step(uuid7(), "agent-a"))).verdicts
    assert verdict.status == "validee" and verdict.flags == ()
    assert review.list_reviews(central.engine) == ()


def test_a_renewal_step_in_the_name_of_another_station_s_agent_is_applied_and_reviewed(central: Embedded) -> None:
    a, b = _two_stations(central)
    case = uuid7()
    [verdict] = _push(b, (KIND_PASSEPORT, _step(case, "agent-a"))).verdicts
    assert verdict.status == "validee"  # applied: nothing acknowledged is lost
    assert set(verdict.flags) == {attribution.FLAG_OTHER_STATION, review.FLAG_REVIEW}
    [item] = review.list_reviews(central.engine)
    assert (item.subject, item.procuration_id, item.station_id) == (KIND_PASSEPORT, case, b.station_id)
    assert item.station_label == "Consulat à Québec"  # what an administrator knows the station by
    assert item.flagged == (verdict.id,) and item.flags == (attribution.FLAG_OTHER_STATION,)
    assert [line.action for line in review.history(central.engine, item.id)] == ["ouverte"]
    assert a.all_changes() == []  # a renewal is no procuration: nothing in the national feed


def test_an_internet_vote_request_by_an_agent_no_station_enrolled_is_reviewed(central: Embedded) -> None:
    _a, b = _two_stations(central)
    request = uuid7()
    mixed = _push(
        b,
        (KIND_VOTE_INTERNET, _step(request, "fantome")),
        (KIND_VOTE_INTERNET, _step(uuid7(), "agent-b")),  # the station's own, beside it: not reviewed
        ("procuration.etablie", {**_abroad(procuration_body(MARTIN, DUBOIS, rounds="T1")), "agent_id": "agent-b"}),
    )
    assert [review.FLAG_REVIEW in v.flags for v in mixed.verdicts] == [True, False, False]
    [item] = review.list_reviews(central.engine)
    assert (item.subject, item.procuration_id) == (KIND_VOTE_INTERNET, request)
    assert item.flags == (attribution.FLAG_UNKNOWN,)


def test_a_later_foreign_step_joins_its_case_s_review_and_reopens_it_once_decided(central: Embedded) -> None:
    _a, b = _two_stations(central)
    case = uuid7()
    first = _push(b, (KIND_PASSEPORT, _step(case, "agent-a", 1)), (KIND_PASSEPORT, _step(case, "fantome", 2)))
    [item] = review.list_reviews(central.engine)  # one review per record, both steps in it
    assert item.flagged == tuple(sorted(v.id for v in first.verdicts))
    assert set(item.flags) == {attribution.FLAG_OTHER_STATION, attribution.FLAG_UNKNOWN}
    review.decide_review(central.engine, item.id, decision="maintenue", by="Jeanne Martin", note="agent prêté")
    assert review.list_reviews(central.engine) == ()
    _push(b, (KIND_PASSEPORT, _step(case, "agent-b", 3)))  # the station's own agent: stays decided
    assert review.list_reviews(central.engine) == ()
    [third] = _push(b, (KIND_PASSEPORT, _step(case, "agent-a", 4))).verdicts
    [again] = review.list_reviews(central.engine)
    assert again.id == item.id and again.decision is None
    assert set(again.flagged) == {*item.flagged, third.id}
    assert [line.action for line in review.history(central.engine, item.id)] == ["ouverte", "maintenue", "rouverte"]


def test_the_page_and_the_command_line_say_what_each_review_is_about(central: Embedded, tmp_path: Path) -> None:
    _a, b = _two_stations(central)
    _push(b, (KIND_PASSEPORT, _step(uuid7(), "agent-a")))
    _push(b, ("procuration.etablie", {**procuration_body(MARTIN, DUBOIS, rounds="T1"), "agent_id": "fantome"}))
    pending = review.list_reviews(central.engine)
    page = html.unescape(review_page(pending, [], who=ADMIN))
    assert "Renouvellement de passeport" in page and "Procuration<br>" in page
    assert "agent d'un autre poste" in page and "agent inconnu du répertoire" in page
    assert page.count("Consulat à Québec<br>") == 2
    assert attribution.FLAG_OTHER_STATION not in page and attribution.FLAG_UNKNOWN not in page  # no raw codes
    assert page.count("Contester l'acte (à reprendre)") == 2 and "Contester l'heure" not in page
    out = io.StringIO()
    with redirect_stdout(out):
        assert run_review(SimpleNamespace(review_command="list", all=False), central.engine) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].split(";")[:3] == ["num", "objet", "enregistrement"]
    assert sorted(line.split(";")[1] for line in lines[1:]) == [KIND_PASSEPORT, "procuration"]


def test_a_store_of_before_gets_the_subject_column_its_reviews_being_procurations(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    create_schema(engine)
    with engine.begin() as conn:  # the table as versions before session 26 made it, one review in it
        conn.execute(text("ALTER TABLE reviews DROP COLUMN subject"))
        conn.execute(
            text(
                "INSERT INTO reviews (procuration_id, station_id, mandataire_key, status, flagged, flags, opened_at) "
                "VALUES ('p-1', 's-1', 'k', 'annulee', 'p-2', 'horloge_bornee', '2026-12-01 09:00:00')"
            )
        )
    create_schema(engine)
    with engine.connect() as conn:
        assert "subject" in {c["name"] for c in inspect(conn).get_columns("reviews")}
        assert conn.execute(select(reviews.c.subject)).scalar_one() == review.SUBJECT_PROCURATION
    [item] = review.list_reviews(engine)
    assert (item.subject, item.procuration_id) == ("procuration", "p-1")
    engine.dispose()

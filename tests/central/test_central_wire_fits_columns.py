"""What the central store's inputs accept fits the columns it is written to, on PostgreSQL (which enforces lengths,
integer ranges and refuses NUL in text; SQLite does none of it, so no SQLite test could see a mismatch).

Each operation is sent with the longest texts and the largest integers its model (wire model, request model, page
form, command line or import file) accepts: a 2xx, or a clear 4xx where the model's own rule refuses, never a 5xx
(a 503 that a station would resend for ever). The first of the kind was `POST /v1/security/agents`, whose 64-character
agent ids went into a varchar(36) (session 25).
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from centralkit import (
    DUBOIS,
    MARTIN,
    PgServer,
    Station,
    procuration_body,
    resiliation_body,
    shown_outcome,
    sign_in_form,
)
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Column, Engine, inspect, text

from central import attribution, review
from central.__main__ import main
from central.db import create_schema
from central.embedded import Embedded
from central.enrolment import enrol_from_csv
from central.register import import_electors, norm, resolve
from central.review_page import AUTHOR_MAX, NOTE_MAX
from central.schema import INTEGER_MAX, access_log, electors, enrolment_tokens, stations
from central.security import create_security_schema
from central.security_tables import agents, anchors, escrows
from central.service import open_database
from central.stations_csv import MAX_CODE, MAX_LABEL, StationsFileError
from desktop.models.ids import uuid7
from desktop.rules.textlimits import (
    EMAIL_MAX,
    GIVEN_NAME_MAX,
    GIVEN_NAMES_MAX,
    GIVEN_NAMES_TEXT_MAX,
    ID_MAX,
    LABEL_MAX,
    PLACE_MAX,
    RULE_ID_MAX,
    SURNAME_MAX,
)
from desktop.security.anchors import sign_anchor
from desktop.security.keyslots import escrow_context
from desktop.security.sealed import seal
from desktop.security.slotkeys import authority_proof, central_authority, escrow_purpose
from desktop.sync.wire import EnrolRequest, Identity, LookupRequest, WireModel
from desktop.sync.wire.check import MAX_INT
from desktop.sync.wire.push import MAX_OPAQUE
from desktop.sync.wire.security import MAX_ANCHOR_SEQ, MAX_ROSTER, AgentEnrol, AnchorWire, EscrowPut

P, R = "procuration.etablie", "procuration.resiliation"
TOKEN80 = "t" + "-" * 78 + "z"  # the longest identifier of the wire's token pattern (80 characters)
WIDE = "\u33af"  # « ㎯ »: one character the register's name key writes « RAD S2 » (six)
CAPITAL_DOTTED_I = "\u0130"  # « İ »: one character in upper case, two in lower case
CODE32 = "C" * 32  # the longest station code of the security wire (escrow copies, anchors)


def _fine(answer: httpx.Response, *allowed: int) -> httpx.Response:
    """Not a server error: one of the `allowed` statuses."""
    assert answer.status_code in allowed, (answer.status_code, answer.text)
    return answer


def _longest_person(**extra: Any) -> dict[str, Any]:
    return {
        "nom": "N" * SURNAME_MAX,
        "prenoms": ["P" * GIVEN_NAME_MAX] * GIVEN_NAMES_MAX,
        "date_naissance": "1990-01-15",
        "inscription": "I" * PLACE_MAX,
        **extra,
    }


def _longest_agent(station: Station, prefix: str) -> str:
    agent_id = (prefix + "a" * ID_MAX)[:ID_MAX]
    body = {"agent_id": agent_id, "login": agent_id, "role": "agent_police", "capacity": "c" * RULE_ID_MAX}
    _fine(station.http.post("/v1/security/agents", json=body), 201)
    return agent_id


@pytest.mark.postgres
def test_a_batch_with_every_text_at_its_longest_is_applied_and_the_person_looked_up(pg_central: Embedded) -> None:
    station = Station.enrol(pg_central.base_url, pg_central.enrolment_token, "L" * LABEL_MAX)
    agent_id = _longest_agent(station, "batch-")
    body = procuration_body(
        _longest_person(nne="123456789", list_kind="communale"), _longest_person(nom=WIDE * SURNAME_MAX)
    )
    body |= {
        "place_kind": TOKEN80,
        "authority": {"kind": TOKEN80, "id": "A" * ID_MAX, "label": "L" * LABEL_MAX},
        "validity": {"kind": "SCRUTIN", "election_id": TOKEN80, "rounds": "T1_T2"},
        "agent_id": agent_id,
        "reference": "ABC123",
    }
    revocation = {**resiliation_body(_longest_person()), "agent_id": agent_id, "reference": "ZZ9999"}
    data = {"x": "d" * (MAX_OPAQUE - len('{"x":""}'))}
    opaque = {"id": uuid7(), "agent_id": agent_id, "data": data}
    now = datetime.now(UTC)
    batch = station.batch((P, body, now), (R, revocation, now), ("passeport.etape", opaque, now))
    for item in batch["entries"]:
        item["clock"]["boot_id"] = "b" * ID_MAX
    first, last = "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z"  # the instants the wire takes, at both ends
    batch["entries"][1] |= {"established_at": first, "clock": {"wall": first, "basis": "wall", "last_sync": first}}
    batch["entries"][2] |= {"established_at": last, "clock": {"wall": last, "basis": "server", "last_sync": last}}
    verdicts = _fine(station.push(batch), 200).json()["verdicts"]
    assert len(verdicts) == 3
    longest_names = ["P" * GIVEN_NAME_MAX] * GIVEN_NAMES_MAX
    found = station.lookup(agent_id, nom=WIDE * SURNAME_MAX, prenoms=longest_names, date_naissance="1990-01-15")
    assert _fine(found, 200).json()["items"] == []  # not on the register: nobody to look up
    _fine(station.fetch("ABC123", "1990-01-15", agent_id), 404)
    _fine(station.http.get("/v1/changes", params={"since": MAX_INT, "limit": 5000}), 200)


@pytest.mark.postgres
def test_an_agent_is_enrolled_with_the_longest_fields_and_a_login_too_long_in_lower_case_is_refused(
    pg_central: Embedded,
) -> None:
    station = Station.enrol(pg_central.base_url, pg_central.enrolment_token, "agents")
    email = "e" * 64 + "@" + "d" * (EMAIL_MAX - 65)
    longest = {
        "agent_id": "x" * ID_MAX,
        "login": "l" * ID_MAX,
        "role": "agent_consulaire",
        "capacity": "c" * RULE_ID_MAX,
    }
    _fine(station.http.post("/v1/security/agents", json={**longest, "email": email}), 201)
    # « İ » is two characters once in lower case, as the central store keeps a login and an e-mail: 64 of them made
    # a 128-character login for a varchar(64), and PostgreSQL refused it with a 503.
    dotted = {**longest, "agent_id": "y" * ID_MAX, "login": CAPITAL_DOTTED_I * ID_MAX}
    refused = _fine(station.http.post("/v1/security/agents", json=dotted), 422).json()
    assert refused["message"] == f"login : texte de {ID_MAX} caractères au plus attendu"
    dotted_email = {**longest, "agent_id": "y" * ID_MAX, "login": "autre", "email": CAPITAL_DOTTED_I * 64 + email[64:]}
    _fine(station.http.post("/v1/security/agents", json=dotted_email), 422)
    half = {**longest, "agent_id": "y" * ID_MAX, "login": CAPITAL_DOTTED_I * (ID_MAX // 2)}
    _fine(station.http.post("/v1/security/agents", json=half), 201)
    _fine(station.http.post("/v1/security/reset-codes", json={"identifier": "i" * LABEL_MAX}), 202)
    _fine(station.http.post("/v1/security/reset-codes", json={"identifier": email}), 202)
    redeem = {"login": "l" * ID_MAX, "code": "A" * 32, "ephemeral_public_key": base64.b64encode(b"k" * 32).decode()}
    _fine(station.http.post("/v1/security/reset-codes/redeem", json=redeem), 403)
    _fine(station.http.post(f"/v1/security/agents/{'x' * ID_MAX}/deactivate", json={}), 200)


@pytest.mark.postgres
def test_anchors_checkpoints_and_an_escrow_copy_at_the_wire_s_limits_are_kept(pg_central: Embedded) -> None:
    station = Station.enrol(pg_central.base_url, pg_central.enrolment_token, CODE32)
    signer = Ed25519PrivateKey.generate()
    public = signer.public_key().public_bytes_raw()
    _fine(station.http.put("/v1/security/station-key", json={"public_key": base64.b64encode(public).decode()}), 200)
    latest = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
    for route, checkpoint in (("/v1/security/anchors", False), ("/v1/security/checkpoints", True)):
        anchor = sign_anchor(
            signer, station_code=CODE32, seq=MAX_ANCHOR_SEQ, mac=b"m" * 32, at=latest, checkpoint=checkpoint
        )
        _fine(station.http.post(route, json=anchor.to_dict()), 201)
    _fine(station.http.get("/v1/security/checkpoints"), 200)
    escrow_key = base64.b64decode(
        _fine(httpx.get(f"{pg_central.base_url}/v1/security/escrow-key"), 200).json()["public_key"]
    )
    database_key = b"k" * 32
    box = seal(escrow_key, database_key + b"r" * 32, context=escrow_context(CODE32))
    roster = [f"{n:0{ID_MAX}d}" for n in range(MAX_ROSTER)]
    proof = authority_proof(central_authority(database_key), escrow_purpose(box, roster))
    put = {"station_code": CODE32, "box": base64.b64encode(box).decode(), "proof": proof, "agents": roster}
    _fine(station.http.put("/v1/security/escrow", json=put), 200)


@pytest.mark.postgres
def test_register_reports_and_the_review_routes_take_their_longest_values(pg_central: Embedded) -> None:
    admin = httpx.Client(
        base_url=pg_central.base_url, headers={"Authorization": f"Bearer {pg_central.enrolment_token}"}
    )
    reports = [
        {"nne": "123456789", "evenement": "perte_droits_civiques", "date_evenement": "9999-12-31"},
        {"nne": "12345678", "evenement": "deces"},
    ]
    _fine(admin.post("/v1/registre/evenements", json={"evenements": reports}), 200)
    _fine(admin.get("/v1/national", params={"days": 92}), 200)
    _fine(admin.get("/v1/admin/reviews", params={"limit": 5000, "pending": False}), 200)


def _signed_in_page(central: Embedded) -> httpx.Client:
    page = httpx.Client(base_url=central.base_url)
    _fine(sign_in_form(page, secret=central.enrolment_token), 303)
    return page


def _one_review(central: Embedded) -> int:
    station = Station.enrol(central.base_url, central.enrolment_token, "revue")
    body = {**procuration_body(MARTIN, DUBOIS, rounds="T1"), "agent_id": "fantome"}  # no station's agent: reviewed
    _fine(station.push(station.batch((P, body, datetime.now(UTC)))), 200)
    [item] = review.list_reviews(central.engine)
    return item.id


@pytest.mark.postgres
def test_the_review_page_refuses_what_its_columns_cannot_hold_and_takes_the_rest(pg_central: Embedded) -> None:
    review_id = _one_review(pg_central)
    page = _signed_in_page(pg_central)
    token = page.get("/admin/revue").text.split('name="jeton" value="', 1)[1].split('"', 1)[0]  # the form token
    form = {"decision": "maintenue", "par": "p" * AUTHOR_MAX, "motif": "m" * NOTE_MAX, "jeton": token}
    form["vu"] = shown_outcome(page.get("/admin/revue").text)
    # A review number beyond the 32-bit column: PostgreSQL refused the query (a 503 before the page's 404 could say).
    _fine(page.post(f"/admin/revue/{INTEGER_MAX + 1}", data=form), 422)
    _fine(page.post(f"/admin/revue/{INTEGER_MAX}", data=form), 404)
    # A NUL character in the reason or the name (« %00 » in the form): PostgreSQL refuses it in a text.
    for field in ("motif", "par"):
        refused = _fine(page.post(f"/admin/revue/{review_id}", data={**form, field: "a\x00b"}), 422)
        assert "caractère de contrôle" in refused.text
    decided = _fine(page.post(f"/admin/revue/{review_id}", data=form), 303)
    assert decided.headers["location"] == f"/admin/revue?fait={review_id}"
    [item] = review.list_reviews(pg_central.engine, pending_only=False)
    assert (item.decided_by, item.note) == ("p" * AUTHOR_MAX, "m" * NOTE_MAX)


@pytest.mark.postgres
def test_the_review_api_refuses_what_its_columns_cannot_hold(pg_central: Embedded) -> None:
    review_id = _one_review(pg_central)
    admin = httpx.Client(
        base_url=pg_central.base_url, headers={"Authorization": f"Bearer {pg_central.enrolment_token}"}
    )
    decision = {"decision": "maintenue", "by": "b" * 64, "note": "n" * 2000}
    _fine(admin.post(f"/v1/admin/reviews/{review_id}/decision", json=decision), 200)
    _fine(admin.post(f"/v1/admin/reviews/{INTEGER_MAX + 1}/decision", json=decision), 404, 422)
    _fine(admin.post(f"/v1/admin/reviews/{review_id}/decision", json={**decision, "note": "a\x00b"}), 422)
    _fine(admin.post(f"/v1/admin/reviews/{review_id}/decision", json={**decision, "by": "a\x00b"}), 422)


@pytest.mark.postgres
def test_the_review_command_line_says_a_review_beyond_the_column_is_unknown(
    pg: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg.database()
    open_database(url).dispose()
    decide = ["review", "decide", str(INTEGER_MAX + 1), "maintenue", "--by", "moi", "--vu", "0" * 8]
    assert main(["--database", url, *decide]) == 1
    assert f"Aucune revue n° {INTEGER_MAX + 1}" in capsys.readouterr().err


def _register_line(nne: str, nom: str) -> str:
    prenoms = " ".join(["P" * GIVEN_NAME_MAX] * GIVEN_NAMES_MAX)
    return f"{nne};{nom};{'U' * SURNAME_MAX};{prenoms};F;15/01/1990;LP;{'C' * PLACE_MAX};{'L' * PLACE_MAX}"


@pytest.mark.postgres
def test_the_register_s_longest_texts_are_imported_and_matched(pg: PgServer, tmp_path: Path) -> None:
    # Up to 10 given names of 60 characters (a varchar(200) held 3), an inscription code of 100 (a varchar(10)), a
    # name whose key (upper case, compatibility forms) is six times its length (a varchar(100)).
    engine = open_database(pg.database())
    path = tmp_path / "registre.csv"
    header = "nne;nom_naissance;nom_usage;prenoms;sexe;date_naissance;type_liste;code_inscription;libelle_inscription"
    path.write_text("\n".join([header, _register_line("123456789", WIDE * SURNAME_MAX)]) + "\n", encoding="utf-8")
    with engine.begin() as conn:
        assert import_electors(conn, path) == 1
    assert len(norm(WIDE * SURNAME_MAX)) == 6 * SURNAME_MAX
    person = Identity.from_dict(_longest_person(nom=WIDE * SURNAME_MAX, inscription="C" * PLACE_MAX))
    with engine.connect() as conn:
        [found] = resolve(conn, [person])
    assert found is not None and found.nne == "123456789" and len(found.prenoms) == GIVEN_NAMES_MAX
    engine.dispose()


@pytest.mark.postgres
def test_a_stations_file_at_its_limits_enrols_and_one_with_a_control_character_is_refused_whole(
    pg_central: Embedded, tmp_path: Path
) -> None:
    code = "c" * MAX_CODE
    source, out = tmp_path / "postes.csv", tmp_path / "jetons.csv"
    source.write_text(f"code;libelle;type\n{code};{'L' * MAX_LABEL};consulat\n", encoding="utf-8")
    enrol_from_csv(pg_central.engine, source, out)
    token = out.read_text(encoding="utf-8").splitlines()[1].split(";")[3]
    answer = httpx.post(
        f"{pg_central.base_url}/v1/stations", json={"label": code}, headers={"Authorization": f"Bearer {token}"}
    )
    _fine(answer, 201)
    for line in ("a\x00b;poste", "poste-2;lib\x00elle", "poste-3;lib\x1belle"):  # PostgreSQL refuses NUL in a text
        bad = tmp_path / "mauvais.csv"
        bad.write_text(f"code;libelle\n{line}\n", encoding="utf-8")
        with pytest.raises(StationsFileError, match="caractère de contrôle"):
            enrol_from_csv(pg_central.engine, bad, tmp_path / "jamais.csv")


@pytest.mark.postgres
def test_a_store_made_with_the_narrower_columns_is_widened_when_it_starts(pg: PgServer) -> None:
    engine = open_database(pg.database())
    create_security_schema(engine)
    with engine.begin() as conn:  # the columns as earlier versions made them
        conn.execute(text("ALTER TABLE electors ALTER COLUMN prenoms TYPE varchar(200)"))
        conn.execute(text("ALTER TABLE electors ALTER COLUMN code_inscription TYPE varchar(10)"))
        conn.execute(text("ALTER TABLE electors ALTER COLUMN nom_key TYPE varchar(100)"))
    create_schema(engine)
    create_security_schema(engine)
    columns = _columns(engine, "electors")
    assert columns["prenoms"] == GIVEN_NAMES_TEXT_MAX and columns["code_inscription"] == PLACE_MAX
    assert columns["nom_key"] is None  # a text: as long as its name's key is
    assert columns["nne"] == 9  # what the model keeps is left alone
    with engine.connect() as conn:
        indexes = {i["name"] for i in inspect(conn).get_indexes("electors")}
    assert "ix_electors_name_birth" in indexes
    engine.dispose()


def _columns(engine: Engine, table: str) -> dict[str, Any]:
    with engine.connect() as conn:
        return {c["name"]: getattr(c["type"], "length", None) for c in inspect(conn).get_columns(table)}


def _max_length(model: type[WireModel], field: str) -> int:
    """The longest text the wire model's published schema lets `field` be."""
    found = model.model_json_schema()["properties"][field]
    return max(int(s["maxLength"]) for s in [found, *found.get("anyOf", ())] if "maxLength" in s)


def _length(column: Column[Any]) -> int:
    return int(getattr(column.type, "length", 0) or 0)


def test_every_column_a_wire_text_goes_to_is_as_long_as_the_wire_lets_it_be() -> None:
    # Read from the models, without a database: a limit raised on one side only fails here, not as a 503.
    written: list[tuple[Column[Any], type[WireModel], str]] = [
        (agents.c.id, AgentEnrol, "agent_id"),
        (agents.c.login, AgentEnrol, "login"),  # kept in lower case: the wire checks it fits then too
        (agents.c.capacity, AgentEnrol, "capacity"),
        (agents.c.email, AgentEnrol, "email"),
        (attribution.ledger.c.agent_id, AgentEnrol, "agent_id"),
        (escrows.c.station_code, EscrowPut, "station_code"),
        (anchors.c.station_code, AnchorWire, "station_code"),
        (access_log.c.agent_id, LookupRequest, "agent_id"),
        (stations.c.label, EnrolRequest, "label"),
    ]
    for column, model, field in written:
        assert _length(column) >= _max_length(model, field), (str(column), model.__name__, field)
    # The register's import takes the wire's limits (central/register.py `_text_fault`); the stations file its own.
    assert _length(electors.c.prenoms) >= GIVEN_NAMES_TEXT_MAX and _length(electors.c.nom) >= SURNAME_MAX
    assert min(_length(electors.c.code_inscription), _length(electors.c.libelle_inscription)) >= PLACE_MAX
    assert _length(enrolment_tokens.c.station_code) >= MAX_CODE and _length(enrolment_tokens.c.label) >= MAX_LABEL

"""A station enrolled again keeps its agents: they consult, are removed and reset their password under the new id.

The counter keeps its store when IT enrols it again (central/lineage.py): its agents are the ones the earlier id
enrolled at the central store. Their acts were already judged against that enrolment; everything else still asked
for an agent of the calling id. Every look-up and Maprocuration fetch was refused « agent inconnu du répertoire
central pour ce poste : enrôlez-le depuis l'écran Agents », and the Agents screen could not (« Cet identifiant est
déjà utilisé à ce poste »; the central store would have answered 409, another station's agent): the counter had no
national look-up from then on. A removal was refused 404 (the agent kept consulting with the station's token), the
« Mot de passe oublié ? » code was never sent, and the escrow copy's list of agents left the earlier id's removed
agents active. Each test also tries the walk-around: a station of another code gains nothing.
Real HTTP on 127.0.0.1, SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

from centralkit import DUBOIS, MARTIN, Station, procuration_body
from sqlalchemy import select
from test_central_lineage import _bulk

from central.embedded import Embedded
from central.security import EscrowKeys
from central.security_tables import agents, reset_codes
from desktop.security.keyslots import escrow_context
from desktop.security.sealed import seal
from desktop.security.slotkeys import authority_proof, central_authority, escrow_purpose

P = "procuration.etablie"


def _in_force(central: Embedded, tmp_path: Path) -> str:
    """A procuration naming MARTIN, sent by a station of another code."""
    elsewhere = _bulk(central, tmp_path, "CG-0099")
    body = procuration_body(MARTIN, DUBOIS, where="etranger")
    answer = elsewhere.push(elsewhere.batch((P, body, datetime.now(UTC) - timedelta(hours=1))))
    assert answer.json()["verdicts"][0]["status"] == "validee", answer.text
    return str(body["id"])


def test_an_agent_the_earlier_id_enrolled_consults_under_the_new_one(central: Embedded, tmp_path: Path) -> None:
    record = _in_force(central, tmp_path)
    first = _bulk(central, tmp_path)
    first.enrol_agent("opj-7")
    again = _bulk(central, tmp_path)
    martin = {"nne": MARTIN["nne"], "date_naissance": MARTIN["date_naissance"]}

    answer = again.lookup("opj-7", **martin)
    assert answer.status_code == 200, answer.text  # before: 403 « agent inconnu … enrôlez-le »
    assert [item["record_id"] for item in answer.json()["items"]] == [record]
    fetched = again.fetch("K7M2QX", "1990-01-15", agent_id="opj-7")
    assert fetched.status_code == 200, fetched.text  # the demo's Maprocuration request (before: refused 403)
    # Another code's station, in the same agent's name: unknown there, as before.
    other = _bulk(central, tmp_path, "CG-0043")
    refused = other.lookup("opj-7", **martin)
    assert refused.status_code == 403 and "inconnu" in refused.text


def test_the_new_id_removes_an_agent_the_earlier_one_enrolled(central: Embedded, tmp_path: Path) -> None:
    first = _bulk(central, tmp_path)
    first.enrol_agent("opj-7")
    first.enrol_agent("apj-8", capacity="apj")
    again = _bulk(central, tmp_path)
    other = _bulk(central, tmp_path, "CG-0043")

    # Another code's station may not remove them; the heir may (before: 404 « Agent inconnu pour ce poste »).
    assert other.http.post("/v1/security/agents/opj-7/deactivate", json={}).status_code == 404
    removed = again.http.post("/v1/security/agents/opj-7/deactivate", json={})
    assert removed.is_success, removed.text
    with central.engine.connect() as conn:
        states = dict(conn.execute(select(agents.c.id, agents.c.active)).all())  # type: ignore[arg-type]
    assert states == {"opj-7": False, "apj-8": True}
    gone = again.lookup("opj-7", nne=MARTIN["nne"], date_naissance=MARTIN["date_naissance"])
    assert gone.status_code == 403  # no more look-ups in its name


def test_a_reset_code_reaches_an_agent_the_earlier_id_enrolled(central: Embedded, tmp_path: Path) -> None:
    first = _bulk(central, tmp_path)
    first.enrol_agent("opj-7")
    again = _bulk(central, tmp_path)
    other = _bulk(central, tmp_path, "CG-0043")

    def codes() -> list[str]:
        with central.engine.connect() as conn:
            return list(conn.execute(select(reset_codes.c.agent_id)).scalars())

    assert other.http.post("/v1/security/reset-codes", json={"identifier": "opj-7"}).status_code == 202
    assert codes() == []  # the same answer, and nothing issued, for another code's station
    assert again.http.post("/v1/security/reset-codes", json={"identifier": "opj-7"}).status_code == 202
    assert codes() == ["opj-7"]  # before: none, the login was not the new id's

    # A new laptop's agents made again with the same login: the new id's own agent is the one the code is for.
    body = {"agent_id": "opj-7-bis", "login": "opj-7", "role": "agent_police", "capacity": "opj"}
    assert again.http.post("/v1/security/agents", json=body).status_code == 201
    assert again.http.post("/v1/security/reset-codes", json={"identifier": "opj-7"}).status_code == 202
    assert codes()[-1] == "opj-7-bis"


def test_the_escrow_copys_list_covers_the_earlier_ids_agents(sqlite_central: Embedded, tmp_path: Path) -> None:
    """The copy names the agents the counter keeps; one the earlier id enrolled and the counter removed while
    offline is deactivated too (it stayed active: look-ups in its name with the station's token)."""
    first = _bulk(sqlite_central, tmp_path)
    for who in ("opj-7", "parti-9"):
        first.enrol_agent(who)
    again = _bulk(sqlite_central, tmp_path)
    other = _bulk(sqlite_central, tmp_path, "CG-0043")
    other.enrol_agent("voisin-1")
    keys = EscrowKeys.load_or_create(tmp_path / "escrow.key")  # the embedded store's, beside its SQLite file
    db_key = b"k" * 32
    box = seal(keys.public, db_key, context=escrow_context("CG-0042"))
    proof = authority_proof(central_authority(db_key), escrow_purpose(box, ["opj-7"]))
    put = {"station_code": "CG-0042", "box": base64.b64encode(box).decode(), "proof": proof, "agents": ["opj-7"]}
    answer = again.http.put("/v1/security/escrow", json=put)
    assert answer.is_success, answer.text
    with sqlite_central.engine.connect() as conn:
        states = dict(conn.execute(select(agents.c.id, agents.c.active)).all())  # type: ignore[arg-type]
    assert states == {"opj-7": True, "parti-9": False, "voisin-1": True}  # another code's agent untouched


def test_a_station_of_its_own_keeps_its_agents_apart(central: Embedded, tmp_path: Path) -> None:
    """Without lineage nothing changes: a station enrolled with the shared secret under the same label is not the
    code's heir (its label is its word)."""
    first = _bulk(central, tmp_path)
    first.enrol_agent("opj-7")
    named = Station.enrol(central.base_url, central.enrolment_token, "CG-0042")
    assert named.lookup("opj-7", nne=MARTIN["nne"], date_naissance=MARTIN["date_naissance"]).status_code == 403
    assert named.http.post("/v1/security/agents/opj-7/deactivate", json={}).status_code == 404

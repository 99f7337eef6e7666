"""Issue 14, items 5-12: the central store trusts no station at its edge (one test per defect, quick, in-process).

Each test fails on the code before the fix: identities by reference alone, self-asserted roles, tokens for ever,
bodies read before credentials, parameters in database errors, 500s on bounded fields, an unpublished contract.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from central import auth
from central.__main__ import main
from central.edge import BEARER_DESCRIPTION
from central.embedded import load_demo_data
from central.enrolment import enrol_from_csv
from central.schema import access_log
from central.security import EscrowKeys
from central.service import build_app, open_database
from central.throttle import Limit, Limits
from desktop.security.anchors import sign_anchor
from desktop.security.keyslots import escrow_context
from desktop.security.sealed import open_sealed, seal
from desktop.security.slotkeys import (
    agent_purpose,
    authority_proof,
    central_authority,
    deactivation_purpose,
    escrow_purpose,
    reset_context,
)
from desktop.sync.client import CentralClient, Credentials, RateLimited
from desktop.sync.wire import Enrolment, Refusal, TokenRenewal

NNE, BORN = "204512873", "1990-01-15"  # MARTIN Claire in the demo register, mandant of request K7M2QX
LIMITS = Limits(
    lookup=Limit(per_agent=3, per_station=5),
    fetch=Limit(per_agent=3, per_station=5),
    reset_codes=Limit(per_agent=3, per_station=6, window=timedelta(hours=1)),
)


@dataclass
class Central:
    client: TestClient
    app: FastAPI
    engine: Engine
    url: str
    folder: Path
    mail: Path


@dataclass
class Station:
    id: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def edge(tmp_path: Path) -> Iterator[Central]:
    """The assembled application in process (TestClient: no socket, so these tests stay in the quick run)."""
    url = f"sqlite:///{tmp_path / 'central.db'}"
    engine = open_database(url)
    load_demo_data(engine)
    app = build_app(url, enrolment_token="jeton", folder=tmp_path, limits=LIMITS)
    with TestClient(app) as client:  # a server exception raises here: a 500 cannot pass unnoticed
        yield Central(client, app, engine, url, tmp_path, tmp_path / "courriels")
    engine.dispose()


def enrol(edge: Central, label: str = "75056-01") -> Station:
    answer = edge.client.post("/v1/stations", json={"label": label}, headers={"Authorization": "Bearer jeton"})
    assert answer.status_code == 201
    creds = Enrolment.from_json(answer.content)
    return Station(creds.station_id, creds.token)


def agent(edge: Central, st: Station, agent_id: str, role: str = "agent_police", **extra: Any) -> httpx.Response:
    body = {"agent_id": agent_id, "login": agent_id, "role": role, "capacity": "opj", **extra}
    return edge.client.post("/v1/security/agents", json=body, headers=st.auth)


def refusal(answer: httpx.Response, status: int) -> Refusal:
    assert answer.status_code == status, (answer.status_code, answer.text)
    return Refusal.from_json(answer.content)


# -- 5. Maprocuration requests: a second factor, logged, throttled ----------------------------------------------------


def test_5_a_maprocuration_request_needs_the_birth_date_and_is_logged_and_throttled(edge: Central) -> None:
    st = enrol(edge)
    assert agent(edge, st, "a1").status_code == 201
    assert edge.client.get("/v1/requests/K7M2QX", headers=st.auth).status_code in (404, 405)  # no GET any more

    def fetch(born: str, who: str = "a1") -> httpx.Response:
        body = {"agent_id": who, "reference": "K7M2QX", "date_naissance": born}
        return edge.client.post("/v1/requests/fetch", json=body, headers=st.auth)

    assert fetch(BORN).json()["mandant"]["nom"] == "MARTIN"
    assert refusal(fetch("1990-01-16"), 404).error == "inconnu"  # the reference alone gives nothing
    assert refusal(fetch(BORN, who="stranger"), 403).error == "refus"  # an agent the store does not know
    assert fetch(BORN).status_code == 200  # the third by this agent in the minute
    throttled = fetch(BORN)
    assert refusal(throttled, 429).error == "limite" and int(throttled.headers["retry-after"]) > 0
    with edge.engine.connect() as conn:
        logged = conn.execute(select(access_log.c.agent_id, access_log.c.action, access_log.c.results)).all()
    assert [(a, r) for a, _, r in logged if a == "a1"] == [("a1", 1), ("a1", 0), ("a1", 1)]
    assert all(NNE not in str(row) and "MARTIN" not in str(row) for row in logged)
    assert {row.action for row in logged} >= {"request", "request:inconnu"}


# -- 6. Look-ups: the enrolled agent and its role, POST bodies, throttled -------------------------------------------


def test_6_look_ups_take_the_enrolled_role_never_a_header_and_are_throttled(edge: Central) -> None:
    st = enrol(edge)
    other = enrol(edge, "75056-02")
    agent(edge, st, "police-1")
    agent(edge, st, "admin-1", role="administrateur")
    agent(edge, other, "police-2")

    def search(who: str, headers: dict[str, str] | None = None, station: Station = st) -> httpx.Response:
        body = {"agent_id": who, "nne": NNE, "date_naissance": BORN}
        return edge.client.post("/v1/procurations/search", json=body, headers={**station.auth, **(headers or {})})

    old = edge.client.get(
        "/v1/procurations",
        params={"nne": NNE, "date_naissance": BORN},
        headers={**st.auth, "X-Agent-Id": "x", "X-Agent-Role": "superviseur"},
    )
    assert old.status_code in (404, 405)  # no identity in a URL any more
    assert search("police-1").status_code == 200
    assert refusal(search("admin-1", {"X-Agent-Role": "superviseur"}), 403).message.startswith("ce rôle")
    assert refusal(search("nobody", {"X-Agent-Role": "superviseur"}), 403).message.startswith("agent inconnu")
    assert search("police-2").status_code == 403  # another station's agent is not this station's
    assert search("police-2", station=other).status_code == 200
    assert search("police-1").status_code == 200
    assert refusal(search("police-1"), 429).error == "limite"  # 3 by this agent (the refusals count too)
    assert search("police-2", station=other).status_code == 200  # the other station has its own count


def test_6_the_desk_client_says_429_in_french(edge: Central) -> None:
    st = enrol(edge)
    agent(edge, st, "a1")
    client = CentralClient("http://testserver", Credentials(st.id, st.token), transport=edge.client._transport)
    for _ in range(3):
        client.lookup(agent_id="a1", date_naissance=date(1990, 1, 15), nne=NNE)
    with pytest.raises(RateLimited) as info:
        client.lookup(agent_id="a1", date_naissance=date(1990, 1, 15), nne=NNE)
    assert "patientez une minute" in info.value.message


# -- 7. Tokens: expiry, renewal online, revocation -----------------------------------------------------------------


def test_7_tokens_expire_renew_online_and_are_revoked(edge: Central, capsys: pytest.CaptureFixture[str]) -> None:
    st = enrol(edge)
    now = datetime.now(UTC)
    answer = edge.client.get("/v1/changes", headers=st.auth)
    ends = datetime.fromisoformat(answer.headers["guichet-token-expires"])
    assert timedelta(days=80) < ends - now <= auth.TOKEN_TTL
    assert auth.caller_for_token(edge.engine, st.token, now=ends + timedelta(seconds=1)) is None  # expired
    renewed = TokenRenewal.from_json(edge.client.post(f"/v1/stations/{st.id}/token", headers=st.auth).content)
    assert edge.client.get("/v1/changes", headers={"Authorization": f"Bearer {renewed.token}"}).status_code == 200
    grace = auth.caller_for_token(edge.engine, st.token, now=now)
    assert grace is not None and grace.expires_at <= now + auth.RENEWAL_GRACE + timedelta(minutes=1)
    assert edge.client.post(f"/v1/stations/{enrol(edge, 'x').id}/token", headers=st.auth).status_code == 403
    assert main(["--database", edge.url, "station", "revoke", "75056-01"]) == 0
    assert "révoqués" in capsys.readouterr().out
    for token in (st.token, renewed.token):
        assert refusal(edge.client.get("/v1/changes", headers={"Authorization": f"Bearer {token}"}), 401)
    assert main(["--database", edge.url, "station", "revoke", "inconnu"]) == 1


def test_7_the_station_renews_its_token_before_it_expires(edge: Central) -> None:
    st = enrol(edge)
    kept: list[Credentials] = []
    now = [datetime.now(UTC) + timedelta(days=70)]  # 20 days left: inside the renewal window
    client = CentralClient(
        "http://testserver",
        Credentials(st.id, st.token),
        transport=edge.client._transport,
        on_renewed=kept.append,
        clock=lambda: now[0],
    )
    client.changes(0)
    assert kept and kept[0].token != st.token and client.credentials.token == kept[0].token
    assert kept[0].expires_at is not None and kept[0].expires_at > now[0]
    now[0] = datetime.now(UTC)
    client.changes(0)  # the new token works, and is not renewed again while it has months to live
    assert len(kept) == 1


def test_7_a_token_renews_once_a_lost_answer_is_replaced_and_a_copy_is_refused(edge: Central) -> None:
    """A stolen copy of a token could renew it in its grace and live 90 days beside the station's, unseen (central
    audit). A token now renews once: asked again while its successor was never used, the answer was lost (that one
    is revoked, another issued); once its successor is in use, whoever asks with it holds a copy (403)."""

    def bearer(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def renew(token: str, station: Station) -> httpx.Response:
        return edge.client.post(f"/v1/stations/{station.id}/token", headers=bearer(token))

    st = enrol(edge)
    lost = TokenRenewal.from_json(renew(st.token, st).content)  # the answer never reached the station
    again = TokenRenewal.from_json(renew(st.token, st).content)
    assert refusal(edge.client.get("/v1/changes", headers=bearer(lost.token)), 401).error == "identifiants"
    assert edge.client.get("/v1/changes", headers=bearer(again.token)).status_code == 200  # now in use
    assert refusal(renew(st.token, st), 403).error == "jeton"  # a copy of the old token, in its grace
    assert edge.client.get("/v1/changes", headers=bearer(again.token)).status_code == 200  # the station's still works
    # The thief first: the copy renews and is used; the station's own renewal is refused, loudly, not lived beside.
    other = enrol(edge, "75056-02")
    stolen = TokenRenewal.from_json(renew(other.token, other).content)
    assert edge.client.get("/v1/changes", headers=bearer(stolen.token)).status_code == 200
    assert "une copie du jeton est utilisée ailleurs" in refusal(renew(other.token, other), 403).message
    # The desk keeps a renewed token before using it: one it could not keep stays unused, a lost answer.
    third = enrol(edge, "75056-03")

    def cannot_keep(_: Credentials) -> None:
        raise OSError("disque plein")

    client = CentralClient(
        "http://testserver", Credentials(third.id, third.token), transport=edge.client._transport,
        on_renewed=cannot_keep,
    )  # fmt: skip
    with pytest.raises(OSError):
        client.renew_token()
    assert client.credentials.token == third.token
    client.changes(0)  # still with the old token, in its grace
    assert renew(third.token, third).status_code == 200  # the unkept one was never used: replaced


# -- 8. Credentials before any body; a size limit everywhere ---------------------------------------------------------


def _call(app: FastAPI, method: str, path: str, chunks: int, headers: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """Call the ASGI app with a body of `chunks` MiB sent chunked; returns (status, chunks the app pulled)."""
    pulled = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b" " * (1 << 20), "more_body": pulled < chunks}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), *headers],
        "http_version": "1.1",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1),
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return status, pulled


def test_8_credentials_are_checked_before_any_body_and_every_route_has_a_limit(edge: Central) -> None:
    st = enrol(edge)
    bearer = [(b"authorization", f"Bearer {st.token}".encode())]
    for method, path in [
        ("POST", f"/v1/stations/{st.id}/batches"),
        ("PUT", "/v1/security/escrow"),
        ("POST", "/v1/security/agents"),
        ("POST", "/v1/procurations/search"),
        ("POST", "/v1/stations"),
    ]:
        assert _call(edge.app, method, path, 200, []) == (401, 0), path  # 200 MiB offered, none read
        assert _call(edge.app, method, path, 200, [(b"authorization", b"Bearer faux")]) == (401, 0), path
    assert _call(edge.app, "POST", f"/v1/stations/{st.id}/batches", 200, bearer)[0] == 413
    # Each route reads no more than its model's largest body (central/route_bodies.py): 3.7 MiB for the escrow copy
    # (its roster of 10,000 agents), where every route read 8 MiB before; 1 KiB for a route that reads none.
    assert _call(edge.app, "PUT", "/v1/security/escrow", 200, bearer) == (413, 4)
    assert _call(edge.app, "POST", "/v1/procurations/search", 200, bearer) == (413, 1)
    assert _call(edge.app, "POST", f"/v1/stations/{st.id}/token", 200, bearer) == (413, 1)
    assert _call(edge.app, "GET", "/v1/time", 200, [])[0] == 413  # a public route too, whatever the method
    # Where no credentials are asked (public reads, unknown paths, the ministry's pages), 64 KiB at most: the first
    # MiB offered is refused, where 8 MiB were held per connection before (central audit, 4 December 2026).
    for method, path in [("GET", "/v1/time"), ("POST", "/nope"), ("POST", "/admin/connexion")]:
        assert _call(edge.app, method, path, 200, []) == (413, 1), path
    # The enrolment route reads a label: 64 KiB too, whatever opens it (a used bulk token opened 8 MiB before).
    out = edge.folder / "jetons.csv"
    (edge.folder / "postes.csv").write_text("code;libelle;departement\nST-1;Commissariat;75\n", encoding="utf-8")
    enrol_from_csv(edge.engine, edge.folder / "postes.csv", out)
    with out.open(encoding="utf-8", newline="") as fh:
        token = next(csv.DictReader(fh, delimiter=";"))["jeton"]
    answer = edge.client.post("/v1/stations", json={"label": "ST-1"}, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 201
    for bearer in (token, "jeton"):  # used; the store's own secret
        assert _call(edge.app, "POST", "/v1/stations", 200, [(b"authorization", f"Bearer {bearer}".encode())]) == (
            413,
            1,
        )


# -- 9. No personal data in the central store's logs ----------------------------------------------------------------


def test_9_database_errors_carry_no_parameters_and_are_caught_per_route(
    edge: Central, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(SQLAlchemyError) as info, edge.engine.connect() as conn:
        conn.execute(text("SELECT * FROM absent WHERE nne = :nne"), {"nne": NNE})
    assert NNE not in str(info.value)
    st = enrol(edge)
    agent(edge, st, "a1")
    with edge.engine.begin() as conn:
        conn.execute(text("DROP TABLE electors"))
    with caplog.at_level(logging.DEBUG):
        body = {"agent_id": "a1", "nne": NNE, "date_naissance": BORN, "nom": "MARTIN", "prenoms": ["Claire"]}
        answer = edge.client.post("/v1/procurations/search", json=body, headers=st.auth)
    assert refusal(answer, 503).error == "indisponible"
    logged = " ".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "OperationalError" in logged and "/v1/procurations/search" in logged
    assert NNE not in logged and BORN not in logged and "MARTIN" not in logged


def test_9_a_database_down_at_the_credential_check_is_503_not_401(
    edge: Central, monkeypatch: pytest.MonkeyPatch
) -> None:
    st = enrol(edge)

    def down(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("SELECT", {"nne": NNE}, Exception("database is gone"))

    monkeypatch.setattr(auth, "caller_for_token", down)
    answer = edge.client.get("/v1/changes", headers=st.auth)
    assert refusal(answer, 503).error == "indisponible"  # the station retries; a 401 would stop its sync


def test_9_the_pii_guard_sees_the_central_stores_logs(pytestconfig: pytest.Config) -> None:
    from security.pii_guard import current_guard

    guard = current_guard(pytestconfig)
    seen = guard.seen
    logging.getLogger("guichet.central").info("a record of the central store")
    logging.getLogger("uvicorn.error").warning("a record of its server")  # the embedded server propagates
    assert guard.seen == seen + 2


# -- 10. /v1/security and /v1/changes bounded; escrow checked; codes burned after success ----------------------------


def test_10_bounded_fields_are_422_never_500(edge: Central) -> None:
    st = enrol(edge)
    key = Ed25519PrivateKey.generate()
    public = base64.b64encode(key.public_key().public_bytes_raw()).decode()
    assert edge.client.put("/v1/security/station-key", json={"public_key": public}, headers=st.auth).is_success
    good = sign_anchor(key, station_code="75056-01", seq=1, mac=b"\x01" * 32, at=datetime.now(UTC)).to_dict()
    for changed in (
        {"at": "9999-12-31T23:59:59.999999-23:59"},
        {"at": "0001-01-01T00:00:00+23:59"},
        {"seq": 2**31},
        {"seq": 2**63},
        {"station_code": "C" * 33},
    ):
        refusal(edge.client.post("/v1/security/anchors", json={**good, **changed}, headers=st.auth), 422)
    refusal(agent(edge, st, "a1", email="x" * 195 + "@ex.fr"), 422)
    refusal(agent(edge, st, "a1", role="superviseur-en-chef"), 422)  # roles are the Role enum's
    refusal(edge.client.get("/v1/changes", params={"since": 2**63}, headers=st.auth), 422)
    refusal(edge.client.get("/v1/changes", params={"since": 2**64 + 1}, headers=st.auth), 422)


def test_10_escrow_is_checked_before_it_replaces_a_good_copy_and_codes_burn_after_success(edge: Central) -> None:
    st = enrol(edge)
    keys = EscrowKeys.load_or_create(edge.folder / "escrow.key")
    db_key = b"k" * 32
    sealed = seal(keys.public, db_key, context=escrow_context("75056-01"))
    box = base64.b64encode(sealed).decode()
    own = authority_proof(central_authority(db_key), escrow_purpose(sealed))  # the first copy proves its own key
    escrow = {"station_code": "75056-01", "box": box, "proof": own}
    assert edge.client.put("/v1/security/escrow", json=escrow, headers=st.auth).is_success
    for bad in ({"station_code": "75056-01"}, {**escrow, "box": "AAAA"}):
        assert edge.client.put("/v1/security/escrow", json=bad, headers=st.auth).status_code == 422, bad
    # Well-formed but not openable with the escrow key (sealed for another station code): refused, nothing replaced.
    other = edge.client.put("/v1/security/escrow", json={**escrow, "station_code": "autre"}, headers=st.auth)
    assert refusal(other, 409).message.endswith("rien n'a été remplacé.")
    fields = {
        "agent_id": "a1",
        "login": "a1",
        "role": "agent_police",
        "capacity": "opj",
        "email": "a1@interieur.gouv.fr",
    }
    proof = authority_proof(central_authority(db_key), agent_purpose(**fields))
    assert agent(edge, st, "a1", email=fields["email"], proof=proof).status_code == 201
    assert edge.client.post("/v1/security/reset-codes", json={"identifier": "a1"}, headers=st.auth).is_success
    code = next(edge.mail.iterdir()).read_text().split("\n\n")[-2].strip().split()[-1]
    redeem = {"login": "a1", "code": code, "ephemeral_public_key": "A" * 43 + "="}
    assert (
        edge.client.post(
            "/v1/security/reset-codes/redeem", json={**redeem, "ephemeral_public_key": "xx"}, headers=st.auth
        ).status_code
        == 422
    )
    refusal(edge.client.post("/v1/security/reset-codes/redeem", json=redeem, headers=st.auth), 422)  # a zero key
    eph = base64.b64encode(EscrowKeys.load_or_create(edge.folder / "eph.key").public).decode()
    redeemed = edge.client.post(
        "/v1/security/reset-codes/redeem", json={**redeem, "ephemeral_public_key": eph}, headers=st.auth
    )
    assert redeemed.status_code == 200  # the code survived the bad key, and the escrow copy was kept whole
    again = edge.client.post(
        "/v1/security/reset-codes/redeem", json={**redeem, "ephemeral_public_key": eph}, headers=st.auth
    )
    assert again.status_code == 403  # burned once it worked


def _code_for(edge: Central, login: str) -> str:
    """The last reset code mailed for `login` (the demo mailer writes one file a message)."""
    mails = sorted(edge.mail.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    return mails[-1].read_text().split("\n\n")[-2].strip().split()[-1]


def _recover(edge: Central, st: Station, login: str) -> bytes:
    """What a reset code gives `login`'s holder: the key of the station's escrow copy."""
    assert edge.client.post("/v1/security/reset-codes", json={"identifier": login}, headers=st.auth).is_success
    one_time = EscrowKeys.load_or_create(edge.folder / f"eph-{login}.key")
    redeem = {"login": login, "code": _code_for(edge, login), "ephemeral_public_key": _b64(one_time.public)}
    answer = edge.client.post("/v1/security/reset-codes/redeem", json=redeem, headers=st.auth)
    assert answer.status_code == 200, answer.text
    return open_sealed(one_time.private, base64.b64decode(answer.json()["box"]), context=reset_context(login))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _first_copy(edge: Central, st: Station, box: bytes, db_key: bytes) -> bool:
    """The station's first escrow copy, proved with the key it carries (central/escrow_roots.py)."""
    proof = authority_proof(central_authority(db_key), escrow_purpose(box))
    put = {"station_code": "75056-01", "box": _b64(box), "proof": proof}
    return edge.client.put("/v1/security/escrow", json=put, headers=st.auth).is_success


def test_10b_a_stolen_station_token_alone_neither_enrols_an_agent_nor_replaces_the_escrow_copy(edge: Central) -> None:
    """The adversary holds the station's bearer token (read on a stolen disk), not its database key: before,
    enrolling an agent with their own e-mail and asking a reset code gave them the key (central audit)."""
    st = enrol(edge)
    keys = EscrowKeys.load_or_create(edge.folder / "escrow.key")
    db_key = b"k" * 32
    kept = seal(keys.public, db_key, context=escrow_context("75056-01"))
    assert _first_copy(edge, st, kept, db_key)
    thief = {"agent_id": "intrus", "login": "intrus", "role": "administrateur", "capacity": "opj"}
    mail = "intrus@example.org"
    refusal(agent(edge, st, "intrus", role="administrateur", email=mail), 403)  # no proof
    other_key = authority_proof(central_authority(b"x" * 32), agent_purpose(**thief, email=mail))
    refusal(agent(edge, st, "intrus", role="administrateur", email=mail, proof=other_key), 403)
    # A genuine proof for other fields (a legitimate agent's enrolment, replayed with the thief's e-mail): refused.
    genuine = authority_proof(central_authority(db_key), agent_purpose(**thief, email="chef@interieur.gouv.fr"))
    refusal(agent(edge, st, "intrus", role="administrateur", email=mail, proof=genuine), 403)
    assert edge.client.post("/v1/security/reset-codes", json={"identifier": mail}, headers=st.auth).is_success
    assert not edge.mail.exists() or not list(edge.mail.iterdir())  # nobody to send a code to
    # Nor can the token put a copy of a key of its own (every later recovery would give that key).
    forged = seal(keys.public, b"f" * 32, context=escrow_context("75056-01"))
    put = {"station_code": "75056-01", "box": _b64(forged)}
    refusal(edge.client.put("/v1/security/escrow", json=put, headers=st.auth), 403)
    wrong = authority_proof(central_authority(b"f" * 32), escrow_purpose(forged))
    refusal(edge.client.put("/v1/security/escrow", json={**put, "proof": wrong}, headers=st.auth), 403)
    # The station itself, which holds the key: its agent enrolled, its recovery gives the kept key.
    ok = authority_proof(central_authority(db_key), agent_purpose(**thief, email="chef@interieur.gouv.fr"))
    assert agent(edge, st, "intrus", role="administrateur", email="chef@interieur.gouv.fr", proof=ok).status_code == 201
    assert _recover(edge, st, "intrus") == db_key
    # And it replaces its copy (a re-key) with the proof of the kept one's key.
    new_key = b"n" * 32
    rekeyed = seal(keys.public, new_key, context=escrow_context("75056-01"))
    proof = authority_proof(central_authority(db_key), escrow_purpose(rekeyed))
    put = {"station_code": "75056-01", "box": _b64(rekeyed), "proof": proof}
    assert edge.client.put("/v1/security/escrow", json=put, headers=st.auth).is_success
    assert _recover(edge, st, "intrus") == new_key
    # Nor does the token alone deactivate an agent (no more reset codes nor look-ups in its name: every agent, the
    # administrator too, shut out; central re-audit); the station does, with the proof.
    deactivate = "/v1/security/agents/intrus/deactivate"
    refusal(edge.client.post(deactivate, json={}, headers=st.auth), 403)
    other = authority_proof(central_authority(db_key), deactivation_purpose("intrus"))  # the copy's key is new_key
    refusal(edge.client.post(deactivate, json={"proof": other}, headers=st.auth), 403)
    proof = authority_proof(central_authority(new_key), deactivation_purpose("intrus"))
    assert edge.client.post(deactivate, json={"proof": proof}, headers=st.auth).is_success


def test_10c_the_escrow_copy_names_the_stations_agents_and_the_proof_covers_the_list(edge: Central) -> None:
    """With its copy a station sends its agents: the others are deactivated (a shadow agent enrolled by an insider
    before a removal). The list is proved with the copy: a replayed proof with another list is refused."""
    st = enrol(edge)
    keys = EscrowKeys.load_or_create(edge.folder / "escrow.key")
    db_key = b"k" * 32
    kept = seal(keys.public, db_key, context=escrow_context("75056-01"))
    assert _first_copy(edge, st, kept, db_key)
    for who in ("chef", "ombre"):
        fields = {"agent_id": who, "login": who, "role": "administrateur", "capacity": "opj"}
        proof = authority_proof(central_authority(db_key), agent_purpose(**fields, email=None))
        assert agent(edge, st, who, role="administrateur", proof=proof).status_code == 201
    rekeyed = seal(keys.public, b"n" * 32, context=escrow_context("75056-01"))
    proof = authority_proof(central_authority(db_key), escrow_purpose(rekeyed, ["chef"]))
    put = {"station_code": "75056-01", "box": _b64(rekeyed), "proof": proof}
    # The genuine proof with the shadow added to the list, or the list dropped: refused, nothing deactivated.
    refusal(edge.client.put("/v1/security/escrow", json={**put, "agents": ["chef", "ombre"]}, headers=st.auth), 403)
    refusal(edge.client.put("/v1/security/escrow", json=put, headers=st.auth), 403)
    assert edge.client.put("/v1/security/escrow", json={**put, "agents": ["chef"]}, headers=st.auth).is_success
    with edge.engine.connect() as conn:
        from central.security_tables import agents as central_agents

        states = dict(conn.execute(select(central_agents.c.id, central_agents.c.active)).all())  # type: ignore[arg-type]
    assert states == {"chef": True, "ombre": False}


# -- 11. The published API is the contract -------------------------------------------------------------------------


def test_11_the_document_declares_the_bearer_scheme_and_every_refusal(edge: Central) -> None:
    doc = edge.client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": BEARER_DESCRIPTION,
    }
    public = {
        ("/v1/time", "get"),
        ("/v1/security/escrow-key", "get"),
        ("/v1/security/anchor-key", "get"),
        ("/v1/security/receipt-keys", "get"),  # the stations' receipt keys, for anyone checking a receipt
    }
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            if (path, method) not in public:
                assert op.get("security") == [{"HTTPBearer": []}], (path, method)
                assert "401" in op["responses"], (path, method)
            if "requestBody" in op:
                assert {"413", "422"} <= set(op["responses"]), (path, method)
                assert "$ref" in op["requestBody"]["content"]["application/json"]["schema"], (path, method)
            for status, answer in op["responses"].items():
                if status.startswith(("4", "5")):
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Refusal"}, (path, method, status)
    assert "HTTPValidationError" not in doc["components"]["schemas"]


# -- 12. Smaller points ----------------------------------------------------------------------------------------------


def test_12_a_client_gone_midway_is_no_server_error(edge: Central, caplog: pytest.LogCaptureFixture) -> None:
    st = enrol(edge)
    sent = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        sent += 1
        if sent == 1:
            return {"type": "http.request", "body": b'{"batch_id": ', "more_body": True}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        pass

    scope = {
        "type": "http",
        "method": "POST",
        "path": f"/v1/stations/{st.id}/batches",
        "raw_path": b"/",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"authorization", f"Bearer {st.token}".encode()), (b"content-type", b"application/json")],
        "http_version": "1.1",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1),
    }
    with caplog.at_level(logging.DEBUG):
        asyncio.run(edge.app(scope, receive, send))  # type: ignore[arg-type]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_12_audit_anchors_only_move_forward(edge: Central) -> None:
    st = enrol(edge)
    key = Ed25519PrivateKey.generate()
    public = base64.b64encode(key.public_key().public_bytes_raw()).decode()
    edge.client.put("/v1/security/station-key", json={"public_key": public}, headers=st.auth)

    def anchor(seq: int) -> httpx.Response:
        signed = sign_anchor(key, station_code="75056-01", seq=seq, mac=bytes([seq]) * 32, at=datetime.now(UTC))
        return edge.client.post("/v1/security/anchors", json=signed.to_dict(), headers=st.auth)

    assert anchor(5).status_code == 201
    assert anchor(7).status_code == 201
    assert refusal(anchor(6), 409).message.startswith("Ancre plus ancienne")
    assert [a["seq"] for a in edge.client.get("/v1/security/anchors", headers=st.auth).json()["anchors"]] == [5, 7]


def test_12_reset_codes_are_throttled(edge: Central) -> None:
    st = enrol(edge)
    agent(edge, st, "a1", email="a1@interieur.gouv.fr")
    for _ in range(5):
        assert edge.client.post("/v1/security/reset-codes", json={"identifier": "a1"}, headers=st.auth).is_success
    assert len(list(edge.mail.iterdir())) == 3  # the same answer, but no more codes for that agent this hour
    for i in (2, 3, 4):
        agent(edge, st, f"a{i}", email=f"a{i}@interieur.gouv.fr")
        assert edge.client.post("/v1/security/reset-codes", json={"identifier": f"a{i}"}, headers=st.auth).is_success
    assert len(list(edge.mail.iterdir())) == 6
    agent(edge, st, "a5", email="a5@interieur.gouv.fr")
    ask = edge.client.post("/v1/security/reset-codes", json={"identifier": "a5"}, headers=st.auth)
    assert refusal(ask, 429).error == "limite"  # the station asked too often: said, whoever was named
    assert len(list(edge.mail.iterdir())) == 6


def test_a_poll_crosses_to_a_worker_thread_twice_only(edge: Central, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every station polls every 30 s (issue 21): the token check and the database read each go to a worker thread,
    nothing else does (the caller's dependency only reads what the guard found; the page is written as built)."""
    import anyio.to_thread

    st = enrol(edge)
    crossings: list[str] = []
    real = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        crossings.append(getattr(func, "__qualname__", repr(func)))
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    answer = edge.client.get("/v1/changes", headers=st.auth)
    assert answer.status_code == 200
    assert len(crossings) == 2, crossings

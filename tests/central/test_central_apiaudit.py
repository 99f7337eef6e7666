"""The central store against an adversary who holds a valid credential (audit of 6 December 2026).

Each test tries to walk around one control over real HTTP on 127.0.0.1 (`central.embedded`): a station's token used
on another station's resources, on the administrators' routes, with another station's agent or none; an old token
after its renewal; query parameters out of range; a rotated X-Forwarded-For or agent id against the look-up limits;
an administrator's cookie after sign-out or from another site. Those that held are kept as regression guards; those
that found a hole fail without their fix (docs/SECURITY.md, « Audit of 6 December 2026 »).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from centralkit import MARTIN, NOW, Station, page_token, shown_outcome
from sqlalchemy import func, insert, select
from test_admin_accounts import _open_review

from central import auth
from central.embedded import Embedded, start_embedded
from central.schema import reviews, station_tokens, utc
from central.throttle import Limit, Limits


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[Embedded]:
    """A central store whose look-up limits are small enough to reach in a test."""
    emb = start_embedded(tmp_path / "central.sqlite3", limits=Limits(lookup=Limit(per_agent=2, per_station=5)))
    yield emb
    emb.stop()


# -- (a) another station's resources ----------------------------------------------------------------------------------


def test_a_station_token_reaches_none_of_another_station_s_resources(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "poste-a")
    b = Station.enrol(central.base_url, central.enrolment_token, "poste-b")
    b.enrol_agent("agent-b")
    b.http.post("/v1/security/agents", json={"agent_id": "agent-b2", "login": "b2", "role": "agent_police",
                                               "capacity": "opj", "email": "b2@example.org"})  # fmt: skip
    # Push into B's stream, renew B's token: refused on the path's station, before anything is read or written.
    from centralkit import DUBOIS, procuration_body

    batch = a.batch(("procuration.etablie", procuration_body(MARTIN, DUBOIS), NOW))
    pushed = a.http.post(f"/v1/stations/{b.station_id}/batches", json=batch)
    assert pushed.status_code == 403 and pushed.json()["error"] == "station"
    renewed = a.http.post(f"/v1/stations/{b.station_id}/token")
    assert renewed.status_code == 403 and renewed.json()["error"] == "station"
    assert b.http.get("/v1/changes").status_code == 200  # B's token untouched
    assert a.http.get(f"/v1/stations/{b.station_id}/figures").status_code == 403  # B's figures
    # Look up or fetch in the name of B's agent: unknown for A (the agent is the calling station's).
    assert a.lookup("agent-b", **MARTIN).status_code == 403
    assert a.fetch("K7M2QX", "1990-01-15", agent_id="agent-b").status_code == 403
    # Deactivate B's agent: unknown for A; B's agent still looks up.
    gone = a.http.post("/v1/security/agents/agent-b/deactivate", json={})
    assert gone.status_code == 404
    assert b.lookup("agent-b", **MARTIN).status_code == 200
    # A reset code for B's agent asked with A's token: the same answer, and no code issued.
    asked = a.http.post("/v1/security/reset-codes", json={"identifier": "b2@example.org"})
    assert asked.status_code == 202
    from central.security_tables import reset_codes

    with central.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(reset_codes)).scalar_one() == 0
    # Anchors, checkpoints and the digest key are the caller's own.
    assert a.http.get("/v1/security/anchors").json() == {"anchors": []}
    assert a.http.get("/v1/security/digest-key").json() != b.http.get("/v1/security/digest-key").json()


def test_the_feed_shows_a_station_only_what_concerns_it(central: Embedded) -> None:
    a = Station.enrol(central.base_url, central.enrolment_token, "poste-a")
    b = Station.enrol(central.base_url, central.enrolment_token, "poste-b")
    from centralkit import DUBOIS, procuration_body

    batch = b.batch(("procuration.etablie", procuration_body(MARTIN, DUBOIS), NOW))
    assert b.push(batch).status_code == 200
    b_ids = {e["id"] for e in batch["entries"]}
    seen = {c.get("entry_id") for c in a.all_changes()}
    assert not b_ids & seen
    assert a.http.get("/v1/changes", params={"since": 0, "limit": 5000}).json()["changes"] == a.all_changes()


# -- (b) a station token on the administrators' routes and pages -----------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/national"),
        ("GET", "/v1/admin/reviews"),
        ("POST", "/v1/admin/reviews/1/decision"),
        ("POST", "/v1/registre/evenements"),
        ("GET", "/admin/national"),
        ("GET", "/admin/national.json"),
        ("GET", "/admin/revue"),
        ("POST", "/admin/revue/1"),
    ],
)
def test_a_station_token_opens_no_administrator_route(sqlite_central: Embedded, method: str, path: str) -> None:
    st = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)
    answer = st.http.request(method, path, json={})
    assert answer.status_code == 401, (path, answer.status_code)


# -- (c) agents: another station's, never enrolled, removed, a role without the right (R-DATA-3) ----------------------


def test_only_an_active_agent_of_the_calling_station_with_the_right_role_consults(sqlite_central: Embedded) -> None:
    st = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)
    st.enrol_agent("opj-1")
    st.enrol_agent("admin-1", role="administrateur")
    assert st.lookup("opj-1", **MARTIN).status_code == 200
    assert st.lookup("jamais-enrole", **MARTIN).status_code == 403
    assert st.lookup("admin-1", **MARTIN).status_code == 403
    assert st.fetch("K7M2QX", "1990-01-15", agent_id="admin-1").status_code == 403
    assert st.http.post("/v1/security/agents/opj-1/deactivate", json={}).status_code == 200
    assert st.lookup("opj-1", **MARTIN).status_code == 403  # removed: no more look-ups in its name


# -- (d) replay: an old token after renewal, an enrolment token reused, a batch resent --------------------------------


def test_the_old_token_stops_soon_after_its_successor_is_used(central: Embedded) -> None:
    """Before: the token a renewal replaced kept opening every route for 2 days whatever happened, so a copy of it
    (a stolen disk image) worked beside the station's new one. Now its successor's first use cuts it to
    `auth.SUCCESSOR_GRACE` (requests already in flight with it)."""
    st = Station.enrol(central.base_url, central.enrolment_token)
    fresh = st.http.post(f"/v1/stations/{st.station_id}/token").json()["token"]
    old = httpx.Client(base_url=central.base_url, headers=_bearer(st.token), timeout=30)
    assert old.get("/v1/changes").status_code == 200  # the successor unused: the answer may have been lost
    new = httpx.Client(base_url=central.base_url, headers=_bearer(fresh), timeout=30)
    assert new.get("/v1/changes").status_code == 200  # the station uses its new token
    assert old.get("/v1/changes").status_code == 200  # requests in flight with the old one still pass, briefly
    # Past that grace (the clock moved on: the row's end is what the store holds), the old token opens nothing.
    later = datetime.now(UTC) + auth.SUCCESSOR_GRACE + timedelta(seconds=5)
    with central.engine.connect() as conn:
        end = conn.execute(
            select(station_tokens.c.expires_at).where(station_tokens.c.token_hash == auth.token_hash(st.token))
        ).scalar_one()
    assert utc(end) < later, "the old token still lives past its successor's grace"
    assert new.get("/v1/changes").status_code == 200


def test_an_enrolment_token_or_a_revoked_token_does_not_come_back(sqlite_central: Embedded) -> None:
    from central import enrolment
    from central.schema import enrolment_tokens

    token = enrolment.TOKEN_PREFIX + "x" * 43
    now = datetime.now(UTC)
    with sqlite_central.engine.begin() as conn:
        conn.execute(
            insert(enrolment_tokens).values(
                token_hash=auth.token_hash(token), station_code="75056-01", label="Paris 1", issued_at=now,
                expires_at=now + timedelta(days=3), place_kind="commissariat",
            )
        )  # fmt: skip
    first = httpx.post(f"{sqlite_central.base_url}/v1/stations", json={"label": "75056-01"}, headers=_bearer(token))
    assert first.status_code == 201
    again = httpx.post(f"{sqlite_central.base_url}/v1/stations", json={"label": "75056-01"}, headers=_bearer(token))
    assert again.status_code in (401, 403)
    # The enrolment token is no station token, and a revoked station's token opens nothing.
    assert httpx.get(f"{sqlite_central.base_url}/v1/changes", headers=_bearer(token)).status_code == 401
    station = first.json()
    auth.revoke_station(sqlite_central.engine, station["station_id"], now=datetime.now(UTC))
    got = httpx.get(f"{sqlite_central.base_url}/v1/changes", headers=_bearer(station["token"]))
    assert got.status_code == 401


def test_a_batch_resent_gets_the_same_answer_and_its_id_cannot_carry_other_entries(sqlite_central: Embedded) -> None:
    from centralkit import DUBOIS, procuration_body

    st = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)
    batch = st.batch(("procuration.etablie", procuration_body(MARTIN, DUBOIS), NOW))
    first = st.push(batch)
    assert first.status_code == 200
    resent = st.push(batch)
    assert resent.json()["verdicts"] == first.json()["verdicts"] and resent.json()["replayed_at"]
    forged = {**batch, "entries": [{**batch["entries"][0], "id": "0190f0aa-0000-7000-8000-0000000000ff"}]}
    assert st.push(forged).status_code == 409


# -- (f) paging and filtering parameters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"since": "-1"},
        {"since": "abc"},
        {"since": str(2**63)},
        {"since": "1e3"},
        {"limit": "0"},
        {"limit": "-5"},
        {"limit": "1000000000"},
        {"limit": "NaN"},
        {"since": "", "limit": ""},
    ],
)
def test_paging_parameters_out_of_range_are_refused_not_a_server_error(
    sqlite_central: Embedded, params: dict[str, str]
) -> None:
    st = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token)
    answer = st.http.get("/v1/changes", params=params)
    assert answer.status_code == 422, (params, answer.status_code)
    admin = _bearer(sqlite_central.enrolment_token)
    for path, name in (("/v1/admin/reviews", "limit"), ("/v1/national", "days")):
        value = next(iter(params.values()))
        got = httpx.get(f"{sqlite_central.base_url}{path}", params={name: value}, headers=admin)
        assert got.status_code in (200, 422), (path, value, got.status_code)


# -- (g) rate limits: rotated X-Forwarded-For and agent ids ------------------------------------------------------------


def test_rotating_forwarded_addresses_or_agent_ids_does_not_escape_the_look_up_limits(limited: Embedded) -> None:
    st = Station.enrol(limited.base_url, limited.enrolment_token)
    for n in range(4):
        st.enrol_agent(f"agent-{n}")
    statuses = []
    for n in range(2):
        headers = {"X-Forwarded-For": f"203.0.113.{n}", "X-Real-IP": f"198.51.100.{n}"}
        statuses.append(
            st.http.post("/v1/procurations/search", json={"agent_id": "agent-0", **MARTIN}, headers=headers).status_code
        )
    third = st.http.post("/v1/procurations/search", json={"agent_id": "agent-0", **MARTIN},
                         headers={"X-Forwarded-For": "192.0.2.77"})  # fmt: skip
    assert statuses == [200, 200] and third.status_code == 429  # per agent, whatever the address says
    # Other agents, then ids nobody enrolled: the station's own count stops them all.
    rotated = [st.lookup(f"agent-{n}", **MARTIN).status_code for n in (1, 2, 3)]
    rotated += [st.lookup(f"inconnu-{n}", **MARTIN).status_code for n in range(3)]
    assert rotated[:3] == [200, 200, 200] and set(rotated[3:]) == {429}
    # A renewed token is the same station: the same count.
    fresh = st.http.post(f"/v1/stations/{st.station_id}/token").json()["token"]
    again = httpx.post(f"{limited.base_url}/v1/procurations/search", json={"agent_id": "agent-3", **MARTIN},
                       headers=_bearer(fresh))  # fmt: skip
    assert again.status_code == 429


# -- (e) the administrators' session: sign-out, fixation, another site's form ------------------------------------------


def _sign_in(emb: Embedded, *, planted: str | None = None) -> str:
    """The session cookie a sign-in by the administrative secret sets (no named account in these stores)."""
    shown = httpx.get(f"{emb.base_url}/admin/revue")  # the sign-in form: its pre-session cookie and token
    cookies = {**shown.cookies, **({"guichet_admin": planted} if planted else {})}
    form = {"secret": emb.enrolment_token, "jeton": page_token(shown.text)}
    answer = httpx.post(f"{emb.base_url}/admin/connexion", data=form, cookies=cookies)
    assert answer.status_code == 303, answer.text
    return answer.cookies["guichet_admin"]


def _page(emb: Embedded, cookie: str, path: str = "/admin/revue") -> httpx.Response:
    return httpx.get(f"{emb.base_url}{path}", cookies={"guichet_admin": cookie})


def test_a_signed_out_session_cookie_opens_nothing_any_more(sqlite_central: Embedded) -> None:
    """Before: sign-out only asked the browser to forget the cookie; a copy of it (a shared computer, a proxy's log)
    kept opening the pages and deciding reviews for the rest of its 8 hours."""
    cookie = _sign_in(sqlite_central)
    assert _page(sqlite_central, cookie).status_code == 200
    token = page_token(_page(sqlite_central, cookie, "/admin/national").text)  # the page's sign-out form
    out = httpx.post(f"{sqlite_central.base_url}/admin/deconnexion", data={"jeton": token},
                     cookies={"guichet_admin": cookie})  # fmt: skip
    assert out.status_code == 303
    assert _page(sqlite_central, cookie).status_code == 401
    assert _page(sqlite_central, cookie, "/admin/national.json").status_code == 401
    other = _sign_in(sqlite_central)  # another session of the same sign-in goes on
    assert _page(sqlite_central, other).status_code == 200


def test_a_cookie_planted_before_sign_in_is_not_the_session(sqlite_central: Embedded) -> None:
    planted = "9999999999.-.0.forged"
    cookie = _sign_in(sqlite_central, planted=planted)
    assert cookie != planted
    assert _page(sqlite_central, planted).status_code == 401
    # A forged cookie whose MAC is not ASCII: compare_digest raised, a 500 (before this audit).
    forged = httpx.get(
        f"{sqlite_central.base_url}/admin/revue",
        headers={"Cookie": "guichet_admin=9999999999.a.-.0.\xe9".encode("latin-1")},
    )
    assert forged.status_code == 401


def test_another_site_s_form_cannot_decide_a_review_with_the_administrator_s_cookie(sqlite_central: Embedded) -> None:
    """Before: a decision needed only the cookie, so a page of another site (or of a sibling host, for which
    SameSite=Strict is no barrier) could post one in the signed-in administrator's name. A decision now carries the
    session's form token, and a browser's cross-site post is refused whatever it carries."""
    review_id = _open_review(sqlite_central.engine)
    cookie = _sign_in(sqlite_central)
    form = {
        "decision": "maintenue",
        "par": "X",
        "motif": "forgé",
        "vu": shown_outcome(_page(sqlite_central, cookie).text),
    }
    forged = httpx.post(f"{sqlite_central.base_url}/admin/revue/{review_id}", data=form,
                        cookies={"guichet_admin": cookie})  # fmt: skip
    assert forged.status_code == 403
    page = _page(sqlite_central, cookie).text
    token = page.split('name="jeton" value="', 1)[1].split('"', 1)[0]
    cross = httpx.post(f"{sqlite_central.base_url}/admin/revue/{review_id}", data={**form, "jeton": token},
                       cookies={"guichet_admin": cookie}, headers={"Sec-Fetch-Site": "cross-site"})  # fmt: skip
    assert cross.status_code == 403
    elsewhere = httpx.post(f"{sqlite_central.base_url}/admin/revue/{review_id}", data={**form, "jeton": token},
                           cookies={"guichet_admin": cookie}, headers={"Origin": "https://evil.example"})  # fmt: skip
    assert elsewhere.status_code == 403
    other_session = _sign_in(sqlite_central)  # a token is its session's: another's does not open this one
    mixed = httpx.post(f"{sqlite_central.base_url}/admin/revue/{review_id}", data={**form, "jeton": token},
                       cookies={"guichet_admin": other_session})  # fmt: skip
    assert mixed.status_code == 403
    with sqlite_central.engine.connect() as conn:
        assert conn.execute(select(reviews.c.decision).where(reviews.c.id == review_id)).scalar() is None
    done = httpx.post(f"{sqlite_central.base_url}/admin/revue/{review_id}", data={**form, "jeton": token},
                      cookies={"guichet_admin": cookie}, headers={"Origin": sqlite_central.base_url,
                                                                  "Sec-Fetch-Site": "same-origin"})  # fmt: skip
    assert done.status_code == 303


def test_another_site_cannot_sign_the_browser_in_or_out(sqlite_central: Embedded) -> None:
    cross = {"Sec-Fetch-Site": "cross-site"}
    login = httpx.post(f"{sqlite_central.base_url}/admin/connexion", data={"secret": sqlite_central.enrolment_token},
                       headers=cross)  # fmt: skip
    assert login.status_code == 403 and "guichet_admin=" not in login.headers.get("set-cookie", "")
    cookie = _sign_in(sqlite_central)
    out = httpx.post(f"{sqlite_central.base_url}/admin/deconnexion", cookies={"guichet_admin": cookie}, headers=cross)
    assert out.status_code == 403
    assert _page(sqlite_central, cookie).status_code == 200


# -- (d) a reset code: guesses sent together ---------------------------------------------------------------------------


@pytest.mark.postgres
def test_wrong_reset_codes_sent_together_use_up_the_code_s_tries(pg_central: Embedded) -> None:
    """Before: on PostgreSQL each redeem read the code's tries and wrote tries + 1 without a lock, so guesses sent at
    once counted as fewer and the code stayed open to more than its 5 tries. They are now counted one
    after the other (the station's lock, as the look-up limits): the right code, after them, is refused."""
    import base64
    import threading

    from central.reset_codes import RESET_MAX_ATTEMPTS, _code_hash
    from central.security_tables import reset_codes

    st = Station.enrol(pg_central.base_url, pg_central.enrolment_token)
    st.enrol_agent("agent-r")
    now = datetime.now(UTC)
    with pg_central.engine.begin() as conn:  # a code as issue_reset_code keeps it (the mail goes to a spool)
        conn.execute(
            insert(reset_codes).values(
                agent_id="agent-r", code_hash=_code_hash("agent-r", "ABCD2345"), created_at=now,
                expires_at=now + timedelta(minutes=15), attempts=0,
            )
        )  # fmt: skip
    key = base64.b64encode(bytes(range(1, 33))).decode("ascii")
    start = threading.Barrier(24)
    statuses: list[int] = []

    def guess(n: int) -> None:
        body = {"login": "agent-r", "code": f"WXYZ{2345 + n}"[:8], "ephemeral_public_key": key}
        with httpx.Client(base_url=pg_central.base_url, headers=_bearer(st.token), timeout=60) as client:
            client.get("/v1/time")  # connected before the start: the guesses arrive together
            start.wait()
            statuses.append(client.post("/v1/security/reset-codes/redeem", json=body).status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [403] * 24
    with pg_central.engine.connect() as conn:
        tries = conn.execute(select(reset_codes.c.attempts)).scalar_one()
    assert tries == RESET_MAX_ATTEMPTS
    right = {"login": "agent-r", "code": "ABCD2345", "ephemeral_public_key": key}
    assert st.http.post("/v1/security/reset-codes/redeem", json=right).status_code == 403


def test_rotating_forwarded_addresses_does_not_reset_an_administrator_s_wait(sqlite_central: Embedded) -> None:
    """The sign-in's wait is the account's, whatever address the request claims to come from."""
    from central import admin_accounts as accounts

    password = "Ours-brun-du-Vercors-1987"
    accounts.add_account(sqlite_central.engine, login="jeanne.martin", name="Jeanne Martin", password=password,
                         now=datetime.now(UTC))  # fmt: skip

    def sign_in(secret: str, n: int) -> int:
        shown = httpx.get(f"{sqlite_central.base_url}/admin/revue")
        form = {"identifiant": "jeanne.martin", "mot_de_passe": secret, "jeton": page_token(shown.text)}
        headers = {"X-Forwarded-For": f"203.0.113.{n}", "X-Real-IP": f"198.51.100.{n}", "Forwarded": f"for=192.0.2.{n}"}
        return httpx.post(f"{sqlite_central.base_url}/admin/connexion", data=form, headers=headers,
                          cookies=shown.cookies).status_code  # fmt: skip

    assert [sign_in("mauvais-mot-de-passe", n) for n in range(accounts.FREE_FAILURES)] == [401] * 5
    assert sign_in(password, 99) == 401  # the account waits: a new address changes nothing


def test_a_station_cannot_push_another_station_s_record_id_even_with_its_content(central: Embedded) -> None:
    from centralkit import DUBOIS, procuration_body

    a = Station.enrol(central.base_url, central.enrolment_token, "poste-a")
    b = Station.enrol(central.base_url, central.enrolment_token, "poste-b")
    body = procuration_body(MARTIN, DUBOIS)
    assert b.push(b.batch(("procuration.etablie", body, NOW))).status_code == 200
    for sent in (body, {**body, "agent_id": "agent-a"}):  # B's record as B sent it, then changed
        answer = a.push(a.batch(("procuration.etablie", sent, NOW)))
        assert answer.status_code == 409 and "verdicts" not in answer.json(), answer.text
        a.seq -= 1  # the refused batch took no sequence number


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/changes"), ("GET", "/v1/admin/reviews"), ("GET", "/v1/national"), ("POST", "/v1/stations")],
)
def test_a_bearer_that_is_not_ascii_is_refused_not_a_server_error(
    sqlite_central: Embedded, method: str, path: str
) -> None:
    headers = {"Authorization": "Bearer s\xe9cret-\xff".encode("latin-1")}
    answer = httpx.request(method, f"{sqlite_central.base_url}{path}", headers=headers, json={"label": "x"})
    assert answer.status_code == 401, answer.status_code

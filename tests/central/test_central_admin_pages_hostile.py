"""The administrators' pages against what a station (or a session) puts on them, through a real HTTP server on
127.0.0.1 (the embedded central store): a station's label, a typed name and note, the headers and the cookies.

What held and is kept as a guard: every text is escaped (a `<script>`, a quote breaking an attribute), the pages
carry no script (CSP `default-src 'none'`), the review page shows no party of a procuration (R-DATA-3). What did not:
- a station enrolled by the shared secret named itself with a direction override or an invisible character (the
  command line and the stations file refuse them): « Commissariat de \u202eSNEL » read « Commissariat de LENS »;
  the refusals table showed the label alone, so two stations of the same label read as one;
- the session cookie was `Secure` only when the request reached the store in HTTPS, which behind a TLS proxy or
  load balancer (DEPLOYMENT.md) it never does: the browser sent it in clear to any `http://` address of the host;
- `/admin/national.json` could be stored by a cache (no `Cache-Control`), and the pages said `frame-ancestors` only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from centralkit import DUBOIS, MARTIN, Station, page_token, procuration_body, shown_outcome, sign_in_form

from central.admin_accounts import Administrator
from central.embedded import Embedded
from central.national import NationalFigures, StationFigures
from central.national_page import national_page
from central.schema import stations

OVERRIDE, ZERO_WIDTH = "\u202e", "\u200b"
LENS = "Commissariat de LENS"
FAKE_LENS = f"Commissariat de {OVERRIDE}SNEL"  # what a browser draws « Commissariat de LENS »
PUBLIC_HOST = "guichet-central.interieur.gouv.fr"  # the browser's Host, through a TLS proxy or load balancer


def _reviewed(central: Embedded, label: str) -> Station:
    """A station of this label whose act opened a review (an agent the central store never enrolled), silent for
    two days since (listed on the national page)."""
    station = Station.enrol(central.base_url, central.enrolment_token, label="poste")
    body = procuration_body(MARTIN, DUBOIS)
    assert station.push(station.batch(("procuration.etablie", body, datetime.now(UTC)))).status_code == 200
    with central.engine.begin() as conn:  # a label stored as it came (a store of before, or another path)
        silent = datetime.now(UTC) - timedelta(days=2)
        conn.execute(
            stations.update().where(stations.c.id == station.station_id).values(label=label, last_contact=silent)
        )
    return station


def test_a_station_enrolled_by_the_shared_secret_cannot_name_itself_with_a_direction_override(
    central: Embedded,
) -> None:
    for label in (FAKE_LENS, f"Commissariat de{ZERO_WIDTH} LENS", f"{LENS}\u2066"):
        refused = httpx.post(
            f"{central.base_url}/v1/stations",
            json={"label": label},
            headers={"Authorization": f"Bearer {central.enrolment_token}"},
        )
        assert refused.status_code == 422, refused.text
        assert "de direction interdit dans le libellé du poste" in refused.json()["message"]
    with central.engine.connect() as conn:
        assert conn.execute(stations.select()).first() is None  # nothing enrolled
    assert Station.enrol(central.base_url, central.enrolment_token, label=LENS).station_id  # a plain label still is


def test_a_label_stored_with_a_direction_override_reads_as_what_it_is_on_both_pages(sqlite_central: Embedded) -> None:
    hostile = _reviewed(sqlite_central, f'{FAKE_LENS}{ZERO_WIDTH}"><b id="x">')
    with httpx.Client(base_url=sqlite_central.base_url) as browser:
        assert sign_in_form(browser, secret=sqlite_central.enrolment_token).status_code == 303
        for path in ("/admin/national", "/admin/revue"):
            page = browser.get(path).text
            assert OVERRIDE not in page and ZERO_WIDTH not in page, path
            assert "Commissariat de SNEL&quot;&gt;&lt;b id=&quot;x&quot;&gt;" in page, path  # escaped, read as typed
        assert hostile.station_id[:8] in browser.get("/admin/revue").text


def test_two_stations_of_the_same_label_are_told_apart_in_the_refusals_table() -> None:
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    day = now.date()
    twins = [StationFigures(f"{n}0000000-0000-4000-8000-000000000000", LENS, now, 1) for n in (1, 2)]
    for twin in twins:
        twin.refusals[day] += 1
        twin.rules["R-LIMIT-1"] += 1
    figures = NationalFigures(now, (day - timedelta(days=1), day), tuple(twins), (0, 2))
    page = national_page(figures, who=Administrator(login="a.b", name="A B"))
    table = page.split('id="refusals"', 1)[1].split("</table>", 1)[0]
    assert table.count(LENS) == 2
    assert all(twin.id in table for twin in twins)


def test_the_session_cookie_is_secure_behind_a_tls_proxy(sqlite_central: Embedded) -> None:
    """The store hears plain HTTP from the proxy, but the browser's `Host` is the public one: both cookies `Secure`."""
    with httpx.Client(base_url=sqlite_central.base_url, headers={"Host": PUBLIC_HOST}) as browser:
        shown = browser.get("/admin/national")
        assert shown.status_code == 401
        assert "guichet_admin_avant=" in shown.headers["set-cookie"] and "Secure" in shown.headers["set-cookie"]
        pre = shown.cookies["guichet_admin_avant"]  # httpx keeps no Secure cookie over http: sent by hand
        signed = browser.post(
            "/admin/connexion",
            data={"secret": sqlite_central.enrolment_token, "jeton": page_token(shown.text)},
            cookies={"guichet_admin_avant": pre},
        )
        assert signed.status_code == 303, signed.text
        session = [c for c in signed.headers.get_list("set-cookie") if c.startswith("guichet_admin=")]
        assert session and "Secure" in session[0] and "HttpOnly" in session[0] and "SameSite=strict" in session[0]
    # Plain HTTP on this machine (a test, the demo): not Secure, or the browser would keep nothing.
    with httpx.Client(base_url=sqlite_central.base_url) as local:
        assert sign_in_form(local, secret=sqlite_central.enrolment_token).status_code == 303
        assert local.get("/admin/national").status_code == 200


def test_the_pages_and_their_data_are_never_stored_framed_or_sniffed(sqlite_central: Embedded) -> None:
    base = sqlite_central.base_url
    assert httpx.get(f"{base}/admin/national.json").headers.get("cache-control") == "no-store"  # the 401 too
    with httpx.Client(base_url=base) as browser:
        assert sign_in_form(browser, secret=sqlite_central.enrolment_token).status_code == 303
        data = browser.get("/admin/national.json")
        assert data.status_code == 200
        assert (
            data.headers.get("cache-control") == "no-store" and data.headers.get("x-content-type-options") == "nosniff"
        )
        for path in ("/admin/national", "/admin/revue"):
            page = browser.get(path)
            assert page.headers.get("x-frame-options") == "DENY", path
            assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
            assert page.headers.get("cache-control") == "no-store"
            assert page.headers.get("strict-transport-security") == "max-age=31536000"  # the pages need HTTPS


def test_a_typed_name_and_note_read_as_typed_on_the_review_page(sqlite_central: Embedded) -> None:
    """A name typed in a secret's session (nothing checks it) and a note: escaped, no direction override."""
    _reviewed(sqlite_central, LENS)
    with httpx.Client(base_url=sqlite_central.base_url) as browser:
        assert sign_in_form(browser, secret=sqlite_central.enrolment_token).status_code == 303
        shown = browser.get("/admin/revue").text
        review_id = shown.split('action="/admin/revue/', 1)[1].split('"', 1)[0]
        form = {
            "decision": "maintenue",
            "par": f"Mme {OVERRIDE}MANIMDA",  # drawn « Mme ADMINAM »
            "motif": '</td><script>alert(1)</script>"',
            "jeton": page_token(shown),
            "vu": shown_outcome(shown),
        }
        assert browser.post(f"/admin/revue/{review_id}", data=form).status_code == 303
        page = browser.get("/admin/revue").text
    decided = page.split("Dernières décisions", 1)[1]
    assert OVERRIDE not in decided and "Mme MANIMDA" in decided
    assert "&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;" in decided and "<script>" not in decided
    assert str(MARTIN["nom"]) not in page and str(DUBOIS["nom"]) not in page  # R-DATA-3: no party on the page

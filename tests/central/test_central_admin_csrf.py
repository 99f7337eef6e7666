"""Sign-in and sign-out of the administrators' pages against another site's form (login CSRF), through a real
HTTP server on 127.0.0.1 (the embedded central store).

A browser that sends no `Sec-Fetch-Site` (older browsers) and an `Origin: null` (a page with `Referrer-Policy:
no-referrer`, a sandboxed frame) passed the cross-site check: the hostile page could sign the browser in to the
attacker's administrator account (what the victim then decides is decided in the attacker's name, and what they type
lands in the attacker's session), or sign the administrator out. Both forms now carry a token: sign-in's is bound
to a pre-session cookie (SameSite=Strict, set by the page that shows the form), sign-out's to the session.
"""

from __future__ import annotations

import httpx

from central import admin_session
from central.embedded import Embedded

HOSTILE = {"Origin": "null"}  # what a no-referrer page's form sends; no Sec-Fetch-Site (an older browser)


def _token(page: str) -> str:
    """A page's hidden form token ('' when it has none)."""
    marker = f'name="{admin_session.FORM_TOKEN}" value="'
    return page.split(marker, 1)[1].split('"', 1)[0] if marker in page else ""


def _signed_in(emb: Embedded) -> httpx.Client:
    """A browser-like client signed in through the login form (its pre-session cookie and token)."""
    client = httpx.Client(base_url=emb.base_url)
    shown = client.get("/admin/national")
    assert shown.status_code == 401
    answer = client.post("/admin/connexion", data={"secret": emb.enrolment_token, "jeton": _token(shown.text)})
    assert answer.status_code == 303, answer.text
    assert client.get("/admin/national").status_code == 200
    return client


def test_another_site_cannot_sign_the_browser_in_to_an_account_of_its_choosing(sqlite_central: Embedded) -> None:
    forged = httpx.post(
        f"{sqlite_central.base_url}/admin/connexion", data={"secret": sqlite_central.enrolment_token}, headers=HOSTILE
    )
    assert forged.status_code == 403 and admin_session.COOKIE not in forged.cookies
    assert "Rechargez la page" in forged.text
    # The attacker's own pre-session token, without its cookie (a cross-site post carries no SameSite=Strict cookie)
    shown = httpx.get(f"{sqlite_central.base_url}/admin/revue")
    replayed = httpx.post(
        f"{sqlite_central.base_url}/admin/connexion",
        data={"secret": sqlite_central.enrolment_token, "jeton": _token(shown.text)},
        headers=HOSTILE,
    )
    assert replayed.status_code == 403 and admin_session.COOKIE not in replayed.cookies
    # The page's own form, in the same browser: signed in.
    _signed_in(sqlite_central).close()


def test_another_site_cannot_sign_the_administrator_out(sqlite_central: Embedded) -> None:
    browser = _signed_in(sqlite_central)
    try:
        out = browser.post("/admin/deconnexion", headers=HOSTILE)
        assert out.status_code == 403
        assert browser.get("/admin/national").status_code == 200  # still signed in, on the server too
        page = browser.get("/admin/national").text
        assert 'action="/admin/deconnexion"' in page
        mine = browser.post("/admin/deconnexion", data={"jeton": _token(page)})
        assert mine.status_code == 303
        assert browser.get("/admin/national").status_code == 401
    finally:
        browser.close()

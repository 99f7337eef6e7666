"""The administrators' session on the central store's pages: sign-in, the signed cookie, sign-out.

The cookie (HttpOnly, SameSite=Strict, scoped to /admin, 8 hours) carries its expiry, a random part of its own, the
account's login and epoch
(`-` for the administrative secret), and an HMAC under a key derived from the secret: changing the secret ends every
session, a new password or a removal ends the account's (its epoch moves on). Each page asks `signed_in`, which
holds the cookie to the store as it is now (central/admin_accounts.py `session_holder`).

Signing out ends the session on the server too (its cookie's MAC is kept until the cookie's end): a copy of the
cookie opens nothing after it. A form that changes something carries the session's form token (`form_token`, an
HMAC of the cookie's MAC), and any post a browser says came from another site (`Sec-Fetch-Site`, or an `Origin` of
another host) is refused: SameSite=Strict alone lets a sibling host post (audit of 6 December 2026).

Sign-in and sign-out carry a token too (login CSRF, session 32): a browser that sends no `Sec-Fetch-Site` and an
`Origin: null` (a page with `Referrer-Policy: no-referrer`, a sandboxed frame) proved nothing, so another site could
sign the browser in to an account of its choosing, or sign the administrator out. Sign-out's is the session's form
token; sign-in's is bound to a pre-session cookie (`PRE_COOKIE`, a random value, HttpOnly, SameSite=Strict) that the
page showing the form sets: another site's post carries neither that cookie nor a token bound to it. What is left:
a host of the same site that can set cookies for this one (cookie tossing) and a browser that sends no
`Sec-Fetch-Site`; serve the pages on a host of their own.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from central.admin_accounts import (
    Administrator,
    any_active,
    end_sessions,
    session_holder,
    shared_attempt,
    sign_in,
    sign_out,
)
from central.admin_attempts import client_source

COOKIE = "guichet_admin"
SESSION_SECONDS = 8 * 3600
_NO_ACCOUNT = "-"
FORM_TOKEN = "jeton"  # the hidden field of a page's forms
CROSS_SITE = "Requête venue d'un autre site : refusée. Ouvrez la page du répertoire central puis recommencez."
FORM_EXPIRED = (
    "Formulaire expiré ou venu d'une autre page : rien n'a été fait. Rechargez la page du répertoire central puis "
    "recommencez."
)
WAITING = (
    "Trop d'essais refusés : la connexion est suspendue quelques minutes. Réessayez plus tard ; si l'attente dure, "
    "un administrateur du serveur peut la lever (guichet-central admin unblock)."
)
PRE_COOKIE = "guichet_admin_avant"  # the pre-session cookie the sign-in form's token is bound to
PRE_SECONDS = 2 * 3600


def _mac(secret: str, expires: int, nonce: str, login: str, epoch: int) -> str:
    key = hashlib.sha256(b"guichet-admin-session|" + secret.encode()).digest()
    return hmac.new(key, f"admin|{expires}|{nonce}|{login}|{epoch}".encode(), hashlib.sha256).hexdigest()


def session_cookie(secret: str, who: Administrator | None = None, *, now: float | None = None) -> str:
    """A cookie value for `who` (None: the administrative secret); each sign-in's is its own (a random part), so
    signing one out ends that one only, and its form token is its own."""
    expires = int((now or time.time()) + SESSION_SECONDS)
    nonce = secrets.token_hex(8)
    login, epoch = (who.login, who.epoch) if who is not None and who.login else (_NO_ACCOUNT, 0)
    return f"{expires}.{nonce}.{login}.{epoch}.{_mac(secret, expires, nonce, login, epoch)}"


def read_cookie(secret: str, value: str | None, *, now: float | None = None) -> tuple[str | None, int] | None:
    """(login or None for the secret, epoch) of a cookie whose MAC holds and which has not expired; else None."""
    if not value or not secret or len(value) > 300:
        return None
    parts = value.split(".")
    if len(parts) < 5:
        return None
    expires_text, nonce, epoch_text, mac = parts[0], parts[1], parts[-2], parts[-1]
    login = ".".join(parts[2:-2])  # a login may hold dots
    # ASCII digits, 20 at most: « ² » is a digit to `isdigit` and not to `int`, and `int` refuses over 4,300 digits
    # (both a 500 on a forged cookie until session 25).
    if not (_number(expires_text) and _number(epoch_text)) or int(expires_text) < (now or time.time()):
        return None
    if not (len(mac) == 64 and mac.isascii()):  # compare_digest raises on a non-ASCII text: a 500 (audit of 6 Dec.)
        return None
    if not hmac.compare_digest(mac, _mac(secret, int(expires_text), nonce, login, int(epoch_text))):
        return None
    return (None if login == _NO_ACCOUNT else login), int(epoch_text)


def _number(text: str) -> bool:
    return 0 < len(text) <= 20 and text.isascii() and text.isdigit()


def signed_in(engine: Engine, secret: str, request: Request) -> Administrator | None:
    """Who this request's cookie names, if they may still see the pages (not signed out, account unchanged)."""
    value = request.cookies.get(COOKIE)
    found = read_cookie(secret, value)
    if found is None or value is None:
        return None
    return session_holder(engine, *found, mac=_mac_of(value))


def _mac_of(value: str) -> str:
    return value.rsplit(".", 1)[-1]


def form_token(secret: str, request: Request) -> str:
    """The token this request's session puts in its forms ('' without a cookie): bound to that one cookie."""
    value = request.cookies.get(COOKIE)
    if not value:
        return ""
    key = hashlib.sha256(b"guichet-admin-form|" + secret.encode()).digest()
    return hmac.new(key, _mac_of(value).encode(), hashlib.sha256).hexdigest()[:32]


def from_elsewhere(request: Request) -> bool:
    """Whether a browser says this post comes from another site: `Sec-Fetch-Site` cross-site or same-site (a
    sibling host), or an `Origin` naming another host. The pages send no referrer, so their own posts carry
    `Origin: null`, which proves nothing either way: the form token is what holds then."""
    if request.headers.get("sec-fetch-site", "").lower() in ("cross-site", "same-site"):
        return True
    origin = request.headers.get("origin", "")
    if not origin or origin == "null":
        return False
    hosts = {request.headers.get("host", "").lower()}
    hosts |= {h.strip().lower() for h in request.headers.get("x-forwarded-host", "").split(",") if h.strip()}
    return urlsplit(origin).netloc.lower() not in hosts


def form_allowed(secret: str, request: Request, given: str) -> bool:
    """A post of a signed-in page: its session's form token, and not from another site."""
    expected = form_token(secret, request)
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode()) and not from_elsewhere(request)


def pre_session(request: Request) -> str:
    """The value of this browser's pre-session cookie, or a new one (set it with `keep_pre_session`)."""
    value = request.cookies.get(PRE_COOKIE, "")
    if len(value) == 32 and value.isascii() and all(c in "0123456789abcdef" for c in value):
        return value
    return secrets.token_hex(16)


def sign_in_token(secret: str, pre: str) -> str:
    """The token the sign-in form carries: bound to the pre-session cookie `pre`."""
    key = hashlib.sha256(b"guichet-admin-sign-in|" + secret.encode()).digest()
    return hmac.new(key, pre.encode(), hashlib.sha256).hexdigest()[:32]


def secure_cookie(request: Request) -> bool:
    """Whether the pages' cookies are `Secure`: always, but for plain HTTP on this machine (a test, the demo).

    Behind a TLS proxy or load balancer the request reaches the store in plain HTTP (uvicorn believes
    `X-Forwarded-Proto` from 127.0.0.1 only, and neither DEPLOYMENT.md nor a default proxy sets it), so the session
    cookie went out without `Secure`: the browser sent it in clear to any `http://` address of the host an attacker
    on the network led it to. A browser keeps no `Secure` cookie from a plain HTTP page of another host: the pages
    are for HTTPS."""
    if request.url.scheme == "https":
        return True
    host = (request.url.hostname or "").strip("[]").lower()
    return not (host == "localhost" or host.endswith(".localhost") or _loopback_address(host))


def _loopback_address(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def keep_pre_session(answer: Response, pre: str, request: Request) -> None:
    """Set (or refresh) the pre-session cookie on a page that shows the sign-in form."""
    answer.set_cookie(
        PRE_COOKIE,
        pre,
        max_age=PRE_SECONDS,
        httponly=True,
        samesite="strict",
        secure=secure_cookie(request),
        path="/admin",
    )


def sign_in_allowed(secret: str, request: Request, given: str) -> bool:
    """A sign-in post of this store's own form, in the browser that was shown it, and not from another site."""
    pre = request.cookies.get(PRE_COOKIE, "")
    if not pre or not given.isascii():
        return False
    return hmac.compare_digest(given.encode(), sign_in_token(secret, pre).encode()) and not from_elsewhere(request)


def accounts_exist(engine: Engine) -> bool:
    with engine.connect() as conn:
        return any_active(conn)


def create_router(engine: Engine, *, admin_secret: str, login_page: Callable[..., Response]) -> APIRouter:
    """POST /admin/connexion and /admin/deconnexion. `login_page(request, named=..., error=..., status=..., login=...)`
    answers a refusal (the sign-in form, with its pre-session cookie and token)."""
    router = APIRouter()

    @router.post("/admin/connexion", include_in_schema=False)
    async def login(request: Request) -> Response:
        if from_elsewhere(request):  # another site signing the browser in to an account of its choosing
            return login_page(request, error=CROSS_SITE, status=403)
        form = parse_qs((await request.body())[:4096].decode("utf-8", "replace"))
        if not sign_in_allowed(admin_secret, request, form.get(FORM_TOKEN, [""])[0]):  # checked before any password
            return login_page(request, error=FORM_EXPIRED, status=403)
        now = datetime.now(UTC)
        source = client_source(request.client.host if request.client else None)
        # On a worker thread: the Argon2id check (and the store) must not hold up the event loop, which every other
        # request of this process waits on (8 sign-ins at once kept the stations' pushes waiting, 7 Dec. 2026).
        named = await run_in_threadpool(accounts_exist, engine)
        typed = form.get("identifiant", [""])[0][:64]
        if named:
            outcome = await run_in_threadpool(
                lambda: sign_in(
                    engine,
                    login=typed,
                    password=form.get("mot_de_passe", [""])[0][:1024],
                    now=now,
                    source=source,
                )
            )
            error = "Identifiant ou mot de passe incorrect (après plusieurs essais, attendez quelques minutes)."
        else:
            given = form.get("secret", [""])[0][:1024]
            outcome = await run_in_threadpool(
                lambda: shared_attempt(engine, given=given, secret=admin_secret, now=now, source=source)
            )
            error = "Secret d'administration incorrect."
        if outcome.who is None:
            shown = WAITING if outcome.waiting else error
            return login_page(request, named=named, error=shown, status=401, login=typed if named else "")
        who = outcome.who if outcome.who.login else None
        answer = RedirectResponse("/admin/national", status_code=303)
        answer.set_cookie(
            COOKIE,
            session_cookie(admin_secret, who),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="strict",
            secure=secure_cookie(request),
            path="/admin",
        )
        answer.delete_cookie(PRE_COOKIE, path="/admin")  # spent: the next sign-in form gets a new one
        return answer

    @router.post("/admin/deconnexion", include_in_schema=False)
    async def logout(request: Request) -> Response:
        if from_elsewhere(request):
            return login_page(request, error=CROSS_SITE, status=403)
        value = request.cookies.get(COOKIE)
        found = read_cookie(admin_secret, value)
        form = parse_qs((await request.body())[:4096].decode("utf-8", "replace"))
        if found is not None and not form_allowed(admin_secret, request, form.get(FORM_TOKEN, [""])[0]):
            return login_page(request, error=FORM_EXPIRED, status=403)  # another page's form: still signed in
        if found is not None and value is not None:  # ended here too: a copy of the cookie opens nothing after this
            ends = datetime.fromtimestamp(int(value.split(".", 1)[0]), UTC)
            sign_out(engine, mac=_mac_of(value), expires_at=ends, now=datetime.now(UTC))
        answer = RedirectResponse("/admin/national", status_code=303)
        answer.delete_cookie(COOKIE, path="/admin")
        return answer

    @router.post("/admin/deconnexion-partout", include_in_schema=False)
    async def logout_everywhere(request: Request) -> Response:
        """« Fermer toutes mes sessions » (a forgotten browser, a lost laptop): every session of the account ends,
        this one included; the password stays."""
        form = parse_qs((await request.body())[:4096].decode("utf-8", "replace"))
        if not form_allowed(admin_secret, request, form.get(FORM_TOKEN, [""])[0]):
            return login_page(request, error=FORM_EXPIRED, status=403)
        who = await run_in_threadpool(signed_in, engine, admin_secret, request)
        if who is None or who.login is None:  # the secret's sessions end when the secret changes
            return login_page(request, status=401)
        login = who.login
        await run_in_threadpool(lambda: end_sessions(engine, login=login, now=datetime.now(UTC)))
        answer = RedirectResponse("/admin/national", status_code=303)
        answer.delete_cookie(COOKIE, path="/admin")
        return answer

    return router

"""The administrators' session on the central store's pages: sign-in, the signed cookie, sign-out.

The cookie (HttpOnly, SameSite=Strict, scoped to /admin, 8 hours) carries its expiry, the account's login and epoch
(`-` for the administrative secret), and an HMAC under a key derived from the secret: changing the secret ends every
session, a new password or a removal ends the account's (its epoch moves on). Each page asks `signed_in`, which
holds the cookie to the store as it is now (central/admin_accounts.py `session_holder`).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from central import auth
from central.admin_accounts import Administrator, any_active, authenticate, session_holder, shared_sign_in

COOKIE = "guichet_admin"
SESSION_SECONDS = 8 * 3600
_NO_ACCOUNT = "-"


def _mac(secret: str, expires: int, login: str, epoch: int) -> str:
    key = hashlib.sha256(b"guichet-admin-session|" + secret.encode()).digest()
    return hmac.new(key, f"admin|{expires}|{login}|{epoch}".encode(), hashlib.sha256).hexdigest()


def session_cookie(secret: str, who: Administrator | None = None, *, now: float | None = None) -> str:
    """A cookie value for `who` (None: the administrative secret)."""
    expires = int((now or time.time()) + SESSION_SECONDS)
    login, epoch = (who.login, who.epoch) if who is not None and who.login else (_NO_ACCOUNT, 0)
    return f"{expires}.{login}.{epoch}.{_mac(secret, expires, login, epoch)}"


def read_cookie(secret: str, value: str | None, *, now: float | None = None) -> tuple[str | None, int] | None:
    """(login or None for the secret, epoch) of a cookie whose MAC holds and which has not expired; else None."""
    if not value or not secret or len(value) > 300:
        return None
    parts = value.split(".")
    if len(parts) < 4:
        return None
    expires_text, epoch_text, mac = parts[0], parts[-2], parts[-1]
    login = ".".join(parts[1:-2])  # a login may hold dots
    # ASCII digits, 20 at most: « ² » is a digit to `isdigit` and not to `int`, and `int` refuses over 4,300 digits
    # (both a 500 on a forged cookie until session 25).
    if not (_number(expires_text) and _number(epoch_text)) or int(expires_text) < (now or time.time()):
        return None
    if not hmac.compare_digest(mac, _mac(secret, int(expires_text), login, int(epoch_text))):
        return None
    return (None if login == _NO_ACCOUNT else login), int(epoch_text)


def _number(text: str) -> bool:
    return 0 < len(text) <= 20 and text.isascii() and text.isdigit()


def signed_in(engine: Engine, secret: str, request: Request) -> Administrator | None:
    """Who this request's cookie names, if they may still see the pages."""
    found = read_cookie(secret, request.cookies.get(COOKIE))
    if found is None:
        return None
    return session_holder(engine, *found)


def accounts_exist(engine: Engine) -> bool:
    with engine.connect() as conn:
        return any_active(conn)


def create_router(engine: Engine, *, admin_secret: str, login_page: Callable[..., Response]) -> APIRouter:
    """POST /admin/connexion and /admin/deconnexion. `login_page(named=..., error=...)` answers a refusal."""
    router = APIRouter()

    @router.post("/admin/connexion", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = parse_qs((await request.body())[:4096].decode("utf-8", "replace"))
        now = datetime.now(UTC)
        named = accounts_exist(engine)
        who: Administrator | None
        if named:
            who = authenticate(
                engine,
                login=form.get("identifiant", [""])[0][:64],
                password=form.get("mot_de_passe", [""])[0][:1024],
                now=now,
            )
            error = "Identifiant ou mot de passe incorrect (après plusieurs essais, attendez quelques minutes)."
        else:
            who = None
            if not auth.same_secret(form.get("secret", [""])[0], admin_secret):
                return login_page(named=False, error="Secret d'administration incorrect.")
            shared_sign_in(engine, now=now)
        if named and who is None:
            return login_page(named=True, error=error)
        answer = RedirectResponse("/admin/national", status_code=303)
        answer.set_cookie(
            COOKIE,
            session_cookie(admin_secret, who),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/admin",
        )
        return answer

    @router.post("/admin/deconnexion", include_in_schema=False)
    def logout() -> Response:
        answer = RedirectResponse("/admin/national", status_code=303)
        answer.delete_cookie(COOKIE, path="/admin")
        return answer

    return router

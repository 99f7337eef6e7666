"""ASGI middlewares that refuse cheaply: credentials before any body is read, one push at a time per station, then
bodies over a size limit or sent too slowly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import anyio
import pydantic_core
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desktop.sync.wire import Refusal

# When a 503 tells the station to come back (Retry-After, seconds): the database restarting, its connection slots all
# taken, a lock held by someone else (central/app.py's handler, the guard's).
RETRY_AFTER_SECONDS = 5


@dataclass(frozen=True, slots=True)
class Pace:
    """How slowly a body may arrive: within `grace` seconds, plus one second per `min_rate` bytes received.

    A client sending a few bytes a second held a request slot for ever (slowloris; sync/security audit, 6 December
    2026); it is now cut off after `grace` seconds (408). A station on a slow line is not: at `min_rate` bytes a
    second or more, each byte buys it time (an 8 MiB body may take up to 8 min 40 s at the defaults)."""

    grace: float = 10.0
    min_rate: int = 16 * 1024


class BodyLimit:
    """Read the whole body (at most `max_bytes`) before the application sees it; answer 413 past the limit, 408 when
    it arrives slower than `pace` allows.

    FastAPI parses a declared body before any dependency runs, so the limit cannot be a dependency; a declared
    Content-Length is checked first, a chunked body is counted as it arrives. A body of more JSON values than the
    route's model can hold (STATE_MAX_VALUES) is refused 422 before the route validates it.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int, pace: Pace | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.pace = pace or Pace()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # every method: a GET may carry a body too
            await self.app(scope, receive, send)
            return
        limit = min(self.max_bytes, scope.get("state", {}).get(STATE_MAX_BODY, self.max_bytes))
        if _declared_too_large(scope, limit):
            await _too_large(send)
            return
        try:
            body = await _read(receive, limit, self.pace)
        except TimeoutError:
            await _too_slow(send)
            return
        if body is None:
            await _too_large(send)
            return
        budget = scope.get("state", {}).get(STATE_MAX_VALUES)
        if budget is not None and len(body) > COUNTED_FROM and await run_in_threadpool(_too_many_values, body, budget):
            await _refuse(send, 422, "format", f"plus de {budget} valeurs JSON : requête refusée avant validation")
            return
        await self.app(scope, _replay(body, receive), send)


def _too_many_values(body: bytes, budget: int) -> bool:
    """Whether the JSON in `body` holds more than `budget` values (on a worker thread; not JSON: the route says)."""
    try:
        root = pydantic_core.from_json(body)
    except ValueError:
        return False
    count = 0
    stack = [root]
    while stack:
        item = stack.pop()
        count += 1
        if count > budget:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _declared_too_large(scope: Scope, max_bytes: int) -> bool:
    declared = dict(scope.get("headers") or []).get(b"content-length")
    return declared is not None and (not declared.isdigit() or int(declared) > max_bytes)


async def _read(receive: Receive, max_bytes: int, pace: Pace) -> bytes | None:
    """The whole body, or None past the limit (a client gone midway gets the same: nobody reads the answer); raises
    TimeoutError when the body is not all there within `pace.grace` seconds plus one per `pace.min_rate` bytes."""
    chunks: list[bytes] = []
    size = 0
    more = True
    start = anyio.current_time()
    while more:
        with anyio.fail_after(max(0.0, start + pace.grace + size / pace.min_rate - anyio.current_time())):
            message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            return None
        chunks.append(chunk)
        more = bool(message.get("more_body", False))
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that gives the buffered body once, then whatever the client sends (disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _too_large(send: Send) -> None:
    await _refuse(send, 413, "taille", "corps de requête trop volumineux")


async def _too_slow(send: Send) -> None:
    # The rest of the body may still be on its way: the connection is closed after the answer.
    message = "corps de requête reçu trop lentement : envoi interrompu, réessayez"
    await _refuse(send, 408, "delai", message, close=True)


class OnePerStation:
    """At most one request in flight per station on the routes that mark it (the push): a second one, while the
    first is still sending its body or being applied, gets a 429 with Retry-After before any of its body is read.

    The guard (CredentialsFirst, which runs first) puts the station's id under STATE_ONE_AT_A_TIME. Per process:
    with `serve --workers N`, a station has at most N pushes in flight."""

    def __init__(self, app: ASGIApp, *, retry_after: int = 5) -> None:
        self.app = app
        self.retry_after = retry_after
        self.busy: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        station = scope.get("state", {}).get(STATE_ONE_AT_A_TIME) if scope["type"] == "http" else None
        if station is None:
            await self.app(scope, receive, send)
            return
        if station in self.busy:
            message = "un lot de ce poste est déjà en cours de réception : réessayez dans quelques secondes"
            await _refuse(send, 429, "limite", message, retry_after=self.retry_after)
            return
        self.busy.add(station)
        try:
            await self.app(scope, receive, send)
        finally:
            self.busy.discard(station)


STATE_ONE_AT_A_TIME = "one_at_a_time"  # the station whose push this is (OnePerStation)
STATE_HEADERS = "answer_headers"
STATE_MAX_BODY = "max_body"  # a smaller body limit for this request, set before BodyLimit reads it
# The most JSON values this request's body may hold, counted on a worker thread before the route validates it when
# the body is over COUNTED_FROM bytes (a smaller one cannot hold enough values to cost; central/route_bodies.py).
STATE_MAX_VALUES = "max_values"
COUNTED_FROM = 64 * 1024
# What a route that asks for no credentials may be sent (public reads, unknown paths, the ministry's pages, whose
# forms are a few hundred bytes): anyone could otherwise make the server hold 8 MiB per connection, as long as they
# like (central audit, 4 December 2026).
PUBLIC_MAX_BODY = 64 * 1024


class GuardUnavailable(Exception):
    """The guard could not decide (the database did not answer): 503, retried by the station, never a 401."""

    retry_after = RETRY_AFTER_SECONDS  # the Retry-After of that 503, as the application's (central/app.py)


class CredentialsFirst:
    """Refuse a request to a protected route without valid credentials before any of its body is read.

    `guard(scope, token)` says whether the token opens the matched route; it may note the caller in
    `scope["state"]`, and headers to add to the answer under STATE_HEADERS. It runs on a worker thread, as it
    reads the database. Routes the guard does not protect (None: public reads, unknown paths) pass, with a body of
    PUBLIC_MAX_BODY at most.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        guard: Callable[[Scope, str], bool | None],
        public: Callable[[Scope], bool] = lambda _scope: False,
    ) -> None:
        self.app = app
        self.guard = guard
        self.public = public  # a request it names (a public route) needs no check: passed without a worker thread

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.public(scope):
            # Not behind the worker threads the token checks and the routes wait for: /v1/time, the stations' probe
            # and clock, answers while every thread waits for a database that does not answer (or a lock).
            scope.setdefault("state", {})[STATE_MAX_BODY] = PUBLIC_MAX_BODY
            await self.app(scope, receive, send)
            return
        token = _bearer(dict(scope.get("headers") or []).get(b"authorization", b""))
        try:
            allowed = await run_in_threadpool(self.guard, scope, token)
        except GuardUnavailable:
            message = "base de données momentanément indisponible : réessayez"
            await _refuse(send, 503, "indisponible", message, retry_after=GuardUnavailable.retry_after)
            return
        if allowed is False:
            await _refuse(send, 401, "identifiants", "identifiants absents, expirés ou révoqués", bearer=True)
            return
        if allowed is None:
            scope.setdefault("state", {})[STATE_MAX_BODY] = PUBLIC_MAX_BODY
        extra = list(scope.get("state", {}).get(STATE_HEADERS, ()))
        if not extra:
            await self.app(scope, receive, send)
            return

        async def send_with(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with)


def _bearer(header: bytes) -> str:
    scheme, _, value = header.decode("latin-1").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


async def _refuse(
    send: Send,
    status: int,
    code: str,
    message: str,
    *,
    bearer: bool = False,
    close: bool = False,
    retry_after: int | None = None,
) -> None:
    body = Refusal(error=code, message=message).to_json().encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if bearer:
        headers.append((b"www-authenticate", b"Bearer"))
    if close:
        headers.append((b"connection", b"close"))
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

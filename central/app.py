"""The HTTP API of the central store (/v1). Stateless: any number of processes may serve one database.

Request bodies and answers are the wire models of `desktop.sync.wire`: FastAPI validates them and publishes their
JSON Schema at /openapi.json (and /docs), so the documentation is the parser the station uses. Every refusal is a
`Refusal` body, documented per route; credentials are checked before any body is read (limits.CredentialsFirst).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError, ResponseValidationError
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match
from starlette.types import Scope

from central import auth, consult, enrolment, national, queries, review, review_page
from central.admin_accounts import create_admin_schema
from central.apply import BatchConflict, Rules, SeqConflict, StationRevoked, UnknownStation, apply_batch
from central.db import bound_lock_waits, lock_wait_ended
from central.edge import ERRORS, STATE_CALLER, CallerDep, bearer_scheme, errors, refusal
from central.limits import (
    PUBLIC_MAX_BODY,
    RETRY_AFTER_SECONDS,
    STATE_HEADERS,
    STATE_MAX_BODY,
    STATE_MAX_VALUES,
    STATE_ONE_AT_A_TIME,
    BodyLimit,
    CredentialsFirst,
    GuardUnavailable,
    OnePerStation,
)
from central.ownership import RecordConflict
from central.push_body import BATCH_BODY, SHOWN_ERRORS, publish_body, pushed_batch
from central.route_bodies import Bound, bound_for, route_limits
from central.security import create_security_schema
from central.statement_bound import statement_ran_out
from central.stations_csv import label_fault
from central.store_clock import Anchor
from central.throttle import Limits
from desktop import __version__
from desktop.rules.textlimits import MESSAGE_MAX
from desktop.sync.wire import (
    Batch,
    BatchResult,
    ChangesPage,
    Enrolment,
    EnrolRequest,
    LookupAnswer,
    LookupRequest,
    OnlineRequest,
    RequestFetch,
    ServerTime,
    TokenRenewal,
    describe,
)
from desktop.sync.wire.check import MAX_INT

log = logging.getLogger("guichet.central")
MAX_BODY = 8 * 1024 * 1024
TAGS = [
    {"name": "synchronisation", "description": "Lots des guichets, verdicts et fil des changements."},
    {"name": "consultation", "description": "Consultations au guichet (besoin d'en connaître)."},
    {"name": "enrôlement", "description": "Enrôlement des postes, renouvellement des jetons, heure du serveur."},
]
# Routes anyone may call (no body, nothing personal); every other route needs a token, checked before its body.
PUBLIC = frozenset(
    {
        "server_time",
        "escrow_key",
        "anchor_key",
        "receipt_keys",
        "openapi",
        "swagger_ui_html",
        "swagger_ui_redirect",
        "redoc_html",
    }
)
ENROLMENT = frozenset({"enrol"})
ONE_AT_A_TIME = frozenset({"push"})  # a station's second push while one is in flight: 429 (limits.OnePerStation)
# Routes for the central store's administrators: the bearer is the store's administrative secret, not a station token.
ADMIN_PREFIXES = ("/v1/admin/", "/v1/national", "/v1/registre/")
ADMIN_PAGES = "/admin/"  # the ministry's pages: a signed session cookie, checked by the routes themselves
EXPIRES_HEADER = b"guichet-token-expires"
StationPath = Annotated[str, Path(min_length=1, max_length=64)]
PushedBatch = Annotated[Batch, Depends(pushed_batch)]


def create_app(
    engine: Engine,
    rules: Rules,
    *,
    enrolment_token: str,
    routers: Sequence[APIRouter] = (),
    limits: Limits | None = None,
) -> FastAPI:
    """Build the application over an engine whose schema exists; `routers` adds other /v1 parts (security)."""
    create_security_schema(engine)  # the agents a look-up names are the security routes' agents
    create_admin_schema(engine)  # the administrators' named accounts (their pages' sign-in)
    limits = limits or Limits()
    app = FastAPI(
        title="Guichet — magasin central",
        version=__version__,
        description="Synchronisation des guichets : lots, fil des changements, consultations.",
        openapi_tags=TAGS,
        separate_input_output_schemas=False,
        # No Swagger UI nor ReDoc: their pages load script from a public CDN (any 5.x release of swagger-ui-dist) on
        # the administrators' origin, where it could read /admin/revue and post decisions; and a node reaches no
        # CDN. The contract is GET /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    # The last added runs first: credentials, then one push in flight per station, then the body (size and pace).
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY, pace=limits.body)
    app.add_middleware(OnePerStation, retry_after=limits.push_retry_after)
    bodies: dict[tuple[str, str], Bound] = {}  # each route's body bounds, once every route is in (below)
    # The newest record, before any request: a jumped clock does not expire every token (central/store_clock.py).
    anchor = Anchor.taken(engine, or_now=True)
    app.add_middleware(
        CredentialsFirst, guard=_guard(app, engine, enrolment_token, bodies, anchor), public=_public(app)
    )
    _handlers(app)
    bearer_dep = Depends(bearer_scheme)

    @app.get("/v1/time", response_model=ServerTime, tags=["enrôlement"])
    async def server_time() -> ServerTime:
        """Server wall clock, for the counters' clock correction."""
        # `async`: no worker thread to wait for when every one waits for the database (central/limits.CredentialsFirst).
        return ServerTime(server_time=queries.utcnow())

    @app.post(
        "/v1/stations",
        status_code=201,
        response_model=Enrolment,
        tags=["enrôlement"],
        responses=errors(401, 403, 413, 422, 503),
    )
    def enrol(payload: EnrolRequest, credentials: HTTPAuthorizationCredentials | None = bearer_dep) -> Any:
        """Enrol a station with its single-use token (or the store's secret); the credentials are shown once."""
        given = credentials.credentials if credentials is not None else ""
        if auth.same_secret(given, enrolment_token):
            # The label a station names itself by is shown on the administrators' pages: the checks of the command
            # line's and the stations file's (« Commissariat de \u202eSNEL » read « Commissariat de LENS »).
            if (fault := label_fault(payload.label)) is not None:
                return refusal(422, f"Libellé refusé, aucun poste enrôlé : {fault}")
            creds = auth.enrol_station(engine, label=payload.label, now=anchor.bounded(queries.utcnow()))
        else:
            try:  # a bulk-issued token: bound to one station code, single-use, expiring (central/enrolment.py)
                moment = anchor.bounded(queries.utcnow())  # a clock far ahead ends no token early
                creds = enrolment.redeem(engine, given, station_code=payload.label.strip(), now=moment)
            except enrolment.TokenRefused as exc:
                log.info("enrolment token refused (%s)", exc.status)
                return refusal(exc.status, exc.message, code="jeton")
        log.info("station enrolled: %s", creds.station_id)
        return Enrolment(station_id=creds.station_id, token=creds.token, expires_at=creds.expires_at)

    @app.post(
        "/v1/stations/{station}/token",
        response_model=TokenRenewal,
        tags=["enrôlement"],
        responses=errors(401, 403, 413, 422, 503),
    )
    def renew(station: StationPath, request: Request, caller: CallerDep) -> Any:
        """A new token for this station, before the one in use expires; the old one stops soon after."""
        if caller.station_id != station:
            return refusal(403, "ces identifiants ne sont pas ceux de ce poste", code="station")
        old = auth.bearer(request.headers.get("authorization"))
        try:
            creds = auth.renew_token(engine, station_id=station, old_token=old, now=anchor.bounded(queries.utcnow()))
        except auth.TokenForked:
            log.warning("station %s: token renewed again while its successor is in use (a copy elsewhere?)", station)
            return refusal(
                403,
                "ce jeton a déjà été renouvelé et son successeur est en service : une copie du jeton est utilisée "
                "ailleurs ; faites révoquer ce poste (guichet-central station revoke) puis enrôlez-le de nouveau",
                code="jeton",
            )
        log.info("station token renewed: %s", station)
        assert creds.expires_at is not None
        return TokenRenewal(token=creds.token, expires_at=creds.expires_at)

    @app.post(
        "/v1/stations/{station}/batches",
        response_model=BatchResult,
        tags=["synchronisation"],
        responses={
            **errors(401, 403, 408, 413, 422, 429, 503),
            409: {"model": errors(409)[409]["model"], "description": "séquence discontinue ou lot réutilisé"},
        },
        openapi_extra=BATCH_BODY,  # the body is parsed from its bytes by pushed_batch (central/push_body.py)
    )
    def push(station: StationPath, batch: PushedBatch, caller: CallerDep) -> Response:
        """Apply a batch: always 200 with one verdict per entry, the same answer on every resend."""
        if caller.station_id != station:
            return refusal(403, "ces identifiants ne sont pas ceux de ce poste", code="station")
        try:
            answer = apply_batch(engine, station_id=station, batch=batch, rules=rules)
        except SeqConflict as exc:
            return refusal(409, "numéro de séquence discontinu", code="seq", last_seq=exc.last_seq)
        except BatchConflict:
            return refusal(409, "identifiant de lot déjà utilisé pour un autre contenu", code="batch_id")
        except RecordConflict as exc:
            return refusal(409, exc.message, code=exc.code, seq=exc.seq)
        except UnknownStation:
            return refusal(401, "poste inconnu", code="station")
        except StationRevoked:  # as its next call will be, at the door (central/limits.CredentialsFirst)
            return refusal(401, ERRORS[401][1], code=ERRORS[401][0])
        # The stored text: byte-identical on a resend; the headers say what the store holds now (queries.Standing).
        try:
            held = queries.standing(engine, station_id=station)
        except SQLAlchemyError as exc:  # the batch is committed: its answer goes, without the headers (not judged)
            log.warning("station standing not read after a push: %s", type(exc).__name__)
            held = None
        return Response(answer, media_type="application/json", headers=held.headers() if held else None)

    @app.get("/v1/changes", response_model=ChangesPage, tags=["synchronisation"], responses=errors(401, 422, 503))
    def feed(
        caller: CallerDep,
        since: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    ) -> Response:
        """Changes concerning the calling station after `since`, ordered; store next_cursor once applied."""
        page, held = queries.feed_page(
            engine, station_id=caller.station_id, since=since, limit=limit, now=queries.utcnow()
        )
        # Validated as it was built: written at once, not validated again on a thread as a returned model is
        # (every station polls every 30 s; issue 21). The bytes FastAPI wrote (tests/central/test_central_perf.py).
        # The headers: what the store holds of this station, so an idle one notices a restore (queries.Standing).
        return Response(page.model_dump_json(), media_type="application/json", headers=held.headers() if held else None)

    @app.post(
        "/v1/procurations/search",
        response_model=LookupAnswer,
        tags=["consultation"],
        responses=errors(401, 403, 413, 422, 429, 503),
    )
    def procurations(payload: LookupRequest, caller: CallerDep) -> Any:
        """Look-up for the person at the counter (need-to-know: the agent's role as the central store knows it)."""
        return consult.lookup(engine, caller=caller, payload=payload, limit=limits.lookup, now=queries.utcnow())

    @app.post(
        "/v1/requests/fetch",
        response_model=OnlineRequest,
        tags=["consultation"],
        responses=errors(401, 403, 404, 413, 422, 429, 503),
    )
    def online_request(payload: RequestFetch, caller: CallerDep) -> Any:
        """The Maprocuration request with this reference, if the mandant's birth date matches (logged)."""
        return consult.fetch(engine, caller=caller, payload=payload, limit=limits.fetch, now=queries.utcnow())

    app.include_router(review.create_router(engine, admin_token=enrolment_token))
    for router in routers:
        app.include_router(router)
    publish_body(app)
    app.include_router(national.create_router(engine, admin_secret=enrolment_token))  # ministry's national picture
    app.include_router(review_page.create_page_router(engine, admin_secret=enrolment_token))  # the queue, decided
    bodies.update(route_limits(app, MAX_BODY))
    # A request waits a bounded time for a lock someone else holds, then is a 503 the station resends (db.py).
    bound_lock_waits(engine, statements=None)  # and a statement that runs away: a 503 too
    return app


# Where `_public` leaves the route it found, for `_guard`: matched once a request.
STATE_ROUTE = "matched_route"


def _public(app: FastAPI) -> Any:
    """CredentialsFirst's test of a request that needs no check at all (a public route, an administrators' page, an
    unknown path): what the guard would say None to without reading the database."""

    def public(scope: Scope) -> bool:
        route = _route_for(app.router.routes, scope)
        scope.setdefault("state", {})[STATE_ROUTE] = route
        return route is None or getattr(route, "name", None) in PUBLIC or _path(route).startswith(ADMIN_PAGES)

    return public


def _path(route: Any) -> str:
    return str(getattr(route, "path", ""))


def _guard(
    app: FastAPI, engine: Engine, enrolment_token: str, bodies: dict[tuple[str, str], Bound], anchor: Anchor
) -> Any:
    """CredentialsFirst's check: which route is asked, and whether the bearer token opens it; the body the route
    may be sent (central/route_bodies.py)."""

    def guard(scope: Scope, token: str) -> bool | None:
        state = scope.setdefault("state", {})
        route = state[STATE_ROUTE] if STATE_ROUTE in state else _route_for(app.router.routes, scope)
        name = getattr(route, "name", None)
        if route is None or name in PUBLIC:
            return None
        path = _path(route)
        if path.startswith(ADMIN_PAGES):
            return None
        bound = bound_for(bodies, route, str(scope.get("method", "")))
        state[STATE_MAX_BODY], state[STATE_MAX_VALUES] = bound.size, bound.values
        if path.startswith(ADMIN_PREFIXES):
            return auth.same_secret(token, enrolment_token)
        now = queries.utcnow()
        try:
            if name in ENROLMENT:
                # A label is all the route reads: a known token, even used or revoked, gets no more than the public.
                state[STATE_MAX_BODY] = min(bound.size, PUBLIC_MAX_BODY)
                return auth.same_secret(token, enrolment_token) or enrolment.usable(
                    engine, token, now=anchor.bounded(now)
                )
            found = auth.caller_for_token(engine, token, now=anchor.bounded(now))
        except SQLAlchemyError as exc:  # a 503 the station retries: a 401 would make it stop syncing
            log.error("database error while checking credentials: %s", _what(exc))
            raise GuardUnavailable from None
        if found is None:
            return False
        state[STATE_CALLER] = found
        if name in ONE_AT_A_TIME:
            state[STATE_ONE_AT_A_TIME] = found.station_id
        # The station renews its token online when this says the end is near (desktop/sync/client.py).
        state[STATE_HEADERS] = [(EXPIRES_HEADER, found.expires_at.isoformat().encode("ascii"))]
        return True

    return guard


def _route_for(routes: Sequence[Any], scope: Scope) -> Any:
    """The route this request reaches (inside included routers too), or None."""
    for route in routes:
        if route.matches(scope)[0] == Match.FULL:
            inner = getattr(route, "original_router", None)  # FastAPI's included router: look inside
            return _route_for(inner.routes, scope) if inner is not None else route
    return None


def _methods_of(routes: Sequence[Any], scope: Scope) -> set[str]:
    """Every method some route serves at this path (the Allow header of a 405)."""
    methods: set[str] = set()
    for route in routes:
        if route.matches(scope)[0] == Match.NONE:
            continue
        inner = getattr(route, "original_router", None)
        methods |= _methods_of(inner.routes, scope) if inner is not None else set(getattr(route, "methods", ()))
    return methods


def _handlers(app: FastAPI) -> None:
    """Every refusal is a Refusal body; database errors and client disconnects are no server exceptions."""

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        # FastAPI's default answer repeats the input (an NNE, a name): say where and what only.
        errors = exc.errors()
        return refusal(422, _summary(_without_source(errors[:SHOWN_ERRORS]), getattr(exc, "total", len(errors))))

    @app.exception_handler(StarletteHTTPException)
    async def refused(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400:  # FastAPI's "error parsing the body": an unreadable body is a malformed request
            return refusal(422, "corps de requête illisible (JSON en UTF-8 attendu)")
        fallback = ERRORS.get(exc.status_code, ("", "refus"))[1]
        message = exc.detail if isinstance(exc.detail, str) and exc.detail else fallback
        answer = refusal(exc.status_code, message)
        answer.headers.update(exc.headers or {})
        if exc.status_code == 405:  # every method the path has, not only those of the first route that matched
            answer.headers["Allow"] = ", ".join(sorted(_methods_of(app.router.routes, request.scope)))
        return answer

    @app.exception_handler(ResponseValidationError)
    async def unanswerable(request: Request, exc: ResponseValidationError) -> Response:
        # An answer the wire model refuses is a bug of ours: a Refusal body still, and no data in the log.
        log.error("answer refused by its wire model on %s %s", request.method, _route_of(request))
        return refusal(500, ERRORS[500][1])

    @app.exception_handler(SQLAlchemyError)
    async def database(request: Request, exc: SQLAlchemyError) -> Response:
        # The statement's parameters are hidden (db.make_engine); the type and the route are enough to act on.
        log.error("database error on %s %s: %s", request.method, _route_of(request), _what(exc))
        answer = refusal(503, ERRORS[503][1])
        answer.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)  # a restart, slots all taken, a lock held
        return answer

    @app.exception_handler(ClientDisconnect)
    async def gone(request: Request, exc: ClientDisconnect) -> Response:
        log.debug("client went away during %s %s", request.method, _route_of(request))
        return Response(status_code=499)


def _what(exc: SQLAlchemyError) -> str:
    """A database error in a log line: its type, and what it means when a lock held elsewhere ended its wait."""
    if lock_wait_ended(exc):
        return f"{type(exc).__name__} (gave up waiting for a lock another session holds)"
    if statement_ran_out(exc):
        return f"{type(exc).__name__} (statement cancelled: it ran past the bound on one statement)"
    return type(exc).__name__


def _route_of(request: Request) -> str:
    route = request.scope.get("route")
    return str(getattr(route, "path", "?"))


def _summary(errors: Sequence[Any], total: int) -> str:
    """The first errors, each on its own, then how many there were when more: a short answer whatever the body."""
    text = " ; ".join(describe([e]) for e in errors[:SHOWN_ERRORS]) or describe(())
    if total > SHOWN_ERRORS:
        text += f" (… {total} erreurs en tout)"
    return text[:MESSAGE_MAX]  # a Refusal's message holds no more


def _without_source(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """FastAPI's error locations start with where the value came from (body, query, header): drop it."""
    return [{**e, "loc": tuple(e.get("loc", ()))[1:]} for e in errors]

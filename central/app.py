"""The HTTP API of the central store (/v1). Stateless: any number of processes may serve one database.

Request bodies and answers are the wire models of `desktop.sync.wire`: FastAPI validates them and publishes their
JSON Schema at /openapi.json (and /docs), so the documentation is the parser the station uses.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine

from central import auth, enrolment, national, queries, review
from central.apply import BatchConflict, Rules, SeqConflict, UnknownStation, apply_batch
from central.limits import BodyLimit
from central.ownership import RecordConflict
from desktop import __version__
from desktop.sync.wire import (
    Batch,
    BatchResult,
    ChangesPage,
    Enrolment,
    EnrolRequest,
    LookupAnswer,
    OnlineRequest,
    Refusal,
    ServerTime,
    WireError,
    describe,
)

log = logging.getLogger("guichet.central")
MAX_BODY = 8 * 1024 * 1024
TAGS = [
    {"name": "synchronisation", "description": "Lots des guichets, verdicts et fil des changements."},
    {"name": "consultation", "description": "Consultations au guichet (besoin d'en connaître)."},
    {"name": "enrôlement", "description": "Enrôlement des postes et heure du serveur."},
]
_REFUSAL: dict[str, Any] = {"model": Refusal}


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(Refusal(error=code, message=message, **extra).to_dict(), status_code=status)


def create_app(engine: Engine, rules: Rules, *, enrolment_token: str, routers: Sequence[APIRouter] = ()) -> FastAPI:
    """Build the application over an engine whose schema exists; `routers` adds other /v1 parts (security)."""
    app = FastAPI(
        title="Guichet — magasin central",
        version=__version__,
        description="Synchronisation des guichets : lots, fil des changements, consultations.",
        openapi_tags=TAGS,
        separate_input_output_schemas=False,
    )
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's default answer repeats the input (an NNE, a name): say where and what only.
        return _error(422, "format", describe(_without_source(exc.errors())))

    def station_of(authorization: Annotated[str | None, Header()] = None) -> str:
        token = auth.bearer(authorization)
        station = auth.station_for_token(engine, token) if token else None
        if station is None:
            raise HTTPException(401, "identifiants de poste absents ou invalides")
        return station

    caller_dep = Depends(station_of)  # a default value, not an annotation: evaluated here, where station_of lives

    def enrolment_bearer(authorization: Annotated[str | None, Header()] = None) -> str:
        """A dependency, so that a caller without a token gets 401 before its body is judged."""
        given = auth.bearer(authorization)
        if not given:
            raise HTTPException(401, "jeton d'enrôlement attendu")
        return given

    bearer_dep = Depends(enrolment_bearer)

    @app.get("/v1/time", response_model=ServerTime, tags=["enrôlement"])
    def server_time() -> ServerTime:
        """Server wall clock, for the counters' clock correction."""
        return ServerTime(server_time=queries.utcnow())

    @app.post(
        "/v1/stations",
        status_code=201,
        response_model=Enrolment,
        tags=["enrôlement"],
        responses={401: _REFUSAL, 403: _REFUSAL, 422: _REFUSAL},
    )
    def enrol(payload: EnrolRequest, given: str = bearer_dep) -> Enrolment | JSONResponse:
        """Enrol a station with its single-use token (or the store's secret); the credentials are shown once."""
        if auth.same_secret(given, enrolment_token):
            creds = auth.enrol_station(engine, label=payload.label)
        else:
            try:  # a bulk-issued token: bound to one station code, single-use, expiring (central/enrolment.py)
                creds = enrolment.redeem(engine, given, station_code=payload.label.strip(), now=queries.utcnow())
            except enrolment.TokenRefused as exc:
                log.info("enrolment token refused (%s)", exc.status)
                return _error(exc.status, "jeton", exc.message)
        log.info("station enrolled: %s", creds.station_id)
        return Enrolment(station_id=creds.station_id, token=creds.token)

    @app.post(
        "/v1/stations/{station}/batches",
        response_model=BatchResult,
        tags=["synchronisation"],
        responses={
            403: _REFUSAL,
            409: {"model": Refusal, "description": "séquence discontinue ou identifiant de lot réutilisé"},
            413: _REFUSAL,
            422: _REFUSAL,
        },
    )
    def push(station: str, batch: Batch, caller: str = caller_dep) -> Response:
        """Apply a batch: always 200 with one verdict per entry, the same answer on every resend."""
        if caller != station:
            return _error(403, "station", "ces identifiants ne sont pas ceux de ce poste")
        try:
            answer = apply_batch(engine, station_id=station, batch=batch, rules=rules)
        except SeqConflict as exc:
            return _error(409, "seq", "numéro de séquence discontinu", last_seq=exc.last_seq)
        except BatchConflict:
            return _error(409, "batch_id", "identifiant de lot déjà utilisé pour un autre contenu")
        except RecordConflict as exc:
            return _error(409, exc.code, exc.message, seq=exc.seq)
        except UnknownStation:
            return _error(401, "station", "poste inconnu")
        return Response(answer, media_type="application/json")  # the stored text: byte-identical on a resend

    @app.get("/v1/changes", response_model=ChangesPage, tags=["synchronisation"])
    def feed(
        since: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
        caller: str = caller_dep,
    ) -> ChangesPage:
        """Changes concerning the calling station after `since`, ordered; store next_cursor once applied."""
        return queries.changes_since(engine, station_id=caller, since=since, limit=limit, now=queries.utcnow())

    @app.get("/v1/procurations", response_model=LookupAnswer, tags=["consultation"], responses={422: _REFUSAL})
    def procurations(
        date_naissance: Annotated[str, Query(max_length=10)],
        x_agent_id: Annotated[str, Header(max_length=64)],
        x_agent_role: Annotated[str, Header(max_length=40)],
        nne: Annotated[str | None, Query(max_length=9)] = None,
        nom: Annotated[str | None, Query(max_length=100)] = None,
        prenoms: Annotated[str | None, Query(max_length=600)] = None,
        caller: str = caller_dep,
    ) -> LookupAnswer | JSONResponse:
        """Look-up for the person at the counter (need-to-know: birth date and NNE or full name, role checked)."""
        if x_agent_role not in queries.ROLES_ALLOWED:
            raise HTTPException(403, "ce rôle ne permet pas de consulter les procurations")
        try:
            person = queries.person_from_query(nne=nne, nom=nom, prenoms=prenoms, date_naissance=date_naissance)
        except WireError as exc:
            return _error(422, "format", str(exc))
        items = queries.lookup(
            engine, station_id=caller, agent_id=x_agent_id, role=x_agent_role, person=person, now=queries.utcnow()
        )
        return LookupAnswer(items=items)

    @app.get("/v1/requests/{reference}", response_model=OnlineRequest, tags=["consultation"])
    def online_request(reference: Annotated[str, Path(max_length=20)], caller: str = caller_dep) -> OnlineRequest:
        """The Maprocuration request with this reference, to establish at the counter."""
        found = queries.get_request(engine, reference)
        if found is None:
            raise HTTPException(404, "aucune demande ne porte cette référence")
        return found

    app.include_router(review.create_router(engine, admin_token=enrolment_token))
    for router in routers:
        app.include_router(router)
    app.include_router(national.create_router(engine, admin_secret=enrolment_token))  # ministry's national picture
    return app


def _without_source(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """FastAPI's error locations start with where the value came from (body, query, header): drop it."""
    return [{**e, "loc": tuple(e.get("loc", ()))[1:]} for e in errors]

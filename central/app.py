"""The HTTP API of the central store (/v1). Stateless: any number of processes may serve one database."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from central import auth, enrolment, queries
from central.apply import BatchConflict, Rules, SeqConflict, UnknownStation, apply_batch
from central.openapi import BATCH_SCHEMA, RESULT_SCHEMA
from desktop.sync.wire import Batch, WireError, canonical_json, iso

log = logging.getLogger("guichet.central")
MAX_BODY = 8 * 1024 * 1024


def _json(payload: Any, status: int = 200) -> Response:
    return Response(canonical_json(payload), status_code=status, media_type="application/json")


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, **extra}, status_code=status)


def create_app(engine: Engine, rules: Rules, *, enrolment_token: str, routers: Sequence[APIRouter] = ()) -> FastAPI:
    """Build the application over an engine whose schema exists; `routers` adds other /v1 parts (security)."""
    app = FastAPI(
        title="Guichet — magasin central",
        version="1.0",
        description="Synchronisation des guichets : lots, fil des changements, consultations.",
    )

    def station_of(authorization: str | None) -> str:
        token = auth.bearer(authorization)
        station = auth.station_for_token(engine, token) if token else None
        if station is None:
            raise HTTPException(401, "identifiants de poste absents ou invalides")
        return station

    @app.get("/v1/time")
    def server_time() -> Response:
        """Server wall clock, for the counters' clock correction."""
        return _json({"server_time": iso(queries.utcnow())})

    @app.post("/v1/stations", status_code=201)
    def enrol(payload: dict[str, Any], authorization: str | None = Header(default=None)) -> Response:
        """Enrol a station with its single-use token (or the store's secret); the credentials are shown once."""
        given = auth.bearer(authorization)
        label = payload.get("label")
        if not isinstance(label, str) or not label.strip() or len(label) > 200:
            if not given:
                raise HTTPException(401, "jeton d'enrôlement attendu")
            raise HTTPException(422, "libellé du poste attendu")
        if auth.same_secret(given, enrolment_token):
            creds = auth.enrol_station(engine, label=label)
        else:
            try:  # a bulk-issued token: bound to one station code, single-use, expiring (central/enrolment.py)
                creds = enrolment.redeem(engine, given, station_code=label.strip(), now=queries.utcnow())
            except enrolment.TokenRefused as exc:
                log.info("enrolment token refused (%s)", exc.status)
                return _error(exc.status, "jeton", exc.message)
        log.info("station enrolled: %s", creds.station_id)
        return _json({"station_id": creds.station_id, "token": creds.token}, 201)

    @app.post(
        "/v1/stations/{station}/batches",
        response_model=None,
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": BATCH_SCHEMA}}}},
        responses={
            200: {"content": {"application/json": {"schema": RESULT_SCHEMA}}},
            409: {"description": "séquence discontinue ou identifiant de lot réutilisé"},
        },
    )
    async def push(station: str, request: Request) -> Response:
        """Apply a batch: always 200 with one verdict per entry, the same answer on every resend."""
        authorization = request.headers.get("authorization")
        who = await run_in_threadpool(station_of, authorization)
        if who != station:
            return _error(403, "station", "ces identifiants ne sont pas ceux de ce poste")
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return _error(413, "taille", "lot trop volumineux")
        try:
            batch = Batch.from_json(raw)
        except WireError as exc:
            return _error(422, "format", str(exc))
        try:
            answer = await run_in_threadpool(apply_batch, engine, station_id=station, batch=batch, rules=rules)
        except SeqConflict as exc:
            return _error(409, "seq", "numéro de séquence discontinu", last_seq=exc.last_seq)
        except BatchConflict:
            return _error(409, "batch_id", "identifiant de lot déjà utilisé pour un autre contenu")
        except UnknownStation:
            return _error(401, "station", "poste inconnu")
        return Response(answer, media_type="application/json")

    @app.get("/v1/changes")
    def feed(
        since: int = Query(0, ge=0),
        limit: int = Query(500, ge=1, le=5000),
        authorization: str | None = Header(default=None),
    ) -> Response:
        """Changes concerning the calling station after `since`, ordered; store next_cursor once applied."""
        station = station_of(authorization)
        page = queries.changes_since(engine, station_id=station, since=since, limit=limit, now=queries.utcnow())
        return _json(page.to_dict())

    @app.get("/v1/procurations")
    def procurations(
        date_naissance: str,
        nne: str | None = None,
        nom: str | None = None,
        prenoms: str | None = None,
        authorization: str | None = Header(default=None),
        x_agent_id: str = Header(...),
        x_agent_role: str = Header(...),
    ) -> Response:
        """Look-up for the person at the counter (need-to-know: birth date and NNE or full name, role checked)."""
        station = station_of(authorization)
        if x_agent_role not in queries.ROLES_ALLOWED:
            raise HTTPException(403, "ce rôle ne permet pas de consulter les procurations")
        try:
            person = queries.person_from_query(nne=nne, nom=nom, prenoms=prenoms, date_naissance=date_naissance)
        except WireError as exc:
            return _error(422, "format", str(exc))
        items = queries.lookup(
            engine, station_id=station, agent_id=x_agent_id, role=x_agent_role, person=person, now=queries.utcnow()
        )
        return _json({"items": [i.to_dict() for i in items]})

    @app.get("/v1/requests/{reference}")
    def online_request(reference: str, authorization: str | None = Header(default=None)) -> Response:
        """The Maprocuration request with this reference, to establish at the counter."""
        station_of(authorization)
        found = queries.get_request(engine, reference)
        if found is None:
            raise HTTPException(404, "aucune demande ne porte cette référence")
        return _json(found.to_dict())

    for router in routers:
        app.include_router(router)
    return app

"""The register's endpoint (R-ELIG-5): deaths and losses of civic rights reported by the register's operator.

Its own router so the main API module stays the stations' one. The caller authenticates with the store's
administration secret (the one that enrols stations), never with a station's token.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from central import auth
from central.annulment import RegisterEvent, record_events
from central.apply import Rules
from central.edge import BearerDep, bearer_token, errors
from desktop.rules.annulment import AnnulmentCause


class RegisterEventIn(BaseModel):
    """One report: the elector's NNE, what happened and, when known, the date of the event."""

    nne: str = Field(pattern=r"^[0-9]{8,9}$")
    evenement: Literal["deces", "perte_droits_civiques"]
    date_evenement: date | None = None


class RegisterEventsIn(BaseModel):
    """A batch of reports from the register."""

    evenements: list[RegisterEventIn] = Field(min_length=1, max_length=10_000)


class RegisterEventsOut(BaseModel):
    """What the store did: reports newly recorded and procurations annulled (counts only)."""

    evenements: int
    annulees: int


def create_register_router(
    engine: Engine, rules: Rules, *, admin_secret: str, clock: Callable[[], datetime] | None = None
) -> APIRouter:
    """POST /v1/registre/evenements."""
    router = APIRouter(prefix="/v1/registre", tags=["registre"])
    now = clock or (lambda: datetime.now(UTC))

    @router.post("/evenements", response_model=RegisterEventsOut, responses=errors(401, 413, 422, 503))
    def events(payload: RegisterEventsIn, credentials: BearerDep) -> RegisterEventsOut:
        """Record deaths and losses of civic rights; the mandataires' procurations in force become « annulée »."""
        given = bearer_token(credentials)
        if not given or not auth.same_secret(given, admin_secret):
            raise HTTPException(401, "secret d'administration du magasin central attendu")
        report = record_events(
            engine,
            [RegisterEvent(e.nne, AnnulmentCause(e.evenement), e.date_evenement) for e in payload.evenements],
            rules=rules,
            now=now(),
            source="api",
        )
        return RegisterEventsOut(evenements=report.events, annulees=report.annulled)

    return router

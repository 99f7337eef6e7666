"""What every route of the API shares at its edge: the bearer scheme, the caller, refusals and their documentation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from central.auth import Caller
from desktop.sync.wire import Refusal

# Declared in the OpenAPI document; the check itself runs earlier, in limits.CredentialsFirst, before the body.
BEARER_DESCRIPTION = (
    "Jeton du poste (jeton d'enrôlement pour /v1/stations ; secret d'administration du répertoire central pour "
    "/v1/admin, /v1/national et /v1/registre)"
)
bearer_scheme = HTTPBearer(auto_error=False, description=BEARER_DESCRIPTION)
STATE_CALLER = "caller"

# Each error status, its code in the Refusal body, and what it means (the published description).
ERRORS: dict[int, tuple[str, str]] = {
    400: ("requete", "requête illisible"),
    401: ("identifiants", "identifiants absents, expirés ou révoqués"),
    403: ("refus", "appel refusé pour ce poste ou cet agent"),
    404: ("inconnu", "introuvable"),
    405: ("methode", "méthode non permise"),
    408: ("delai", "corps de requête reçu trop lentement"),
    409: ("conflit", "conflit avec ce qui est déjà enregistré"),
    413: ("taille", "corps de requête trop volumineux"),
    422: ("format", "requête mal formée"),
    429: ("limite", "trop de demandes : réessayez dans une minute"),
    500: ("interne", "erreur interne du répertoire central : réessayez plus tard ou prévenez son administrateur"),
    503: ("indisponible", "base de données momentanément indisponible : réessayez"),
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` of a route: each status with the Refusal body it carries."""
    return {s: {"model": Refusal, "description": ERRORS[s][1]} for s in statuses}


def refusal(status: int, message: str, *, code: str | None = None, **extra: Any) -> JSONResponse:
    """A 4xx/5xx answer with a Refusal body (French message, never the input)."""
    body = Refusal(error=code or ERRORS.get(status, ("erreur", ""))[0], message=message, **extra)
    return JSONResponse(body.to_dict(), status_code=status)


BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def bearer_token(credentials: HTTPAuthorizationCredentials | None) -> str:
    """The bearer token a route was given ("" when none): for the administrators' routes, which check it themselves
    (CredentialsFirst checked it first, before the body)."""
    return credentials.credentials if credentials is not None else ""


async def caller(
    request: Request, _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
) -> Caller:
    """The calling station, as CredentialsFirst found it from the bearer token.

    `async`: it only reads what the guard stored, and FastAPI would otherwise send it to a worker thread and back
    on every station request (issue 21)."""
    found = request.scope.get("state", {}).get(STATE_CALLER)
    if not isinstance(found, Caller):
        raise HTTPException(401, ERRORS[401][1], headers={"WWW-Authenticate": "Bearer"})
    return found


CallerDep = Annotated[Caller, Depends(caller)]

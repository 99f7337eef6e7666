"""The body of a push (POST /v1/stations/{station}/batches), parsed once from its bytes (issue 21).

FastAPI would decode the JSON into Python objects (`json.loads`), then validate them (`validate_python`): a quarter
of the central store's time on a drain. `pushed_batch` validates the bytes directly (`Batch.model_validate_json`).
A body it refuses is parsed again the way FastAPI does, so every refusal keeps its status and message word for word
(tests/central/test_central_push_body.py compares them with FastAPI's own route); a body that path accepts is
accepted. The route declares no body parameter, so `publish_body` puts the declared request body back into the
OpenAPI document, as FastAPI would have written it.
"""

from __future__ import annotations

import email.message
import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import ValidationError

from desktop.sync.wire import Batch

REF = "#/components/schemas/{model}"
BATCH_BODY: dict[str, Any] = {
    "requestBody": {"content": {"application/json": {"schema": {"$ref": REF.format(model="Batch")}}}, "required": True}
}


async def pushed_batch(request: Request) -> Batch:
    """The request's batch; a refused body raises what FastAPI raises for a declared `Batch` body."""
    raw = await request.body()
    is_json = _declares_json(request.headers.get("content-type"))
    if raw and is_json:
        try:
            return Batch.model_validate_json(raw)
        except ValidationError:
            pass  # refused (or a JSON the two parsers read differently): FastAPI's way decides, below
    return _as_fastapi(raw, is_json)


def _declares_json(content_type: str | None) -> bool:
    """FastAPI's strict content type: a body is JSON only when declared application/json or application/*+json."""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


def _as_fastapi(raw: bytes, is_json: bool) -> Batch:
    """What FastAPI does with a declared `Batch` body: json.loads, then validate_python, errors under `body`."""
    if not raw:
        raise RequestValidationError([{"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}])
    value: Any = raw
    if is_json:
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            error = {"type": "json_invalid", "loc": ("body", exc.pos), "msg": "JSON decode error", "input": {}}
            raise RequestValidationError([{**error, "ctx": {"error": exc.msg}}]) from None
        except Exception:  # undecodable bytes, too deep a nesting: FastAPI's "error parsing the body"
            raise HTTPException(status_code=400, detail="There was an error parsing the body") from None
    try:
        return Batch.model_validate(value, from_attributes=True)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from None


def publish_body(app: FastAPI) -> None:
    """Add `Batch` and the models it holds to the document's components, as FastAPI writes them for a route that
    declares the body (the push route refers to them)."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            route = APIRoute("/", _declares_batch, methods=["POST"], responses={422: {"description": ""}})
            declared = get_openapi(title="", version="", routes=[route])
            components = {**declared["components"]["schemas"], **document["components"]["schemas"]}
            document["components"]["schemas"] = dict(sorted(components.items()))
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _declares_batch(batch: Batch) -> None:
    """A route's endpoint that declares the push body (only for `publish_body`; never served)."""

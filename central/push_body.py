"""The body of a push (POST /v1/stations/{station}/batches), parsed once from its bytes (issue 21).

FastAPI would decode the JSON into Python objects (`json.loads`), then validate them (`validate_python`): a quarter
of the central store's time on a drain. `pushed_batch` validates the bytes directly (`Batch.model_validate_json`).
A body it refuses is parsed again the way FastAPI does, so every refusal keeps its status and message word for word
(tests/central/test_central_push_body.py compares them with FastAPI's own route), oversized bodies aside (below:
the same status, with a message of their own, or pydantic's own for too many entries); a body that path accepts is
accepted. The route declares no body parameter, so `publish_body` puts the declared request body back into the
OpenAPI document, as FastAPI would have written it.

Parsing and validation run on a worker thread, never on the event loop, and the body's size is checked first
(`refuse_oversized`; sync/security audit, 6 December 2026): pydantic makes one error per wrong value, in Rust, holding
the interpreter lock (a thread alone would not let the loop run); 100,000 empty entries made 600,000 errors in 5 s,
and 8 MiB of them froze every station's push and poll for minutes. A batch of more than MAX_ENTRIES entries, or an
entry of more than ENTRY_VALUES JSON values outside its opaque data, is refused (422, as the published schema
refuses it) before any entry is validated: no station sends one (a full entry holds 60 values), and what a refusal
costs is bounded. A refusal keeps its first SHOWN_ERRORS errors and their count (`BatchRefused`): its answer names a
few, never thousands.
"""

from __future__ import annotations

import email.message
import json
from collections.abc import Callable
from typing import Any

import pydantic_core
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from desktop.sync.wire import MAX_ENTRIES, Batch
from desktop.sync.wire.push import MAX_OPAQUE

REF = "#/components/schemas/{model}"
BATCH_BODY: dict[str, Any] = {
    "requestBody": {"content": {"application/json": {"schema": {"$ref": REF.format(model="Batch")}}}, "required": True}
}


# JSON values (objects, arrays and scalars) an entry may hold outside its opaque data: a full procuration with ten
# given names to each person holds 60. The batch outside its entries (its id, an anchor) may hold as many.
ENTRY_VALUES = 128
SHOWN_ERRORS = 5  # errors a refusal keeps (its answer names them, with their count)


class BatchRefused(RequestValidationError):
    """A refused push body: its first errors only, and how many there were (`total`)."""

    def __init__(self, errors: list[dict[str, Any]], total: int) -> None:
        super().__init__(errors[:SHOWN_ERRORS])
        self.total = total


async def pushed_batch(request: Request) -> Batch:
    """The request's batch; a refused body raises what FastAPI raises for a declared `Batch` body.

    The body is parsed and validated on a worker thread: the event loop goes on serving the other stations."""
    raw = await request.body()
    is_json = _declares_json(request.headers.get("content-type"))
    return await run_in_threadpool(parse_batch, raw, is_json)


def parse_batch(raw: bytes, is_json: bool) -> Batch:
    """The batch in `raw` (on a worker thread); an oversized one is refused before any entry is validated."""
    if raw and is_json:
        try:
            value = pydantic_core.from_json(raw)  # a few milliseconds for 4 MiB: the validation is what costs
        except ValueError:
            pass  # not JSON for this parser: json.loads decides, below
        else:
            refuse_oversized(value)
            try:
                return Batch.model_validate_json(raw)
            except ValidationError:
                pass  # refused (or a JSON the two parsers read differently): FastAPI's way decides, below
    return _as_fastapi(raw, is_json)


def refuse_oversized(value: Any) -> None:
    """Refuse (422) a decoded body of more entries, or an entry of more values, than a station ever sends, before any
    entry is validated: the published schema refuses it too (maxItems, additionalProperties)."""
    if not isinstance(value, dict):
        return  # one error: an object expected
    entries = value.get("entries")
    entries = entries if isinstance(entries, list) else []
    if len(entries) > MAX_ENTRIES:  # pydantic's own error, after validating every entry
        ctx = {"field_type": "Tuple", "max_length": MAX_ENTRIES, "actual_length": len(entries)}
        message = f"Tuple should have at most {MAX_ENTRIES} items after validation, not {len(entries)}"
        raise BatchRefused([{"type": "too_long", "loc": ("body", "entries"), "msg": message, "ctx": ctx}], 1)
    if _over([v for k, v in value.items() if k != "entries"], ENTRY_VALUES):
        raise BatchRefused([_too_many(("body",))], 1)
    for index, entry in enumerate(entries):
        if _over(entry, ENTRY_VALUES):
            raise BatchRefused([_too_many(("body", "entries", index))], 1)


def _too_many(loc: tuple[str | int, ...]) -> dict[str, Any]:
    return {"type": "wire", "loc": loc, "msg": f"plus de {ENTRY_VALUES} valeurs JSON hors données opaques"}


def _over(root: Any, budget: int) -> bool:
    """Whether `root` holds more than `budget` JSON values outside opaque data, or opaque data of more values than
    MAX_OPAQUE characters could write (refused anyway); iterative, and it stops at the first value over."""
    plain, opaque = 0, 0
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        item, inside = stack.pop()
        if inside:
            opaque += 1
        else:
            plain += 1
        if plain > budget or opaque > MAX_OPAQUE:
            return True
        if isinstance(item, dict):
            stack.extend((child, inside or key == "data") for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, inside) for child in item)
    return False


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
        refuse_oversized(value)
    try:
        return Batch.model_validate(value, from_attributes=True)
    except ValidationError as exc:
        shown = exc.errors(include_url=False)[:SHOWN_ERRORS]
        errors = [{**e, "loc": ("body", *e["loc"])} for e in shown]
        raise BatchRefused(errors, exc.error_count()) from None


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

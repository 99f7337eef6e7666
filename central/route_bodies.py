"""How large a body each route may be sent: the largest honest body, derived from its wire model's bounds.

A station's token let it send 8 MiB of JSON to any route that takes a body: pydantic validated it on the event loop,
one error per wrong value, while every other station waited (645,000 unknown fields: 10 s on each route; a look-up
with 2.8 million `prenoms`: 32 s; central audit, 6 December 2026). Each route now reads no more than its largest
honest body allows (`largest_body`: every text at its maximum length, each character escaped as `\\uXXXX`,
every list full), rounded up and at least MIN_BODY; a larger body is refused 413 before the rest of it is read
(limits.BodyLimit, through STATE_MAX_BODY). A body over limits.COUNTED_FROM bytes of more JSON values than the model
can hold (`largest_values`, through STATE_MAX_VALUES) is refused 422 after a count on a worker thread, before the
route validates it (the escrow copy, 3.7 MiB for its roster of 10,000 agents: 300,000 unknown fields took 5 s to
refuse). Routes that read no body (token renewal, the feed) take NO_BODY at most.
The push has its own bounds (central/push_body.py); the register's reports are the administrators'
(REGISTER_EVENTS). docs/SECURITY.md lists the figures (tests/central/test_central_route_bodies.py keeps them true).
"""

from __future__ import annotations

import json
import re._parser as sre_parse
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

MIN_BODY = 4 * 1024  # a few KiB whatever the model: JSON spacing, a client's own field order
NO_BODY = 1024  # a route that reads no body (a renewal's empty POST, a GET)
CHAR = 6  # the most one character of text can take in JSON: 4 bytes of UTF-8, or escaped as \\uXXXX
# The register's reports (an administrator's batch of 10,000 events of about 90 bytes each).
REGISTER_EVENTS = 2 * 1024 * 1024
EXPLICIT = {"/v1/registre/evenements": REGISTER_EVENTS}
SCALARS = {"integer": 24, "number": 32, "boolean": 5, "null": 4}
FORMATS = {"date": 12, "date-time": 40}


class Unbounded(ValueError):
    """A wire model holds a value of no maximum size: its route cannot be given a limit from it."""


@dataclass(frozen=True, slots=True)
class Bound:
    """What a route's body may hold: `size` bytes, `values` JSON values (None: not counted, the push counts its own)."""

    size: int
    values: int | None


def route_limits(app: FastAPI, push_max: int) -> dict[tuple[str, str], Bound]:
    """(method, path) → the bounds of a body, for every route of `app` that declares one."""
    document = app.openapi()
    components = document.get("components", {}).get("schemas", {})
    found: dict[tuple[str, str], Bound] = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if schema is None:
                continue
            key = (method.upper(), path)
            if path.endswith("/batches"):  # bounded and counted by central/push_body.py
                found[key] = Bound(push_max, None)
                continue
            values = largest_values(schema, components)
            found[key] = Bound(EXPLICIT.get(path) or sized(largest_body(schema, components)), values)
    return found


def bound_for(limits: dict[tuple[str, str], Bound], route: Any, method: str) -> Bound:
    """The body bounds of `route` for `method`: its declared body's, or NO_BODY bytes of one value."""
    path = str(getattr(route, "path", "")) if isinstance(route, APIRoute) else ""
    return limits.get((method.upper(), path), Bound(NO_BODY, 1))


def sized(largest: int) -> int:
    """A limit for a body of at most `largest` bytes: rounded up to the KiB, MIN_BODY at least."""
    return max(MIN_BODY, -(-largest // 1024) * 1024)


def largest_body(schema: dict[str, Any], components: dict[str, Any]) -> int:
    """The largest JSON text (bytes) a value of `schema` can be, written compactly; raises Unbounded."""
    if "$ref" in schema:
        return largest_body(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    options = [*schema.get("anyOf", ()), *schema.get("oneOf", ())]
    if options and "type" not in schema:
        return max(largest_body(option, components) for option in options)
    if "enum" in schema or "const" in schema:
        values = schema.get("enum", [schema.get("const")])
        return max(len(json.dumps(value, ensure_ascii=True)) for value in values)
    kind = schema.get("type")
    if kind == "string":
        if "maxLength" in schema:
            return 2 + CHAR * int(schema["maxLength"])
        if schema.get("format") in FORMATS:
            return FORMATS[schema["format"]]
        if "pattern" in schema:  # an NNE (^[0-9]{8,9}$), a base64 box: as long as the pattern lets it be
            return 2 + CHAR * _pattern_width(str(schema["pattern"]))
        raise Unbounded(str(schema))
    if kind in SCALARS:
        return SCALARS[kind]
    if kind == "array":
        if "maxItems" not in schema:
            raise Unbounded(str(schema))
        items = schema.get("prefixItems") or [schema.get("items", {})]
        return 2 + int(schema["maxItems"]) * (max(largest_body(i, components) for i in items) + 1)
    if kind == "object":
        fields = schema.get("properties", {})
        return 2 + sum(len(json.dumps(k)) + 2 + largest_body(v, components) for k, v in fields.items())
    raise Unbounded(str(schema))


def largest_values(schema: dict[str, Any], components: dict[str, Any]) -> int:
    """The most JSON values (objects, arrays, scalars) a value of `schema` can hold."""
    if "$ref" in schema:
        return largest_values(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    options = [*schema.get("anyOf", ()), *schema.get("oneOf", ())]
    if options and "type" not in schema:
        return max(largest_values(option, components) for option in options)
    if schema.get("type") == "array":
        items = schema.get("prefixItems") or [schema.get("items", {})]
        return 1 + int(schema.get("maxItems", 0)) * max(largest_values(i, components) for i in items)
    if schema.get("type") == "object":
        return 1 + sum(largest_values(v, components) for v in schema.get("properties", {}).values())
    return 1


def _pattern_width(pattern: str) -> int:
    """The most characters a text matching `pattern` (anchored) can hold; raises Unbounded."""
    widest = sre_parse.parse(pattern).getwidth()[1]
    if widest >= sre_parse.MAXREPEAT:
        raise Unbounded(pattern)
    return int(widest)

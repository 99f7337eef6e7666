"""JSON Schemas of the batch payloads, published in the OpenAPI document (the parser is desktop.sync.wire)."""

from __future__ import annotations

from typing import Any

from desktop.rules.terms import VERDICTS

_DATE = {"type": "string", "format": "date"}
_INSTANT = {"type": "string", "format": "date-time"}
_UUID = {"type": "string", "format": "uuid"}

IDENTITY: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["nom", "prenoms", "date_naissance"],
    "properties": {
        "nom": {"type": "string", "maxLength": 100},
        "prenoms": {"type": "array", "items": {"type": "string", "maxLength": 60}, "minItems": 1, "maxItems": 10},
        "date_naissance": _DATE,
        "nne": {"type": ["string", "null"], "pattern": "^[0-9]{8,9}$"},
        "inscription": {"type": ["string", "null"], "maxLength": 100},
        "list_kind": {"type": ["string", "null"]},
    },
}

VALIDITY: dict[str, Any] = {
    "oneOf": [
        {
            "type": "object",
            "required": ["kind", "election_id", "rounds"],
            "properties": {
                "kind": {"const": "SCRUTIN"},
                "election_id": {"type": "string"},
                "rounds": {"enum": ["T1", "T2", "T1_T2"]},
            },
        },
        {
            "type": "object",
            "required": ["kind", "start", "end"],
            "properties": {"kind": {"const": "DUREE"}, "start": _DATE, "end": _DATE},
        },
    ]
}

ENTRY: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["seq", "id", "kind", "body", "established_at", "clock"],
    "properties": {
        "seq": {"type": "integer", "minimum": 1},
        "id": _UUID,
        "kind": {
            "enum": ["procuration.etablie", "procuration.resiliation", "passeport.etape", "vote_internet.demande"]
        },
        "body": {
            "type": "object",
            "description": "selon kind ; voir docs/SYNC.md",
            "properties": {"id": _UUID, "mandant": IDENTITY, "mandataire": IDENTITY, "validity": VALIDITY},
        },
        "established_at": _INSTANT,
        "clock": {
            "type": "object",
            "required": ["wall", "basis"],
            "properties": {
                "wall": _INSTANT,
                "basis": {"enum": ["server", "wall"]},
                "last_sync": {"type": ["string", "null"], "format": "date-time"},
                "boot_id": {"type": ["string", "null"]},
            },
        },
    },
}

BATCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["batch_id", "entries"],
    "properties": {
        "batch_id": _UUID,
        "entries": {"type": "array", "items": ENTRY, "minItems": 1, "maxItems": 1000},
        "anchor": {"type": ["object", "null"], "description": "ancre du journal d'audit (seq, mac, signature)"},
    },
}

RESULT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["batch_id", "last_seq", "server_time", "verdicts"],
    "properties": {
        "batch_id": _UUID,
        "last_seq": {"type": "integer"},
        "server_time": _INSTANT,
        "verdicts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["seq", "id", "status"],
                "properties": {
                    "seq": {"type": "integer"},
                    "id": _UUID,
                    "status": {"enum": list(VERDICTS)},
                    "rule_id": {"type": ["string", "null"]},
                    "message": {"type": ["string", "null"]},
                    "flags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}

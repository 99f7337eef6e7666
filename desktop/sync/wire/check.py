"""The wire's error type, its canonical JSON, and French messages for validation errors (never the input)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from desktop.i18n import N_, _

MAX_INT = 2**53

# Field patterns, shared by the models (fields.py) and the error messages below.
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
NNE_PATTERN = r"^[0-9]{8,9}$"
REFERENCE_PATTERN = r"^[A-Z0-9]{6}$"
TOKEN_LOWER_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,79}$"
HEX_PATTERN = r"^(?:[0-9a-f]{2}){1,512}$"
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Free text: not blank, no control character (`fields._text`: the pattern is the whole check, and the schema says it).
TEXT_PATTERN = r"^[^\x00-\x1f]*[^\x00-\x1f\s][^\x00-\x1f]*$"
INSTANT_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"

_PATTERN_MESSAGES = {
    UUID_PATTERN: N_("UUID attendu"),
    NNE_PATTERN: N_("NNE de 8 ou 9 chiffres attendu"),
    REFERENCE_PATTERN: N_("référence de 6 caractères attendue"),
    TOKEN_LOWER_PATTERN: N_("identifiant mal formé"),
    HEX_PATTERN: N_("hexadécimal attendu"),
    TEXT_PATTERN: N_("texte non vide, sans caractère de contrôle, attendu"),
    DAY_PATTERN: N_("date AAAA-MM-JJ attendue"),
    INSTANT_PATTERN: N_("horodatage ISO 8601 avec fuseau attendu"),
}

# pydantic error types → what the agent (or the log) reads; the offending value is never repeated.
_MESSAGES = {
    "model_type": N_("objet attendu"),
    "model_attributes_type": N_("objet attendu"),
    "dict_type": N_("objet attendu"),
    "literal_error": N_("valeur non reconnue"),
    "enum": N_("valeur non reconnue"),
    "union_tag_invalid": N_("valeur non reconnue"),
    "union_tag_not_found": N_("forme non reconnue"),
    "string_type": N_("texte attendu"),
    "string_too_short": N_("texte vide"),
    "string_unicode": N_("texte illisible"),
    "int_type": N_("entier attendu"),
    "int_parsing": N_("entier attendu"),
    "int_from_float": N_("entier attendu"),
    "greater_than_equal": N_("entier hors limites"),
    "less_than_equal": N_("entier hors limites"),
    "bool_type": N_("booléen attendu"),
    "list_type": N_("liste attendue"),
    "tuple_type": N_("liste attendue"),
    "too_short": N_("liste vide"),
    "frozen_instance": N_("objet non modifiable"),
}

# Tags of the discriminated unions: pydantic puts them in error locations, the agent does not need them.
_TAGS = frozenset({"ProcurationEtablie", "ProcurationResiliation", "OpaqueBody", "SCRUTIN", "DUREE"})


class WireError(ValueError):
    """A sync payload is malformed; the message says where (never personal data)."""


def describe(errors: Iterable[Mapping[str, Any]], where: str = "") -> str:
    """A French one-line account of the first validation error: where, and what was expected."""
    for err in errors:
        loc = [p for p in err.get("loc", ()) if p not in _TAGS]
        kind = str(err.get("type", ""))
        if kind == "extra_forbidden":
            return _("{path} : champ inconnu").format(
                path=_path(where, loc[:-1])
            )  # the key itself may be anything: not repeated
        if kind == "missing" and loc:
            return _("{path} : champ manquant {loc}").format(path=_path(where, loc[:-1]), loc=loc[-1])
        return f"{_path(where, loc)} : {_message(kind, err)}"
    return _("{value} : valeur refusée").format(value=where or "requête")


def _message(kind: str, err: Mapping[str, Any]) -> str:
    ctx = err.get("ctx") or {}
    if kind == "wire":  # our own validators: a French message, built without the input
        return str(err.get("msg", _("valeur refusée")))
    if kind == "string_pattern_mismatch":
        return _(_PATTERN_MESSAGES.get(str(ctx.get("pattern")), N_("format non reconnu")))
    if kind == "string_too_long":
        return _("texte de {get} caractères au plus attendu").format(get=ctx.get("max_length"))
    if kind == "too_long":
        return _("liste de {get} éléments au plus attendue").format(get=ctx.get("max_length"))
    if kind.startswith("date_"):
        return _("date impossible")
    if kind.startswith("datetime_") or kind.startswith("timezone_"):
        return _("horodatage impossible")
    return _(_MESSAGES.get(kind, N_("valeur refusée")))


def _path(where: str, loc: Iterable[Any]) -> str:
    out = where
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "requête"


def iso(moment: datetime) -> str:
    """Serialise an aware instant in UTC with microseconds and a Z: ``%Y-%m-%dT%H:%M:%S.%fZ``.

    Written by `isoformat` (2 µs) rather than `strftime` (5 µs): every instant of every entry the central store
    applies goes through here (issue 21). `strftime` keeps the years before 1000, which it does not pad."""
    if moment.tzinfo is None:
        raise WireError(_("horodatage sans fuseau"))
    utc = moment.astimezone(UTC)
    if utc.year < 1000:
        return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return utc.isoformat(timespec="microseconds")[:-6] + "Z"  # without its "+00:00"


def canonical_json(value: Any) -> str:
    """Serialise to the one canonical JSON text (sorted keys, compact, UTF-8 kept)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def loads(text: str | bytes) -> Any:
    """Parse JSON text, mapping every decoding failure (and NaN/Infinity) to WireError."""

    def no_constants(name: str) -> float:
        raise WireError(_("constante JSON interdite : {name}").format(name=name))

    try:
        return json.loads(text, parse_constant=no_constants)
    except WireError:
        raise
    except (ValueError, TypeError, RecursionError, UnicodeDecodeError) as exc:
        raise WireError(_("JSON illisible : {name}").format(name=type(exc).__name__)) from None


def lookup_missing(*, nne: str | None, nom: str | None, prenoms: str | None, date_naissance: str | None) -> str | None:
    """What a central search by person still needs, in French (None when complete): one rule the station asks the
    agent for and the central store enforces (GET /v1/lookup)."""
    if not date_naissance:
        return _("indiquez la date de naissance")
    if nne:
        return None
    if not nom:
        return _("indiquez le NNE, ou le nom et les prénoms")
    if not prenoms:
        return _("ajoutez les prénoms après le nom (ex. « dubois jean »)")
    return None

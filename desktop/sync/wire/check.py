"""Small strict validators for the wire format: each returns a clean value or raises WireError."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

T = TypeVar("T")

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_NNE = re.compile(r"^[0-9]{8,9}$")
_REFERENCE = re.compile(r"^[A-Z0-9]{6}$")
_TOKEN = re.compile(r"^[A-Z][A-Z0-9_]{0,39}$")
_TOKEN_LOWER = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")
_HEX = re.compile(r"^[0-9a-f]{2,1024}$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_INSTANT = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"
)
MAX_INT = 2**53


class WireError(ValueError):
    """A sync payload is malformed; the message says where (never personal data)."""


def obj(raw: Any, where: str, *, required: set[str], optional: set[str] | None) -> dict[str, Any]:
    """A JSON object with exactly these keys (optional=None accepts any extra key)."""
    if not isinstance(raw, dict):
        raise WireError(f"{where} : objet attendu")
    missing = required - raw.keys()
    if missing:
        raise WireError(f"{where} : champ manquant {sorted(missing)[0]}")
    if optional is not None:
        extra = raw.keys() - required - optional
        if extra:
            raise WireError(f"{where} : champ inconnu")
    return raw


def opt(value: Any, check: Callable[[Any], T]) -> T | None:
    """None stays None; anything else goes through check."""
    return None if value is None else check(value)


def text(value: Any, where: str, *, max_len: int) -> str:
    """A non-blank string without control characters, at most max_len characters."""
    if not isinstance(value, str) or not value.strip() or len(value) > max_len:
        raise WireError(f"{where} : texte de 1 à {max_len} caractères attendu")
    if any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise WireError(f"{where} : caractère de contrôle interdit")
    return value


def str_list(value: Any, where: str, *, max_items: int, max_len: int, allow_empty: bool = False) -> list[str]:
    """A list of short texts."""
    if not isinstance(value, list) or len(value) > max_items or (not value and not allow_empty):
        raise WireError(f"{where} : liste de 1 à {max_items} textes attendue")
    return [text(v, f"{where}[{i}]", max_len=max_len) for i, v in enumerate(value)]


def choice(value: Any, where: str, allowed: tuple[str, ...]) -> str:
    """One of a closed set of strings."""
    if not isinstance(value, str) or value not in allowed:
        raise WireError(f"{where} : valeur non reconnue")
    return value


def token(value: Any, where: str, *, lower: bool = False) -> str:
    """An identifier-like token (UPPER_SNAKE, or lower-case ids such as election ids)."""
    pattern = _TOKEN_LOWER if lower else _TOKEN
    if not isinstance(value, str) or not pattern.match(value):
        raise WireError(f"{where} : identifiant mal formé")
    return value


def uuid_text(value: Any, where: str) -> str:
    """A lower-case canonical UUID string."""
    if not isinstance(value, str) or not _UUID.match(value):
        raise WireError(f"{where} : UUID attendu")
    return value


def nne(value: Any, where: str) -> str:
    """A numéro national d'électeur: 8 or 9 digits, kept as a string (R-ID-NNE-1)."""
    if not isinstance(value, str) or not _NNE.match(value):
        raise WireError(f"{where} : NNE de 8 ou 9 chiffres attendu")
    return value


def reference(value: Any, where: str) -> str:
    """A Maprocuration reference: 6 upper-case letters or digits."""
    if not isinstance(value, str) or not _REFERENCE.match(value):
        raise WireError(f"{where} : référence de 6 caractères attendue")
    return value


def hexa(value: Any, where: str) -> str:
    """Lower-case hexadecimal of even length."""
    if not isinstance(value, str) or not _HEX.match(value) or len(value) % 2:
        raise WireError(f"{where} : hexadécimal attendu")
    return value


def positive_int(value: Any, where: str) -> int:
    """An integer >= 1 (JSON-safe range; booleans refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INT:
        raise WireError(f"{where} : entier positif attendu")
    return int(value)


def natural_int(value: Any, where: str) -> int:
    """An integer >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INT:
        raise WireError(f"{where} : entier attendu")
    return int(value)


def day(value: Any, where: str) -> date:
    """A calendar date YYYY-MM-DD."""
    if not isinstance(value, str) or not _DAY.match(value):
        raise WireError(f"{where} : date AAAA-MM-JJ attendue")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise WireError(f"{where} : date impossible") from None


def instant(value: Any, where: str) -> datetime:
    """An ISO 8601 instant with an offset, returned in UTC."""
    if not isinstance(value, str) or not _INSTANT.match(value):
        raise WireError(f"{where} : horodatage ISO 8601 avec fuseau attendu")
    try:
        parsed = datetime.fromisoformat(value)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        raise WireError(f"{where} : horodatage impossible") from None


def iso(moment: datetime) -> str:
    """Serialise an aware instant in UTC with microseconds and a Z."""
    if moment.tzinfo is None:
        raise WireError("horodatage sans fuseau")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(value: Any) -> str:
    """Serialise to the one canonical JSON text (sorted keys, compact, UTF-8 kept)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def loads(text: str | bytes) -> Any:
    """Parse JSON text, mapping every decoding failure (and NaN/Infinity) to WireError."""

    def no_constants(name: str) -> float:
        raise WireError(f"constante JSON interdite : {name}")

    try:
        return json.loads(text, parse_constant=no_constants)
    except WireError:
        raise
    except (ValueError, TypeError, RecursionError, UnicodeDecodeError) as exc:
        raise WireError(f"JSON illisible : {type(exc).__name__}") from None

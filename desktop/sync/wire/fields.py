"""Field types of the wire models (bounded, with the spec's patterns) and their common base class.

Every string has a maximum length, every list a maximum size, every identifier its pattern; the same types give
the JSON Schema that FastAPI publishes, so the documentation and the parser cannot drift apart.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from desktop.i18n import _
from desktop.rules.terms import VERDICTS, Channel
from desktop.rules.textlimits import (
    GIVEN_NAME_MAX,
    ID_MAX,
    LABEL_MAX,
    MESSAGE_MAX,
    PARTY_MAX,
    PLACE_MAX,
    RULE_ID_MAX,
    SURNAME_MAX,
)
from desktop.rules.types import EstablishedIn, ListKind, Rounds
from desktop.sync.wire.check import (
    DAY_PATTERN,
    HEX_PATTERN,
    INSTANT_PATTERN,
    MAX_INT,
    NNE_PATTERN,
    REFERENCE_PATTERN,
    TEXT_PATTERN,
    TOKEN_LOWER_PATTERN,
    UUID_PATTERN,
    WireError,
    canonical_json,
    describe,
    iso,
    loads,
)

# Values follow desktop.rules (ListKind, EstablishedIn, Rounds, Channel) so central maps them without tables.
LIST_KINDS = tuple(k.value for k in ListKind)
ESTABLISHED_IN = tuple(k.value for k in EstablishedIn)
ROUNDS = tuple(r.value for r in Rounds)
CHANNELS = tuple(c.value for c in Channel)  # en_ligne: fully online (France Identité, R-CHAN-A-7)
STATUSES = VERDICTS  # what the central store may answer: every status but provisoire

_DAY = re.compile(DAY_PATTERN)
_INSTANT = re.compile(INSTANT_PATTERN)


def refuse(message: str) -> PydanticCustomError:
    """A validation error with a French message that never contains the input."""
    return PydanticCustomError("wire", message)


def _one_of(allowed: tuple[str, ...]) -> Any:
    def check(value: str) -> str:
        if value not in allowed:
            raise refuse(_("valeur non reconnue"))
        return value

    return AfterValidator(check)


def _choice_schema(allowed: tuple[str, ...]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(allowed)})


def _day(value: Any) -> Any:
    if isinstance(value, datetime) or not isinstance(value, date | str):
        raise refuse(_("date AAAA-MM-JJ attendue"))
    if isinstance(value, str) and not _DAY.match(value):
        raise refuse(_("date AAAA-MM-JJ attendue"))
    return value


def _instant(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise refuse(_("horodatage ISO 8601 avec fuseau attendu"))
        return value
    if not isinstance(value, str) or not _INSTANT.match(value):
        raise refuse(_("horodatage ISO 8601 avec fuseau attendu"))
    return value


def _utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise refuse(_("horodatage impossible")) from None


def _text(limit: int) -> Any:
    """A non-blank text of at most `limit` characters, without control characters (limits: rules/textlimits).

    The schema's pattern is the whole check, made in pydantic's core: a lone surrogate never reaches it (refused as
    JSON, or as no Unicode text), and a Python check after it (`_clean_text`, until wave 2) could refuse nothing
    more, over every code point (tests/sync/test_sync_wire.py): it cost a Python call per text of every entry the
    central store applies (issue 21)."""
    return Annotated[str, Strict(), StringConstraints(min_length=1, max_length=limit, pattern=TEXT_PATTERN)]


Text40 = _text(RULE_ID_MAX)
Text64 = _text(ID_MAX)
Text200 = _text(LABEL_MAX)
Text300 = _text(PARTY_MAX)
Text2000 = _text(MESSAGE_MAX)
Surname = _text(SURNAME_MAX)
Place = _text(PLACE_MAX)
Name60 = _text(GIVEN_NAME_MAX)

Uuid = Annotated[str, Strict(), StringConstraints(pattern=UUID_PATTERN)]
Nne = Annotated[str, Strict(), StringConstraints(pattern=NNE_PATTERN)]
Reference = Annotated[str, Strict(), StringConstraints(pattern=REFERENCE_PATTERN)]
Token = Annotated[str, Strict(), StringConstraints(pattern=TOKEN_LOWER_PATTERN)]
Hex = Annotated[str, Strict(), StringConstraints(pattern=HEX_PATTERN)]


def json_int(value: Any) -> Any:
    """A JSON integer: 3 or 3.0 (the same number to JSON Schema), never a string or a boolean."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise refuse(_("entier attendu"))
    if isinstance(value, float):
        if not value.is_integer():
            raise refuse(_("entier attendu"))
        return int(value)
    return value


PositiveInt = Annotated[int, Field(ge=1, le=MAX_INT), BeforeValidator(json_int)]
NaturalInt = Annotated[int, Field(ge=0, le=MAX_INT), BeforeValidator(json_int)]

Day = Annotated[
    date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN})
]
Instant = Annotated[
    datetime,
    BeforeValidator(_instant),
    AfterValidator(_utc),
    PlainSerializer(iso, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": INSTANT_PATTERN}),
]

Status = Annotated[str, Strict(), _one_of(STATUSES), _choice_schema(STATUSES)]
ListKindText = Annotated[str, Strict(), _one_of(LIST_KINDS), _choice_schema(LIST_KINDS)]
EstablishedInText = Annotated[str, Strict(), _one_of(ESTABLISHED_IN), _choice_schema(ESTABLISHED_IN)]
RoundsText = Annotated[str, Strict(), _one_of(ROUNDS), _choice_schema(ROUNDS)]
ChannelText = Annotated[str, Strict(), _one_of(CHANNELS), _choice_schema(CHANNELS)]


class WireModel(BaseModel):
    """Base of every message: frozen, unknown fields refused, inputs never echoed in errors.

    `from_dict`/`from_json` raise `WireError` only (the station maps it to its own errors); `to_dict`/`to_json`
    give the canonical form that batch digests are computed on.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    @classmethod
    def from_dict(cls, raw: Any, where: str = "") -> Self:
        """Validate a decoded JSON value; raises WireError only."""
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            raise WireError(describe(exc.errors(include_input=False), where or cls.__name__)) from None
        except RecursionError:
            raise WireError(_("{value} : imbrication trop profonde").format(value=where or cls.__name__)) from None

    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        """Parse and validate JSON text; raises WireError only."""
        return cls.from_dict(loads(text))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (instants as `iso`)."""
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        """Canonical JSON text."""
        return canonical_json(self.to_dict())

"""Wire format, answer side: verdicts, the change feed, look-ups, online requests, time, enrolment, refusals."""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import Field, SerializerFunctionWrapHandler, StrictBool, model_serializer, model_validator

from desktop.i18n import _
from desktop.sync.wire.fields import (
    EstablishedInText,
    Instant,
    NaturalInt,
    PositiveInt,
    Reference,
    Status,
    Text40,
    Text64,
    Text200,
    Text300,
    Text2000,
    Uuid,
    WireModel,
    refuse,
)
from desktop.sync.wire.push import MAX_ENTRIES, Identity, Validity

MAX_CHANGES = 10_000
MAX_LOOKUP = 1000


def _without(data: dict[str, object], *optional: str) -> dict[str, object]:
    """Leave out optional fields added after v1 while unset: answers stay byte-identical for stations before them."""
    return {k: v for k, v in data.items() if k not in optional or v not in (None, (), [])}


class Verdict(WireModel):
    """The central store's answer for one entry."""

    seq: PositiveInt
    id: Uuid
    status: Status
    rule_id: Text40 | None = None
    message: Text2000 | None = None
    flags: Annotated[tuple[Text40, ...], Field(max_length=10)] = ()


class BatchResult(WireModel):
    """200 answer to a batch push: one verdict per entry, replayed identically on every resend."""

    batch_id: Uuid
    last_seq: NaturalInt
    server_time: Instant
    verdicts: Annotated[tuple[Verdict, ...], Field(max_length=MAX_ENTRIES)]
    # Set on a resend: the time of this replay. `server_time` is then the original answer's, and the station must
    # not take its clock reference from either (issue 14.2).
    replayed_at: Instant | None = None

    @model_serializer(mode="wrap")
    def _compact(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        return _without(handler(self), "replayed_at")


class Change(WireModel):
    """One change-feed row: a later status of a record this station established."""

    cursor: PositiveInt
    entry_id: Uuid
    record_id: Uuid
    status: Status
    rule_id: Text40 | None = None
    message: Text2000 | None = None
    at: Instant
    flags: Annotated[tuple[Text40, ...], Field(max_length=10)] = ()  # "revue": decided by a flagged time

    @model_serializer(mode="wrap")
    def _compact(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        return _without(handler(self), "flags")


class ChangesPage(WireModel):
    """Answer of GET /v1/changes: ordered changes and the cursor to store once they are applied."""

    changes: Annotated[tuple[Change, ...], Field(max_length=MAX_CHANGES)]
    next_cursor: NaturalInt
    more: StrictBool
    server_time: Instant

    @model_validator(mode="after")
    def _increasing(self) -> ChangesPage:
        if any(b.cursor <= a.cursor for a, b in itertools.pairwise(self.changes)):
            raise refuse(_("curseurs non croissants"))
        return self


class OnlineRequest(WireModel):
    """A Maprocuration request waiting for a counter (GET /v1/requests/{reference})."""

    reference: Reference
    requested_at: Instant
    mandant: Identity
    mandataire: Identity
    validity: Validity


class LookupItem(WireModel):
    """One procuration found by a look-up, reduced to what the agent needs (R-DATA-3, need-to-know)."""

    record_id: Uuid
    role: Literal["mandant", "mandataire"]  # the side the searched person is on
    status: Status
    established_at: Instant
    established_in: EstablishedInText
    validity: Validity
    other_party: Text300  # "NOM Prénoms" of the other side, nothing more


class LookupAnswer(WireModel):
    """Answer of GET /v1/procurations."""

    items: Annotated[tuple[LookupItem, ...], Field(max_length=MAX_LOOKUP)]


class ServerTime(WireModel):
    """Answer of GET /v1/time: the server's wall clock, for the counters' clock correction."""

    server_time: Instant


class EnrolRequest(WireModel):
    """Body of POST /v1/stations: the label the station will be known by."""

    label: Text200


class Enrolment(WireModel):
    """201 answer of POST /v1/stations: the station's credentials, shown once."""

    station_id: Text64
    token: Text200
    expires_at: Instant | None = None  # the token's end of life; the station renews it before (TokenRenewal)


class Refusal(WireModel):
    """Body of every 4xx answer: a code, a French message, the server's last seq (seq conflict) and the entry refused.

    `seq` names the entry of the batch a 409 `entree` / `enregistrement` refuses (an id the central store holds for
    another station or with other content): the station sets that entry aside and sends the others.
    """

    error: Text40
    message: Text2000
    last_seq: NaturalInt | None = None
    seq: PositiveInt | None = None

    @model_serializer(mode="wrap")
    def _compact(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        return _without(handler(self), "seq")

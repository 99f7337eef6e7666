"""Wire format, push side: the entries a station sends and the batch that carries them (POST .../batches)."""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    field_validator,
    model_serializer,
    model_validator,
)

from desktop.i18n import _
from desktop.rules.textlimits import GIVEN_NAMES_MAX
from desktop.sync.kinds import KIND_PASSEPORT as KIND_PASSEPORT  # the kinds, defined apart (desktop/sync/kinds.py)
from desktop.sync.kinds import KIND_PROCURATION as KIND_PROCURATION
from desktop.sync.kinds import KIND_RESILIATION as KIND_RESILIATION
from desktop.sync.kinds import KIND_VOTE_INTERNET as KIND_VOTE_INTERNET
from desktop.sync.kinds import KINDS as KINDS
from desktop.sync.wire.check import canonical_json
from desktop.sync.wire.fields import (
    ChannelText,
    Day,
    EstablishedInText,
    Hex,
    Instant,
    ListKindText,
    Name60,
    Nne,
    Place,
    PositiveInt,
    Reference,
    RoundsText,
    Surname,
    Text64,
    Text200,
    Token,
    Uuid,
    WireModel,
    refuse,
)

MAX_ENTRIES = 1000
# The most bytes of wire JSON a station puts in one batch: half the central store's body limit (central/app.py
# MAX_BODY, 8 MiB; tests/sync/test_sync_batch_size.py holds it below), so a batch is never refused for its size.
MAX_BATCH_BYTES = 4 * 1024 * 1024
MAX_OPAQUE = 16_000  # characters of canonical JSON in a renewal body's data
# Nesting it may have: deeper ones passed here and failed at the central store's digest, a 500 that a station would
# resend for ever (central audit, 4 December 2026); a renewal's data is a few levels deep.
MAX_OPAQUE_DEPTH = 32


class Identity(WireModel):
    """A person as the counter identified them (mandant or mandataire)."""

    nom: Surname
    prenoms: Annotated[tuple[Name60, ...], Field(min_length=1, max_length=GIVEN_NAMES_MAX)]
    date_naissance: Day
    nne: Nne | None = None
    inscription: Place | None = None  # INSEE commune code or consulate name
    list_kind: ListKindText | None = None  # as declared at the counter; the register decides


class Authority(WireModel):
    """Who established the procuration (R-AUTH-*)."""

    kind: Token
    id: Text64
    label: Text200 | None = None


class ValidityScrutin(WireModel):
    """Valid for one election (rounds T1, T2 or T1_T2), named by its calendar id."""

    kind: Literal["SCRUTIN"] = "SCRUTIN"
    election_id: Token
    rounds: RoundsText


class ValidityDuree(WireModel):
    """Valid for a fixed period, both ends included."""

    kind: Literal["DUREE"] = "DUREE"
    start: Day
    end: Day

    @model_validator(mode="after")
    def _ordered(self) -> ValidityDuree:
        if self.end < self.start:
            raise refuse(_("fin avant début"))
        return self


Validity = Annotated[ValidityScrutin | ValidityDuree, Field(discriminator="kind")]


class _Visaed(WireModel):
    """A body an agent signs: a délégué OPJ's carries the agent id of the OPJ whose visa it bears (R-AUTH-3)."""

    # Added after v1, optional: a station before it sends none, and a body without it dumps as it did (the batch
    # digest of a batch frozen before the upgrade does not change). The central store checks it against the OPJ
    # it enrolled for the station (central/agent_authority.py).
    visa_opj: Text64 | None = None

    @model_serializer(mode="wrap")
    def _compact(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        data: dict[str, object] = handler(self)
        if data.get("visa_opj") is None:
            data.pop("visa_opj", None)
        return data


class ProcurationEtablie(_Visaed):
    """Body of `procuration.etablie`: the facts of one procuration drawn up at a counter."""

    id: Uuid
    mandant: Identity
    mandataire: Identity
    channel: ChannelText
    place_kind: Token
    established_in: EstablishedInText
    authority: Authority
    validity: Validity
    agent_id: Text64
    reference: Reference | None = None


class ProcurationResiliation(_Visaed):
    """Body of `procuration.resiliation`: revoke every earlier procuration of this mandant (R-REVOKE-2)."""

    id: Uuid
    mandant: Identity
    agent_id: Text64
    reference: Reference | None = None


class OpaqueBody(WireModel):
    """Body of the renewal kinds (`passeport.etape`, `vote_internet.demande`): stored as given for now."""

    id: Uuid
    agent_id: Text64
    data: dict[str, Any] = Field(default_factory=dict)

    @field_validator("data")
    @classmethod
    def _small(cls, data: dict[str, Any]) -> dict[str, Any]:
        try:
            text = canonical_json(data)
            text.encode()  # a lone surrogate ("\ud800" in the JSON) has no UTF-8: refused, not a 500 at the digest
            size = len(text)
        except (ValueError, TypeError, RecursionError):
            raise refuse(_("objet JSON attendu (16 ko au plus)")) from None
        if size > MAX_OPAQUE or _depth(data) > MAX_OPAQUE_DEPTH:
            raise refuse(_("objet JSON attendu (16 ko au plus)"))
        return data


def _depth(value: Any) -> int:
    """How deeply `value` nests lists and objects (0 for a scalar), without recursion."""
    deepest, level = 0, [(value, 0)]
    while level:
        item, depth = level.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list | tuple):
            deepest = max(deepest, depth + 1)
            level.extend((child, depth + 1) for child in item)
    return deepest


def _body_shape(value: Any) -> str | None:
    """Which body a value is, by its fields (the entry's kind is checked against it afterwards)."""
    if isinstance(value, WireModel):
        return type(value).__name__
    if not isinstance(value, dict):
        return None
    if "data" in value:
        return "OpaqueBody"
    return "ProcurationEtablie" if "mandataire" in value else "ProcurationResiliation"


Body = Annotated[
    Annotated[ProcurationEtablie, Tag("ProcurationEtablie")]
    | Annotated[ProcurationResiliation, Tag("ProcurationResiliation")]
    | Annotated[OpaqueBody, Tag("OpaqueBody")],
    Discriminator(_body_shape),
]
_BODY_OF_KIND: dict[str, type[WireModel]] = {
    KIND_PROCURATION: ProcurationEtablie,
    KIND_RESILIATION: ProcurationResiliation,
    KIND_PASSEPORT: OpaqueBody,
    KIND_VOTE_INTERNET: OpaqueBody,
}


class Clock(WireModel):
    """How the station dated an entry: its wall clock and whether the time was corrected from the server."""

    wall: Instant
    basis: Literal["server", "wall"]
    last_sync: Instant | None = None  # server time of the last sync the station knew when it dated the entry
    boot_id: Text64 | None = None


class Entry(WireModel):
    """One outbox entry as sent: seq is gap-free per station, id is the outbox entry's UUIDv7."""

    seq: PositiveInt
    id: Uuid
    kind: Literal["procuration.etablie", "procuration.resiliation", "passeport.etape", "vote_internet.demande"]
    body: Body
    established_at: Instant
    clock: Clock

    @model_validator(mode="after")
    def _body_matches_kind(self) -> Entry:
        if not isinstance(self.body, _BODY_OF_KIND[self.kind]):
            raise refuse(_("corps ne correspondant pas au type d'entrée"))
        return self


class Anchor(WireModel):
    """An audit-chain anchor in a batch: the first wire format's place for it, still accepted and never read.

    Stations send their anchors to POST /v1/security/anchors, where the signature is checked and the anchor kept
    (central/security.py `store_anchor`); a batch's is ignored, so an anchor in it proves nothing either way."""

    seq: PositiveInt
    mac: Hex
    signature: Hex
    key_id: Text64


class Batch(WireModel):
    """A frozen batch: the same batch_id always carries the same entries (request body of the push)."""

    batch_id: Uuid
    entries: Annotated[tuple[Entry, ...], Field(min_length=1, max_length=MAX_ENTRIES)]
    anchor: Anchor | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Batch:
        if any(cur.seq != prev.seq + 1 for prev, cur in itertools.pairwise(self.entries)):
            raise refuse(_("numéros de séquence non consécutifs"))
        if len({e.id for e in self.entries}) != len(self.entries):
            raise refuse(_("identifiant d'entrée en double"))
        return self

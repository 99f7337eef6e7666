"""Wire format of the sync protocol (/v1), shared by the counter and the central store.

One pydantic model per message: the station parses answers with them, the central store declares them as request
bodies and response models (so FastAPI validates and documents them). Anything malformed raises `WireError` and
nothing else, with a French message that never repeats the input. Serialisation is canonical (sorted keys, compact,
instants in UTC with a Z) so a batch digest does not depend on formatting.
"""

from __future__ import annotations

from desktop.sync.wire.answers import (
    BatchResult,
    Change,
    ChangesPage,
    Enrolment,
    EnrolRequest,
    LookupAnswer,
    LookupItem,
    OnlineRequest,
    Refusal,
    ServerTime,
    Verdict,
)
from desktop.sync.wire.check import WireError, canonical_json, describe, iso, loads
from desktop.sync.wire.consult import LookupRequest, RequestFetch, TokenRenewal
from desktop.sync.wire.fields import CHANNELS, ESTABLISHED_IN, LIST_KINDS, ROUNDS, STATUSES, WireModel
from desktop.sync.wire.figures import DayFigures, StationFigures
from desktop.sync.wire.push import (
    KIND_PASSEPORT,
    KIND_PROCURATION,
    KIND_RESILIATION,
    KIND_VOTE_INTERNET,
    KINDS,
    MAX_BATCH_BYTES,
    MAX_ENTRIES,
    Anchor,
    Authority,
    Batch,
    Body,
    Clock,
    Entry,
    Identity,
    OpaqueBody,
    ProcurationEtablie,
    ProcurationResiliation,
    Validity,
    ValidityDuree,
    ValidityScrutin,
)

__all__ = [
    "CHANNELS",
    "ESTABLISHED_IN",
    "KINDS",
    "KIND_PASSEPORT",
    "KIND_PROCURATION",
    "KIND_RESILIATION",
    "KIND_VOTE_INTERNET",
    "LIST_KINDS",
    "MAX_BATCH_BYTES",
    "MAX_ENTRIES",
    "ROUNDS",
    "STATUSES",
    "Anchor",
    "Authority",
    "Batch",
    "BatchResult",
    "Body",
    "Change",
    "ChangesPage",
    "Clock",
    "DayFigures",
    "EnrolRequest",
    "Enrolment",
    "Entry",
    "Identity",
    "LookupAnswer",
    "LookupItem",
    "LookupRequest",
    "OnlineRequest",
    "OpaqueBody",
    "ProcurationEtablie",
    "ProcurationResiliation",
    "Refusal",
    "RequestFetch",
    "ServerTime",
    "StationFigures",
    "TokenRenewal",
    "Validity",
    "ValidityDuree",
    "ValidityScrutin",
    "Verdict",
    "WireError",
    "WireModel",
    "canonical_json",
    "describe",
    "iso",
    "loads",
]

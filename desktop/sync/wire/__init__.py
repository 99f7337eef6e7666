"""Wire format of the sync protocol (/v1), shared by the counter and the central store.

Every payload that crosses the network is parsed with strict validation: anything malformed raises `WireError`
and nothing else. Serialisation is canonical (sorted keys, compact) so a batch digest does not depend on
formatting. The layout is documented in `docs/SYNC.md`.
"""

from __future__ import annotations

from desktop.sync.wire.answers import (
    STATUSES,
    BatchResult,
    Change,
    ChangesPage,
    LookupItem,
    OnlineRequest,
    Verdict,
)
from desktop.sync.wire.check import WireError, canonical_json, iso, loads
from desktop.sync.wire.push import (
    CHANNELS,
    ESTABLISHED_IN,
    KIND_PASSEPORT,
    KIND_PROCURATION,
    KIND_RESILIATION,
    KIND_VOTE_INTERNET,
    KINDS,
    LIST_KINDS,
    MAX_ENTRIES,
    ROUNDS,
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
    parse_validity,
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
    "Entry",
    "Identity",
    "LookupItem",
    "OnlineRequest",
    "OpaqueBody",
    "ProcurationEtablie",
    "ProcurationResiliation",
    "Validity",
    "ValidityDuree",
    "ValidityScrutin",
    "Verdict",
    "WireError",
    "canonical_json",
    "iso",
    "loads",
    "parse_validity",
]

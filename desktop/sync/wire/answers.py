"""Wire format, answer side: verdicts, the change feed, online requests and look-up results."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.rules.terms import VERDICTS
from desktop.sync.wire import check as wc
from desktop.sync.wire.check import WireError, loads
from desktop.sync.wire.push import ESTABLISHED_IN, MAX_ENTRIES, Identity, Validity, parse_validity

STATUSES = VERDICTS


@dataclass(frozen=True, slots=True)
class Verdict:
    """The central store's answer for one entry."""

    seq: int
    id: str
    status: str
    rule_id: str | None = None
    message: str | None = None
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "seq": self.seq,
            "id": self.id,
            "status": self.status,
            "rule_id": self.rule_id,
            "message": self.message,
            "flags": list(self.flags),
        }

    @staticmethod
    def from_dict(raw: Any, where: str) -> Verdict:
        """Validate a dict into a Verdict."""
        d = wc.obj(raw, where, required={"seq", "id", "status"}, optional={"rule_id", "message", "flags"})
        return Verdict(
            seq=wc.positive_int(d["seq"], f"{where}.seq"),
            id=wc.uuid_text(d["id"], f"{where}.id"),
            status=wc.choice(d["status"], f"{where}.status", STATUSES),
            rule_id=wc.opt(d.get("rule_id"), lambda v: wc.text(v, f"{where}.rule_id", max_len=40)),
            message=wc.opt(d.get("message"), lambda v: wc.text(v, f"{where}.message", max_len=2000)),
            flags=tuple(wc.str_list(d.get("flags", []), f"{where}.flags", max_items=10, max_len=40, allow_empty=True)),
        )


@dataclass(frozen=True, slots=True)
class BatchResult:
    """200 answer to a batch push: one verdict per entry, replayed identically on every resend."""

    batch_id: str
    last_seq: int
    server_time: datetime
    verdicts: tuple[Verdict, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "batch_id": self.batch_id,
            "last_seq": self.last_seq,
            "server_time": wc.iso(self.server_time),
            "verdicts": [v.to_dict() for v in self.verdicts],
        }

    @staticmethod
    def from_json(text: str | bytes) -> BatchResult:
        """Parse and validate a batch answer; raises WireError only."""
        d = wc.obj(loads(text), "result", required={"batch_id", "last_seq", "server_time", "verdicts"}, optional=set())
        verdicts = d["verdicts"]
        if not isinstance(verdicts, list) or len(verdicts) > MAX_ENTRIES:
            raise WireError("result.verdicts : liste attendue")
        return BatchResult(
            batch_id=wc.uuid_text(d["batch_id"], "result.batch_id"),
            last_seq=wc.natural_int(d["last_seq"], "result.last_seq"),
            server_time=wc.instant(d["server_time"], "result.server_time"),
            verdicts=tuple(Verdict.from_dict(v, f"verdicts[{i}]") for i, v in enumerate(verdicts)),
        )


@dataclass(frozen=True, slots=True)
class Change:
    """One change-feed row: a later status of a record this station established."""

    cursor: int
    entry_id: str
    record_id: str
    status: str
    rule_id: str | None
    message: str | None
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "cursor": self.cursor,
            "entry_id": self.entry_id,
            "record_id": self.record_id,
            "status": self.status,
            "rule_id": self.rule_id,
            "message": self.message,
            "at": wc.iso(self.at),
        }

    @staticmethod
    def from_dict(raw: Any, where: str) -> Change:
        """Validate a dict into a Change."""
        d = wc.obj(
            raw, where, required={"cursor", "entry_id", "record_id", "status", "at"}, optional={"rule_id", "message"}
        )
        return Change(
            cursor=wc.positive_int(d["cursor"], f"{where}.cursor"),
            entry_id=wc.uuid_text(d["entry_id"], f"{where}.entry_id"),
            record_id=wc.uuid_text(d["record_id"], f"{where}.record_id"),
            status=wc.choice(d["status"], f"{where}.status", STATUSES),
            rule_id=wc.opt(d.get("rule_id"), lambda v: wc.text(v, f"{where}.rule_id", max_len=40)),
            message=wc.opt(d.get("message"), lambda v: wc.text(v, f"{where}.message", max_len=2000)),
            at=wc.instant(d["at"], f"{where}.at"),
        )


@dataclass(frozen=True, slots=True)
class ChangesPage:
    """Answer of GET /v1/changes: ordered changes and the cursor to store once they are applied."""

    changes: tuple[Change, ...]
    next_cursor: int
    more: bool
    server_time: datetime

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "changes": [c.to_dict() for c in self.changes],
            "next_cursor": self.next_cursor,
            "more": self.more,
            "server_time": wc.iso(self.server_time),
        }

    @staticmethod
    def from_json(text: str | bytes) -> ChangesPage:
        """Parse and validate a change page; raises WireError only."""
        d = wc.obj(loads(text), "changes", required={"changes", "next_cursor", "more", "server_time"}, optional=set())
        raw = d["changes"]
        if not isinstance(raw, list) or len(raw) > 10_000:
            raise WireError("changes.changes : liste attendue")
        changes = tuple(Change.from_dict(c, f"changes[{i}]") for i, c in enumerate(raw))
        if any(b.cursor <= a.cursor for a, b in itertools.pairwise(changes)):
            raise WireError("changes.changes : curseurs non croissants")
        if not isinstance(d["more"], bool):
            raise WireError("changes.more : booléen attendu")
        return ChangesPage(
            changes=changes,
            next_cursor=wc.natural_int(d["next_cursor"], "changes.next_cursor"),
            more=d["more"],
            server_time=wc.instant(d["server_time"], "changes.server_time"),
        )


@dataclass(frozen=True, slots=True)
class OnlineRequest:
    """A Maprocuration request waiting for a counter (GET /v1/requests/{reference})."""

    reference: str
    requested_at: datetime
    mandant: Identity
    mandataire: Identity
    validity: Validity

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "reference": self.reference,
            "requested_at": wc.iso(self.requested_at),
            "mandant": self.mandant.to_dict(),
            "mandataire": self.mandataire.to_dict(),
            "validity": self.validity.to_dict(),
        }

    @staticmethod
    def from_dict(raw: Any, where: str = "request") -> OnlineRequest:
        """Validate a dict into an OnlineRequest."""
        d = wc.obj(
            raw, where, required={"reference", "requested_at", "mandant", "mandataire", "validity"}, optional=set()
        )
        return OnlineRequest(
            reference=wc.reference(d["reference"], f"{where}.reference"),
            requested_at=wc.instant(d["requested_at"], f"{where}.requested_at"),
            mandant=Identity.from_dict(d["mandant"], f"{where}.mandant"),
            mandataire=Identity.from_dict(d["mandataire"], f"{where}.mandataire"),
            validity=parse_validity(d["validity"], f"{where}.validity"),
        )

    @staticmethod
    def from_json(text: str | bytes) -> OnlineRequest:
        """Parse and validate a request answer; raises WireError only."""
        return OnlineRequest.from_dict(loads(text))


@dataclass(frozen=True, slots=True)
class LookupItem:
    """One procuration found by a look-up, reduced to what the agent needs (R-DATA-3, need-to-know)."""

    record_id: str
    role: str  # "mandant" or "mandataire": the side the searched person is on
    status: str
    established_at: datetime
    established_in: str
    validity: Validity
    other_party: str  # "NOM Prénoms" of the other side, nothing more

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "record_id": self.record_id,
            "role": self.role,
            "status": self.status,
            "established_at": wc.iso(self.established_at),
            "established_in": self.established_in,
            "validity": self.validity.to_dict(),
            "other_party": self.other_party,
        }

    @staticmethod
    def from_dict(raw: Any, where: str) -> LookupItem:
        """Validate a dict into a LookupItem."""
        d = wc.obj(
            raw,
            where,
            required={"record_id", "role", "status", "established_at", "established_in", "validity", "other_party"},
            optional=set(),
        )
        return LookupItem(
            record_id=wc.uuid_text(d["record_id"], f"{where}.record_id"),
            role=wc.choice(d["role"], f"{where}.role", ("mandant", "mandataire")),
            status=wc.choice(d["status"], f"{where}.status", STATUSES),
            established_at=wc.instant(d["established_at"], f"{where}.established_at"),
            established_in=wc.choice(d["established_in"], f"{where}.established_in", ESTABLISHED_IN),
            validity=parse_validity(d["validity"], f"{where}.validity"),
            other_party=wc.text(d["other_party"], f"{where}.other_party", max_len=300),
        )

    @staticmethod
    def list_from_json(text: str | bytes) -> tuple[LookupItem, ...]:
        """Parse a look-up answer `{"items": [...]}`; raises WireError only."""
        d = wc.obj(loads(text), "lookup", required={"items"}, optional=set())
        items = d["items"]
        if not isinstance(items, list) or len(items) > 1000:
            raise WireError("lookup.items : liste attendue")
        return tuple(LookupItem.from_dict(x, f"items[{i}]") for i, x in enumerate(items))

"""Wire format, push side: the entries a station sends and the batch that carries them.

Every payload that crosses the network is parsed here with strict validation; anything malformed raises
`WireError` and nothing else. Serialisation is canonical (sorted keys, no spaces) so that a batch digest
does not depend on formatting. The field layout is documented in `docs/SYNC.md`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from desktop.rules.facts import Channel
from desktop.rules.types import EstablishedIn, ListKind, Rounds
from desktop.sync.wire import check as wc
from desktop.sync.wire.check import WireError, canonical_json, loads

KIND_PROCURATION = "procuration.etablie"
KIND_RESILIATION = "procuration.resiliation"
KIND_PASSEPORT = "passeport.etape"
KIND_VOTE_INTERNET = "vote_internet.demande"
KINDS = (KIND_PROCURATION, KIND_RESILIATION, KIND_PASSEPORT, KIND_VOTE_INTERNET)

# Values follow desktop.rules.types (ListKind, EstablishedIn, Rounds) so central maps them without tables.
LIST_KINDS = tuple(k.value for k in ListKind)
ESTABLISHED_IN = tuple(k.value for k in EstablishedIn)
ROUNDS = tuple(r.value for r in Rounds)
CHANNELS = tuple(c.value for c in Channel)  # en_ligne: fully online (France Identité, R-CHAN-A-7)
CLOCK_BASES = ("server", "wall")
MAX_ENTRIES = 1000


@dataclass(frozen=True, slots=True)
class Identity:
    """A person as the counter identified them (mandant or mandataire)."""

    nom: str
    prenoms: tuple[str, ...]
    date_naissance: date
    nne: str | None = None
    inscription: str | None = None  # INSEE commune code or consulate name
    list_kind: str | None = None  # as declared at the counter; the register decides

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "nom": self.nom,
            "prenoms": list(self.prenoms),
            "date_naissance": self.date_naissance.isoformat(),
            "nne": self.nne,
            "inscription": self.inscription,
            "list_kind": self.list_kind,
        }

    @staticmethod
    def from_dict(raw: Any, where: str) -> Identity:
        """Validate a dict into an Identity."""
        d = wc.obj(
            raw, where, required={"nom", "prenoms", "date_naissance"}, optional={"nne", "inscription", "list_kind"}
        )
        prenoms = wc.str_list(d["prenoms"], f"{where}.prenoms", max_items=10, max_len=60)
        nne = wc.opt(d.get("nne"), lambda v: wc.nne(v, f"{where}.nne"))
        return Identity(
            nom=wc.text(d["nom"], f"{where}.nom", max_len=100),
            prenoms=tuple(prenoms),
            date_naissance=wc.day(d["date_naissance"], f"{where}.date_naissance"),
            nne=nne,
            inscription=wc.opt(d.get("inscription"), lambda v: wc.text(v, f"{where}.inscription", max_len=100)),
            list_kind=wc.opt(d.get("list_kind"), lambda v: wc.choice(v, f"{where}.list_kind", LIST_KINDS)),
        )


@dataclass(frozen=True, slots=True)
class Authority:
    """Who established the procuration (R-AUTH-*)."""

    kind: str
    id: str
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {"kind": self.kind, "id": self.id, "label": self.label}

    @staticmethod
    def from_dict(raw: Any, where: str) -> Authority:
        """Validate a dict into an Authority."""
        d = wc.obj(raw, where, required={"kind", "id"}, optional={"label"})
        return Authority(
            kind=wc.token(d["kind"], f"{where}.kind", lower=True),
            id=wc.text(d["id"], f"{where}.id", max_len=64),
            label=wc.opt(d.get("label"), lambda v: wc.text(v, f"{where}.label", max_len=200)),
        )


@dataclass(frozen=True, slots=True)
class ValidityScrutin:
    """Valid for one election (rounds T1, T2 or BOTH), named by its calendar id."""

    election_id: str
    rounds: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {"kind": "SCRUTIN", "election_id": self.election_id, "rounds": self.rounds}


@dataclass(frozen=True, slots=True)
class ValidityDuree:
    """Valid for a fixed period, both ends included."""

    start: date
    end: date

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {"kind": "DUREE", "start": self.start.isoformat(), "end": self.end.isoformat()}


Validity = ValidityScrutin | ValidityDuree


def parse_validity(raw: Any, where: str) -> Validity:
    """Validate either validity shape."""
    kind = wc.choice(
        wc.obj(raw, where, required={"kind"}, optional=None)["kind"], f"{where}.kind", ("SCRUTIN", "DUREE")
    )
    if kind == "SCRUTIN":
        d = wc.obj(raw, where, required={"kind", "election_id", "rounds"}, optional=set())
        rounds = wc.choice(d["rounds"], f"{where}.rounds", ROUNDS)
        return ValidityScrutin(
            election_id=wc.token(d["election_id"], f"{where}.election_id", lower=True), rounds=rounds
        )
    d = wc.obj(raw, where, required={"kind", "start", "end"}, optional=set())
    start, end = wc.day(d["start"], f"{where}.start"), wc.day(d["end"], f"{where}.end")
    if end < start:
        raise WireError(f"{where} : fin avant début")
    return ValidityDuree(start=start, end=end)


@dataclass(frozen=True, slots=True)
class ProcurationEtablie:
    """Body of `procuration.etablie`: the facts of one procuration drawn up at a counter."""

    id: str
    mandant: Identity
    mandataire: Identity
    channel: str
    place_kind: str
    established_in: str
    authority: Authority
    validity: Validity
    agent_id: str
    reference: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "id": self.id,
            "mandant": self.mandant.to_dict(),
            "mandataire": self.mandataire.to_dict(),
            "channel": self.channel,
            "place_kind": self.place_kind,
            "established_in": self.established_in,
            "authority": self.authority.to_dict(),
            "validity": self.validity.to_dict(),
            "agent_id": self.agent_id,
            "reference": self.reference,
        }

    @staticmethod
    def from_dict(raw: Any, where: str) -> ProcurationEtablie:
        """Validate a dict into a ProcurationEtablie."""
        d = wc.obj(
            raw,
            where,
            required={
                "id",
                "mandant",
                "mandataire",
                "channel",
                "place_kind",
                "established_in",
                "authority",
                "validity",
                "agent_id",
            },
            optional={"reference"},
        )
        return ProcurationEtablie(
            id=wc.uuid_text(d["id"], f"{where}.id"),
            mandant=Identity.from_dict(d["mandant"], f"{where}.mandant"),
            mandataire=Identity.from_dict(d["mandataire"], f"{where}.mandataire"),
            channel=wc.choice(d["channel"], f"{where}.channel", CHANNELS),
            place_kind=wc.token(d["place_kind"], f"{where}.place_kind", lower=True),
            established_in=wc.choice(d["established_in"], f"{where}.established_in", ESTABLISHED_IN),
            authority=Authority.from_dict(d["authority"], f"{where}.authority"),
            validity=parse_validity(d["validity"], f"{where}.validity"),
            agent_id=wc.text(d["agent_id"], f"{where}.agent_id", max_len=64),
            reference=wc.opt(d.get("reference"), lambda v: wc.reference(v, f"{where}.reference")),
        )


@dataclass(frozen=True, slots=True)
class ProcurationResiliation:
    """Body of `procuration.resiliation`: revoke every earlier procuration of this mandant (R-REVOKE-2)."""

    id: str
    mandant: Identity
    agent_id: str
    reference: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "id": self.id,
            "mandant": self.mandant.to_dict(),
            "agent_id": self.agent_id,
            "reference": self.reference,
        }

    @staticmethod
    def from_dict(raw: Any, where: str) -> ProcurationResiliation:
        """Validate a dict into a ProcurationResiliation."""
        d = wc.obj(raw, where, required={"id", "mandant", "agent_id"}, optional={"reference"})
        return ProcurationResiliation(
            id=wc.uuid_text(d["id"], f"{where}.id"),
            mandant=Identity.from_dict(d["mandant"], f"{where}.mandant"),
            agent_id=wc.text(d["agent_id"], f"{where}.agent_id", max_len=64),
            reference=wc.opt(d.get("reference"), lambda v: wc.reference(v, f"{where}.reference")),
        )


@dataclass(frozen=True, slots=True)
class OpaqueBody:
    """Body of the renewal kinds (`passeport.etape`, `vote_internet.demande`): stored as given for now."""

    id: str
    agent_id: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {"id": self.id, "agent_id": self.agent_id, "data": self.data}

    @staticmethod
    def from_dict(raw: Any, where: str) -> OpaqueBody:
        """Validate a dict into an OpaqueBody (data must be a JSON object)."""
        d = wc.obj(raw, where, required={"id", "agent_id", "data"}, optional=set())
        data = d["data"]
        if not isinstance(data, dict) or len(canonical_json(data)) > 16_000:
            raise WireError(f"{where}.data : objet JSON attendu (16 ko au plus)")
        return OpaqueBody(
            id=wc.uuid_text(d["id"], f"{where}.id"),
            agent_id=wc.text(d["agent_id"], f"{where}.agent_id", max_len=64),
            data=data,
        )


Body = ProcurationEtablie | ProcurationResiliation | OpaqueBody
_BODY_PARSERS: dict[str, Callable[[Any, str], Body]] = {
    KIND_PROCURATION: ProcurationEtablie.from_dict,
    KIND_RESILIATION: ProcurationResiliation.from_dict,
    KIND_PASSEPORT: OpaqueBody.from_dict,
    KIND_VOTE_INTERNET: OpaqueBody.from_dict,
}


@dataclass(frozen=True, slots=True)
class Clock:
    """How the station dated an entry: its wall clock and whether the time was corrected from the server."""

    wall: datetime
    basis: Literal["server", "wall"]
    last_sync: datetime | None = None  # server time of the last sync the station knew when it dated the entry
    boot_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "wall": wc.iso(self.wall),
            "basis": self.basis,
            "boot_id": self.boot_id,
            "last_sync": wc.iso(self.last_sync) if self.last_sync else None,
        }

    @staticmethod
    def from_dict(raw: Any, where: str) -> Clock:
        """Validate a dict into a Clock."""
        d = wc.obj(raw, where, required={"wall", "basis"}, optional={"boot_id", "last_sync"})
        basis: Literal["server", "wall"] = (
            "server" if wc.choice(d["basis"], f"{where}.basis", CLOCK_BASES) == "server" else "wall"
        )
        return Clock(
            wall=wc.instant(d["wall"], f"{where}.wall"),
            basis=basis,
            last_sync=wc.opt(d.get("last_sync"), lambda v: wc.instant(v, f"{where}.last_sync")),
            boot_id=wc.opt(d.get("boot_id"), lambda v: wc.text(v, f"{where}.boot_id", max_len=64)),
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """One outbox entry as sent: seq is gap-free per station, id is the outbox entry's UUIDv7."""

    seq: int
    id: str
    kind: str
    body: Body
    established_at: datetime
    clock: Clock

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "seq": self.seq,
            "id": self.id,
            "kind": self.kind,
            "body": self.body.to_dict(),
            "established_at": wc.iso(self.established_at),
            "clock": self.clock.to_dict(),
        }

    @staticmethod
    def from_dict(raw: Any, where: str) -> Entry:
        """Validate a dict into an Entry, dispatching the body on its kind."""
        d = wc.obj(raw, where, required={"seq", "id", "kind", "body", "established_at", "clock"}, optional=set())
        kind = wc.choice(d["kind"], f"{where}.kind", KINDS)
        return Entry(
            seq=wc.positive_int(d["seq"], f"{where}.seq"),
            id=wc.uuid_text(d["id"], f"{where}.id"),
            kind=kind,
            body=_BODY_PARSERS[kind](d["body"], f"{where}.body"),
            established_at=wc.instant(d["established_at"], f"{where}.established_at"),
            clock=Clock.from_dict(d["clock"], f"{where}.clock"),
        )


@dataclass(frozen=True, slots=True)
class Anchor:
    """Audit-chain anchor signed by the station (spec/security.md); carried, not yet verified."""

    seq: int
    mac: str
    signature: str
    key_id: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {"seq": self.seq, "mac": self.mac, "signature": self.signature, "key_id": self.key_id}

    @staticmethod
    def from_dict(raw: Any, where: str) -> Anchor:
        """Validate a dict into an Anchor."""
        d = wc.obj(raw, where, required={"seq", "mac", "signature", "key_id"}, optional=set())
        return Anchor(
            seq=wc.positive_int(d["seq"], f"{where}.seq"),
            mac=wc.hexa(d["mac"], f"{where}.mac"),
            signature=wc.hexa(d["signature"], f"{where}.signature"),
            key_id=wc.text(d["key_id"], f"{where}.key_id", max_len=64),
        )


@dataclass(frozen=True, slots=True)
class Batch:
    """A frozen batch: the same batch_id always carries the same entries."""

    batch_id: str
    entries: tuple[Entry, ...]
    anchor: Anchor | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "batch_id": self.batch_id,
            "entries": [e.to_dict() for e in self.entries],
            "anchor": self.anchor.to_dict() if self.anchor else None,
        }

    def to_json(self) -> str:
        """Canonical JSON text."""
        return canonical_json(self.to_dict())

    @staticmethod
    def from_json(text: str | bytes) -> Batch:
        """Parse and validate a batch; raises WireError only."""
        d = wc.obj(loads(text), "batch", required={"batch_id", "entries"}, optional={"anchor"})
        raw_entries = d["entries"]
        if not isinstance(raw_entries, list) or not 1 <= len(raw_entries) <= MAX_ENTRIES:
            raise WireError(f"batch.entries : liste de 1 à {MAX_ENTRIES} entrées attendue")
        entries = tuple(Entry.from_dict(e, f"entries[{i}]") for i, e in enumerate(raw_entries))
        for prev, cur in itertools.pairwise(entries):
            if cur.seq != prev.seq + 1:
                raise WireError("batch.entries : numéros de séquence non consécutifs")
        if len({e.id for e in entries}) != len(entries):
            raise WireError("batch.entries : identifiant d'entrée en double")
        return Batch(
            batch_id=wc.uuid_text(d["batch_id"], "batch.batch_id"),
            entries=entries,
            anchor=wc.opt(d.get("anchor"), lambda v: Anchor.from_dict(v, "batch.anchor")),
        )

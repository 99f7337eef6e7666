"""The consultation journal's records: one sealed line per consultation, read back up to the first torn or bad one.

A record is ``b"GJ"``, the sealed part's length (2 bytes, big-endian), then a 12-byte nonce and the AES-256-GCM
ciphertext of the event (JSON) with its tag. The header is the GCM's associated data, so the tag is the record's
checksum: a torn tail, a flipped bit or bytes of another file fail it. The reader stops at the first record that does
not open, or whose number does not follow the one before: what it returns is always a prefix of what was written.
The key derives from the audit chain's key (itself from the store's key): the journal is as encrypted as the store.

An event's time is written as whole microseconds since 1970-01-01 UTC (an ISO 8601 string until wave 2, session 9:
``isoformat`` was half of the line's JSON; lines a previous version left are still read).
"""

from __future__ import annotations

import json
import os
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from json.encoder import encode_basestring_ascii

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.security.hkdf import hkdf_sha256

MAGIC = b"GJ"
HEADER = struct.Struct(">2sH")
NONCE = 12
TAG = 16
MAX_SEALED = 4096  # an event is ids and short codes: a few hundred bytes
_INFO = b"guichet consultation journal v1"
_string = encode_basestring_ascii  # a JSON string literal, escaped as json.dumps escapes it (ensure_ascii)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def _nullable(value: str | None) -> str:
    return "null" if value is None else _string(value)


def event_json(
    number: int,
    at: datetime,
    station_code: str,
    agent_id: str | None,
    action: str,
    record_kind: str | None,
    record_id: str | None,
    detail: str | None,
) -> bytes:
    """An event as a compact JSON array: what ``json.dumps(..., separators=(",", ":"))`` writes, built by hand.

    On the look-up's path: ``json.dumps`` builds an encoder per call, a third of the line's cost there."""
    moment = at if at.tzinfo is not None else at.astimezone(UTC)  # naive: local time, as astimezone reads it
    text = (
        f"[{int(number)},{(moment - EPOCH) // MICROSECOND},{_string(station_code)},{_nullable(agent_id)},"
        f"{_string(action)},{_nullable(record_kind)},{_nullable(record_id)},{_nullable(detail)}]"
    )
    return text.encode()


def journal_key(audit_key: bytes) -> bytes:
    """The journal's AES-256 key: derived from the chain's key, so only whoever can open the store reads it."""
    return hkdf_sha256(audit_key, info=_INFO)


@dataclass(frozen=True, slots=True)
class Entry:
    """One consultation's audit event, numbered in the journal (`number` is what replay counts exactly once)."""

    number: int
    at: datetime
    station_code: str
    agent_id: str | None
    action: str
    record_kind: str | None
    record_id: str | None
    detail: str | None

    def to_json(self) -> bytes:
        """The event as `event_json` writes it."""
        return event_json(self.number, self.at, self.station_code, self.agent_id, self.action, self.record_kind,
                          self.record_id, self.detail)  # fmt: skip

    @classmethod
    def from_json(cls, data: bytes) -> Entry:
        """Raises ValueError on anything but what `to_json` writes."""
        try:
            items = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise ValueError("not an entry") from None
        if not isinstance(items, list) or len(items) != 8:
            raise ValueError("not an entry")
        number, at, station, agent, action, kind, record, detail = items
        if type(number) is not int or number < 1:
            raise ValueError("not an entry")
        if not isinstance(station, str) or not isinstance(action, str):
            raise ValueError("not an entry")
        if not all(v is None or isinstance(v, str) for v in (agent, kind, record, detail)):
            raise ValueError("not an entry")
        return cls(number, _moment(at), station, agent, action, kind, record, detail)


def _moment(at: object) -> datetime:
    """An entry's time: microseconds since the epoch, or the ISO 8601 string of earlier versions' lines."""
    if type(at) is int:
        try:
            return EPOCH + at * MICROSECOND
        except OverflowError:
            raise ValueError("not an entry") from None
    if not isinstance(at, str):
        raise ValueError("not an entry")
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        raise ValueError("not an entry")
    return moment


class Sealer:
    """Seals and opens records under one key."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, entry: Entry) -> bytes:
        return self.seal_json(entry.to_json())

    def seal_json(self, plain: bytes) -> bytes:
        """A record of an event's JSON (`event_json`): the look-up's path, without building an `Entry`."""
        nonce = os.urandom(NONCE)
        header = HEADER.pack(MAGIC, NONCE + len(plain) + TAG)
        if NONCE + len(plain) + TAG > MAX_SEALED:
            raise ValueError("consultation event too long for the journal")
        return header + nonce + self._aead.encrypt(nonce, plain, header)

    def read(self, data: bytes) -> tuple[list[Entry], int]:
        """The entries of the longest valid prefix of `data`, and where that prefix ends; never raises on bad bytes."""
        out: list[Entry] = []
        pos = 0
        while len(data) - pos >= HEADER.size:
            header = data[pos : pos + HEADER.size]
            magic, size = HEADER.unpack(header)
            if magic != MAGIC or not NONCE + TAG < size <= MAX_SEALED or pos + HEADER.size + size > len(data):
                break
            body = data[pos + HEADER.size : pos + HEADER.size + size]
            try:
                entry = Entry.from_json(self._aead.decrypt(body[:NONCE], body[NONCE:], header))
            except (InvalidTag, ValueError):
                break
            if out and entry.number != out[-1].number + 1:
                break
            out.append(entry)
            pos += HEADER.size + size
        return out, pos
